import { sql, type Kysely } from 'kysely';
import type { AgreementRow, CommitmentRow, Schema } from './schema.ts';

type Db = Kysely<Schema>;

export interface AgreementRecord extends AgreementRow {
  parties: { code: string; name: string }[];
  commitment_count: number;
}

/** An agreement with its parties and the number of its active commitments. */
export async function findAgreement(
  db: Db,
  idOrSlug: string,
): Promise<AgreementRecord | undefined> {
  const row = await db
    .selectFrom('agreements')
    .selectAll()
    .where((eb) =>
      /^\d{1,18}$/.test(idOrSlug) ? eb('id', '=', idOrSlug) : eb('slug', '=', idOrSlug),
    )
    .executeTakeFirst();
  if (!row) return undefined;
  const [parties, count] = await Promise.all([
    db
      .selectFrom('agreement_parties')
      .select(['code', 'name'])
      .where('agreement_id', '=', row.id)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('commitments')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('agreement_id', '=', row.id)
      .where('state', '=', 'active')
      .executeTakeFirst(),
  ]);
  return { ...row, parties, commitment_count: count?.n ?? 0 };
}

/** Agreements in id order after a cursor; private ones only when `includePrivate`. */
export async function listAgreements(
  db: Db,
  options: { after: string | null; limit: number; includePrivate: boolean },
): Promise<AgreementRow[]> {
  let q = db.selectFrom('agreements').selectAll().orderBy('id').limit(options.limit);
  if (options.after) q = q.where('id', '>', options.after);
  if (!options.includePrivate) q = q.where('private', '=', false);
  return q.execute();
}

/** Parties of several agreements at once. */
export async function partiesOf(
  db: Db,
  agreementIds: string[],
): Promise<Map<string, { code: string; name: string }[]>> {
  const map = new Map<string, { code: string; name: string }[]>();
  if (agreementIds.length === 0) return map;
  const rows = await db
    .selectFrom('agreement_parties')
    .selectAll()
    .where('agreement_id', 'in', agreementIds)
    .orderBy('position')
    .execute();
  for (const r of rows)
    map.set(r.agreement_id, [...(map.get(r.agreement_id) ?? []), { code: r.code, name: r.name }]);
  return map;
}

/** The text of an agreement version. */
export async function findVersion(db: Db, versionId: string) {
  return db
    .selectFrom('agreement_versions')
    .selectAll()
    .where('id', '=', versionId)
    .executeTakeFirst();
}

/** Sections of a version in reading order. */
export async function listSections(db: Db, versionId: string) {
  return db
    .selectFrom('sections')
    .select(['eid', 'number', 'heading', 'parent_eid'])
    .where('version_id', '=', versionId)
    .orderBy('position')
    .execute();
}

/** Whether a slug is taken. */
export async function slugExists(db: Db, slug: string): Promise<boolean> {
  return (
    (await db.selectFrom('agreements').select('id').where('slug', '=', slug).executeTakeFirst()) !==
    undefined
  );
}

/** Finds an agreement whose current version has exactly this text (sha256), to avoid importing twice. */
export async function findAgreementByTextHash(db: Db, sha256: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('agreement_versions')
    .innerJoin('agreements', 'agreements.current_version_id', 'agreement_versions.id')
    .select('agreements.id')
    .where('agreement_versions.sha256', '=', sha256)
    .executeTakeFirst();
  return row?.id;
}

export type { CommitmentRow };
