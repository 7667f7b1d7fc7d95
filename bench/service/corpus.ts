// The service benchmark's agreements: the varied bundled texts of bench/corpus.ts, each trimmed
// or repeated so that it yields about `perAgreement` extracted commitments.
import { extractRegister } from '../../src/core/extract-register.ts';
import { buildCorpus, fixtureTexts } from '../corpus.ts';

export interface BenchAgreement {
  fileName: string;
  text: string;
}

/**
 * `count` agreements of about `perAgreement` commitments each. The body of a short text is
 * repeated (rotated by a paragraph each time) until it holds enough commitments, then every text
 * is cut at the end of the paragraph that holds its `perAgreement`-th commitment.
 */
export function buildServiceCorpus(count: number, perAgreement: number): BenchAgreement[] {
  const baseBytes = fixtureTexts().reduce((n, t) => n + Buffer.byteLength(t), 0);
  const perRound = fixtureTexts().length;
  // The variations change the texts' lengths: ask for more bytes until there are enough texts.
  let bytes = baseBytes * Math.ceil(count / perRound);
  let all = buildCorpus(bytes);
  while (all.length < count) {
    bytes = Math.ceil(bytes * 1.05);
    all = buildCorpus(bytes);
  }
  const varied = all.slice(0, count);
  return varied.map((text, i) => {
    const lines = text.split('\n');
    const head = lines.slice(0, 2);
    const body = lines.slice(2);
    const build = (copies: number) => {
      const parts = [...head];
      for (let c = 0; c < copies; c++) {
        const shift = body.length > 1 ? c % body.length : 0;
        parts.push(...body.slice(shift), ...body.slice(0, shift));
      }
      return parts.join('\n');
    };
    let copies = 1;
    let full = text;
    let commitments = extractRegister(full).commitments;
    // Repetition does not add commitments one for one (the opening's are not repeated): grow
    // until there are enough, at most a few times.
    for (let tries = 0; commitments.length < perAgreement && tries < 5; tries++) {
      copies = Math.ceil((copies * perAgreement * 1.1) / Math.max(1, commitments.length));
      full = build(copies);
      commitments = extractRegister(full).commitments;
    }
    const last = commitments[Math.min(perAgreement, commitments.length) - 1];
    if (last && commitments.length > perAgreement) {
      const cut = full.indexOf('\n', last.span.end);
      if (cut !== -1) full = full.slice(0, cut);
    }
    return { fileName: `bench-agreement-${String(i + 1).padStart(4, '0')}.txt`, text: full };
  });
}
