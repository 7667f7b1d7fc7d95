import { sql } from 'kysely';
import { DomainError } from '../core/domain-error.ts';
import {
  findFeedSource,
  linkSourceItem,
  listFeedSources as listSources,
  upsertFeedItem,
} from '../store/feed.repository.ts';
import type { FeedSourceRow } from '../store/schema.ts';
import type { Actor } from './actor.ts';
import { requireRole } from './authorize.ts';
import { change, staleVersion, type Deps } from './tx.ts';

export interface FeedSourceInput {
  url: string;
  title?: string | null | undefined;
  intervalMinutes?: number | undefined;
  enabled?: boolean | undefined;
}

/** An item as a poll read it, with its dedupe keys computed by the poller. */
export interface PolledItem {
  guidKey: string | null;
  urlKey: string | null;
  url: string | null;
  title: string;
  summary: string;
  published: string | null;
  language: string;
}

const maxBackoffMinutes = 24 * 60;

/**
 * Adds a feed (RSS, Atom, RDF or JSON Feed address) to watch for an agreement; it is polled at
 * once, then every `intervalMinutes` (default 60).
 */
export async function addFeedSource(
  deps: Deps,
  actor: Actor,
  agreementId: string,
  input: FeedSourceInput,
): Promise<FeedSourceRow> {
  requireRole(actor, 'analyst');
  const url = checkFeedUrl(input.url);
  return change(deps, actor, async (tx) => {
    const agreement = await tx
      .selectFrom('agreements')
      .select('id')
      .where('id', '=', agreementId)
      .executeTakeFirst();
    if (!agreement) throw new DomainError('agreement_not_found', `no agreement ${agreementId}`);
    const row = await tx
      .insertInto('feed_sources')
      .values({
        agreement_id: agreementId,
        url,
        title: input.title ?? null,
        interval_minutes: input.intervalMinutes ?? 60,
        enabled: input.enabled ?? true,
        created_by: actor.id,
      })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new DomainError('conflict', `this agreement already watches ${url}`);
    return {
      result: row,
      event: {
        type: 'feed_source.added',
        agreementId,
        subject: `feed_source:${row.id}`,
        payload: { url, title: row.title },
      },
    };
  });
}

/** Changes a source's title, interval or enabled flag (`rowVersion`: the If-Match version). */
export async function updateFeedSource(
  deps: Deps,
  actor: Actor,
  id: string,
  patch: Partial<Omit<FeedSourceInput, 'url'>>,
  rowVersion?: number,
): Promise<FeedSourceRow> {
  requireRole(actor, 'analyst');
  return change(deps, actor, async (tx) => {
    const current = await findFeedSource(tx, id);
    if (!current) throw new DomainError('not_found', `no feed source ${id}`);
    if (rowVersion !== undefined && rowVersion !== current.row_version)
      throw staleVersion('feed source', id);
    const row = await tx
      .updateTable('feed_sources')
      .set({
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.intervalMinutes !== undefined ? { interval_minutes: patch.intervalMinutes } : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
        // Re-enabling a failing source tries it again now.
        ...(patch.enabled === true && !current.enabled
          ? { next_poll_at: new Date(), failures: 0 }
          : {}),
        row_version: current.row_version + 1,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return {
      result: row,
      event: {
        type: 'feed_source.updated',
        agreementId: row.agreement_id,
        subject: `feed_source:${id}`,
        payload: { ...patch },
      },
    };
  });
}

/** Stops watching a feed; the items it delivered and their suggestions stay. */
export async function removeFeedSource(deps: Deps, actor: Actor, id: string): Promise<void> {
  requireRole(actor, 'analyst');
  await change(deps, actor, async (tx) => {
    const current = await findFeedSource(tx, id);
    if (!current) throw new DomainError('not_found', `no feed source ${id}`);
    await tx.deleteFrom('feed_sources').where('id', '=', id).execute();
    return {
      result: undefined,
      event: {
        type: 'feed_source.removed',
        agreementId: current.agreement_id,
        subject: `feed_source:${id}`,
        payload: { url: current.url },
      },
    };
  });
}

/** The feeds an agreement watches, with their last poll's outcome. */
export async function listFeedSources(deps: Deps, agreementId: string): Promise<FeedSourceRow[]> {
  return listSources(deps.db, agreementId);
}

/**
 * Records a successful poll: every item stored once (by address, else guid) and linked to the
 * source, the validators kept for the next conditional GET, the next poll scheduled. One
 * transaction: a crash stores nothing and keeps the old validators, so the next poll reads the
 * feed again and nothing is lost.
 */
export async function recordFeedPoll(
  deps: Deps,
  sourceId: string,
  poll: {
    items: PolledItem[];
    etag: string | null;
    lastModified: string | null;
    httpStatus: number;
    title?: string | null;
  },
  now = new Date(),
): Promise<{ newItems: number; seenItems: number }> {
  return deps.db.transaction().execute(async (tx) => {
    const source = await findFeedSource(tx, sourceId);
    if (!source) throw new DomainError('not_found', `no feed source ${sourceId}`);
    let newItems = 0;
    const seen = new Set<string>();
    for (const item of poll.items) {
      const stored = await upsertFeedItem(tx, {
        guid_key: item.guidKey,
        url_key: item.urlKey,
        url: item.url,
        title: item.title,
        summary: item.summary,
        published: item.published,
        language: item.language,
      });
      if (stored.created) newItems++;
      if (seen.has(stored.item.id)) continue;
      seen.add(stored.item.id);
      await linkSourceItem(tx, sourceId, stored.item.id);
    }
    await tx
      .updateTable('feed_sources')
      .set({
        etag: poll.etag,
        last_modified: poll.lastModified,
        last_status: poll.httpStatus,
        last_polled_at: now,
        last_success_at: now,
        last_error: null,
        failures: 0,
        next_poll_at: new Date(now.getTime() + source.interval_minutes * 60_000),
        ...(source.title === null && poll.title ? { title: poll.title.slice(0, 300) } : {}),
      })
      .where('id', '=', sourceId)
      .execute();
    return { newItems, seenItems: seen.size };
  });
}

/** Records a poll that found the feed unchanged (304). */
export async function recordFeedUnchanged(
  deps: Deps,
  sourceId: string,
  now = new Date(),
): Promise<void> {
  await deps.db
    .updateTable('feed_sources')
    .set({
      last_status: 304,
      last_polled_at: now,
      last_success_at: now,
      last_error: null,
      failures: 0,
      next_poll_at: sql<Date>`${now}::timestamptz + make_interval(mins => interval_minutes)`,
    })
    .where('id', '=', sourceId)
    .execute();
}

/**
 * Records a failed poll: the error kept on the source, the next try backed off (the interval
 * doubled per failure in a row, at most a day). Other sources are not affected.
 */
export async function recordFeedFailure(
  deps: Deps,
  sourceId: string,
  failure: { message: string; httpStatus: number | null },
  now = new Date(),
): Promise<void> {
  const source = await findFeedSource(deps.db, sourceId);
  if (!source) return;
  const failures = source.failures + 1;
  const minutes = Math.min(
    source.interval_minutes * 2 ** Math.min(failures, 10),
    maxBackoffMinutes,
  );
  await deps.db
    .updateTable('feed_sources')
    .set({
      last_status: failure.httpStatus,
      last_polled_at: now,
      last_error: failure.message.slice(0, 500),
      failures,
      next_poll_at: new Date(now.getTime() + minutes * 60_000),
    })
    .where('id', '=', sourceId)
    .execute();
}

/** An http(s) address, or a DomainError. */
export function checkFeedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new DomainError('invalid_feed_url', `not an address: ${url.slice(0, 200)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new DomainError('invalid_feed_url', 'a feed address starts with http:// or https://');
  return parsed.href;
}
