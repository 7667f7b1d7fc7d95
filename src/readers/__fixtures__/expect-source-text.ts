import { expect } from 'vitest';
import type { SourceText } from '../../core/text/source-text.ts';
import { normaliseText } from '../../core/text/source-text.ts';

/**
 * Asserts the contract every reader keeps: normalised text, hints sorted, apart, and each one
 * exactly one whole line; with `everyLine`, each line of the text carries a hint.
 */
export function expectWellFormed(source: SourceText, { everyLine = true } = {}): void {
  expect(normaliseText(source.text)).toBe(source.text);
  const lineStarts = new Set([0]);
  for (let i = source.text.indexOf('\n'); i >= 0; i = source.text.indexOf('\n', i + 1)) {
    lineStarts.add(i + 1);
  }
  let previousEnd = -1;
  for (const hint of source.hints) {
    expect(hint.start).toBeGreaterThan(previousEnd);
    expect(lineStarts.has(hint.start)).toBe(true);
    expect(hint.end === source.text.length || source.text[hint.end] === '\n').toBe(true);
    const words = source.text.slice(hint.start, hint.end);
    expect(words).not.toContain('\n');
    expect(words).toBe(words.trim());
    expect(words).not.toMatch(/\s{2}/);
    previousEnd = hint.end;
  }
  if (everyLine) expect(source.hints).toHaveLength(source.text.split('\n').length);
}

/** The text of each hint with its kind (and level), for readable assertions. */
export function hinted(source: SourceText): string[] {
  return source.hints.map(
    (hint) => `${hint.kind}${hint.level ?? ''}: ${source.text.slice(hint.start, hint.end)}`,
  );
}
