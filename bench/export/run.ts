// `npm run bench:export`: export and re-import of 10,000, 50,000 and 100,000 register rows, each
// size in a fresh process (bench/export/leg.ts), with a baseline measured in the same process;
// writes its table into BENCHMARKS.md between <!-- bench:export --> markers.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

interface Step {
  seconds: number;
  rssMb: number;
  jsGrowthMb: number;
}
interface Leg {
  rows: number;
  fillSeconds: number;
  csvBytes: number;
  xlsxBytes: number;
  csvExport: Step;
  xlsxExport: Step;
  csvCheck: Step & { result: { changes: number; errors: number } };
  xlsxCheck: Step & { result: { changes: number; errors: number } };
  apply: Step & { result: number };
  baseline: Step;
}

const sizes = (process.argv[2] ?? '10000,50000,100000').split(',').map(Number);
const edits = 1000;
const leg = fileURLToPath(new URL('./leg.ts', import.meta.url));
const started = Date.now();
const legs: Leg[] = sizes.map((rows) => {
  process.stderr.write(`export bench: ${rows} rows…\n`);
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', leg, String(rows), String(Math.min(edits, rows / 10))],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!) as Leg;
});

const s = (x: number) => `${x.toFixed(2)} s`;
const rate = (rows: number, x: number) => `${Math.round(rows / x).toLocaleString('en')} rows/s`;
const row = (l: Leg, name: string, step: Step, extra = '') =>
  `| ${l.rows.toLocaleString('en')} | ${name} | ${s(step.seconds)} | ${rate(l.rows, step.seconds)} | ${step.jsGrowthMb} | ${step.rssMb} | ${extra} |`;
const lines = [
  `${new Date().toISOString().slice(0, 10)}; ${cpus().length} cores, Node ${process.version}, exceljs@4.4.0, embedded PGlite; whole bench ${((Date.now() - started) / 60000).toFixed(1)} min.`,
  '',
  'Each size runs in a fresh process on a fresh embedded database holding one agreement of that many commitments (two parties, one cycle). **Peak live heap** is the peak growth of the live JavaScript heap above the start of the step, sampled after a forced GC every 250 ms (so it counts what the step holds, not garbage awaiting collection; the forced GCs are in every step’s time, the baseline’s too). **Peak RSS** is the process total, which includes the database’s WebAssembly memory (it never shrinks, and creating the database folder alone takes ~800 MB). The **baseline** reads the same rows in one query and writes them with one bare `JSON.stringify` and one joined CSV string: its memory grows with the rows, the streamed exports’ should not.',
  '',
  '| rows | step | time | rate | peak live heap (MB) | peak RSS (MB) | notes |',
  '|---:|---|---:|---:|---:|---:|---|',
  ...legs.flatMap((l) => [
    row(
      l,
      'CSV export (streamed, pages of 1,000)',
      l.csvExport,
      `${(l.csvBytes / 1e6).toFixed(1)} MB`,
    ),
    row(
      l,
      'XLSX export (exceljs streaming writer)',
      l.xlsxExport,
      `${(l.xlsxBytes / 1e6).toFixed(1)} MB`,
    ),
    row(
      l,
      'CSV re-import check (every row validated, diffed)',
      l.csvCheck,
      `${l.csvCheck.result.changes} changes, ${l.csvCheck.result.errors} errors`,
    ),
    row(
      l,
      'XLSX re-import check (zip checked, streaming reader)',
      l.xlsxCheck,
      `${l.xlsxCheck.result.changes} changes, ${l.xlsxCheck.result.errors} errors`,
    ),
    `| ${l.rows.toLocaleString('en')} | apply ${l.apply.result} edited rows (draftAssessment each, with its event) | ${s(l.apply.seconds)} | ${((l.apply.seconds * 1000) / Math.max(l.apply.result, 1)).toFixed(1)} ms/change | ${l.apply.jsGrowthMb} | ${l.apply.rssMb} | plan + apply |`,
    row(l, '**baseline**: all rows at once, bare JSON.stringify + CSV join', l.baseline),
  ]),
  '',
  `Ratios at ${legs.at(-1)!.rows.toLocaleString('en')} rows: CSV export time ${(legs.at(-1)!.csvExport.seconds / legs.at(-1)!.baseline.seconds).toFixed(2)}× the baseline, with ${(legs.at(-1)!.csvExport.jsGrowthMb / legs.at(-1)!.baseline.jsGrowthMb).toFixed(2)}× its memory. Memory from ${legs[0]!.rows.toLocaleString('en')} to ${legs.at(-1)!.rows.toLocaleString('en')} rows (${(legs.at(-1)!.rows / legs[0]!.rows).toFixed(0)}× the rows): CSV export ${legs[0]!.csvExport.jsGrowthMb} → ${legs.at(-1)!.csvExport.jsGrowthMb} MB, CSV check ${legs[0]!.csvCheck.jsGrowthMb} → ${legs.at(-1)!.csvCheck.jsGrowthMb} MB, XLSX export ${legs[0]!.xlsxExport.jsGrowthMb} → ${legs.at(-1)!.xlsxExport.jsGrowthMb} MB, XLSX check ${legs[0]!.xlsxCheck.jsGrowthMb} → ${legs.at(-1)!.xlsxCheck.jsGrowthMb} MB; baseline ${legs[0]!.baseline.jsGrowthMb} → ${legs.at(-1)!.baseline.jsGrowthMb} MB.`,
];
const table = lines.join('\n');
process.stdout.write(`${table}\n`);

const file = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));
const begin = '<!-- bench:export -->';
const end = '<!-- /bench:export -->';
const section = `${begin}\n## Exports: CSV and XLSX export and re-import of 100,000 rows (\`npm run bench:export\`)\n\n${table}\n${end}`;
let doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
doc = doc.includes(begin)
  ? doc.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), section)
  : `${doc.trimEnd()}\n\n${section}\n`;
writeFileSync(file, doc);
