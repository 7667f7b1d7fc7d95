import { describe, expect, it } from 'vitest';
import { csvLine } from './csv.ts';

describe('csvLine', () => {
  it('quotes fields with commas, quotes and line breaks', () => {
    expect(csvLine(['a', 'b,c', 'say "x"', 'l1\nl2'])).toBe('a,"b,c","say ""x""","l1\nl2"');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(csvLine(['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)'])).toBe(
      `"'=HYPERLINK(""http://x"")",'+1,'-2,'@SUM(A1)`,
    );
  });

  it('writes numbers as they are and null as empty', () => {
    expect(csvLine([-3, null, undefined, 0])).toBe('-3,,,0');
  });
});
