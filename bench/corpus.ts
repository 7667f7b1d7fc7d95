import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../fixtures/agreements/', import.meta.url));

/** The bundled agreements' texts (English and Japanese, openings and full texts). */
export function fixtureTexts(): string[] {
  const files = [
    'hiroshima-accord-2023.en.txt',
    ...['openings', 'full'].flatMap((d) => readdirSync(join(root, d)).map((f) => join(d, f))),
  ];
  return files.map((f) => readFileSync(join(root, f), 'utf8'));
}

const swaps: [RegExp, string[]][] = [
  [/\bJapan\b/g, ['Japan', 'Canada', 'Korea', 'Brazil', 'Kenya']],
  [/\bUnited Kingdom\b|\bUK\b/g, ['United Kingdom', 'Germany', 'India', 'Mexico', 'Chile']],
  [/\b20(2\d|30|50)\b/g, ['2026', '2031', '2040', '2035', '2029']],
  [/\bwe will\b/gi, ['we will', 'we shall', 'we intend to', 'we will', 'we commit to']],
];

/**
 * Agreements made by repeating and varying the bundled texts (other parties, years and markers,
 * paragraphs rotated) until they hold at least `bytes` of UTF-8.
 */
export function buildCorpus(bytes: number): string[] {
  const base = fixtureTexts();
  const docs: string[] = [];
  let size = 0;
  for (let round = 0; size < bytes; round++) {
    for (const text of base) {
      let varied = text;
      for (const [pattern, options] of swaps)
        varied = varied.replace(pattern, () => options[round % options.length]!);
      const paragraphs = varied.split('\n');
      const shift = paragraphs.length > 4 ? round % Math.floor(paragraphs.length / 2) : 0;
      // Keep the opening (title, preamble) and rotate the rest, so every document differs.
      const head = paragraphs.slice(0, 2);
      const rest = paragraphs.slice(2);
      varied = [...head, ...rest.slice(shift), ...rest.slice(0, shift)].join('\n');
      docs.push(varied);
      size += Buffer.byteLength(varied);
      if (size >= bytes) break;
    }
  }
  return docs;
}
