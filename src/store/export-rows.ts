import { sql, type Kysely } from 'kysely';
import type { CycleRow, MentionRow, Schema } from './schema.ts';

/** A commitment's register attributes, as the JSON and Akoma Ntoso exports carry them. */
export const commitmentAttributeColumns = [
  'eid',
  'section',
  'sentence_eid',
  'span_start',
  'span_end',
  'text',
  'deadline_date',
  'deadline_precision',
  'deadline_phrase',
  'actors',
  'instruments',
  'targets',
  'topics',
  'strength',
  'kind',
  'origin',
  'state',
] as const;

type Db = Kysely<Schema>;

/** A commitment as the exports show it. */
export interface ExportCommitment {
  id: string;
  eid: string;
  section: string;
  span_start: number;
  span_end: number;
  text: string;
  deadline_date: string | null;
  deadline_precision: 'day' | 'month' | 'year' | null;
  deadline_phrase: string | null;
  actors: MentionRow[];
  instruments: MentionRow[];
  targets: MentionRow[];
  topics: string[];
  strength: string;
  kind: string;
  position: number;
}

/** An assessment with its cycle's name and cut-off, for picking the one an export shows. */
export interface ExportAssessment {
  id: string;
  commitment_id: string;
  party: string;
  cycle_id: string;
  cycle_name: string;
  cutoff: string;
  status: string;
  score: number | null;
  rationale: string;
  evidence_ids: string[];
  state: 'draft' | 'submitted' | 'approved' | 'returned';
  row_version: number;
  author_id: string;
  decided_at: Date | null;
}

/** Cycles of an agreement, oldest cut-off first. */
export async function cyclesOf(db: Db, agreementId: string): Promise<CycleRow[]> {
  return db
    .selectFrom('cycles')
    .selectAll()
    .where('agreement_id', '=', agreementId)
    .orderBy('cutoff')
    .orderBy('id')
    .execute();
}

/** One page of an agreement's active commitments in register order, after a keyset position. */
export async function activeCommitmentPage(
  db: Db,
  agreementId: string,
  after: { position: number; id: string } | null,
  limit: number,
): Promise<ExportCommitment[]> {
  let q = db
    .selectFrom('commitments')
    .select([
      'id',
      'eid',
      'section',
      'span_start',
      'span_end',
      'text',
      'deadline_date',
      'deadline_precision',
      'deadline_phrase',
      'actors',
      'instruments',
      'targets',
      'topics',
      'strength',
      'kind',
      'position',
    ])
    .where('agreement_id', '=', agreementId)
    .where('state', '=', 'active')
    .orderBy('position')
    .orderBy('id')
    .limit(limit);
  if (after) q = q.where(sql<boolean>`(position, id) > (${after.position}, ${after.id}::bigint)`);
  return q.execute();
}

/** Commitments by id with their agreement and state (for validating an import). */
export async function commitmentsById(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('commitments')
    .select(['id', 'agreement_id', 'eid', 'state'])
    .where('id', 'in', ids)
    .execute();
}

/** The evidence linked to each of the given commitments, in id order. */
export async function evidenceLinksOf(
  db: Db,
  commitmentIds: string[],
): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (commitmentIds.length === 0) return map;
  const rows = await db
    .selectFrom('evidence_commitments')
    .select(['commitment_id', 'evidence_id'])
    .where('commitment_id', 'in', commitmentIds)
    .orderBy('evidence_id')
    .execute();
  for (const r of rows)
    map.set(r.commitment_id, [...(map.get(r.commitment_id) ?? []), r.evidence_id]);
  return map;
}

/** Assessments of the given commitments with their cycles; `approvedOnly` for anonymous callers. */
export async function assessmentsOf(
  db: Db,
  commitmentIds: string[],
  approvedOnly: boolean,
): Promise<ExportAssessment[]> {
  if (commitmentIds.length === 0) return [];
  let q = db
    .selectFrom('assessments as s')
    .innerJoin('cycles as y', 'y.id', 's.cycle_id')
    .select([
      's.id',
      's.commitment_id',
      's.party',
      's.cycle_id',
      'y.name as cycle_name',
      'y.cutoff',
      's.status',
      's.score',
      's.rationale',
      's.evidence_ids',
      's.state',
      's.row_version',
      's.author_id',
      's.decided_at',
    ])
    .where('s.commitment_id', 'in', commitmentIds)
    .orderBy('y.cutoff')
    .orderBy('s.id');
  if (approvedOnly) q = q.where('s.state', '=', 'approved');
  return q.execute();
}

/** Which of the given evidence ids exist. */
export async function existingEvidence(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('evidence').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}
