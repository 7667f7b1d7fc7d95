import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../core/domain-error.ts';
import { requireRole } from '../../services/authorize.ts';
import { linkEvidence, recordEvidence } from '../../services/record-evidence.ts';
import type { Deps } from '../../services/tx.ts';
import { decodeCursor, idCursor, encodeCursor, idParam, isoDate, pageQuery } from '../http.ts';
import { presentEvidence } from '../present.ts';

const evidenceBody = z.strictObject({
  title: z.string().min(1).max(1000),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .optional(),
  published: isoDate,
  publisher: z.string().max(300).nullable().optional(),
  excerpt: z.string().max(20_000).optional(),
  language: z.enum(['en', 'ja']).optional(),
  kind: z
    .enum([
      'press_release',
      'treaty_text',
      'news_report',
      'parliamentary_record',
      'official_statement',
      'other',
    ])
    .optional(),
  commitments: z
    .array(z.string().regex(/^\d{1,18}$/))
    .max(200)
    .optional(),
});

/** Evidence: list, record, read, link to commitments. */
export function evidenceRoutes(app: FastifyInstance, deps: Deps): void {
  const server = app.withTypeProvider<ZodTypeProvider>();

  const links = async (ids: string[]) => {
    const map = new Map<string, string[]>();
    if (ids.length === 0) return map;
    for (const r of await deps.db
      .selectFrom('evidence_commitments')
      .select(['evidence_id', 'commitment_id'])
      .where('evidence_id', 'in', ids)
      .execute()) {
      map.set(r.evidence_id, [...(map.get(r.evidence_id) ?? []), r.commitment_id]);
    }
    return map;
  };

  server.get(
    '/api/evidence',
    {
      config: { access: 'public' },
      schema: {
        tags: ['evidence'],
        summary: 'Evidence, newest first',
        querystring: z.strictObject({
          ...pageQuery,
          commitment: z
            .string()
            .regex(/^\d{1,18}$/)
            .optional(),
          q: z
            .string()
            .max(200)
            .optional()
            .describe('words looked for in the title, publisher and excerpt'),
        }),
      },
    },
    async (request) => {
      const after = decodeCursor(request.query.cursor, idCursor);
      let q = deps.db
        .selectFrom('evidence')
        .selectAll('evidence')
        .orderBy('evidence.id', 'desc')
        .limit(request.query.limit + 1);
      if (after) q = q.where('evidence.id', '<', after.id);
      if (request.query.commitment)
        q = q
          .innerJoin('evidence_commitments', 'evidence_commitments.evidence_id', 'evidence.id')
          .where('evidence_commitments.commitment_id', '=', request.query.commitment);
      for (const word of (request.query.q ?? '').split(/\s+/).filter(Boolean).slice(0, 10)) {
        const like = `%${word.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
        q = q.where((eb) =>
          eb.or([
            eb('evidence.title', 'ilike', like),
            eb('evidence.publisher', 'ilike', like),
            eb('evidence.excerpt', 'ilike', like),
          ]),
        );
      }
      const rows = await q.execute();
      const page = rows.slice(0, request.query.limit);
      const linked = await links(page.map((e) => e.id));
      return {
        items: page.map((e) => presentEvidence(e, linked.get(e.id))),
        next: rows.length > request.query.limit ? encodeCursor({ id: page.at(-1)!.id }) : null,
      };
    },
  );

  server.post(
    '/api/evidence',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['evidence'],
        summary: 'Record evidence and link it to commitments',
        body: evidenceBody,
      },
    },
    async (request, reply) => {
      requireRole(request.actor, 'analyst');
      const { commitments, ...rest } = request.body;
      const row = await recordEvidence(deps, request.actor, {
        ...rest,
        commitmentIds: commitments,
      });
      return reply
        .code(201)
        .header('location', `/api/evidence/${row.id}`)
        .send(presentEvidence(row, row.commitment_ids));
    },
  );

  server.get(
    '/api/evidence/:id',
    {
      config: { access: 'public' },
      schema: { tags: ['evidence'], summary: 'One item of evidence', params: idParam },
    },
    async (request) => {
      const row = await deps.db
        .selectFrom('evidence')
        .selectAll()
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!row) throw new DomainError('evidence_not_found', `no evidence ${request.params.id}`);
      return presentEvidence(row, (await links([row.id])).get(row.id));
    },
  );

  server.post(
    '/api/evidence/:id/links',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['evidence'],
        summary: 'Link evidence to a commitment',
        params: idParam,
        body: z.strictObject({ commitment: z.string().regex(/^\d{1,18}$/) }),
      },
    },
    async (request, reply) => {
      requireRole(request.actor, 'analyst');
      await linkEvidence(deps, request.actor, request.params.id, request.body.commitment);
      return reply.code(204).send();
    },
  );
}
