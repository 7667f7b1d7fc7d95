// One measurement in a fresh process, so that its peak memory is its own: `tsx bench/measure.ts
// extract|wink|extract-single MEGABYTES`. Prints one JSON line.
import { buildCorpus } from './corpus.ts';

const [mode = 'extract', megabytes = '5'] = process.argv.slice(2);
const docs = buildCorpus(Number(megabytes) * 1024 * 1024);
const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d), 0);

let run: () => number;
if (mode === 'wink') {
  const { default: winkNLP } = await import('wink-nlp');
  const { default: model } = await import('wink-eng-lite-web-model');
  const nlp = winkNLP(model);
  run = () => docs.reduce((n, d) => n + nlp.readDoc(d).sentences().out().length, 0);
} else {
  const { extractRegister } = await import('../src/core/extract-register.ts');
  const inputs = mode === 'extract-single' ? [docs.join('\n')] : docs;
  run = () => inputs.reduce((n, d) => n + extractRegister(d).commitments.length, 0);
}
run(); // warm up: compile regular expressions and JIT
const started = process.hrtime.bigint();
const count = run();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(
  JSON.stringify({
    mode,
    bytes,
    docs: docs.length,
    count,
    seconds,
    mbPerSecond: bytes / 1024 / 1024 / seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
