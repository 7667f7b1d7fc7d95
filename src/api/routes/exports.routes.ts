import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../core/domain-error.ts';
import { ReadError } from '../../readers/read-error.ts';
import { hasRole } from '../../services/actor.ts';
import { requireRole } from '../../services/authorize.ts';
import type { Deps } from '../../services/tx.ts';
import { idOrSlugParam } from '../http.ts';
import { sendProblem } from '../problem.ts';

// Exports load on first use, with their libraries (see services/exports.ts).
const exporters = () => import('../../services/exports.ts');

const exportFormats = ['csv', 'xlsx', 'json', 'akn', 'report', 'datapackage'] as const;
const cycleId = z
  .string()
  .regex(/^\d{1,18}$/)
  .optional();

const contentTypes: Record<(typeof exportFormats)[number], string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
  akn: 'application/akn+xml; charset=utf-8',
  report: 'text/html; charset=utf-8',
  datapackage: 'application/zip',
};
const fileNames: Record<(typeof exportFormats)[number], string> = {
  csv: 'register.csv',
  xlsx: 'register.xlsx',
  json: 'agreement.json',
  akn: 'akn.xml',
  report: 'report.html',
  datapackage: 'datapackage.zip',
};
// The report is a page of its own: inline styles and SVG, nothing else.
const reportCsp =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

function download(reply: FastifyReply, type: string, fileName: string, inline = false) {
  return reply
    .type(type)
    .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${fileName}"`)
    .header('cache-control', 'no-store');
}

/**
 * Exports and feeds: an agreement's register (CSV, XLSX), the whole agreement (JSON, Akoma
 * Ntoso), its progress report, its data package, Atom feeds of published changes, and the bulk
 * re-import of a register table. Anonymous callers get approved assessments only; private
 * agreements are for signed-in members.
 */
export function exportRoutes(app: FastifyInstance, deps: Deps): void {
  const server = app.withTypeProvider<ZodTypeProvider>();

  server.get(
    '/api/accords/:id/export',
    {
      config: { access: 'public' },
      schema: {
        tags: ['exports'],
        summary:
          'Export an agreement: register as csv or xlsx, json, akn (Akoma Ntoso 3.0), report (HTML), datapackage (zip)',
        params: idOrSlugParam,
        querystring: z.strictObject({
          format: z.enum(exportFormats),
          cycle: cycleId.describe(
            'the reporting cycle (csv, xlsx, report); the latest when absent',
          ),
        }),
      },
    },
    async (request, reply) => {
      const {
        exportAgreementAkn,
        exportDataPackage,
        zipDataPackage,
        exportAgreementJson,
        exportRegister,
        writeRegisterCsv,
        writeRegisterXlsx,
        exportReport,
      } = await exporters();
      const reader = { member: hasRole(request.actor, 'viewer') };
      const { format, cycle } = request.query;
      switch (format) {
        case 'csv':
        case 'xlsx': {
          const register = await exportRegister(deps, request.params.id, reader, {
            cycleId: cycle,
          });
          const out = new PassThrough();
          const write = format === 'csv' ? writeRegisterCsv : writeRegisterXlsx;
          write(register, out).then(
            () => out.end(),
            (error: unknown) => {
              request.log.error({ err: error }, 'export failed while streaming');
              out.destroy(error instanceof Error ? error : new Error(String(error)));
            },
          );
          return download(
            reply,
            contentTypes[format],
            `${register.slug}-${fileNames[format]}`,
          ).send(out);
        }
        case 'json': {
          const doc = await exportAgreementJson(deps, request.params.id, reader);
          return download(reply, contentTypes.json, `${doc.agreement.slug}-${fileNames.json}`).send(
            JSON.stringify(doc),
          );
        }
        case 'akn': {
          const { xml, slug } = await exportAgreementAkn(deps, request.params.id, reader);
          return download(reply, contentTypes.akn, `${slug}-${fileNames.akn}`).send(xml);
        }
        case 'report': {
          const { html, slug } = await exportReport(deps, request.params.id, reader, {
            cycleId: cycle,
          });
          return download(reply, contentTypes.report, `${slug}-${fileNames.report}`, true)
            .header('content-security-policy', reportCsp)
            .send(html);
        }
        case 'datapackage': {
          const pkg = await exportDataPackage(deps, request.params.id, reader);
          return download(
            reply,
            contentTypes.datapackage,
            `${pkg.slug}-${fileNames.datapackage}`,
          ).send(zipDataPackage(pkg.files));
        }
      }
    },
  );

  const feedQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });
  const baseUrl = (request: { protocol: string; host: string }) =>
    `${request.protocol}://${request.host}`;

  server.get(
    '/api/accords/:id/feed.atom',
    {
      config: { access: 'public' },
      schema: {
        tags: ['exports'],
        summary: 'Atom feed of an agreement’s published changes (approved assessments, evidence)',
        params: idOrSlugParam,
        querystring: feedQuery,
      },
    },
    async (request, reply) => {
      const { atomFeed, publishedChanges } = await exporters();
      const feed = await publishedChanges(deps, {
        agreement: request.params.id,
        reader: { member: hasRole(request.actor, 'viewer') },
        limit: request.query.limit,
      });
      return reply
        .type('application/atom+xml; charset=utf-8')
        .send(atomFeed(feed, baseUrl(request)));
    },
  );

  server.get(
    '/api/feed.atom',
    {
      config: { access: 'public' },
      schema: {
        tags: ['exports'],
        summary: 'Atom feed of published changes across public agreements',
        querystring: feedQuery,
      },
    },
    async (request, reply) => {
      const { atomFeed, publishedChanges } = await exporters();
      const feed = await publishedChanges(deps, {
        reader: { member: false },
        limit: request.query.limit,
      });
      return reply
        .type('application/atom+xml; charset=utf-8')
        .send(atomFeed(feed, baseUrl(request)));
    },
  );

  server.post(
    '/api/accords/:id/import-bulk',
    {
      config: { access: 'analyst' },
      schema: {
        tags: ['exports'],
        summary:
          'Re-import the register table (csv text, or xlsx as base64): a dry run lists the changes; nothing applies if any row is invalid',
        params: idOrSlugParam,
        body: z.strictObject({
          format: z.enum(['csv', 'xlsx']),
          data: z.string().min(1).max(8_000_000),
          dry_run: z.boolean().default(true),
          cycle: cycleId,
        }),
      },
    },
    async (request, reply) => {
      const {
        readCsvTable,
        readXlsxTable,
        visibleAgreement,
        applyBulkUpdate,
        describeChange,
        planBulkUpdate,
      } = await exporters();
      requireRole(request.actor, 'analyst');
      const agreement = await visibleAgreement(deps, request.params.id, { member: true });
      const b = request.body;
      let plan;
      try {
        const records =
          b.format === 'csv'
            ? readCsvTable([b.data])
            : readXlsxTable(Buffer.from(b.data, 'base64'));
        plan = await planBulkUpdate(deps, request.actor, records, { cycleId: b.cycle });
      } catch (error) {
        if (error instanceof ReadError) throw new DomainError(error.code, error.message);
        throw error;
      }
      if (plan.agreementId !== null && plan.agreementId !== agreement.id)
        throw new DomainError(
          'invalid_table',
          `the table is the register of agreement ${plan.agreementId}, not ${agreement.id}`,
        );
      const body = {
        agreement: agreement.id,
        cycle: plan.cycle,
        rows: plan.rows,
        errors: plan.errors,
        changes: plan.changes.map((c) => ({
          line: c.line,
          kind: c.kind,
          description: describeChange(c),
        })),
        applied: 0,
      };
      if (plan.errors.length > 0)
        return sendProblem(
          reply,
          422,
          'invalid_table',
          `nothing applied: ${plan.errors.length} of ${plan.rows} rows are invalid`,
          `first at line ${plan.errors[0]!.line}: ${plan.errors[0]!.problems.join('; ')}`,
          plan.errors.map((e) => ({ path: `line ${e.line}`, message: e.problems.join('; ') })),
        );
      if (!b.dry_run) body.applied = await applyBulkUpdate(deps, request.actor, plan);
      return reply.send(body);
    },
  );
}
