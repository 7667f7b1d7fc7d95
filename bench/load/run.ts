// `npm run load`: `accord serve` under a realistic mix (80% reads and searches, 20% writes of
// evidence and assessments; API tokens; 50 connections; 60 s) on PGlite and on PostgreSQL, then
// every acknowledged write looked for after a restart and `accord verify`. Writes the table into
// BENCHMARKS.md between <!-- bench:load --> markers.
//
// The PostgreSQL leg runs on DATABASE_URL when set (an empty database), otherwise on a throwaway
// cluster through scripts/with-postgres.sh when PostgreSQL is installed and this runs as root;
// otherwise it is skipped and the table says so. Environment: LOAD_SECONDS (60) for a quick run,
// LOAD_CONNECTIONS (50), LOAD_ENGINES (pglite,postgres), LOAD_NO_WRITE=1 to leave BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadResult } from './leg.ts';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const tsx = here('../../node_modules/tsx/dist/cli.mjs');
const withPostgres = here('../../scripts/with-postgres.sh');
const engines = (process.env.LOAD_ENGINES ?? 'pglite,postgres').split(',');
const work = mkdtempSync(join(tmpdir(), 'accord-load-run-'));
const started = Date.now();

const results: LoadResult[] = [];
const notes: string[] = [];
try {
  const runLeg = (engine: 'pglite' | 'postgres', wrap: boolean) => {
    const out = join(work, `${engine}.json`);
    const leg = [process.execPath, tsx, here('./leg.ts'), engine, out];
    const [command, ...rest] = wrap ? [withPostgres, ...leg] : leg;
    process.stderr.write(`load: ${engine}...\n`);
    const r = spawnSync(command!, rest, {
      stdio: ['ignore', 'inherit', 'inherit'],
      timeout: 20 * 60_000,
    });
    if (r.status !== 0 || !existsSync(out)) {
      notes.push(`The ${engine} leg failed (exit ${r.status}): see the output of the run.`);
      return;
    }
    results.push(JSON.parse(readFileSync(out, 'utf8')) as LoadResult);
  };
  if (engines.includes('pglite')) runLeg('pglite', false);
  if (engines.includes('postgres')) {
    const installed = readdirSafe('/usr/lib/postgresql').length > 0;
    if (process.env.DATABASE_URL) runLeg('postgres', false);
    else if (installed && process.getuid?.() === 0) runLeg('postgres', true);
    else
      notes.push(
        'PostgreSQL leg skipped: no DATABASE_URL, and no local PostgreSQL to start as root.',
      );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const f0 = (n: number) => Math.round(n).toLocaleString('en-GB');
const f1 = (n: number) => n.toFixed(1);
const rows = results.map((r) => {
  const rss = r.rss.map(([, mb]) => mb);
  const at = (fraction: number) =>
    rss[Math.min(rss.length - 1, Math.floor(fraction * (rss.length - 1)))] ?? 0;
  const rssLine = [0, 0.25, 0.5, 0.75, 1].map((f) => f0(at(f))).join(' → ');
  const writes = r.byKind['write evidence']!.ok + r.byKind['write assessment']!.ok;
  const pass =
    r.status5xx === 0 && r.lost.length === 0 && r.verify.ok && r.errors === 0 && r.timeouts === 0;
  return `| ${r.engine === 'pglite' ? 'PGlite' : 'PostgreSQL'} | ${f0(r.requests)} | ${f0(r.requestsPerSecond)} | ${r.latency.p50} | ${r.latency.p99} | ${f0(r.status2xx)} | ${f0(r.status4xx)} | **${r.status5xx}** | ${r.errors + r.timeouts} | ${f0(writes)} / ${f0(r.writesFound)} / **${r.lost.length}** | ${r.verify.ok ? 'intact' : 'BROKEN'} | ${rssLine} (max ${f0(Math.max(...rss))}) | ${pass ? 'pass' : 'FAIL'} |`;
});
const mix = results[0]
  ? Object.entries(results[0].byKind)
      .map(
        ([k, v]) =>
          `${k} ${f1(
            (100 * v.sent) /
              Math.max(
                1,
                Object.values(results[0]!.byKind).reduce((n, x) => n + x.sent, 0),
              ),
          )}%`,
      )
      .join(', ')
  : '';
const details = results.flatMap((r) => [
  ...(r.samples5xx.length > 0 ? [`${r.engine} 5xx samples: ${r.samples5xx.join(' | ')}`] : []),
  ...(r.lost.length > 0 ? [`${r.engine} lost writes: ${r.lost.join(', ')}`] : []),
  ...(r.verify.ok ? [] : [`${r.engine} verify: ${r.verify.output}`]),
  ...(Object.values(r.byKind).some((k) => k.status4xx > 0)
    ? [
        `${r.engine} 4xx by kind: ${Object.entries(r.byKind)
          .filter(([, k]) => k.status4xx > 0)
          .map(([name, k]) => `${name} ${k.status4xx}`)
          .join(', ')}`,
      ]
    : []),
]);
const lines = [
  `${new Date().toISOString().slice(0, 10)}; ${cpus().length} cores (shared with the load generator and other work: noisy), Node ${process.version}, autocannon@${packageVersion('autocannon')}; ${results.map((r) => `${r.engine}: ${r.engineVersion}`).join('; ')}. Whole run: ${f1((Date.now() - started) / 60_000)} min.`,
  '',
  `\`accord serve\` as a child process (temp data folder, or a throwaway PostgreSQL 15 cluster on 127.0.0.1), the bundled Hiroshima Accord and 40 cycles; autocannon, ${results[0]?.connections ?? '?'} connections, ${results[0]?.seconds ?? '?'} s, API tokens (reads: half anonymous, half a viewer's token; writes: an analyst's token). Mix: ${mix}. Afterwards: SIGTERM, \`accord verify\` through the CLI, a restart, and every acknowledged (2xx) write looked up by id with the text it was written with.`,
  '',
  '| engine | requests | req/s | p50 ms | p99 ms | 2xx | 4xx | 5xx | errors + timeouts | writes acknowledged / found / lost | history (`accord verify`) | RSS MB at 0, ¼, ½, ¾, end | result |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|',
  ...rows,
  '',
  'Targets: zero 5xx, zero connection errors, zero lost writes, the history intact.',
  ...(details.length > 0 || notes.length > 0
    ? ['', ...notes, ...details.map((d) => `- ${d}`)]
    : []),
];
const table = lines.join('\n');
process.stdout.write(`${table}\n`);

if (process.env.LOAD_NO_WRITE !== '1' && results.length > 0) {
  const file = here('../../BENCHMARKS.md');
  const begin = '<!-- bench:load -->';
  const end = '<!-- /bench:load -->';
  const section = `${begin}\n## Load: a realistic mix, nothing lost (\`npm run load\`)\n\n${table}\n${end}`;
  let doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  doc = doc.includes(begin)
    ? doc.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), () => section)
    : `${doc.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, doc);
}
const failed =
  results.length === 0 || results.some((r) => r.status5xx > 0 || r.lost.length > 0 || !r.verify.ok);
process.exitCode = failed ? 1 : 0;

function readdirSafe(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

function packageVersion(name: string): string {
  const file = here(`../../node_modules/${name}/package.json`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}
