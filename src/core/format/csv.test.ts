import { describe, expect, it } from 'vitest';
import { csvLine, parseCsv, unneutralise, type CsvRecord } from './csv.ts';

async function all(chunks: string[]): Promise<string[][]> {
  const out: CsvRecord[] = [];
  for await (const r of parseCsv(chunks)) out.push(r);
  return out.map((r) => r.fields);
}

describe('csvLine', () => {
  it('quotes fields with commas, quotes and line breaks', () => {
    expect(csvLine(['a', 'b,c', 'say "x"', 'l1\nl2'])).toBe('a,"b,c","say ""x""","l1\nl2"');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(csvLine(['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', '\tx', '\rx'])).toBe(
      `"'=HYPERLINK(""http://x"")",'+1,'-2,'@SUM(A1),'\tx,"'\rx"`,
    );
  });

  it('writes numbers as they are and null as empty', () => {
    expect(csvLine([-3, null, undefined, 0])).toBe('-3,,,0');
  });
});

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, CRLF and a BOM', async () => {
    expect(await all(['\uFEFFa,"b,c","say ""x"""\r\n1,"l1\nl2",\r\n'])).toEqual([
      ['a', 'b,c', 'say "x"'],
      ['1', 'l1\nl2', ''],
    ]);
  });

  it('reads the same records whatever the chunk boundaries', async () => {
    const text = 'id,"q""uote"\r\n"a\r\nb",c\n\n"x",""\n';
    const whole = await all([text]);
    for (let cut = 1; cut < text.length; cut++)
      expect(await all([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
    expect(whole).toEqual([
      ['id', 'q"uote'],
      ['a\r\nb', 'c'],
      ['x', ''],
    ]);
  });

  it('refuses an unterminated quote and a stray quote', async () => {
    await expect(all(['a,"b\n'])).rejects.toThrow(/not closed/);
    await expect(all(['a,b"c\n'])).rejects.toThrow(/quote inside/);
  });

  it('gives back exactly what csvLine wrote, formula cells included', async () => {
    const values = ['=1+1', "'=x", "''+y", 'plain', "'quoted", '-', '@', 'a,b\n"c"'];
    const [read] = await all([csvLine(values) + '\n']);
    expect(read!.map(unneutralise)).toEqual(values);
  });
});
