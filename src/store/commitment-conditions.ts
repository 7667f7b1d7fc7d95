import { sql, type RawBuilder } from 'kysely';

/** Facet filters over commitments `c` joined with their agreement `a`. */
export interface CommitmentConditions {
  agreementId?: string | undefined;
  section?: string | undefined;
  party?: string | undefined;
  /** An approved assessment with this status (for `party` when given). */
  status?: string | undefined;
  score?: number | undefined;
  topic?: string | undefined;
  actor?: string | undefined;
  instrument?: string | undefined;
  deadlineFrom?: string | undefined;
  deadlineTo?: string | undefined;
  /** Deadline before this day (YYYY-MM-DD) and no approved `achieved` assessment. */
  overdueOn?: string | undefined;
  includeRejected?: boolean | undefined;
  includePrivate: boolean;
}

/**
 * The SQL conditions of a set of facet filters, for the register and for search alike; values are
 * bound parameters, never spliced into the SQL.
 */
export function commitmentConditions(f: CommitmentConditions): RawBuilder<boolean>[] {
  const out: RawBuilder<boolean>[] = [];
  if (!f.includePrivate) out.push(sql<boolean>`a.private = false`);
  if (!f.includeRejected) out.push(sql<boolean>`c.state = 'active'`);
  if (f.agreementId) out.push(sql<boolean>`c.agreement_id = ${f.agreementId}`);
  if (f.section) out.push(sql<boolean>`c.section = ${f.section}`);
  if (f.topic) out.push(sql<boolean>`${f.topic} = ANY(c.topics)`);
  if (f.actor) out.push(sql<boolean>`c.actors @> ${JSON.stringify([{ value: f.actor }])}::jsonb`);
  if (f.instrument)
    out.push(sql<boolean>`c.instruments @> ${JSON.stringify([{ value: f.instrument }])}::jsonb`);
  if (f.deadlineFrom) out.push(sql<boolean>`c.deadline_date >= ${f.deadlineFrom}`);
  if (f.deadlineTo) out.push(sql<boolean>`c.deadline_date <= ${f.deadlineTo}`);
  if (f.party)
    out.push(
      sql<boolean>`EXISTS (SELECT 1 FROM agreement_parties p WHERE p.agreement_id = c.agreement_id AND p.code = ${f.party})`,
    );
  if (f.status || f.score !== undefined) {
    out.push(
      sql<boolean>`EXISTS (SELECT 1 FROM assessments s WHERE s.commitment_id = c.id AND s.state = 'approved'
        AND (${f.status ?? null}::text IS NULL OR s.status = ${f.status ?? null})
        AND (${f.score ?? null}::smallint IS NULL OR s.score = ${f.score ?? null})
        AND (${f.party ?? null}::text IS NULL OR s.party = ${f.party ?? null}))`,
    );
  }
  if (f.overdueOn) {
    out.push(
      sql<boolean>`c.deadline_date < ${f.overdueOn} AND NOT EXISTS (SELECT 1 FROM assessments s WHERE s.commitment_id = c.id AND s.state = 'approved' AND s.status = 'achieved')`,
    );
  }
  return out;
}
