import { sql, type Kysely } from 'kysely';
import type { CommitmentRow, Schema } from './schema.ts';

type Db = Kysely<Schema>;

export interface CommitmentFilters {
  agreementId?: string | undefined;
  section?: string | undefined;
  topic?: string | undefined;
  actor?: string | undefined;
  instrument?: string | undefined;
  deadlineFrom?: string | undefined;
  deadlineTo?: string | undefined;
  /** Deadline before this day (YYYY-MM-DD) and not achieved by every party in approved assessments. */
  overdueOn?: string | undefined;
  includeRejected?: boolean | undefined;
  includePrivate: boolean;
}

/** One commitment by id. */
export async function findCommitment(db: Db, id: string): Promise<CommitmentRow | undefined> {
  return db.selectFrom('commitments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Commitments in register order (agreement, position, id) after a keyset cursor. */
export async function listCommitments(
  db: Db,
  filters: CommitmentFilters,
  page: { after: { agreementId: string; position: number; id: string } | null; limit: number },
): Promise<CommitmentRow[]> {
  let q = db
    .selectFrom('commitments')
    .innerJoin('agreements', 'agreements.id', 'commitments.agreement_id')
    .selectAll('commitments')
    .orderBy('commitments.agreement_id')
    .orderBy('commitments.position')
    .orderBy('commitments.id')
    .limit(page.limit);
  if (!filters.includePrivate) q = q.where('agreements.private', '=', false);
  if (!filters.includeRejected) q = q.where('commitments.state', '=', 'active');
  if (filters.agreementId) q = q.where('commitments.agreement_id', '=', filters.agreementId);
  if (filters.section) q = q.where('commitments.section', '=', filters.section);
  if (filters.topic) q = q.where(sql<boolean>`${filters.topic} = ANY(commitments.topics)`);
  if (filters.actor)
    q = q.where(
      sql<boolean>`commitments.actors @> ${JSON.stringify([{ value: filters.actor }])}::jsonb`,
    );
  if (filters.instrument)
    q = q.where(
      sql<boolean>`commitments.instruments @> ${JSON.stringify([{ value: filters.instrument }])}::jsonb`,
    );
  if (filters.deadlineFrom) q = q.where('commitments.deadline_date', '>=', filters.deadlineFrom);
  if (filters.deadlineTo) q = q.where('commitments.deadline_date', '<=', filters.deadlineTo);
  if (filters.overdueOn) {
    q = q
      .where('commitments.deadline_date', '<', filters.overdueOn)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('assessments as a')
              .select('a.id')
              .whereRef('a.commitment_id', '=', 'commitments.id')
              .where('a.state', '=', 'approved')
              .where('a.status', '=', 'achieved'),
          ),
        ),
      );
  }
  const after = page.after;
  if (after) {
    q = q.where(
      sql<boolean>`(commitments.agreement_id, commitments.position, commitments.id) > (${after.agreementId}::bigint, ${after.position}::int, ${after.id}::bigint)`,
    );
  }
  return q.execute();
}

/** Sets fields of a commitment if it still has `expectedVersion`; returns the new row or undefined. */
export async function updateCommitment(
  db: Db,
  id: string,
  expectedVersion: number,
  fields: Partial<Omit<CommitmentRow, 'id' | 'search_vector' | 'row_version' | 'created_at'>> &
    Record<string, unknown>,
): Promise<CommitmentRow | undefined> {
  return db
    .updateTable('commitments')
    .set({ ...fields, row_version: sql`row_version + 1`, updated_at: new Date() } as never)
    .where('id', '=', id)
    .where('row_version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

/** The next free position after the last commitment of an agreement. */
export async function nextPosition(db: Db, agreementId: string): Promise<number> {
  const row = await db
    .selectFrom('commitments')
    .select(sql<number>`coalesce(max(position), -1)::int + 1`.as('next'))
    .where('agreement_id', '=', agreementId)
    .executeTakeFirst();
  return row?.next ?? 0;
}
