// `npm run bench:matching`: evidence-matching throughput (items per second against an agreement of
// 1,000 commitments) as a ratio to a bare tokenisation pass over the same items, measured in the
// same run; and the latency from a feed change to a stored suggestion (PGlite in memory, a local
// feed server), direct and through the job queue. Writes BENCHMARKS.md between
// <!-- bench:matching --> markers.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { extractRegister } from '../../src/core/extract-register.ts';
import {
  buildMatchIndex,
  matchSourceOfRegister,
  type MatchCommitment,
} from '../../src/core/matching/match-index.ts';
import { matchText } from '../../src/core/matching/match-text.ts';
import { termsOf } from '../../src/core/matching/terms.ts';
import { normaliseText } from '../../src/core/text/source-text.ts';
import { parseLabelledItem } from '../../eval/evidence/labelled-items.ts';
import { measureLatency } from './latency.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const fixtures = here('../../fixtures/agreements/');
const target = 1_000;

// The nine bundled agreements as one text; their registers repeated until 1,000 commitments.
const files = [
  'hiroshima-accord-2023.en.txt',
  ...readdirSync(`${fixtures}full`)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => `full/${f}`),
];
const texts = files.map((f) => normaliseText(readFileSync(fixtures + f, 'utf8')));
const registers = texts.map((t) => matchSourceOfRegister(extractRegister(t)));
const base: MatchCommitment[] = [];
let offset = 0;
registers.forEach((r, i) => {
  for (const c of r.commitments)
    base.push({
      ...c,
      id: `${i}:${c.id}`,
      span: { start: c.span.start + offset, end: c.span.end + offset },
    });
  offset += texts[i]!.length + 2;
});
const commitments: MatchCommitment[] = [];
for (let round = 0; commitments.length < target; round++)
  for (const c of base)
    if (commitments.length < target) commitments.push({ ...c, id: `${c.id}#${round}` });
const text = texts.join('\n\n');

const indexStart = performance.now();
const index = buildMatchIndex({ text, signed: '2023-05-18', commitments });
const indexMs = performance.now() - indexStart;

// Items: the project's own labelled items (official-source style), 2-3 paragraphs each.
const itemsDir = here('../../eval/evidence/items/');
const items = readdirSync(itemsDir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => parseLabelledItem(f, readFileSync(itemsDir + f, 'utf8')).body);
const itemChars = items.reduce((s, t) => s + t.length, 0) / items.length;

function rate(work: (t: string) => unknown, seconds = 3): number {
  for (const t of items) work(t); // warm up
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    for (const t of items) work(t);
    n += items.length;
  }
  return n / ((performance.now() - start) / 1000);
}

const runs = 3;
const baseline: number[] = [];
const matching: number[] = [];
for (let r = 0; r < runs; r++) {
  baseline.push(rate((t) => termsOf(t)));
  matching.push(rate((t) => matchText(index, t, { published: '2024-01-01' })));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const b = median(baseline);
const m = median(matching);

const latency = await measureLatency();

const f0 = (x: number) => Math.round(x).toLocaleString('en-GB');
const f2 = (x: number) => x.toFixed(2);
const lines = [
  `Agreement: ${f0(commitments.length)} commitments (the nine bundled agreements, ${base.length} commitments, repeated); index built in ${f0(indexMs)} ms. Items: ${items.length} labelled items of ${f0(itemChars)} characters on average. Median of ${runs} runs of 3 s; ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
  '',
  '| measure | items/s | ratio to baseline |',
  '|---|---:|---:|',
  `| bare tokenisation of the item (baseline) | ${f0(b)} | 1.00 |`,
  `| matching an item against 1,000 commitments (score, rank, reasons) | ${f0(m)} | ${f2(m / b)} |`,
  '',
  `Latency from a feed change to a stored suggestion (PGlite in memory, the Hiroshima Accord, a feed on 127.0.0.1; ${latency.runs} changes each):`,
  '',
  '| path | median ms | max ms |',
  '|---|---:|---:|',
  `| poll (conditional GET, parse, store, match) once the source is due | ${f0(latency.direct.median)} | ${f0(latency.direct.max)} |`,
  `| through the job queue (pg-boss on PGlite), worker ticking every ${latency.tickSeconds} s | ${f0(latency.queued.median)} | ${f0(latency.queued.max)} |`,
  '',
  'A source is due every `intervalMinutes` (default 60): add that to the figures above. Target: matching at least 100 items/s against 1,000 commitments.',
];
const table = lines.join('\n');
process.stdout.write(`${table}\n`);

const file = here('../../BENCHMARKS.md');
const begin = '<!-- bench:matching -->';
const end = '<!-- /bench:matching -->';
const section = `${begin}\n## Evidence matching (\`npm run bench:matching\`)\n\n${table}\n${end}`;
let doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
doc = doc.includes(begin)
  ? doc.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), () => section)
  : `${doc.trimEnd()}\n\n${section}\n`;
writeFileSync(file, doc);
process.exit(0);
