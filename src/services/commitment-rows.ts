import type { Commitment, Mention } from '../core/commitment/commitment.ts';
import type { MentionRow } from '../store/schema.ts';

const mentions = (list: Mention[]): string =>
  JSON.stringify(
    list.map((m): MentionRow => ({ value: m.value, start: m.span.start, end: m.span.end })),
  );

/** The stored columns of an extracted commitment (without its agreement, version and position). */
export function commitmentRow(c: Commitment, _language: string) {
  return {
    eid: c.id,
    section: c.section,
    sentence_eid: c.sentence.id,
    span_start: c.span.start,
    span_end: c.span.end,
    text: c.text,
    deadline_date: c.deadline?.date ?? null,
    deadline_precision: c.deadline?.precision ?? null,
    deadline_phrase: c.deadline?.phrase ?? null,
    actors: mentions(c.actors),
    instruments: mentions(c.instruments),
    targets: mentions(c.targets),
    topics: c.topics,
    strength: c.strength,
    kind: c.kind,
  };
}
