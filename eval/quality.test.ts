import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractRegister } from '../src/core/extract-register.ts';
import { normaliseText } from '../src/core/text/source-text.ts';
import { loadGoldFolder } from './gold.ts';
import { scoreDocument, totalScore } from './score.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const scores = loadGoldFolder(fileURLToPath(new URL('./gold/', import.meta.url))).map(
  ({ gold }) => {
    const text = normaliseText(readFileSync(`${root}/${gold.file}`, 'utf8'));
    const { commitments } = extractRegister(text, { signed: gold.signed, language: gold.language });
    return scoreDocument({
      name: gold.file,
      language: gold.language,
      text,
      gold: gold.commitments,
      predicted: commitments,
    });
  },
);

describe('extraction quality against the gold annotations (the targets of the extraction issue)', () => {
  const accord = scores.find((s) => s.name.includes('hiroshima-accord'))!;

  it('finds the Accord’s commitment sentences with F1 of at least 0.95', () => {
    expect(accord.f1).toBeGreaterThanOrEqual(0.95);
  });

  it('resolves every deadline of the Accord exactly', () => {
    expect(accord.deadlines.mismatches).toEqual([]);
    expect(accord.deadlines.exact).toBe(accord.deadlines.total);
  });

  it('keeps F1 of at least 0.9 over all annotated agreements, most never tuned on', () => {
    expect(totalScore(scores).f1).toBeGreaterThanOrEqual(0.9);
  });
});
