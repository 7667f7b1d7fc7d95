import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../core/domain-error.ts';
import { fetchFeed, FeedFetchError } from '../../jobs/fetch-feed.ts';
import { pollSource } from '../../jobs/poll-feeds.ts';
import { readSource } from '../../readers/read-source.ts';
import { requireRole } from '../../services/authorize.ts';
import {
  addFeedSource,
  listFeedSources,
  removeFeedSource,
  updateFeedSource,
} from '../../services/feeds.ts';
import {
  acceptSuggestion,
  dismissSuggestion,
  getSuggestion,
  listSuggestions,
  matchPastedText,
} from '../../services/suggestions.ts';
import type { Deps } from '../../services/tx.ts';
import { findAgreement } from '../../store/agreement.repository.ts';
import { findFeedSource } from '../../store/feed.repository.ts';
import type { FeedSourceRow } from '../../store/schema.ts';
import {
  decodeCursor,
  encodeCursor,
  etagOf,
  expectedVersion,
  idOrSlugParam,
  idParam,
  isoDate,
} from '../http.ts';

const feedUrl = z.url({ protocol: /^https?$/ }).max(2000);
const interval = z.number().int().min(5).max(10_080);
const suggestionCursor = z.strictObject({
  score: z.number(),
  id: z.string().regex(/^\d{1,18}$/),
});

function presentSource(s: FeedSourceRow) {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: s.id,
    agreementId: s.agreement_id,
    url: s.url,
    title: s.title,
    enabled: s.enabled,
    intervalMinutes: s.interval_minutes,
    nextPollAt: iso(s.next_poll_at),
    lastPolledAt: iso(s.last_polled_at),
    lastSuccessAt: iso(s.last_success_at),
    lastStatus: s.last_status,
    lastError: s.last_error,
    failures: s.failures,
    version: s.row_version,
  };
}

/**
 * Evidence monitoring: the feeds an agreement watches, the suggestions they produce (accept or
 * dismiss), and "which commitments does this text advance?" for a pasted text or address.
 */
export function feedRoutes(app: FastifyInstance, deps: Deps): void {
  const server = app.withTypeProvider<ZodTypeProvider>();

  const agreementId = async (idOrSlug: string) => {
    const agreement = await findAgreement(deps.db, idOrSlug);
    if (!agreement) throw new DomainError('agreement_not_found', `no agreement ${idOrSlug}`);
    return agreement.id;
  };

  server.get(
    '/api/accords/:id/feeds',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['feeds'],
        summary: 'The feeds an agreement watches, with their last poll',
        params: idOrSlugParam,
      },
    },
    async (request) => {
      const id = await agreementId(request.params.id);
      return { items: (await listFeedSources(deps, id)).map(presentSource) };
    },
  );

  server.post(
    '/api/accords/:id/feeds',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['feeds'],
        summary: 'Watch a feed (RSS, Atom, RDF or JSON Feed) for evidence',
        params: idOrSlugParam,
        body: z.strictObject({
          url: feedUrl,
          title: z.string().min(1).max(300).optional(),
          intervalMinutes: interval.optional(),
        }),
      },
    },
    async (request, reply) => {
      requireRole(request.actor, 'analyst');
      const id = await agreementId(request.params.id);
      const row = await addFeedSource(deps, request.actor, id, request.body);
      return reply
        .code(201)
        .header('location', `/api/feeds/${row.id}`)
        .header('etag', etagOf('feed', row.id, row.row_version))
        .send(presentSource(row));
    },
  );

  server.patch(
    '/api/feeds/:id',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['feeds'],
        summary: 'Change a feed’s title, interval or enabled flag (If-Match)',
        params: idParam,
        body: z.strictObject({
          title: z.string().min(1).max(300).nullable().optional(),
          intervalMinutes: interval.optional(),
          enabled: z.boolean().optional(),
        }),
      },
    },
    async (request, reply) => {
      requireRole(request.actor, 'analyst');
      const version = expectedVersion(request, 'feed', request.params.id);
      const row = await updateFeedSource(
        deps,
        request.actor,
        request.params.id,
        request.body,
        version,
      );
      return reply.header('etag', etagOf('feed', row.id, row.row_version)).send(presentSource(row));
    },
  );

  server.delete(
    '/api/feeds/:id',
    {
      config: { access: 'analyst' },
      schema: { tags: ['feeds'], summary: 'Stop watching a feed', params: idParam },
    },
    async (request, reply) => {
      requireRole(request.actor, 'analyst');
      await removeFeedSource(deps, request.actor, request.params.id);
      return reply.code(204).send();
    },
  );

  server.post(
    '/api/feeds/:id/poll',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['feeds'],
        summary: 'Poll a feed now (conditional GET), store new items and suggest',
        params: idParam,
      },
    },
    async (request) => {
      requireRole(request.actor, 'analyst');
      if (!(await findFeedSource(deps.db, request.params.id)))
        throw new DomainError('not_found', `no feed source ${request.params.id}`);
      const outcome = await pollSource(deps, request.params.id, { attempts: 1, timeoutMs: 15_000 });
      const row = (await findFeedSource(deps.db, request.params.id))!;
      return { outcome, source: presentSource(row) };
    },
  );

  server.get(
    '/api/accords/:id/suggestions',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['feeds'],
        summary: 'Suggested evidence for the agreement’s commitments, best first',
        params: idOrSlugParam,
        querystring: z.strictObject({
          state: z.enum(['open', 'accepted', 'dismissed']).default('open'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().max(500).optional(),
        }),
      },
    },
    async (request) => {
      const id = await agreementId(request.params.id);
      const after = decodeCursor(request.query.cursor, suggestionCursor);
      const items = await listSuggestions(deps, request.actor, id, {
        state: request.query.state,
        after,
        limit: request.query.limit + 1,
      });
      const page = items.slice(0, request.query.limit);
      const last = page.at(-1);
      return {
        items: page,
        next:
          items.length > request.query.limit && last
            ? encodeCursor({ score: last.score, id: last.id })
            : null,
      };
    },
  );

  const decide = (verb: 'accept' | 'dismiss') =>
    server.post(
      `/api/suggestions/:id/${verb}`,
      {
        config: { access: 'analyst' },
        schema: {
          tags: ['feeds'],
          summary:
            verb === 'accept'
              ? 'Accept: the item becomes evidence linked to the commitment'
              : 'Dismiss: the item is not suggested for this commitment again',
          description: 'If-Match with the suggestion’s ETag is checked when sent.',
          params: idParam,
        },
      },
      async (request, reply) => {
        requireRole(request.actor, 'analyst');
        const version = request.headers['if-match']
          ? expectedVersion(request, 'suggestion', request.params.id)
          : undefined;
        const decided = await (verb === 'accept' ? acceptSuggestion : dismissSuggestion)(
          deps,
          request.actor,
          request.params.id,
          version,
        );
        return reply
          .header('etag', etagOf('suggestion', decided.id, decided.version))
          .send(decided);
      },
    );
  decide('accept');
  decide('dismiss');

  server.get(
    '/api/suggestions/:id',
    {
      config: { access: 'analyst' },
      schema: { tags: ['feeds'], summary: 'One suggestion', params: idParam },
    },
    async (request, reply) => {
      const s = await getSuggestion(deps, request.actor, request.params.id);
      return reply.header('etag', etagOf('suggestion', s.id, s.version)).send(s);
    },
  );

  server.post(
    '/api/accords/:id/match',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['feeds'],
        summary: 'Which commitments does this text (or the page at this address) advance? Ranked',
        params: idOrSlugParam,
        body: z
          .strictObject({
            text: z.string().min(1).max(200_000).optional(),
            url: feedUrl.optional(),
            published: isoDate.optional(),
            limit: z.number().int().min(1).max(50).optional(),
          })
          .refine((b) => (b.text === undefined) !== (b.url === undefined), {
            message: 'give either text or url',
          }),
      },
    },
    async (request) => {
      requireRole(request.actor, 'analyst');
      const id = await agreementId(request.params.id);
      let text = request.body.text ?? '';
      if (request.body.url !== undefined) text = await pageText(request.body.url);
      const matches = await matchPastedText(deps, id, {
        text,
        published: request.body.published,
        ...(request.body.limit ? { limit: request.body.limit } : {}),
      });
      return { matches };
    },
  );
}

/** The readable text of a page (HTML, PDF or plain text), fetched with the feed fetcher's limits. */
async function pageText(url: string): Promise<string> {
  try {
    const page = await fetchFeed(url, {
      attempts: 1,
      timeoutMs: 15_000,
      maxBytes: 10 * 1024 * 1024,
    });
    if (page.status !== 'fetched') return '';
    const source = await readSource(page.bytes, {
      fileName: new URL(page.url).pathname,
    });
    return source.text;
  } catch (error) {
    if (error instanceof FeedFetchError)
      throw new DomainError('unreadable_page', `cannot read ${url}: ${error.message}`);
    throw error;
  }
}
