// `npm run bench`: measures extraction throughput against a bare wink-nlp sentence pass over the
// same corpus in the same run, each in a fresh process, alternating, median of three; writes the
// table into BENCHMARKS.md. Options: --mb N (corpus size, default 5), --runs N (default 3).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

interface Measure {
  mode: string;
  bytes: number;
  docs: number;
  count: number;
  seconds: number;
  mbPerSecond: number;
  peakRssMb: number;
}

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const megabytes = option('--mb', 5);
const runs = option('--runs', 3);
const measureScript = fileURLToPath(new URL('./measure.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));

function measure(mode: string): Measure {
  const r = spawnSync(process.execPath, [tsx, measureScript, mode, String(megabytes)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`bench ${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Measure;
}

const modes = ['wink', 'extract', 'extract-single'];
const results = new Map<string, Measure[]>(modes.map((m) => [m, []]));
for (let i = 0; i < runs; i++) {
  for (const mode of modes) {
    const m = measure(mode);
    results.get(mode)!.push(m);
    process.stderr.write(
      `run ${i + 1}/${runs} ${mode}: ${m.mbPerSecond.toFixed(2)} MB/s, peak ${m.peakRssMb.toFixed(0)} MB\n`,
    );
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const summary = (mode: string) => {
  const list = results.get(mode)!;
  return {
    mbPerSecond: median(list.map((m) => m.mbPerSecond)),
    peakRssMb: Math.max(...list.map((m) => m.peakRssMb)),
    first: list[0]!,
  };
};
const wink = summary('wink');
const rows = [
  ['bare wink-nlp sentence pass (baseline)', wink],
  ['accord extraction, one register per agreement', summary('extract')],
  ['accord extraction, the corpus as one agreement', summary('extract-single')],
] as const;

const corpus = wink.first;
const lines = [
  `Corpus: ${(corpus.bytes / 1024 / 1024).toFixed(2)} MB in ${corpus.docs} agreements (the bundled texts repeated and varied). ` +
    `Median of ${runs} runs, each in a fresh process, alternating; ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
  '',
  '| measure | MB/s | ratio to baseline | peak RSS (MB) |',
  '|---|---:|---:|---:|',
  ...rows.map(
    ([name, s]) =>
      `| ${name} | ${s.mbPerSecond.toFixed(2)} | ${(s.mbPerSecond / wink.mbPerSecond).toFixed(2)} | ${s.peakRssMb.toFixed(0)} |`,
  ),
  '',
  'Targets: extraction at least 0.33 of the baseline; peak memory under 500 MB for 5 MB.',
];
const table = lines.join('\n');
process.stdout.write(`${table}\n`);

const file = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
const begin = '<!-- bench:extraction -->';
const end = '<!-- /bench:extraction -->';
const section = `${begin}\n## Extraction throughput (\`npm run bench\`)\n\n${table}\n${end}`;
let doc = existsSync(file)
  ? readFileSync(file, 'utf8')
  : '# Benchmarks\n\nFigures are ratios against a baseline measured in the same run: this machine is shared and noisy.\n';
doc = doc.includes(begin)
  ? doc.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), section)
  : `${doc.trimEnd()}\n\n${section}\n`;
writeFileSync(file, doc);
