import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { searchText } from '../../core/text/search-text.ts';
import { statuses } from '../../core/tracking/status.ts';
import { hasRole } from '../../services/actor.ts';
import type { Deps } from '../../services/tx.ts';
import { searchCommitments, searchEvidence } from '../../store/search.repository.ts';
import { commitmentFilterQuery } from './commitment-filters.ts';

// The register's facets; rejected commitments are never searched.
const { include_rejected: _rejected, ...facets } = commitmentFilterQuery;

/** Full-text search over commitments and evidence, with facets. */
export function searchRoutes(app: FastifyInstance, deps: Deps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/search',
    {
      config: { access: 'public' },
      schema: {
        tags: ['search'],
        summary:
          'Search commitments and evidence (English stemming; Japanese by words), with facet filters and counts',
        querystring: z.strictObject({
          q: z.string().trim().min(1).max(500),
          agreement: z
            .string()
            .regex(/^\d{1,18}$/)
            .optional(),
          party: z
            .string()
            .regex(/^[A-Z]{2}$/)
            .optional(),
          status: z.enum(statuses).optional(),
          score: z.coerce.number().int().min(-1).max(1).optional(),
          ...facets,
          limit: z.coerce.number().int().min(1).max(100).default(20),
          offset: z.coerce.number().int().min(0).max(10_000).default(0),
        }),
      },
    },
    async (request) => {
      const q = request.query;
      // Japanese queries are matched word by word, as their text was stored.
      const terms = searchText(
        q.q,
        /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(q.q) ? 'ja' : 'en',
      );
      const includePrivate = hasRole(request.actor, 'viewer');
      const [commitments, evidence] = await Promise.all([
        searchCommitments(
          deps.db,
          terms,
          {
            agreementId: q.agreement,
            section: q.section,
            party: q.party,
            status: q.status,
            score: q.score,
            topic: q.topic,
            actor: q.actor,
            instrument: q.instrument,
            deadlineFrom: q.deadline_from,
            deadlineTo: q.deadline_to,
            overdueOn: q.overdue === 'true' ? new Date().toISOString().slice(0, 10) : undefined,
            includePrivate,
          },
          q.limit,
          q.offset,
        ),
        q.offset === 0
          ? searchEvidence(deps.db, terms, Math.min(q.limit, 20))
          : Promise.resolve([]),
      ]);
      return {
        query: q.q,
        total: commitments.total,
        commitments: commitments.hits.map((h) => ({
          id: h.id,
          agreement: h.agreement_id,
          section: h.section,
          text: h.text,
          snippet: h.snippet,
          deadline: h.deadline_date,
          topics: h.topics,
          rank: h.rank,
        })),
        evidence,
        facets: commitments.facets,
      };
    },
  );
}
