import type { Span } from '../text/span.ts';

export const strengths = ['firm', 'continuing', 'exploratory'] as const;
export type Strength = (typeof strengths)[number];

export const commitmentKinds = ['action', 'create_mechanism', 'reaffirm'] as const;
export type CommitmentKind = (typeof commitmentKinds)[number];

export const deadlinePrecisions = ['day', 'month', 'year'] as const;
export type DeadlinePrecision = (typeof deadlinePrecisions)[number];

/** A deadline read from the text; `date` is null when the phrase is vague ("in the coming months"). */
export interface Deadline {
  date: string | null;
  precision: DeadlinePrecision | null;
  /** The words it was read from, exactly as in the text. */
  phrase: string;
  span: Span;
}

/** An attribute value with the words it was read from. */
export interface Mention {
  value: string;
  span: Span;
}

/** One commitment of the register: a sentence, or a clause of one, traced to its exact words. */
export interface Commitment {
  /** Akoma Ntoso-style id of the sentence (plus `__clause_N` when a clause): stable for a text. */
  id: string;
  /** The section number (`1`, `II`), the section id when it has no number, or `preamble`. */
  section: string;
  text: string;
  span: Span;
  /** The sentence the commitment sits in (equal to `span` unless the commitment is a clause). */
  sentence: Span & { id: string };
  deadline: Deadline | null;
  actors: Mention[];
  instruments: Mention[];
  targets: Mention[];
  topics: string[];
  strength: Strength;
  kind: CommitmentKind;
  /** The marker that made this a commitment ("we will", "lead-in: we will:", "shall"). */
  marker: string;
}
