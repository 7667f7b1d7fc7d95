// What feed items are told apart by, and the parse error: kept apart from the parser so that the
// poller loads feedsmith only when it has a body to parse.

/** A body that is not a feed of any of the four formats (or is malformed). */
export class FeedParseError extends Error {
  override readonly name = 'FeedParseError';
}

const trackingParameters = /^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid)$/i;

/**
 * The key an item's address is deduplicated by: scheme, `www.`, default port, fragment, tracking
 * parameters and a trailing slash dropped; host lower-cased; parameters sorted.
 *
 * @example normaliseUrl('HTTPS://www.Gov.uk/news/a/?utm_source=x#top') // 'gov.uk/news/a'
 */
export function normaliseUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const params = [...u.searchParams]
    .filter(([k]) => !trackingParameters.test(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  const port = u.port && u.port !== '80' && u.port !== '443' ? `:${u.port}` : '';
  const path = u.pathname.replace(/\/+$/, '');
  return `${host}${port}${path}${query}`;
}

/**
 * The key an item's guid is deduplicated by: a guid that is an address or URN is global; a bare
 * one ("1234") only means something within its feed's host.
 *
 * @example guidKey('1234', 'https://example.org/feed') // 'example.org#1234'
 */
export function guidKey(guid: string | null, feedUrl: string): string | null {
  if (!guid) return null;
  const g = guid.trim().slice(0, 2000);
  if (/^[a-z][a-z0-9+.-]*:/i.test(g)) return normaliseUrl(g) ?? g;
  let host = 'feed';
  try {
    host = new URL(feedUrl).host.toLowerCase();
  } catch {
    // keep the generic prefix
  }
  return `${host}#${g}`;
}
