import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { topics } from '../../core/commitment/topics.ts';
import { DomainError } from '../../core/domain-error.ts';
import { hasRole } from '../../services/actor.ts';
import { requireRole } from '../../services/authorize.ts';
import {
  editCommitment,
  mergeCommitments,
  rejectCommitment,
  splitCommitment,
} from '../../services/correct-register.ts';
import type { Deps } from '../../services/tx.ts';
import { findCommitment } from '../../store/commitment.repository.ts';
import { etagOf, expectedVersion, idParam, isoDate, pageQuery, sendWithEtag } from '../http.ts';
import { presentAssessment, presentCommitment, presentEvidence } from '../present.ts';
import { commitmentPage } from '../commitment-page.ts';
import { commitmentFilterQuery, filtersFrom } from './commitment-filters.ts';

const patchBody = z.strictObject({
  section: z.string().min(1).max(100).optional(),
  deadline: z
    .strictObject({
      date: isoDate.nullable(),
      precision: z.enum(['day', 'month', 'year']).nullable(),
      phrase: z.string().min(1).max(300),
    })
    .nullable()
    .optional(),
  actors: z.array(z.string().min(1).max(300)).max(100).optional(),
  instruments: z.array(z.string().min(1).max(300)).max(100).optional(),
  targets: z.array(z.string().min(1).max(300)).max(100).optional(),
  topics: z.array(z.enum(topics)).max(topics.length).optional(),
  strength: z.enum(['firm', 'continuing', 'exploratory']).optional(),
  kind: z.enum(['action', 'create_mechanism', 'reaffirm']).optional(),
});

/** Commitments across agreements, one commitment, and the analyst's corrections. */
export function commitmentRoutes(app: FastifyInstance, deps: Deps): void {
  const server = app.withTypeProvider<ZodTypeProvider>();

  const visible = async (id: string, member: boolean) => {
    const c = await findCommitment(deps.db, id);
    if (!c) throw new DomainError('commitment_not_found', `no commitment ${id}`);
    if (!member) {
      const a = await deps.db
        .selectFrom('agreements')
        .select('private')
        .where('id', '=', c.agreement_id)
        .executeTakeFirst();
      if (a?.private) throw new DomainError('commitment_not_found', `no commitment ${id}`);
    }
    return c;
  };

  server.get(
    '/api/commitments',
    {
      config: { access: 'public' },
      schema: {
        tags: ['commitments'],
        summary: 'Commitments of all agreements, with facet filters',
        querystring: z.strictObject({
          ...pageQuery,
          ...commitmentFilterQuery,
          agreement: z
            .string()
            .regex(/^\d{1,18}$/)
            .optional(),
        }),
      },
    },
    async (request, reply) => {
      const page = await commitmentPage(
        deps,
        {
          ...filtersFrom(request.query, hasRole(request.actor, 'viewer')),
          agreementId: request.query.agreement,
        },
        request.query,
      );
      return reply.type('application/json; charset=utf-8').send(page);
    },
  );

  server.get(
    '/api/commitments/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['commitments'],
        summary: 'A commitment with its evidence and assessments',
        params: idParam,
      },
    },
    async (request, reply) => {
      const member = hasRole(request.actor, 'viewer');
      const c = await visible(request.params.id, member);
      const [evidence, assessments] = await Promise.all([
        deps.db
          .selectFrom('evidence')
          .innerJoin('evidence_commitments', 'evidence_commitments.evidence_id', 'evidence.id')
          .selectAll('evidence')
          .where('evidence_commitments.commitment_id', '=', c.id)
          .orderBy('evidence.published')
          .execute(),
        (member
          ? deps.db.selectFrom('assessments').selectAll()
          : deps.db.selectFrom('assessments').selectAll().where('state', '=', 'approved')
        )
          .where('commitment_id', '=', c.id)
          .orderBy('id')
          .execute(),
      ]);
      // Linked evidence and assessments are part of the page: their changes change the tag.
      const shown = JSON.stringify([
        evidence.map((e) => [e.id, e.row_version]),
        assessments.map((a) => [a.id, a.row_version]),
      ]);
      return sendWithEtag(request, reply, etagOf('commitment', c.id, c.row_version, shown), {
        ...presentCommitment(c),
        evidence: evidence.map((e) => presentEvidence(e)),
        assessments: assessments.map(presentAssessment),
      });
    },
  );

  server.patch(
    '/api/commitments/:id',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['commitments'],
        summary: 'Correct a commitment’s attributes (If-Match required)',
        params: idParam,
        body: patchBody,
      },
    },
    async (request, reply) => {
      requireRole(request.actor, 'analyst');
      const c = await visible(request.params.id, true);
      const row = await editCommitment(
        deps,
        request.actor,
        c.id,
        expectedVersion(request, 'commitment', c.id),
        request.body,
      );
      return reply
        .header('etag', etagOf('commitment', row.id, row.row_version))
        .send(presentCommitment(row));
    },
  );

  server.post(
    '/api/commitments/:id/reject',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['commitments'],
        summary: 'Reject a commitment found by mistake (If-Match required)',
        params: idParam,
        body: z.strictObject({ reason: z.string().min(1).max(2000) }),
      },
    },
    async (request, reply) => {
      requireRole(request.actor, 'analyst');
      const c = await visible(request.params.id, true);
      const row = await rejectCommitment(
        deps,
        request.actor,
        c.id,
        expectedVersion(request, 'commitment', c.id),
        request.body.reason,
      );
      return reply
        .header('etag', etagOf('commitment', row.id, row.row_version))
        .send(presentCommitment(row));
    },
  );

  server.post(
    '/api/commitments/:id/split',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['commitments'],
        summary: 'Split a commitment at text offsets (If-Match required)',
        params: idParam,
        body: z.strictObject({ at: z.array(z.number().int().min(0)).min(1).max(20) }),
      },
    },
    async (request, reply) => {
      requireRole(request.actor, 'analyst');
      const c = await visible(request.params.id, true);
      const rows = await splitCommitment(
        deps,
        request.actor,
        c.id,
        expectedVersion(request, 'commitment', c.id),
        request.body.at,
      );
      return reply.code(201).send({ items: rows.map(presentCommitment) });
    },
  );

  server.post(
    '/api/commitments/merge',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['commitments'],
        summary: 'Merge commitments of one agreement into one',
        body: z.strictObject({
          ids: z
            .array(z.string().regex(/^\d{1,18}$/))
            .min(2)
            .max(20),
        }),
      },
    },
    async (request, reply) => {
      requireRole(request.actor, 'analyst');
      const row = await mergeCommitments(deps, request.actor, request.body.ids);
      return reply.code(201).send(presentCommitment(row));
    },
  );
}
