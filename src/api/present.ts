import type { ListedCommitment } from '../store/commitment.repository.ts';
import type { AssessmentRow, EvidenceRow } from '../store/schema.ts';
import { etagOf } from './http.ts';

/** A commitment as the API shows it (the same names as `accord extract --format json`). */
export function presentCommitment(c: ListedCommitment) {
  return {
    id: c.id,
    agreement: c.agreement_id,
    version: c.version_id,
    eid: c.eid,
    section: c.section,
    text: c.text,
    span: { start: c.span_start, end: c.span_end },
    deadline:
      c.deadline_phrase === null && c.deadline_date === null
        ? null
        : { date: c.deadline_date, precision: c.deadline_precision, phrase: c.deadline_phrase },
    actors: c.actors.map((m) => m.value),
    instruments: c.instruments.map((m) => m.value),
    targets: c.targets.map((m) => m.value),
    topics: c.topics,
    strength: c.strength,
    kind: c.kind,
    origin: c.origin,
    state: c.state,
    etag: etagOf('commitment', c.id, c.row_version),
  };
}

/** Evidence as the API shows it. */
export function presentEvidence(e: EvidenceRow, commitmentIds: string[] = []) {
  return {
    id: e.id,
    title: e.title,
    url: e.url,
    published: e.published,
    publisher: e.publisher,
    excerpt: e.excerpt,
    language: e.language,
    kind: e.kind,
    commitments: commitmentIds,
    created_at: e.created_at,
  };
}

/** An assessment as the API shows it. */
export function presentAssessment(a: AssessmentRow) {
  return {
    id: a.id,
    commitment: a.commitment_id,
    party: a.party,
    cycle: a.cycle_id,
    status: a.status,
    score: a.score,
    rationale: a.rationale,
    evidence: a.evidence_ids,
    state: a.state,
    author: a.author_id,
    reviewer: a.reviewer_id,
    review_comment: a.review_comment,
    submitted_at: a.submitted_at,
    decided_at: a.decided_at,
    etag: etagOf('assessment', a.id, a.row_version),
  };
}
