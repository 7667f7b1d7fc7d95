/**
 * Fetching a feed politely and defensively: conditional GET (ETag, Last-Modified), a timeout for
 * the whole exchange, retries with exponential backoff for transient failures, redirects followed
 * by hand (at most five, loops refused), a size cap read as the body streams in, and a minimum
 * pause between two requests to the same host.
 */

import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export interface FetchFeedOptions {
  etag?: string | null | undefined;
  lastModified?: string | null | undefined;
  /** Whole-exchange timeout per attempt, in ms (default 15 s). */
  timeoutMs?: number;
  /** Refuse bodies larger than this many bytes (default 5 MiB). */
  maxBytes?: number;
  /** Attempts for transient failures (network, timeout, 429, 5xx); default 3. */
  attempts?: number;
  /** First backoff delay in ms, doubled each retry (default 500). */
  backoffMs?: number;
  /** Minimum ms between two requests to one host (default 1000). */
  hostPaceMs?: number;
  fetch?: typeof fetch;
  /**
   * Allow addresses on this machine or a private network (loopback, RFC 1918, link-local).
   * Refused by default, so that an analyst's address cannot reach internal services; tests and
   * intranet deployments set ACCORD_ALLOW_PRIVATE_FEEDS=true.
   */
  allowPrivateAddresses?: boolean;
}

export type FetchFeedResult =
  | {
      status: 'fetched';
      body: string;
      /** The body's bytes, for readers of binary formats (a PDF page). */
      bytes: Uint8Array;
      url: string;
      etag: string | null;
      lastModified: string | null;
      httpStatus: number;
    }
  | { status: 'not_modified'; httpStatus: 304 };

/** A failure to fetch, with a stable code and a one-line message for the source's last error. */
export class FeedFetchError extends Error {
  override readonly name = 'FeedFetchError';
  constructor(
    readonly code:
      | 'invalid_url'
      | 'timeout'
      | 'network'
      | 'http_status'
      | 'too_large'
      | 'redirect_loop'
      | 'too_many_redirects'
      | 'private_address',
    message: string,
    readonly transient = false,
    readonly httpStatus: number | null = null,
  ) {
    super(message);
  }
}

const userAgent = 'AccordTracker/0.1 (evidence monitoring; +https://github.com/)';
const lastRequest = new Map<string, number>();

/**
 * Fetches a feed's body, or learns that it has not changed (304).
 *
 * @example const r = await fetchFeed('https://example.org/feed.xml', { etag: source.etag })
 */
export async function fetchFeed(
  url: string,
  options: FetchFeedOptions = {},
): Promise<FetchFeedResult> {
  const attempts = Math.max(1, options.attempts ?? 3);
  let delay = options.backoffMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetchOnce(url, options);
    } catch (error) {
      const failure =
        error instanceof FeedFetchError
          ? error
          : new FeedFetchError('network', oneLine(error), true);
      if (!failure.transient || attempt >= attempts) throw failure;
      await sleep(delay * (0.75 + Math.random() * 0.5));
      delay *= 2;
    }
  }
}

async function fetchOnce(url: string, options: FetchFeedOptions): Promise<FetchFeedResult> {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const seen = new Set<string>();
  let current = parseUrl(url);
  try {
    for (let hop = 0; ; hop++) {
      if (seen.has(current.href))
        throw new FeedFetchError('redirect_loop', `redirect loop at ${current.href}`);
      if (hop > 5) throw new FeedFetchError('too_many_redirects', 'more than 5 redirects');
      seen.add(current.href);
      if (!(options.allowPrivateAddresses ?? process.env.ACCORD_ALLOW_PRIVATE_FEEDS === 'true'))
        await refusePrivate(current.hostname);
      await pace(current.host, options.hostPaceMs ?? 1000);
      const headers: Record<string, string> = {
        'user-agent': userAgent,
        accept:
          'application/rss+xml, application/atom+xml, application/feed+json, application/json, application/xml, text/xml;q=0.9, */*;q=0.5',
      };
      // Validators belong to the address they came from: only sent to the first one.
      if (hop === 0 && options.etag) headers['if-none-match'] = options.etag;
      if (hop === 0 && options.lastModified) headers['if-modified-since'] = options.lastModified;
      let response: Response;
      try {
        response = await doFetch(current, {
          headers,
          redirect: 'manual',
          signal: controller.signal,
        });
      } catch (error) {
        if (controller.signal.aborted)
          throw new FeedFetchError('timeout', `no answer within ${timeoutMs} ms`, true);
        throw new FeedFetchError('network', oneLine(error), true);
      }
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        const location = response.headers.get('location');
        await response.body?.cancel();
        if (!location)
          throw new FeedFetchError('http_status', `HTTP ${response.status} without a Location`);
        current = parseUrl(new URL(location, current).href);
        continue;
      }
      if (response.status === 304) {
        await response.body?.cancel();
        return { status: 'not_modified', httpStatus: 304 };
      }
      if (!response.ok) {
        await response.body?.cancel();
        const transient = response.status === 429 || response.status >= 500;
        throw new FeedFetchError(
          'http_status',
          `HTTP ${response.status} ${response.statusText}`.trim(),
          transient,
          response.status,
        );
      }
      const declared = Number(response.headers.get('content-length') ?? NaN);
      if (declared > maxBytes) {
        await response.body?.cancel();
        throw tooLarge(maxBytes);
      }
      const bytes = await readCapped(response, maxBytes, controller, timeoutMs);
      return {
        status: 'fetched',
        body: new TextDecoder('utf-8').decode(bytes),
        bytes,
        url: current.href,
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
        httpStatus: response.status,
      };
    }
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(
  response: Response,
  maxBytes: number,
  controller: AbortController,
  timeoutMs: number,
): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof FeedFetchError) throw error;
    if (controller.signal.aborted)
      throw new FeedFetchError('timeout', `no complete answer within ${timeoutMs} ms`, true);
    throw new FeedFetchError('network', oneLine(error), true);
  }
  return Buffer.concat(chunks);
}

function tooLarge(maxBytes: number): FeedFetchError {
  return new FeedFetchError('too_large', `the feed is larger than ${maxBytes} bytes`);
}

function parseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FeedFetchError('invalid_url', `not an address: ${url.slice(0, 200)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new FeedFetchError('invalid_url', `only http and https feeds: ${parsed.protocol}`);
  return parsed;
}

/** Refuses a host that is, or resolves to, an address on this machine or a private network. */
async function refusePrivate(hostname: string): Promise<void> {
  const host = hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true })).map((a) => a.address);
    } catch (error) {
      throw new FeedFetchError('network', `cannot resolve ${host}: ${oneLine(error)}`, true);
    }
  }
  const inside = addresses.find(isPrivateAddress);
  if (inside !== undefined)
    throw new FeedFetchError(
      'private_address',
      `${host} is on this machine or a private network (${inside}): refused`,
    );
}

/**
 * Whether an IP address is loopback, private (RFC 1918, unique local), link-local or unspecified.
 *
 * @example isPrivateAddress('10.1.2.3') // true
 */
export function isPrivateAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^::ffff:(?=\d+\.)/, '');
  if (isIP(a) === 4) {
    const [x, y] = a.split('.').map(Number) as [number, number];
    return (
      x === 0 ||
      x === 10 ||
      x === 127 ||
      (x === 169 && y === 254) ||
      (x === 172 && y >= 16 && y <= 31) ||
      (x === 192 && y === 168) ||
      (x === 100 && y >= 64 && y <= 127)
    );
  }
  return a === '::' || a === '::1' || /^f[cd]/.test(a) || /^fe[89ab]/.test(a);
}

async function pace(host: string, ms: number): Promise<void> {
  const now = Date.now();
  const next = Math.max(now, (lastRequest.get(host) ?? 0) + ms);
  lastRequest.set(host, next);
  if (next > now) await sleep(next - now);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function oneLine(error: unknown): string {
  const cause =
    error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const message = error instanceof Error ? error.message : String(error);
  return `${message}${cause}`.split('\n')[0]!.slice(0, 300);
}
