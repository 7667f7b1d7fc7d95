import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.ts';

const texts = (t: string) => splitSentences(t).map((s) => t.slice(s.start, s.end));

describe('splitSentences', () => {
  it('splits at a period followed by a capital', () => {
    expect(texts('We will act. We shall report.')).toEqual(['We will act.', 'We shall report.']);
  });

  it('keeps initials and abbreviations inside a sentence', () => {
    expect(
      texts('President Joseph R. Biden met Mr. Kishida, e.g. in Tokyo. Then they left.'),
    ).toEqual(['President Joseph R. Biden met Mr. Kishida, e.g. in Tokyo.', 'Then they left.']);
  });

  it('keeps a dotted acronym before a proper noun but ends at one before a sentence starter', () => {
    expect(
      texts('The U.S. Department of Energy will lead. Work with the U.S. The plan is set.'),
    ).toEqual([
      'The U.S. Department of Energy will lead.',
      'Work with the U.S.',
      'The plan is set.',
    ]);
  });

  it('does not split before a lowercase word or a decimal', () => {
    expect(texts('A limit of 1.5oC within reach. Next.')).toEqual([
      'A limit of 1.5oC within reach.',
      'Next.',
    ]);
  });

  it('splits Japanese at 。 with closing brackets', () => {
    expect(texts('我々は協力する。「合意した。」次に進む')).toEqual([
      '我々は協力する。',
      '「合意した。」',
      '次に進む',
    ]);
  });

  it('includes closing quotes in the sentence', () => {
    expect(texts('They said “we will.” Then left.')).toEqual([
      'They said “we will.”',
      'Then left.',
    ]);
  });

  it('returns spans inside the requested range only', () => {
    const t = 'xx One. Two. yy';
    const spans = splitSentences(t, 3, 12);
    expect(spans.map((s) => t.slice(s.start, s.end))).toEqual(['One.', 'Two.']);
  });
});
