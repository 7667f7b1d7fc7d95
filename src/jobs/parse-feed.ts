import { parseFeed } from 'feedsmith';
import { detectLanguage } from '../core/text/language.ts';
import { FeedParseError } from './feed-keys.ts';

export { FeedParseError, guidKey, normaliseUrl } from './feed-keys.ts';

/** One item of a feed, in the shape the store keeps. */
export interface ParsedItem {
  guid: string | null;
  url: string | null;
  title: string;
  summary: string;
  /** YYYY-MM-DD, or null when the feed gives no readable date. */
  published: string | null;
  language: string;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title: string | null;
  items: ParsedItem[];
}

const maxSummary = 20_000;

/**
 * Parses an RSS, Atom, RDF or JSON Feed body into plain items; markup in titles and summaries is
 * reduced to text.
 *
 * @example parseFeedItems('<rss version="2.0"><channel><item><title>A</title></item></channel></rss>').items[0].title // 'A'
 */
export function parseFeedItems(body: string): ParsedFeed {
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(body);
  } catch (error) {
    throw new FeedParseError(
      `not a readable RSS, Atom, RDF or JSON feed (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const feed = parsed.feed as unknown as Record<string, unknown>;
  const feedLanguage = text(feed.language) ?? text(get(feed, 'dc', 'language')) ?? null;
  const raw = (
    parsed.format === 'atom' ? (feed.entries as unknown[]) : (feed.items as unknown[])
  ) as Record<string, unknown>[] | undefined;
  const items: ParsedItem[] = [];
  for (const entry of raw ?? []) {
    const item = readItem(parsed.format, entry, feedLanguage);
    if (item) items.push(item);
  }
  return { format: parsed.format, title: text(feed.title) ?? null, items };
}

function readItem(
  format: ParsedFeed['format'],
  e: Record<string, unknown>,
  feedLanguage: string | null,
): ParsedItem | null {
  let guid: string | null;
  let url: string | null;
  let summary: string | null;
  let date: string | null;
  if (format === 'atom') {
    const links = (e.links as Record<string, unknown>[] | undefined) ?? [];
    const alternate = links.find((l) => !l.rel || l.rel === 'alternate') ?? links[0];
    guid = text(e.id);
    url = text(alternate?.href);
    summary = text(e.summary) ?? text(e.content);
    date = text(e.published) ?? text(e.updated);
  } else if (format === 'json') {
    guid = text(e.id);
    url = text(e.url) ?? text(e.external_url);
    summary = text(e.summary) ?? text(e.content_text) ?? text(e.content_html);
    date = text(e.date_published) ?? text(e.date_modified);
  } else {
    guid = text(e.guid);
    url = text(e.link);
    summary = text(e.description) ?? text(get(e, 'content', 'encoded'));
    date = text(e.pubDate) ?? text(get(e, 'dc', 'date')) ?? text(get(e, 'dc', 'dates'));
  }
  const title = plain(text(e.title) ?? '');
  const body = plain(summary ?? '').slice(0, maxSummary);
  if (!guid && !url) return null;
  if (!title && !body) return null;
  return {
    guid: guid?.trim() || null,
    url: url?.trim() || null,
    title: title.slice(0, 1000),
    summary: body,
    published: isoDate(date),
    language: languageOf(feedLanguage, `${title}\n${body}`),
  };
}

function get(o: unknown, ...path: string[]): unknown {
  let v = o;
  for (const p of path)
    v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

/** A string from a feed field: a string, a `{ value }` object, or the first of an array. */
function text(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return text(v[0]);
  if (v && typeof v === 'object' && 'value' in v) return text(v.value);
  return null;
}

const entities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  ndash: '–',
  mdash: '—',
  hellip: '…',
};

/** Markup reduced to text: tags dropped (blocks become line breaks), entities decoded. */
export function plain(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<\/(p|div|li|h[1-6])>|<br\s*\/?>/gi, '\n')
    .replace(/<\/?(?:a|b|i|em|strong|span|abbr|code|small|sub|sup|u)\b[^>]*>/gi, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, code: string) => {
      if (code[0] === '#') {
        const n =
          code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : Number(code.slice(1));
        return n > 0 && n < 0x110000 && !(n >= 0xd800 && n < 0xe000)
          ? String.fromCodePoint(n)
          : ' ';
      }
      return entities[code.toLowerCase()] ?? m;
    })
    .replace(/\u0000/g, '')
    .replace(/[ \t\r\f\v]+/g, ' ')
    .replace(/ *\n[\n ]*/g, '\n')
    .trim();
}

function isoDate(s: string | null): string | null {
  if (!s) return null;
  const t = Date.parse(s.trim());
  if (Number.isNaN(t)) return null;
  const d = new Date(t).toISOString().slice(0, 10);
  return d >= '1900-01-01' && d <= '2200-12-31' ? d : null;
}

function languageOf(feedLanguage: string | null, content: string): string {
  const code = feedLanguage?.trim().slice(0, 2).toLowerCase();
  if (code && /^[a-z]{2}$/.test(code)) return code;
  return detectLanguage(content);
}
