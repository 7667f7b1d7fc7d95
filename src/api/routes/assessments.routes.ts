import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../core/domain-error.ts';
import { statuses } from '../../core/tracking/status.ts';
import { hasRole } from '../../services/actor.ts';
import { requireRole } from '../../services/authorize.ts';
import { draftAssessment, reviewAssessment, updateAssessment } from '../../services/assessments.ts';
import type { Deps } from '../../services/tx.ts';
import {
  decodeCursor,
  idCursor,
  encodeCursor,
  etagOf,
  expectedVersion,
  idParam,
  pageQuery,
  sendWithEtag,
} from '../http.ts';
import { presentAssessment } from '../present.ts';

const score = z.union([z.literal(-1), z.literal(0), z.literal(1)]).nullable();
const evidenceIds = z.array(z.string().regex(/^\d{1,18}$/)).max(200);

/** Assessments: list (anonymous: approved only), draft, edit, and the review workflow. */
export function assessmentRoutes(app: FastifyInstance, deps: Deps): void {
  const server = app.withTypeProvider<ZodTypeProvider>();

  const load = async (id: string, member: boolean) => {
    const row = await deps.db
      .selectFrom('assessments')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || (!member && row.state !== 'approved'))
      throw new DomainError('assessment_not_found', `no assessment ${id}`);
    return row;
  };

  server.get(
    '/api/assessments',
    {
      config: { access: 'public' },
      schema: {
        tags: ['assessments'],
        summary: 'Assessments; anonymous visitors see approved ones only',
        querystring: z.strictObject({
          ...pageQuery,
          cycle: z
            .string()
            .regex(/^\d{1,18}$/)
            .optional(),
          commitment: z
            .string()
            .regex(/^\d{1,18}$/)
            .optional(),
          state: z.enum(['draft', 'submitted', 'approved', 'returned']).optional(),
          agreement: z
            .string()
            .regex(/^\d{1,18}$/)
            .optional(),
        }),
      },
    },
    async (request) => {
      const member = hasRole(request.actor, 'viewer');
      const after = decodeCursor(request.query.cursor, idCursor);
      let q = deps.db
        .selectFrom('assessments')
        .selectAll()
        .orderBy('id')
        .limit(request.query.limit + 1);
      if (after) q = q.where('id', '>', after.id);
      if (!member) q = q.where('state', '=', 'approved');
      if (request.query.state) q = q.where('state', '=', request.query.state);
      if (request.query.cycle) q = q.where('cycle_id', '=', request.query.cycle);
      if (request.query.commitment) q = q.where('commitment_id', '=', request.query.commitment);
      const agreement = request.query.agreement;
      if (agreement)
        q = q.where('commitment_id', 'in', (eb) =>
          eb.selectFrom('commitments').select('id').where('agreement_id', '=', agreement),
        );
      const rows = await q.execute();
      const page = rows.slice(0, request.query.limit);
      return {
        items: page.map(presentAssessment),
        next: rows.length > request.query.limit ? encodeCursor({ id: page.at(-1)!.id }) : null,
      };
    },
  );

  server.post(
    '/api/assessments',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['assessments'],
        summary: 'Draft an assessment of a commitment for a party in a cycle',
        body: z.strictObject({
          commitment: z.string().regex(/^\d{1,18}$/),
          party: z.string().regex(/^[A-Z]{2}$/),
          cycle: z.string().regex(/^\d{1,18}$/),
          status: z.enum(statuses),
          score: score.optional(),
          rationale: z.string().max(20_000).optional(),
          evidence: evidenceIds.optional(),
        }),
      },
    },
    async (request, reply) => {
      requireRole(request.actor, 'analyst');
      const b = request.body;
      const row = await draftAssessment(deps, request.actor, {
        commitmentId: b.commitment,
        party: b.party,
        cycleId: b.cycle,
        status: b.status,
        score: b.score,
        rationale: b.rationale,
        evidenceIds: b.evidence,
      });
      return reply
        .code(201)
        .header('etag', etagOf('assessment', row.id, row.row_version))
        .send(presentAssessment(row));
    },
  );

  server.get(
    '/api/assessments/:id',
    {
      config: { access: 'public' },
      schema: { tags: ['assessments'], summary: 'One assessment', params: idParam },
    },
    async (request, reply) => {
      const row = await load(request.params.id, hasRole(request.actor, 'viewer'));
      return sendWithEtag(
        request,
        reply,
        etagOf('assessment', row.id, row.row_version),
        presentAssessment(row),
      );
    },
  );

  server.patch(
    '/api/assessments/:id',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['assessments'],
        summary: 'Edit a draft or returned assessment (If-Match required)',
        params: idParam,
        body: z.strictObject({
          status: z.enum(statuses).optional(),
          score: score.optional(),
          rationale: z.string().max(20_000).optional(),
          evidence: evidenceIds.optional(),
        }),
      },
    },
    async (request, reply) => {
      requireRole(request.actor, 'analyst');
      const current = await load(request.params.id, true);
      const b = request.body;
      const row = await updateAssessment(
        deps,
        request.actor,
        current.id,
        expectedVersion(request, 'assessment', current.id),
        { status: b.status, score: b.score, rationale: b.rationale, evidenceIds: b.evidence },
      );
      return reply
        .header('etag', etagOf('assessment', row.id, row.row_version))
        .send(presentAssessment(row));
    },
  );

  for (const [action, to] of [
    ['submit', 'submitted'],
    ['approve', 'approved'],
    ['return', 'returned'],
  ] as const) {
    server.post(
      `/api/assessments/:id/${action}`,
      {
        config: { access: to === 'submitted' ? 'analyst' : 'reviewer' },
        schema: {
          tags: ['assessments'],
          summary: `${action[0]!.toUpperCase()}${action.slice(1)} an assessment (If-Match required)`,
          params: idParam,
          body: z.strictObject({ comment: z.string().max(5000).optional() }).optional(),
        },
      },
      async (request, reply) => {
        requireRole(request.actor, to === 'submitted' ? 'analyst' : 'reviewer');
        const current = await load(request.params.id, true);
        const row = await reviewAssessment(
          deps,
          request.actor,
          current.id,
          expectedVersion(request, 'assessment', current.id),
          to,
          request.body?.comment,
        );
        return reply
          .header('etag', etagOf('assessment', row.id, row.row_version))
          .send(presentAssessment(row));
      },
    );
  }
}
