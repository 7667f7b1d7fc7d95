import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { DomainError } from '../../core/domain-error.ts';
import { extractRegister } from '../../core/extract-register.ts';
import { readSource } from '../../readers/read-source.ts';
import { ReadError } from '../../readers/read-error.ts';
import { hasRole } from '../../services/actor.ts';
import { requireRole } from '../../services/authorize.ts';
import { openCycle } from '../../services/assessments.ts';
import { addCommitment } from '../../services/correct-register.ts';
import { importAgreement } from '../../services/import-agreement.ts';
import { agreementRollups } from '../../services/rollups.ts';
import { change, type Deps } from '../../services/tx.ts';
import {
  findAgreement,
  findVersion,
  listAgreements,
  listSections,
  partiesOf,
} from '../../store/agreement.repository.ts';
import {
  decodeCursor,
  idCursor,
  encodeCursor,
  etagOf,
  expectedVersion,
  idOrSlugParam,
  isoDate,
  pageQuery,
  sendWithEtag,
} from '../http.ts';
import { commitmentPage } from '../commitment-page.ts';
import { presentCommitment } from '../present.ts';
import { commitmentFilterQuery, filtersFrom } from './commitment-filters.ts';

const importBody = z.strictObject({
  text: z
    .string()
    .min(1)
    .max(5_000_000)
    .describe('the agreement: plain text, Markdown, HTML, or base64 PDF with encoding=base64'),
  format: z.enum(['text', 'markdown', 'html', 'pdf']).default('text'),
  encoding: z.enum(['utf8', 'base64']).default('utf8'),
  title: z.string().min(1).max(500).optional(),
  parties: z
    .array(z.string().regex(/^[A-Z]{2}$/, 'ISO 3166 codes such as GB'))
    .max(50)
    .optional(),
  signed: isoDate.optional(),
  place: z.string().max(200).optional(),
  language: z.enum(['en', 'ja']).optional(),
  source_url: z.url().max(2000).optional(),
  private: z.boolean().optional(),
});

/** Agreements: list, import, read, edit metadata; their text, commitments, roll-ups and cycles. */
export function agreementRoutes(app: FastifyInstance, deps: Deps): void {
  const server = app.withTypeProvider<ZodTypeProvider>();

  const visible = async (idOrSlug: string, includePrivate: boolean) => {
    const agreement = await findAgreement(deps.db, idOrSlug);
    if (!agreement || (agreement.private && !includePrivate))
      throw new DomainError('agreement_not_found', `no agreement ${idOrSlug}`);
    return agreement;
  };

  server.get(
    '/api/accords',
    {
      config: { access: 'public' },
      schema: {
        tags: ['agreements'],
        summary: 'List agreements',
        querystring: z.strictObject(pageQuery),
      },
    },
    async (request) => {
      const after = decodeCursor(request.query.cursor, idCursor);
      const rows = await listAgreements(deps.db, {
        after: after?.id ?? null,
        limit: request.query.limit + 1,
        includePrivate: hasRole(request.actor, 'viewer'),
      });
      const page = rows.slice(0, request.query.limit);
      const ids = page.map((r) => r.id);
      const [parties, counts] = await Promise.all([
        partiesOf(deps.db, ids),
        activeCounts(deps, ids),
      ]);
      return {
        items: page.map((a) => ({
          id: a.id,
          slug: a.slug,
          title: a.title,
          signed: a.signed,
          language: a.language,
          private: a.private,
          parties: parties.get(a.id) ?? [],
          commitments: counts.get(a.id) ?? 0,
        })),
        next: rows.length > request.query.limit ? encodeCursor({ id: page.at(-1)!.id }) : null,
      };
    },
  );

  server.post(
    '/api/accords',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['agreements'],
        summary: 'Import an agreement and extract its register',
        body: importBody,
      },
    },
    async (request, reply) => {
      requireRole(request.actor, 'analyst');
      const b = request.body;
      const bytes =
        b.encoding === 'base64' ? Buffer.from(b.text, 'base64') : Buffer.from(b.text, 'utf8');
      let source;
      try {
        source = await readSource(bytes, { format: b.format });
      } catch (error) {
        if (error instanceof ReadError) throw new DomainError(error.code, error.message);
        throw error;
      }
      const imported = await importAgreement(deps, request.actor, {
        source,
        title: b.title,
        parties: b.parties,
        signed: b.signed,
        place: b.place,
        language: b.language,
        sourceUrl: b.source_url,
        private: b.private,
      });
      return reply.code(201).header('location', `/api/accords/${imported.id}`).send(imported);
    },
  );

  server.post(
    '/api/extract',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['agreements'],
        summary: 'Extract a register without saving it (the import preview)',
        body: importBody.omit({ private: true, source_url: true, place: true }),
      },
    },
    async (request) => {
      requireRole(request.actor, 'analyst');
      const b = request.body;
      const bytes =
        b.encoding === 'base64' ? Buffer.from(b.text, 'base64') : Buffer.from(b.text, 'utf8');
      let source;
      try {
        source = await readSource(bytes, { format: b.format });
      } catch (error) {
        if (error instanceof ReadError) throw new DomainError(error.code, error.message);
        throw error;
      }
      const register = extractRegister(source, {
        ...(b.signed ? { signed: b.signed } : {}),
        ...(b.language ? { language: b.language } : {}),
        ...(b.parties?.length ? { parties: b.parties } : {}),
        ...(b.title ? { title: b.title } : {}),
      });
      return {
        accord: register.accord,
        sections: register.sections,
        commitments: register.commitments.map((c) => ({
          eid: c.id,
          section: c.section,
          text: c.text,
          span: c.span,
          deadline: c.deadline
            ? { date: c.deadline.date, precision: c.deadline.precision, phrase: c.deadline.phrase }
            : null,
          actors: c.actors.map((m) => m.value),
          instruments: c.instruments.map((m) => m.value),
          targets: c.targets.map((m) => m.value),
          topics: c.topics,
          strength: c.strength,
          kind: c.kind,
        })),
        diagnostics: register.diagnostics,
      };
    },
  );

  server.get(
    '/api/accords/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['agreements'],
        summary: 'An agreement with its parties and sections',
        params: idOrSlugParam,
      },
    },
    async (request, reply) => {
      const a = await visible(request.params.id, hasRole(request.actor, 'viewer'));
      const sections = a.current_version_id
        ? await listSections(deps.db, a.current_version_id)
        : [];
      return sendWithEtag(request, reply, etagOf('agreement', a.id, a.row_version), {
        id: a.id,
        slug: a.slug,
        title: a.title,
        signed: a.signed,
        place: a.place,
        language: a.language,
        source_url: a.source_url,
        private: a.private,
        parties: a.parties,
        commitments: a.commitment_count,
        version: a.current_version_id,
        sections: sections.map((s) => ({
          id: s.eid,
          number: s.number,
          heading: s.heading,
          parent: s.parent_eid,
        })),
      });
    },
  );

  server.patch(
    '/api/accords/:id',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['agreements'],
        summary: 'Edit an agreement’s metadata (If-Match required)',
        params: idOrSlugParam,
        body: z.strictObject({
          title: z.string().min(1).max(500).optional(),
          place: z.string().max(200).nullable().optional(),
          source_url: z.url().max(2000).nullable().optional(),
          private: z.boolean().optional(),
        }),
      },
    },
    async (request, reply) => {
      requireRole(request.actor, 'analyst');
      const a = await visible(request.params.id, true);
      const version = expectedVersion(request, 'agreement', a.id);
      const updated = await change(deps, request.actor, async (tx) => {
        const row = await tx
          .updateTable('agreements')
          .set({ ...request.body, row_version: sql`row_version + 1`, updated_at: new Date() })
          .where('id', '=', a.id)
          .where('row_version', '=', version)
          .returningAll()
          .executeTakeFirst();
        if (!row)
          throw new DomainError(
            'precondition_failed',
            `agreement ${a.id} was changed by someone else: reload it`,
          );
        return {
          result: row,
          event: {
            type: 'agreement.edited',
            agreementId: a.id,
            subject: `agreement:${a.id}`,
            payload: { ...request.body },
          },
        };
      });
      return reply.header('etag', etagOf('agreement', updated.id, updated.row_version)).send({
        id: updated.id,
        title: updated.title,
        private: updated.private,
        place: updated.place,
        source_url: updated.source_url,
      });
    },
  );

  server.get(
    '/api/accords/:id/text',
    {
      config: { access: 'public' },
      schema: {
        tags: ['agreements'],
        summary: 'The exact text of the current version, with block hints',
        params: idOrSlugParam,
      },
    },
    async (request, reply) => {
      const a = await visible(request.params.id, hasRole(request.actor, 'viewer'));
      const v = await findVersion(deps.db, a.current_version_id ?? '0');
      if (!v) throw new DomainError('agreement_not_found', `agreement ${a.id} has no text`);
      return sendWithEtag(request, reply, `"version-${v.id}"`, {
        version: v.id,
        number: v.number,
        format: v.format,
        sha256: v.sha256,
        text: v.text,
        hints: v.hints,
      });
    },
  );

  server.get(
    '/api/accords/:id/commitments',
    {
      config: { access: 'public' },
      schema: {
        tags: ['commitments'],
        summary: 'The commitment register of an agreement',
        params: idOrSlugParam,
        querystring: z.strictObject({ ...pageQuery, ...commitmentFilterQuery }),
      },
    },
    async (request, reply) => {
      const a = await visible(request.params.id, hasRole(request.actor, 'viewer'));
      const page = await commitmentPage(
        deps,
        { ...filtersFrom(request.query, hasRole(request.actor, 'viewer')), agreementId: a.id },
        request.query,
      );
      return reply.type('application/json; charset=utf-8').send(page);
    },
  );

  server.post(
    '/api/accords/:id/commitments',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['commitments'],
        summary: 'Add a commitment the extractor missed (a span of the text)',
        params: idOrSlugParam,
        body: z.strictObject({
          start: z.number().int().min(0),
          end: z.number().int().min(1),
          section: z.string().max(100).optional(),
        }),
      },
    },
    async (request, reply) => {
      requireRole(request.actor, 'analyst');
      const a = await visible(request.params.id, true);
      const row = await addCommitment(deps, request.actor, a.id, request.body);
      return reply
        .code(201)
        .header('etag', etagOf('commitment', row.id, row.row_version))
        .send(presentCommitment(row));
    },
  );

  server.get(
    '/api/accords/:id/rollups',
    {
      config: { access: 'public' },
      schema: {
        tags: ['agreements'],
        summary: 'Compliance and counts from approved assessments',
        params: idOrSlugParam,
        querystring: z.strictObject({
          cycle: z
            .string()
            .regex(/^\d{1,18}$/)
            .optional(),
          today: isoDate.optional(),
        }),
      },
    },
    async (request) => {
      const a = await visible(request.params.id, hasRole(request.actor, 'viewer'));
      return agreementRollups(deps, a.id, {
        cycleId: request.query.cycle,
        today: request.query.today ?? new Date().toISOString().slice(0, 10),
      });
    },
  );

  server.get(
    '/api/accords/:id/cycles',
    {
      config: { access: 'public' },
      schema: {
        tags: ['cycles'],
        summary: 'Reporting cycles of an agreement',
        params: idOrSlugParam,
      },
    },
    async (request) => {
      const a = await visible(request.params.id, hasRole(request.actor, 'viewer'));
      const rows = await deps.db
        .selectFrom('cycles')
        .selectAll()
        .where('agreement_id', '=', a.id)
        .orderBy('cutoff')
        .execute();
      return {
        items: rows.map((c) => ({
          id: c.id,
          name: c.name,
          cutoff: c.cutoff,
          opened_at: c.opened_at,
        })),
      };
    },
  );

  server.post(
    '/api/accords/:id/cycles',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['cycles'],
        summary: 'Open a reporting cycle (admin)',
        params: idOrSlugParam,
        body: z.strictObject({ name: z.string().min(1).max(200), cutoff: isoDate }),
      },
    },
    async (request, reply) => {
      requireRole(request.actor, 'admin');
      const a = await visible(request.params.id, true);
      const row = await openCycle(deps, request.actor, a.id, request.body);
      return reply.code(201).send({ id: row.id, name: row.name, cutoff: row.cutoff });
    },
  );

  server.get(
    '/api/accords/:id/events',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['history'],
        summary: 'The history of an agreement (append-only, hash-chained)',
        params: idOrSlugParam,
        querystring: z.strictObject({
          ...pageQuery,
          commitment: z
            .string()
            .regex(/^\d{1,18}$/)
            .optional()
            .describe('only the events of this commitment, its evidence links and assessments'),
        }),
      },
    },
    async (request) => {
      requireRole(request.actor, 'viewer');
      const a = await visible(request.params.id, true);
      const after = decodeCursor(request.query.cursor, idCursor);
      let q = deps.db
        .selectFrom('events')
        .selectAll()
        .where('agreement_id', '=', a.id)
        .orderBy('id')
        .limit(request.query.limit + 1);
      if (after) q = q.where('id', '>', after.id);
      const commitment = request.query.commitment;
      if (commitment)
        q = q.where((eb) =>
          eb.or([
            eb('subject', '=', `commitment:${commitment}`),
            eb(sql<string>`payload->>'commitment'`, '=', commitment),
            eb(
              sql<boolean>`coalesce(payload->'commitments', '[]'::jsonb) ? ${commitment}`,
              '=',
              true,
            ),
          ]),
        );
      const rows = await q.execute();
      const page = rows.slice(0, request.query.limit);
      return {
        items: page.map((e) => ({
          id: e.id,
          at: e.at,
          actor: e.actor,
          type: e.type,
          subject: e.subject,
          payload: e.payload,
          hash: e.hash,
          prev_hash: e.prev_hash,
        })),
        next: rows.length > request.query.limit ? encodeCursor({ id: page.at(-1)!.id }) : null,
      };
    },
  );
}

/** Active commitments of several agreements at once. */
async function activeCounts(deps: Deps, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await deps.db
    .selectFrom('commitments')
    .select(['agreement_id', sql<number>`count(*)::int`.as('n')])
    .where('agreement_id', 'in', ids)
    .where('state', '=', 'active')
    .groupBy('agreement_id')
    .execute();
  return new Map(rows.map((r) => [r.agreement_id, r.n]));
}
