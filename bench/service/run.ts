// `npm run bench:service`: the API's service figures on PGlite and PostgreSQL, each as a ratio to
// a baseline measured in the same run: import of ~1,000 agreements / ~100,000 commitments through
// importAgreement, search latency (API over HTTP vs searchCommitments called directly), read
// throughput (autocannon vs listCommitments in 50 loops), conditional reads (304 vs a bare
// Fastify route) and the serving process's RSS. Writes the table into BENCHMARKS.md between
// <!-- bench:service --> markers.
//
// The PostgreSQL leg runs on DATABASE_URL when it is set (it must point at an empty database:
// `scripts/with-postgres.sh npm run bench:service`), otherwise on a throwaway cluster started
// through scripts/with-postgres.sh when PostgreSQL is installed and this runs as root; otherwise
// it is skipped. Options: --agreements N (1000), --per N (commitments per agreement, 100),
// --runs N (3), --seconds S (10), --queries N (200), --search-rounds N (3), --engines pglite,postgres, --no-write.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServiceCorpus } from './corpus.ts';
import type { LegResult } from './leg.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : (args[i + 1] ?? fallback);
};
const agreements = Number(option('--agreements', '1000'));
const perAgreement = Number(option('--per', '100'));
const legOptions = ['--runs', '--seconds', '--queries', '--search-rounds'].flatMap((o) =>
  args.includes(o) ? [o, option(o, '')] : [],
);
const engines = option('--engines', 'pglite,postgres').split(',');
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const tsx = here('../../node_modules/tsx/dist/cli.mjs');
const withPostgres = here('../../scripts/with-postgres.sh');
const started = Date.now();

const work = mkdtempSync(join(tmpdir(), 'accord-bench-service-'));
try {
  process.stderr.write(`building ${agreements} agreements of ~${perAgreement} commitments...\n`);
  const corpus = buildServiceCorpus(agreements, perAgreement);
  const corpusFile = join(work, 'corpus.json');
  writeFileSync(corpusFile, JSON.stringify(corpus));
  const corpusMb = corpus.reduce((n, a) => n + Buffer.byteLength(a.text), 0) / 1024 / 1024;

  const results: LegResult[] = [];
  const notes: string[] = [];
  const runLeg = (engine: 'pglite' | 'postgres', wrap: boolean) => {
    const out = join(work, `${engine}.json`);
    const leg = [process.execPath, tsx, here('./leg.ts'), engine, corpusFile, out, ...legOptions];
    const [command, ...rest] = wrap ? [withPostgres, ...leg] : leg;
    const r = spawnSync(command!, rest, {
      stdio: ['ignore', 'inherit', 'inherit'],
      timeout: 40 * 60_000,
    });
    if (r.status !== 0 || !existsSync(out))
      throw new Error(`the ${engine} leg failed (status ${r.status})`);
    results.push(JSON.parse(readFileSync(out, 'utf8')) as LegResult);
  };
  if (engines.includes('pglite')) runLeg('pglite', false);
  if (engines.includes('postgres')) {
    const installed =
      existsSync('/usr/lib/postgresql') &&
      readdirSync('/usr/lib/postgresql').some((v) =>
        existsSync(`/usr/lib/postgresql/${v}/bin/initdb`),
      );
    if (process.env.DATABASE_URL) runLeg('postgres', false);
    else if (installed && process.getuid?.() === 0) runLeg('postgres', true);
    else notes.push('PostgreSQL leg skipped: no DATABASE_URL, and no PostgreSQL to start as root.');
  }

  const minutes = (Date.now() - started) / 60_000;
  const f0 = (x: number) => x.toFixed(0);
  const f1 = (x: number) => x.toFixed(1);
  const f2 = (x: number) => x.toFixed(2);
  const verdict = (ok: boolean) => (ok ? 'pass' : '**miss**');
  const rows: string[] = [];
  for (const r of results) {
    const name = r.engine === 'pglite' ? 'PGlite' : 'PostgreSQL';
    const { search, reads, fill } = r;
    rows.push(
      `| ${name} | import: ${fill.agreements} agreements, ${fill.commitments} commitments (importAgreement, one after another) | ${f1(fill.seconds)} s: ${f1(fill.agreements / fill.seconds)} agreements/s, ${f0(fill.commitments / fill.seconds)} commitments/s | — | — | whole bench < 25 min | ${verdict(minutes < 25)} |`,
      `| ${name} | search p50, API over HTTP vs searchCommitments | ${f1(search.api.p50)} ms | ${f1(search.direct.p50)} ms | ${f2(search.ratioP50)} | — | — |`,
      `| ${name} | search p95, API over HTTP vs searchCommitments | ${f1(search.api.p95)} ms | ${f1(search.direct.p95)} ms | ${f2(search.ratioP95)} | ≤ 2.0 | ${verdict(search.ratioP95 <= 2)} |`,
      `| ${name} | GET /api/commitments?limit=50 vs listCommitments (req/s) | ${f0(reads.firstPage.api.reqPerSec)} (p99 ${reads.firstPage.api.p99Ms} ms) | ${f0(reads.firstPage.direct)} | ${f2(reads.firstPage.ratio)} | ≥ 0.7 | ${verdict(reads.firstPage.ratio >= 0.7)} |`,
      `| ${name} | same, a cursor page half-way (req/s) | ${f0(reads.cursorPage.api.reqPerSec)} (p99 ${reads.cursorPage.api.p99Ms} ms) | ${f0(reads.cursorPage.direct)} | ${f2(reads.cursorPage.ratio)} | ≥ 0.7 | ${verdict(reads.cursorPage.ratio >= 0.7)} |`,
      `| ${name} | GET /api/commitments/:id with If-None-Match (304) vs bare Fastify route (req/s) | ${f0(reads.conditional.api.reqPerSec)} (p99 ${reads.conditional.api.p99Ms} ms) | ${f0(reads.conditional.bare.reqPerSec)} | ${f2(reads.conditional.ratio)} | ≥ 0.4 | ${verdict(reads.conditional.ratio >= 0.4)} |`,
      `| ${name} | benchmark serving process RSS after all the reads above (peak) | ${f0(r.memory.rssMb)} MB (${f0(r.memory.peakRssMb)} MB) | — | — | — | — |`,
      `| ${name} | \`accord serve\` RSS once loaded (started on the filled database; a page, a search, an agreement served) | ${f0(r.served.loadedMb)} MB | — | — | ${r.engine === 'pglite' ? '< 400 MB' : '—'} | ${r.engine === 'pglite' ? verdict(r.served.loadedMb < 400) : '—'} |`,
      `| ${name} | \`accord serve\` RSS after ${reads.seconds} s of GET /api/commitments at 50 connections, ${f0(r.served.readsPerSec)} req/s (peak) | ${f0(r.served.afterReadsMb)} MB (${f0(r.served.peakMb)} MB) | — | — | ${r.engine === 'pglite' ? '< 400 MB' : '—'} | ${r.engine === 'pglite' ? verdict(r.served.afterReadsMb < 400) : '—'} |`,
    );
    notes.push(
      `${name}: one direct first-page query took ${f1(r.firstPageMs.beforeAnalyze)} ms on the freshly filled database (no planner statistics: a sequential scan and sort of every commitment), ${f1(r.firstPageMs.afterAnalyze)} ms after ANALYZE (${f0(r.firstPageMs.analyze)} ms); the figures above are measured after ANALYZE.`,
    );
    const errors =
      reads.firstPage.api.errors + reads.cursorPage.api.errors + reads.conditional.api.errors;
    if (errors > 0) notes.push(`${name}: ${errors} requests failed or got an unexpected status.`);
  }
  const first = results[0];
  const versions = results.map((r) =>
    r.engine === 'pglite'
      ? `PGlite @electric-sql/pglite@${packageVersion('@electric-sql/pglite')} (${r.engineVersion})`
      : `PostgreSQL server ${r.engineVersion} with pg@${packageVersion('pg')}`,
  );
  const lines = [
    `${new Date().toISOString().slice(0, 10)}; ${cpus().length} cores, Node ${process.version}, fastify@${packageVersion('fastify')}, autocannon@${packageVersion('autocannon')}; ${versions.join('; ')}. Whole bench: ${f1(minutes)} min.`,
    '',
    `Data: ${first?.stored.agreements ?? agreements} agreements, ${first?.stored.commitments ?? '?'} commitments (${f1(corpusMb)} MB of text: the bundled agreements varied, each trimmed or repeated to ~${perAgreement} commitments), imported through \`importAgreement\` one after another (no faster fill path), each engine freshly filled, then \`ANALYZE\` (PGlite has no autovacuum: see the notes). ` +
      `The API is \`buildApp\` without a logger, listening on 127.0.0.1 in a child process that also runs the direct baselines (the same repository calls on the same database handle; PostgreSQL pool of 10). ` +
      `Search: ${first?.search.queries ?? '?'} varied queries (words, pairs, phrases, "or", Japanese) sent one at a time over HTTP (keep-alive), interleaved with the direct call; p50/p95 per round, median of ${first?.search.rounds ?? '?'} round(s). ` +
      `Reads: autocannon, 50 connections, ${first?.reads.seconds ?? '?'} s, from the benchmark process (it shares the 2 cores with the server); the direct baseline is 50 concurrent loops for the same time; alternating, median of ${first?.reads.runs ?? '?'} runs.`,
    '',
    '| engine | measure | figure | baseline (same run) | ratio | target | result |',
    '|---|---|---:|---:|---:|---|---|',
    ...rows,
    ...(notes.length > 0 ? ['', ...notes] : []),
  ];
  const table = lines.join('\n');
  process.stdout.write(`${table}\n`);

  if (!args.includes('--no-write')) {
    const file = here('../../BENCHMARKS.md');
    const begin = '<!-- bench:service -->';
    const end = '<!-- /bench:service -->';
    const section = `${begin}\n## Service: import, search, reads, memory (\`npm run bench:service\`)\n\n${table}\n${end}`;
    let doc = existsSync(file)
      ? readFileSync(file, 'utf8')
      : '# Benchmarks\n\nFigures are ratios against a baseline measured in the same run: this machine is shared and noisy.\n';
    doc = doc.includes(begin)
      ? doc.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), () => section)
      : `${doc.trimEnd()}\n\n${section}\n`;
    writeFileSync(file, doc);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

function packageVersion(name: string): string {
  const file = here(`../../node_modules/${name}/package.json`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}
