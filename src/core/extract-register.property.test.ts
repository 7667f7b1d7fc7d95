import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { normaliseText } from './text/source-text.ts';
import { extractRegister } from './extract-register.ts';

// Pieces of the genre, so that random texts also hold lists, headings and commitments.
const pieces = [
  'We will ',
  'we will:',
  'Each Party shall ',
  'The Participants intend to ',
  'commit to ',
  'reaffirm our commitment to ',
  'launch a Dialogue',
  'by the end of the year',
  'by 2050 at the latest',
  'within two years',
  ' (METI)',
  'Ministry of Economy',
  '-\n',
  '•',
  '1.\n',
  '2. ',
  '(a) ',
  '\n',
  '\n\n',
  '. ',
  '; ',
  ', and we ',
  ':',
  '。',
  '我々は,',
  '協力する。',
  '年内に',
  'U.S.',
  'Mr. ',
  '“',
  '”',
  '\u0000',
  '\uFEFF',
  '\r\n',
  '\u2028',
  '😀',
  'é',
  'Ⅳ',
  '𝒜',
];
const genreText = fc
  .array(fc.oneof(fc.constantFrom(...pieces), fc.string({ unit: 'grapheme', maxLength: 12 })), {
    maxLength: 60,
  })
  .map((parts) => parts.join(''));
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), genreText);
const signed = fc.option(fc.constantFrom('2023-05-18', '2020-02-29', '1999-12-31', 'not-a-date'), {
  nil: undefined,
});

describe('extractRegister on arbitrary text', () => {
  test.prop([anyText, signed], { numRuns: 400 })(
    'never throws; every span lies inside the text and equals its commitment text',
    (raw, date) => {
      for (const text of [raw, normaliseText(raw)]) {
        const register = extractRegister(text, date === undefined ? {} : { signed: date });
        for (const c of register.commitments) {
          expect(c.span.start).toBeGreaterThanOrEqual(0);
          expect(c.span.end).toBeLessThanOrEqual(text.length);
          expect(c.span.start).toBeLessThan(c.span.end);
          expect(text.slice(c.span.start, c.span.end)).toBe(c.text);
          for (const m of [
            ...c.actors,
            ...c.instruments,
            ...c.targets,
            ...(c.deadline ? [c.deadline] : []),
          ]) {
            expect(m.span.start).toBeGreaterThanOrEqual(0);
            expect(m.span.end).toBeLessThanOrEqual(text.length);
          }
        }
      }
    },
  );

  test.prop([genreText], { numRuns: 200 })(
    'is deterministic: the same text gives the same register',
    (text) => {
      expect(extractRegister(text).commitments).toEqual(extractRegister(text).commitments);
    },
  );
});
