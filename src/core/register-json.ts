import type { Commitment, Mention } from './commitment/commitment.ts';
import type { Register } from './extract-register.ts';

/** The JSON shape of a register that `accord extract --format json` prints (a public contract). */
export interface RegisterJson {
  accord: Register['accord'];
  sections: { id: string; number: string | null; heading: string | null; parent: string | null }[];
  commitments: CommitmentJson[];
  diagnostics: string[];
}

export interface CommitmentJson {
  id: string;
  section: string;
  text: string;
  span: { start: number; end: number };
  sentence: { id: string; start: number; end: number };
  deadline: {
    date: string | null;
    precision: string | null;
    phrase: string;
    span: { start: number; end: number };
  } | null;
  actors: string[];
  instruments: string[];
  targets: string[];
  topics: string[];
  strength: string;
  kind: string;
  marker: string;
  /** Each attribute value with the words it was read from. */
  mentions: { actors: MentionJson[]; instruments: MentionJson[]; targets: MentionJson[] };
}

interface MentionJson {
  value: string;
  span: { start: number; end: number };
}

/**
 * Presents a register as plain JSON data: attribute values as strings, with their source spans
 * kept under `mentions`.
 */
export function toRegisterJson(register: Register): RegisterJson {
  return {
    accord: register.accord,
    sections: register.sections,
    commitments: register.commitments.map(toCommitmentJson),
    diagnostics: register.diagnostics,
  };
}

/** Presents one commitment as plain JSON data. */
export function toCommitmentJson(c: Commitment): CommitmentJson {
  const values = (list: Mention[]) => list.map((m) => m.value);
  const mentions = (list: Mention[]) =>
    list.map((m) => ({ value: m.value, span: { start: m.span.start, end: m.span.end } }));
  return {
    id: c.id,
    section: c.section,
    text: c.text,
    span: { start: c.span.start, end: c.span.end },
    sentence: c.sentence,
    deadline: c.deadline && {
      date: c.deadline.date,
      precision: c.deadline.precision,
      phrase: c.deadline.phrase,
      span: c.deadline.span,
    },
    actors: values(c.actors),
    instruments: values(c.instruments),
    targets: values(c.targets),
    topics: c.topics,
    strength: c.strength,
    kind: c.kind,
    marker: c.marker,
    mentions: {
      actors: mentions(c.actors),
      instruments: mentions(c.instruments),
      targets: mentions(c.targets),
    },
  };
}
