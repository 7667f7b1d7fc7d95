import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The head of the history when this request started (anonymous GETs only). */
    historyHead: string | null;
  }
  interface FastifyInstance {
    conditionalCache: ConditionalCache;
  }
}

/**
 * Answers repeated anonymous conditional reads (If-None-Match) with 304 without touching the
 * database. Every change appends an event, so the head of the event log versions the whole
 * database: a remembered ETag stays valid while the head has not moved. Writes through this
 * process make the head unknown at once; writes through other servers are seen within
 * `maxAgeMs` (the head is read at most that often).
 */
export class ConditionalCache {
  private head: string | null = null;
  private checkedAt = 0;
  private refreshing: Promise<string | null> | null = null;
  private readonly entries = new Map<string, { etag: string; head: string }>();

  constructor(
    private readonly db: Kysely<Schema>,
    private readonly maxAgeMs = 500,
    private readonly maxEntries = 20_000,
  ) {}

  /** The head of the history, read again when older than `maxAgeMs` (one query shared by all). */
  async currentHead(): Promise<string | null> {
    if (this.head !== null && Date.now() - this.checkedAt < this.maxAgeMs) return this.head;
    this.refreshing ??= sql<{ head: string | null }>`SELECT max(id)::text AS head FROM events`
      .execute(this.db)
      .then((r) => {
        this.head = r.rows[0]?.head ?? '0';
        this.checkedAt = Date.now();
        return this.head;
      })
      .catch(() => null)
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  /** A change went through this process: the head must be read again. */
  invalidate(): void {
    this.head = null;
  }

  /** Remembers the ETag of a public representation as of the head its request started at. */
  remember(url: string, etag: string, head: string | null): void {
    if (head === null) return;
    if (this.entries.size >= this.maxEntries)
      this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(url, { etag, head });
  }

  /** Whether the representation at `url` is still the one with `etag`. */
  async unchanged(url: string, etag: string): Promise<boolean> {
    const entry = this.entries.get(url);
    if (!entry || entry.etag !== etag) return false;
    return (await this.currentHead()) === entry.head;
  }
}

const anonymousGet = (request: FastifyRequest) =>
  request.method === 'GET' && !request.headers.cookie && !request.headers.authorization;

/** Installs the cache: the 304 fast path first of all hooks, and invalidation after writes. */
export function registerConditionalCache(app: FastifyInstance, db: Kysely<Schema>): void {
  const cache = new ConditionalCache(db);
  app.decorate('conditionalCache', cache);
  app.decorateRequest('historyHead', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!anonymousGet(request) || !request.url.startsWith('/api/')) return;
    const inm = request.headers['if-none-match'];
    if (inm && (await cache.unchanged(request.url, inm))) {
      return reply.code(304).header('etag', inm).header('cache-control', 'no-cache').send();
    }
    request.historyHead = await cache.currentHead();
  });
  app.addHook('onResponse', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400)
      cache.invalidate();
  });
}

/** For sendWithEtag: remember a public representation's ETag. */
export function rememberEtag(request: FastifyRequest, etag: string): void {
  if (anonymousGet(request))
    request.server.conditionalCache?.remember(request.url, etag, request.historyHead);
}
