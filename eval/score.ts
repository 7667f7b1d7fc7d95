/**
 * Scoring of a predicted commitment register against gold sentences: pure functions, no I/O.
 *
 * Unit = sentence. A gold sentence and a predicted sentence (the `sentence` span of a predicted
 * commitment) match when they overlap by more than half of the shorter one.
 */
import type { Commitment } from '../src/core/commitment/commitment.ts';
import type { GoldCommitment, GoldDeadline } from './gold.ts';

/** What the scorer reads from a predicted commitment. */
export type PredictedCommitment = Pick<
  Commitment,
  'span' | 'sentence' | 'deadline' | 'actors' | 'instruments' | 'targets' | 'topics'
>;

export interface Range {
  start: number;
  end: number;
}

export interface GoldSpan extends Range {
  text: string;
  deadline: GoldDeadline | null;
}

/** A distinct predicted sentence, with the first deadline predicted inside it. */
export interface PredictedSentence extends Range {
  id: string;
  deadline: { date: string | null; precision: string | null; phrase: string } | null;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

export interface DeadlineMismatch {
  sentence: string;
  gold: { date: string | null; precision: string | null; phrase: string | null };
  predicted: { date: string | null; precision: string | null; phrase: string | null };
}

export interface DeadlineScore {
  exact: number;
  total: number;
  mismatches: DeadlineMismatch[];
}

/** Counts of predicted commitments having each attribute (>= 1 value, or a deadline). */
export interface Coverage {
  commitments: number;
  actors: number;
  topics: number;
  instruments: number;
  targets: number;
  deadline: number;
}

export interface DocumentScore extends Prf {
  name: string;
  language: string;
  gold: number;
  predictedSentences: number;
  predictedCommitments: number;
  tp: number;
  fp: number;
  fn: number;
  deadlines: DeadlineScore;
  coverage: Coverage;
  /** Gold sentences no prediction matched. */
  falseNegatives: string[];
  /** Predicted sentences that match no gold sentence. */
  falsePositives: string[];
  /** Gold sentences that could not be found in the text (a gold or normalisation problem). */
  unlocated: string[];
}

export interface TotalScore extends Prf {
  documents: number;
  gold: number;
  predictedSentences: number;
  predictedCommitments: number;
  tp: number;
  fp: number;
  fn: number;
  deadlines: { exact: number; total: number };
  coverage: Coverage;
}

/**
 * Finds each gold sentence in the text by `indexOf`, searching forward from the previous one
 * (so that a sentence repeated in the text maps to successive occurrences), then from the start.
 */
export function locateGold(
  text: string,
  gold: readonly GoldCommitment[],
): { spans: GoldSpan[]; unlocated: string[] } {
  const spans: GoldSpan[] = [];
  const unlocated: string[] = [];
  let cursor = 0;
  for (const commitment of gold) {
    let start = text.indexOf(commitment.text, cursor);
    if (start < 0) start = text.indexOf(commitment.text);
    if (start < 0) {
      unlocated.push(commitment.text);
      continue;
    }
    const end = start + commitment.text.length;
    spans.push({ start, end, text: commitment.text, deadline: commitment.deadline });
    cursor = end;
  }
  return { spans, unlocated };
}

/**
 * Distinct predicted sentences (by start and end), in text order. Each keeps the deadline of
 * the first predicted commitment in it (by position) that has one.
 */
export function predictedSentences(
  commitments: readonly PredictedCommitment[],
): PredictedSentence[] {
  const ordered = [...commitments].sort(
    (a, b) => a.span.start - b.span.start || a.span.end - b.span.end,
  );
  const byKey = new Map<string, PredictedSentence>();
  for (const commitment of ordered) {
    const { start, end, id } = commitment.sentence;
    const key = `${start}:${end}`;
    const existing = byKey.get(key);
    const deadline = commitment.deadline
      ? {
          date: commitment.deadline.date,
          precision: commitment.deadline.precision,
          phrase: commitment.deadline.phrase,
        }
      : null;
    if (!existing) byKey.set(key, { start, end, id, deadline });
    else if (!existing.deadline && deadline) existing.deadline = deadline;
  }
  return [...byKey.values()].sort((a, b) => a.start - b.start || a.end - b.end);
}

export function overlapLength(a: Range, b: Range): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

/** True when the two ranges overlap by more than half of the shorter one. */
export function sentencesMatch(a: Range, b: Range): boolean {
  const shorter = Math.min(a.end - a.start, b.end - b.start);
  if (shorter <= 0) return false;
  return overlapLength(a, b) > shorter / 2;
}

/** Precision, recall, F1; an empty side with nothing missed counts as perfect. */
export function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp === 0 ? (fn === 0 ? 1 : 0) : tp / (tp + fp);
  const recall = tp + fn === 0 ? (fp === 0 ? 1 : 0) : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

type DeadlineLike = { date: string | null; precision: string | null } | null;

/** Same date and same precision; a missing deadline counts as date null and precision null. */
export function deadlinesAgree(gold: DeadlineLike, predicted: DeadlineLike): boolean {
  return (
    (gold?.date ?? null) === (predicted?.date ?? null) &&
    (gold?.precision ?? null) === (predicted?.precision ?? null)
  );
}

export function coverageOf(commitments: readonly PredictedCommitment[]): Coverage {
  return {
    commitments: commitments.length,
    actors: commitments.filter((c) => c.actors.length > 0).length,
    topics: commitments.filter((c) => c.topics.length > 0).length,
    instruments: commitments.filter((c) => c.instruments.length > 0).length,
    targets: commitments.filter((c) => c.targets.length > 0).length,
    deadline: commitments.filter((c) => c.deadline !== null).length,
  };
}

export interface ScoreInput {
  name: string;
  language: string;
  /** The text the predictions' offsets refer to. */
  text: string;
  gold: readonly GoldCommitment[];
  predicted: readonly PredictedCommitment[];
}

export function scoreDocument(input: ScoreInput): DocumentScore {
  const { spans, unlocated } = locateGold(input.text, input.gold);
  const sentences = predictedSentences(input.predicted);
  const matchedPredicted = new Set<PredictedSentence>();
  const falseNegatives: string[] = [];
  const deadlines: DeadlineScore = { exact: 0, total: 0, mismatches: [] };
  let tp = 0;
  for (const gold of spans) {
    const matches = sentences.filter((sentence) => sentencesMatch(gold, sentence));
    if (matches.length === 0) {
      falseNegatives.push(gold.text);
      continue;
    }
    tp++;
    for (const sentence of matches) matchedPredicted.add(sentence);
    // Predicted sentences are in text order: the first with a deadline is the first deadline.
    const predicted = matches.find((sentence) => sentence.deadline !== null)?.deadline ?? null;
    deadlines.total++;
    if (deadlinesAgree(gold.deadline, predicted)) deadlines.exact++;
    else {
      deadlines.mismatches.push({
        sentence: gold.text,
        gold: {
          date: gold.deadline?.date ?? null,
          precision: gold.deadline?.precision ?? null,
          phrase: gold.deadline?.phrase ?? null,
        },
        predicted: {
          date: predicted?.date ?? null,
          precision: predicted?.precision ?? null,
          phrase: predicted?.phrase ?? null,
        },
      });
    }
  }
  // Unlocated gold sentences cannot be matched: they count as missed.
  falseNegatives.push(...unlocated);
  const falsePositives = sentences
    .filter((sentence) => !matchedPredicted.has(sentence))
    .map((sentence) => input.text.slice(sentence.start, sentence.end));
  const fn = falseNegatives.length;
  const fp = falsePositives.length;
  return {
    name: input.name,
    language: input.language,
    gold: input.gold.length,
    predictedSentences: sentences.length,
    predictedCommitments: input.predicted.length,
    tp,
    fp,
    fn,
    ...prf(tp, fp, fn),
    deadlines,
    coverage: coverageOf(input.predicted),
    falseNegatives,
    falsePositives,
    unlocated,
  };
}

/** Micro-averaged total: counts are summed, then precision, recall and F1 computed once. */
export function totalScore(documents: readonly DocumentScore[]): TotalScore {
  const sum = (pick: (d: DocumentScore) => number): number =>
    documents.reduce((total, d) => total + pick(d), 0);
  const tp = sum((d) => d.tp);
  const fp = sum((d) => d.fp);
  const fn = sum((d) => d.fn);
  return {
    documents: documents.length,
    gold: sum((d) => d.gold),
    predictedSentences: sum((d) => d.predictedSentences),
    predictedCommitments: sum((d) => d.predictedCommitments),
    tp,
    fp,
    fn,
    ...prf(tp, fp, fn),
    deadlines: { exact: sum((d) => d.deadlines.exact), total: sum((d) => d.deadlines.total) },
    coverage: {
      commitments: sum((d) => d.coverage.commitments),
      actors: sum((d) => d.coverage.actors),
      topics: sum((d) => d.coverage.topics),
      instruments: sum((d) => d.coverage.instruments),
      targets: sum((d) => d.coverage.targets),
      deadline: sum((d) => d.coverage.deadline),
    },
  };
}

/** `text` cut to `max` characters (with an ellipsis), on one line. */
export function truncate(text: string, max = 100): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

export interface StrictResult {
  passed: boolean;
  reasons: string[];
}

/**
 * The `--strict` gate: the Accord's F1 must be at least `minF1` and no matched gold sentence, in
 * any document, may have a wrong deadline.
 */
export function strictCheck(
  documents: readonly DocumentScore[],
  isAccord: (d: DocumentScore) => boolean,
  minF1 = 0.95,
): StrictResult {
  const reasons: string[] = [];
  const accord = documents.find(isAccord);
  if (!accord) reasons.push('the Accord was not evaluated');
  else if (accord.f1 < minF1) {
    reasons.push(`Accord F1 ${accord.f1.toFixed(3)} < ${minF1}`);
  }
  for (const d of documents) {
    const wrong = d.deadlines.total - d.deadlines.exact;
    if (wrong > 0) reasons.push(`${d.name}: ${wrong} wrong deadline(s)`);
  }
  return { passed: reasons.length === 0, reasons };
}
