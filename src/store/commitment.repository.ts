import { sql, type Kysely } from 'kysely';
import { commitmentConditions, type CommitmentConditions } from './commitment-conditions.ts';
import type { CommitmentRow, Schema } from './schema.ts';

type Db = Kysely<Schema>;

export type CommitmentFilters = CommitmentConditions;

/** The columns a register shows: everything but the search index and its text. */
export const listedColumns = [
  'c.id',
  'c.agreement_id',
  'c.version_id',
  'c.eid',
  'c.section',
  'c.sentence_eid',
  'c.span_start',
  'c.span_end',
  'c.text',
  'c.deadline_date',
  'c.deadline_precision',
  'c.deadline_phrase',
  'c.actors',
  'c.instruments',
  'c.targets',
  'c.topics',
  'c.strength',
  'c.kind',
  'c.origin',
  'c.state',
  'c.position',
  'c.row_version',
] as const;

export type ListedCommitment = Omit<
  CommitmentRow,
  'search_text' | 'search_vector' | 'created_at' | 'updated_at'
>;

/** One commitment by id. */
export async function findCommitment(db: Db, id: string): Promise<CommitmentRow | undefined> {
  return db.selectFrom('commitments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Commitments in register order (agreement, position, id) after a keyset cursor. */
export async function listCommitments(
  db: Db,
  filters: CommitmentFilters,
  page: { after: { agreementId: string; position: number; id: string } | null; limit: number },
): Promise<ListedCommitment[]> {
  let q = db
    .selectFrom('commitments as c')
    .innerJoin('agreements as a', 'a.id', 'c.agreement_id')
    .select(listedColumns)
    .orderBy('c.agreement_id')
    .orderBy('c.position')
    .orderBy('c.id')
    .limit(page.limit);
  for (const condition of commitmentConditions(filters)) q = q.where(condition);
  const after = page.after;
  if (after) {
    q = q.where(
      sql<boolean>`(c.agreement_id, c.position, c.id) > (${after.agreementId}::bigint, ${after.position}::int, ${after.id}::bigint)`,
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
