import { describe, expect, it } from 'vitest';
import type { Deadline, Mention } from '../src/core/commitment/commitment.ts';
import type { GoldCommitment, GoldDeadline } from './gold.ts';
import { compareGoldPaths, isIsoDate, parseGold } from './gold.ts';
import {
  coverageOf,
  deadlinesAgree,
  locateGold,
  predictedSentences,
  prf,
  scoreDocument,
  sentencesMatch,
  strictCheck,
  totalScore,
  truncate,
} from './score.ts';
import type { PredictedCommitment } from './score.ts';

const s1 = 'We will launch a dialogue by the end of the year.';
const s2 = 'We welcome the progress made.';
const s3 = 'We commit to net zero by 2050 and will review it.';
const s4 = 'The UK supports the plan.';
const text = [s1, s2, s3, s4].join(' ');

function at(sentence: string): { start: number; end: number } {
  const start = text.indexOf(sentence);
  if (start < 0) throw new Error(`not in text: ${sentence}`);
  return { start, end: start + sentence.length };
}

function deadline(date: string | null, precision: Deadline['precision'], phrase: string): Deadline {
  return { date, precision, phrase, span: { start: 0, end: phrase.length } };
}

function mention(value: string): Mention {
  return { value, span: { start: 0, end: value.length } };
}

/** A predicted commitment over `range` (a sentence by default, or a clause inside `sentence`). */
function predicted(
  sentence: { start: number; end: number },
  extra: Partial<PredictedCommitment> & { clause?: { start: number; end: number } } = {},
): PredictedCommitment {
  const { clause, ...rest } = extra;
  return {
    span: clause ?? sentence,
    sentence: { ...sentence, id: `sent_${sentence.start}` },
    deadline: null,
    actors: [],
    instruments: [],
    targets: [],
    topics: [],
    ...rest,
  };
}

const gd = (date: string | null, precision: GoldDeadline['precision'], phrase: string) => ({
  date,
  precision,
  phrase,
});

const gold: GoldCommitment[] = [
  { text: s1, deadline: gd('2023-12-31', 'day', 'by the end of the year') },
  { text: s3, deadline: gd('2050-12-31', 'year', 'by 2050') },
];

describe('sentencesMatch', () => {
  it('needs an overlap of more than half the shorter sentence', () => {
    expect(sentencesMatch({ start: 0, end: 10 }, { start: 0, end: 10 })).toBe(true);
    expect(sentencesMatch({ start: 0, end: 10 }, { start: 5, end: 15 })).toBe(false); // exactly half
    expect(sentencesMatch({ start: 0, end: 10 }, { start: 4, end: 15 })).toBe(true);
    // a short fragment inside a long sentence matches
    expect(sentencesMatch({ start: 0, end: 100 }, { start: 40, end: 50 })).toBe(true);
    expect(sentencesMatch({ start: 0, end: 10 }, { start: 10, end: 20 })).toBe(false);
    expect(sentencesMatch({ start: 3, end: 3 }, { start: 0, end: 10 })).toBe(false);
  });
});

describe('prf', () => {
  it('computes precision, recall and F1', () => {
    const r = prf(3, 1, 2);
    expect(r.precision).toBeCloseTo(0.75);
    expect(r.recall).toBeCloseTo(0.6);
    expect(r.f1).toBeCloseTo((2 * 0.75 * 0.6) / 1.35);
  });
  it('handles empty sides', () => {
    expect(prf(0, 0, 0)).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(prf(0, 0, 4)).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(prf(0, 2, 0)).toEqual({ precision: 0, recall: 0, f1: 0 });
  });
});

describe('locateGold', () => {
  it('finds gold sentences by indexOf and reports missing ones', () => {
    const { spans, unlocated } = locateGold(text, [...gold, { text: 'Not here.', deadline: null }]);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual([s1, s3]);
    expect(unlocated).toEqual(['Not here.']);
  });
  it('maps a repeated sentence to successive occurrences', () => {
    const repeated = 'We will act. Then. We will act.';
    const { spans } = locateGold(repeated, [
      { text: 'We will act.', deadline: null },
      { text: 'We will act.', deadline: null },
    ]);
    expect(spans.map((s) => s.start)).toEqual([0, 19]);
  });
});

describe('predictedSentences', () => {
  it('keeps distinct sentences and the first deadline inside each', () => {
    const sentence = at(s3);
    const sentences = predictedSentences([
      predicted(sentence, { clause: { start: sentence.start + 30, end: sentence.end } }),
      predicted(sentence, {
        clause: { start: sentence.start, end: sentence.start + 29 },
        deadline: deadline('2050-12-31', 'year', 'by 2050'),
      }),
      predicted(at(s1)),
    ]);
    expect(sentences).toHaveLength(2);
    expect(sentences[0]?.start).toBe(at(s1).start);
    expect(sentences[1]?.deadline?.date).toBe('2050-12-31');
  });
});

describe('deadlinesAgree', () => {
  it('compares date and precision, null counting as no date', () => {
    expect(deadlinesAgree(null, null)).toBe(true);
    expect(deadlinesAgree({ date: null, precision: null }, null)).toBe(true);
    expect(deadlinesAgree({ date: '2050-12-31', precision: 'year' }, null)).toBe(false);
    expect(
      deadlinesAgree(
        { date: '2050-12-31', precision: 'year' },
        { date: '2050-12-31', precision: 'day' },
      ),
    ).toBe(false);
    expect(
      deadlinesAgree(
        { date: '2023-12-31', precision: 'day' },
        { date: '2023-12-31', precision: 'day' },
      ),
    ).toBe(true);
  });
});

describe('scoreDocument', () => {
  it('scores a perfect prediction', () => {
    const score = scoreDocument({
      name: 'doc',
      language: 'en',
      text,
      gold,
      predicted: [
        predicted(at(s1), { deadline: deadline('2023-12-31', 'day', 'by the end of the year') }),
        predicted(at(s3), { deadline: deadline('2050-12-31', 'year', 'by 2050') }),
      ],
    });
    expect(score).toMatchObject({ tp: 2, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1 });
    expect(score.deadlines).toEqual({ exact: 2, total: 2, mismatches: [] });
  });

  it('counts false positives, false negatives and deadline mismatches', () => {
    const score = scoreDocument({
      name: 'doc',
      language: 'en',
      text,
      gold,
      predicted: [
        predicted(at(s1), { deadline: deadline('2023-12-31', 'year', 'by the end of the year') }),
        predicted(at(s2)),
        predicted(at(s4)),
      ],
    });
    expect(score).toMatchObject({ tp: 1, fp: 2, fn: 1 });
    expect(score.precision).toBeCloseTo(1 / 3);
    expect(score.recall).toBeCloseTo(0.5);
    expect(score.falseNegatives).toEqual([s3]);
    expect(score.falsePositives).toEqual([s2, s4]);
    expect(score.deadlines.exact).toBe(0);
    expect(score.deadlines.total).toBe(1);
    expect(score.deadlines.mismatches[0]).toEqual({
      sentence: s1,
      gold: { date: '2023-12-31', precision: 'day', phrase: 'by the end of the year' },
      predicted: { date: '2023-12-31', precision: 'year', phrase: 'by the end of the year' },
    });
  });

  it('accepts a gold sentence split into two predicted sentences without a false positive', () => {
    const whole = at(s3);
    const half = whole.start + 30; // "We commit to net zero by 2050" | "and will review it."
    const score = scoreDocument({
      name: 'doc',
      language: 'en',
      text,
      gold: [gold[1] ?? { text: s3, deadline: null }],
      predicted: [
        predicted(
          { start: whole.start, end: half - 1 },
          { deadline: deadline('2050-12-31', 'year', 'by 2050') },
        ),
        predicted({ start: half, end: whole.end }),
      ],
    });
    expect(score).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    expect(score.deadlines.exact).toBe(1);
  });

  it('treats a missing predicted deadline as exact when gold has only a vague phrase', () => {
    const score = scoreDocument({
      name: 'doc',
      language: 'en',
      text,
      gold: [{ text: s1, deadline: gd(null, null, 'by the end of the year') }],
      predicted: [predicted(at(s1))],
    });
    expect(score.deadlines).toEqual({ exact: 1, total: 1, mismatches: [] });
  });

  it('counts unlocated gold sentences as missed', () => {
    const score = scoreDocument({
      name: 'doc',
      language: 'en',
      text,
      gold: [{ text: 'Absent sentence.', deadline: null }],
      predicted: [],
    });
    expect(score).toMatchObject({ tp: 0, fn: 1, fp: 0, unlocated: ['Absent sentence.'] });
  });
});

describe('coverage and totals', () => {
  it('counts predicted commitments with each attribute', () => {
    const coverage = coverageOf([
      predicted(at(s1), {
        actors: [mention('UK')],
        topics: ['trade'],
        deadline: deadline('2023-12-31', 'day', 'by the end of the year'),
      }),
      predicted(at(s3), { instruments: [mention('CPTPP')], targets: [mention('net zero')] }),
    ]);
    expect(coverage).toEqual({
      commitments: 2,
      actors: 1,
      topics: 1,
      instruments: 1,
      targets: 1,
      deadline: 1,
    });
  });

  it('micro-averages over documents', () => {
    const a = scoreDocument({
      name: 'a',
      language: 'en',
      text,
      gold,
      predicted: [predicted(at(s1))],
    });
    const b = scoreDocument({
      name: 'b',
      language: 'en',
      text,
      gold: [{ text: s3, deadline: null }],
      predicted: [predicted(at(s3)), predicted(at(s4))],
    });
    const total = totalScore([a, b]);
    expect(total).toMatchObject({ documents: 2, gold: 3, tp: 2, fp: 1, fn: 1 });
    expect(total.precision).toBeCloseTo(2 / 3);
    expect(total.recall).toBeCloseTo(2 / 3);
    expect(total.deadlines).toEqual({ exact: 1, total: 2 });
    expect(total.coverage.commitments).toBe(3);
  });
});

describe('strictCheck', () => {
  const perfect = scoreDocument({
    name: 'hiroshima-accord-2023.en',
    language: 'en',
    text,
    gold,
    predicted: [
      predicted(at(s1), { deadline: deadline('2023-12-31', 'day', 'by the end of the year') }),
      predicted(at(s3), { deadline: deadline('2050-12-31', 'year', 'by 2050') }),
    ],
  });
  const isAccord = (d: { name: string }) => d.name.includes('hiroshima-accord');

  it('passes a perfect Accord', () => {
    expect(strictCheck([perfect], isAccord)).toEqual({ passed: true, reasons: [] });
  });
  it('fails on low F1, on a wrong deadline anywhere, and when the Accord is absent', () => {
    const weak = { ...perfect, f1: 0.9 };
    expect(strictCheck([weak], isAccord).passed).toBe(false);
    const other = {
      ...perfect,
      name: 'other',
      deadlines: { exact: 0, total: 1, mismatches: [] },
    };
    expect(strictCheck([perfect, other], isAccord).reasons).toEqual(['other: 1 wrong deadline(s)']);
    expect(strictCheck([other], isAccord).reasons[0]).toBe('the Accord was not evaluated');
  });
});

describe('gold parsing', () => {
  it('validates the gold shape', () => {
    const doc = parseGold({
      file: 'fixtures/x.txt',
      signed: '2023-05-18',
      language: 'en',
      commitments: [{ text: 'We will.', deadline: null, note: 'n' }],
    });
    expect(doc.commitments[0]).toEqual({ text: 'We will.', deadline: null, note: 'n' });
    expect(() =>
      parseGold({
        file: 'x',
        signed: '2023-05-18',
        language: 'en',
        commitments: [
          { text: 'x', deadline: { date: '2023-12-31', precision: null, phrase: 'p' } },
        ],
      }),
    ).toThrow(/both be null or both set/);
    expect(() =>
      parseGold({ file: 'x', signed: '2023-02-30', language: 'en', commitments: [] }),
    ).toThrow(/signed/);
  });
  it('checks dates and orders the Accord first', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(['b.json', 'hiroshima-accord-2023.en.json', 'a.json'].sort(compareGoldPaths)).toEqual([
      'hiroshima-accord-2023.en.json',
      'a.json',
      'b.json',
    ]);
  });
  it('truncates long sentences on one line', () => {
    expect(truncate('a\nb', 100)).toBe('a b');
    expect(truncate('x'.repeat(120), 100)).toHaveLength(100);
  });
});
