import { sql, type Kysely, type Transaction } from 'kysely';
import type { FeedItemRow, FeedSourceRow, Schema } from './schema.ts';

type Db = Kysely<Schema> | Transaction<Schema>;

/** The feed sources of an agreement, oldest first. */
export async function listFeedSources(db: Db, agreementId: string): Promise<FeedSourceRow[]> {
  return db
    .selectFrom('feed_sources')
    .selectAll()
    .where('agreement_id', '=', agreementId)
    .orderBy('id')
    .execute();
}

/** One feed source by id. */
export async function findFeedSource(db: Db, id: string): Promise<FeedSourceRow | undefined> {
  return db.selectFrom('feed_sources').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Claims the sources that are due: their next poll is pushed `leaseMinutes` ahead at once, so
 * that another tick or another worker does not poll them again meanwhile (the poll's outcome then
 * sets the real next time; a worker that dies lets the lease run out).
 */
export async function claimDueFeedSources(
  db: Db,
  now: Date,
  limit: number,
  leaseMinutes = 10,
): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    UPDATE feed_sources SET next_poll_at = ${now}::timestamptz + make_interval(mins => ${leaseMinutes}::int)
    WHERE id IN (
      SELECT id FROM feed_sources
      WHERE enabled AND next_poll_at <= ${now}
      ORDER BY next_poll_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id`.execute(db);
  return rows.rows.map((r) => r.id);
}

export interface StoredItem {
  item: FeedItemRow;
  /** True when the item was not stored before (by address or guid). */
  created: boolean;
}

/**
 * Stores an item once: found by its normalised address, else its guid key; inserted otherwise.
 * A concurrent insert of the same item is absorbed (the unique indexes decide).
 */
export async function upsertFeedItem(
  db: Db,
  item: Omit<FeedItemRow, 'id' | 'first_seen_at'>,
): Promise<StoredItem> {
  const existing = await findItemByKeys(db, item.url_key, item.guid_key);
  if (existing) return { item: existing, created: false };
  const inserted = await db
    .insertInto('feed_items')
    .values(item)
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { item: inserted, created: true };
  const raced = await findItemByKeys(db, item.url_key, item.guid_key);
  if (!raced) throw new Error('feed item vanished after a conflicting insert');
  return { item: raced, created: false };
}

async function findItemByKeys(
  db: Db,
  urlKey: string | null,
  guidKey: string | null,
): Promise<FeedItemRow | undefined> {
  if (urlKey === null && guidKey === null) return undefined;
  return db
    .selectFrom('feed_items')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(urlKey !== null ? [eb('url_key', '=', urlKey)] : []),
        ...(guidKey !== null ? [eb('guid_key', '=', guidKey)] : []),
      ]),
    )
    .orderBy('id')
    .executeTakeFirst();
}

/** Records that a source delivered an item (once). */
export async function linkSourceItem(db: Db, sourceId: string, itemId: string): Promise<void> {
  await db
    .insertInto('feed_sources_items')
    .values({ source_id: sourceId, item_id: itemId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Items a source delivered that were not matched against its agreement yet. */
export async function unmatchedItems(
  db: Db,
  sourceId: string,
  limit: number,
): Promise<FeedItemRow[]> {
  return db
    .selectFrom('feed_sources_items as l')
    .innerJoin('feed_items as i', 'i.id', 'l.item_id')
    .selectAll('i')
    .where('l.source_id', '=', sourceId)
    .where('l.matched_at', 'is', null)
    .orderBy('i.id')
    .limit(limit)
    .execute();
}

/** Marks items as matched for a source. */
export async function markMatched(db: Db, sourceId: string, itemIds: string[]): Promise<void> {
  if (itemIds.length === 0) return;
  await db
    .updateTable('feed_sources_items')
    .set({ matched_at: sql<Date>`now()` })
    .where('source_id', '=', sourceId)
    .where('item_id', 'in', itemIds)
    .execute();
}

/** The commitments a given item must never be suggested for again (dismissed before). */
export async function dismissedCommitments(db: Db, itemKeys: string[]): Promise<Set<string>> {
  if (itemKeys.length === 0) return new Set();
  const rows = await db
    .selectFrom('suggestion_dismissals')
    .select('commitment_id')
    .where('item_key', 'in', itemKeys)
    .execute();
  return new Set(rows.map((r) => r.commitment_id));
}

/** The keys a dismissal of this item is recorded under (its address and its guid). */
export function itemKeys(item: Pick<FeedItemRow, 'url_key' | 'guid_key'>): string[] {
  return [item.url_key, item.guid_key].filter((k): k is string => k !== null);
}

export interface SuggestionListRow {
  id: string;
  agreement_id: string;
  state: 'open' | 'accepted' | 'dismissed';
  score: number;
  reason: string;
  created_at: Date;
  decided_at: Date | null;
  evidence_id: string | null;
  row_version: number;
  commitment_id: string;
  commitment_eid: string;
  commitment_text: string;
  commitment_section: string;
  item_id: string;
  item_title: string;
  item_url: string | null;
  item_published: string | null;
  item_summary: string;
  item_language: string;
}

const suggestionColumns = [
  's.id',
  's.agreement_id',
  's.state',
  's.score',
  's.reason',
  's.created_at',
  's.decided_at',
  's.evidence_id',
  's.row_version',
  's.commitment_id',
  'c.eid as commitment_eid',
  'c.text as commitment_text',
  'c.section as commitment_section',
  's.item_id',
  'i.title as item_title',
  'i.url as item_url',
  'i.published as item_published',
  'i.summary as item_summary',
  'i.language as item_language',
] as const;

/** An agreement's suggestions in one state, best first (score, then newest), after a cursor. */
export async function listSuggestions(
  db: Db,
  agreementId: string,
  state: 'open' | 'accepted' | 'dismissed',
  page: { after: { score: number; id: string } | null; limit: number },
): Promise<SuggestionListRow[]> {
  let q = db
    .selectFrom('suggestions as s')
    .innerJoin('commitments as c', 'c.id', 's.commitment_id')
    .innerJoin('feed_items as i', 'i.id', 's.item_id')
    .select(suggestionColumns)
    .where('s.agreement_id', '=', agreementId)
    .where('s.state', '=', state)
    .orderBy('s.score', 'desc')
    .orderBy('s.id', 'desc')
    .limit(page.limit);
  const after = page.after;
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('s.score', '<', after.score),
        eb.and([eb('s.score', '=', after.score), eb('s.id', '<', after.id)]),
      ]),
    );
  return q.execute();
}

/** One suggestion with its commitment and item. */
export async function findSuggestion(db: Db, id: string): Promise<SuggestionListRow | undefined> {
  return db
    .selectFrom('suggestions as s')
    .innerJoin('commitments as c', 'c.id', 's.commitment_id')
    .innerJoin('feed_items as i', 'i.id', 's.item_id')
    .select(suggestionColumns)
    .where('s.id', '=', id)
    .executeTakeFirst();
}
