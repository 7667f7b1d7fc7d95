import { claimDueFeedSources, findFeedSource } from '../store/feed.repository.ts';
import {
  recordFeedFailure,
  recordFeedPoll,
  recordFeedUnchanged,
  type PolledItem,
} from '../services/feeds.ts';
import { suggestForSource } from '../services/suggestions.ts';
import type { Deps } from '../services/tx.ts';
import { FeedFetchError, fetchFeed, type FetchFeedOptions } from './fetch-feed.ts';
import { FeedParseError, guidKey, normaliseUrl } from './feed-keys.ts';
import type { ParsedFeed } from './parse-feed.ts';

export type PollOutcome =
  | { source: string; status: 'fetched'; newItems: number; seenItems: number; suggestions: number }
  | { source: string; status: 'not_modified'; suggestions: number }
  | { source: string; status: 'failed'; error: string }
  | { source: string; status: 'missing' };

/**
 * Polls one source: conditional GET, parse, store the items once, then match the items not
 * matched yet into suggestions. A fetch or parse failure is recorded on the source (last error,
 * backoff) and returned, never thrown.
 */
export async function pollSource(
  deps: Deps,
  sourceId: string,
  options: FetchFeedOptions = {},
  now: () => Date = () => new Date(),
): Promise<PollOutcome> {
  const source = await findFeedSource(deps.db, sourceId);
  if (!source) return { source: sourceId, status: 'missing' };
  let result: Awaited<ReturnType<typeof fetchFeed>>;
  let feed: ParsedFeed | null = null;
  try {
    result = await fetchFeed(source.url, {
      ...options,
      etag: source.etag,
      lastModified: source.last_modified,
    });
    // The parser (feedsmith) loads with the first body to parse.
    if (result.status === 'fetched')
      feed = (await import('./parse-feed.ts')).parseFeedItems(result.body);
  } catch (error) {
    if (!(error instanceof FeedFetchError || error instanceof FeedParseError)) throw error;
    const message = `${error instanceof FeedFetchError ? error.code : 'unreadable_feed'}: ${error.message}`;
    await recordFeedFailure(
      deps,
      sourceId,
      { message, httpStatus: error instanceof FeedFetchError ? error.httpStatus : null },
      now(),
    );
    return { source: sourceId, status: 'failed', error: message };
  }
  if (result.status === 'not_modified' || feed === null) {
    await recordFeedUnchanged(deps, sourceId, now());
    const { suggestions } = await suggestForSource(deps, sourceId);
    return { source: sourceId, status: 'not_modified', suggestions };
  }
  const base = result.url;
  const items: PolledItem[] = feed.items.map((i) => {
    const url = i.url ? safeUrl(i.url, base) : null;
    return {
      guidKey: guidKey(i.guid, source.url),
      urlKey: url ? normaliseUrl(url) : null,
      url,
      title: i.title,
      summary: i.summary,
      published: i.published,
      language: i.language,
    };
  });
  const stored = await recordFeedPoll(
    deps,
    sourceId,
    {
      items: items.filter((i) => i.guidKey !== null || i.urlKey !== null),
      etag: result.etag,
      lastModified: result.lastModified,
      httpStatus: result.httpStatus,
      title: feed.title,
    },
    now(),
  );
  const { suggestions } = await suggestForSource(deps, sourceId);
  return { source: sourceId, status: 'fetched', ...stored, suggestions };
}

/**
 * Polls every source that is due, one after another (the per-host pace keeps this polite); a
 * source that fails does not stop the others.
 */
export async function pollDueSources(
  deps: Deps,
  options: FetchFeedOptions & { limit?: number } = {},
  now: () => Date = () => new Date(),
): Promise<PollOutcome[]> {
  const due = await claimDueFeedSources(deps.db, now(), options.limit ?? 50);
  const outcomes: PollOutcome[] = [];
  for (const sourceId of due) {
    try {
      outcomes.push(await pollSource(deps, sourceId, options, now));
    } catch (error) {
      const message = `internal: ${error instanceof Error ? error.message : String(error)}`;
      await recordFeedFailure(deps, sourceId, { message, httpStatus: null }, now()).catch(
        () => undefined,
      );
      outcomes.push({ source: sourceId, status: 'failed', error: message });
    }
  }
  return outcomes;
}

function safeUrl(url: string, base: string): string | null {
  try {
    const u = new URL(url, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
