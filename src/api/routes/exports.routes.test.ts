import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, openHarness, type Harness } from '../../../test/api-harness.ts';
import { writeZip } from '../../core/format/zip.ts';
import { actorOf } from '../../services/accounts.ts';
import { draftAssessment, openCycle, reviewAssessment } from '../../services/assessments.ts';
import { systemActor } from '../../services/actor.ts';

describe('export routes', () => {
  let h: Harness;
  let commitments: string[];
  beforeAll(async () => {
    h = await openHarness();
    const users = await h.database.db.selectFrom('users').select(['id', 'email', 'role']).execute();
    const analyst = actorOf(users.find((u) => u.role === 'analyst')!);
    const reviewer = actorOf(users.find((u) => u.role === 'reviewer')!);
    commitments = (
      await h.database.db
        .selectFrom('commitments')
        .select('id')
        .where('agreement_id', '=', h.agreementId)
        .orderBy('position')
        .execute()
    ).map((c) => c.id);
    const cycle = await openCycle(h.database, systemActor, h.agreementId, {
      name: 'interim',
      cutoff: '2023-12-03',
    });
    const approved = await draftAssessment(h.database, analyst, {
      commitmentId: commitments[0]!,
      party: 'GB',
      cycleId: cycle.id,
      status: 'achieved',
      rationale: 'APPROVED rationale',
    });
    const submitted = await reviewAssessment(h.database, analyst, approved.id, 1, 'submitted');
    await reviewAssessment(h.database, reviewer, approved.id, submitted.row_version, 'approved');
    await draftAssessment(h.database, analyst, {
      commitmentId: commitments[1]!,
      party: 'JP',
      cycleId: cycle.id,
      status: 'in_progress',
      rationale: 'DRAFT rationale',
    });
  }, 60_000);
  afterAll(async () => {
    await h.close();
  });

  const url = (format: string) => `/api/accords/${h.agreementId}/export?format=${format}`;

  it('answers each format with its content type and a file name', async () => {
    const expected: Record<string, RegExp> = {
      csv: /^text\/csv/,
      xlsx: /^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet/,
      json: /^application\/json/,
      akn: /^application\/akn\+xml/,
      report: /^text\/html/,
      datapackage: /^application\/zip/,
    };
    for (const [format, type] of Object.entries(expected)) {
      const res = await call(h.app, 'GET', url(format));
      expect(res.statusCode, format).toBe(200);
      expect(res.headers['content-type'], format).toMatch(type);
      expect(res.headers['content-disposition'], format).toMatch(
        /^(attachment|inline); filename="the-hiroshima-accord-[\w-]+\.(csv|xlsx|json|xml|html|zip)"$/,
      );
    }
    const report = await call(h.app, 'GET', url('report'));
    expect(report.headers['content-security-policy']).toContain("style-src 'unsafe-inline'");
    const feed = await call(h.app, 'GET', `/api/accords/${h.agreementId}/feed.atom`);
    expect(feed.headers['content-type']).toMatch(/^application\/atom\+xml/);
    expect(feed.body).toContain('GB: achieved (score +1)');
    expect((await call(h.app, 'GET', '/api/feed.atom')).statusCode).toBe(200);
  });

  it('never shows an anonymous caller a draft, in any export or feed; members see them', async () => {
    for (const format of ['csv', 'json', 'akn', 'report', 'datapackage']) {
      const res = await call(h.app, 'GET', url(format));
      expect(res.rawPayload.includes('DRAFT rationale'), format).toBe(false);
    }
    expect(
      (await call(h.app, 'GET', `/api/accords/${h.agreementId}/feed.atom`)).body,
    ).not.toContain('DRAFT');
    expect((await call(h.app, 'GET', url('csv'), undefined, h.as.viewer)).body).toContain(
      'DRAFT rationale',
    );
    expect((await call(h.app, 'GET', url('json'))).body).toContain('APPROVED rationale');
  });

  it('keeps private agreements to members, and bad queries are problems', async () => {
    await h.database.db
      .updateTable('agreements')
      .set({ private: true })
      .where('id', '=', h.agreementId)
      .execute();
    try {
      const anonymous = await call(h.app, 'GET', url('csv'));
      expect(anonymous.statusCode).toBe(404);
      expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await call(h.app, 'GET', `/api/accords/${h.agreementId}/feed.atom`)).statusCode).toBe(
        404,
      );
      expect((await call(h.app, 'GET', url('csv'), undefined, h.as.viewer)).statusCode).toBe(200);
    } finally {
      await h.database.db
        .updateTable('agreements')
        .set({ private: false })
        .where('id', '=', h.agreementId)
        .execute();
    }
    const bad = await call(h.app, 'GET', url('docx'));
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('re-imports the register table: a dry run first, then the changes; invalid rows apply nothing', async () => {
    const csv = (await call(h.app, 'GET', url('csv'), undefined, h.as.analyst)).body;
    const lines = csv.split('\r\n');
    const header = lines[0]!.replace(/^\uFEFF/, '').split(',');
    const cells = lines[3]!.split(',');
    cells[header.indexOf('status_GB')] = 'in_progress';
    lines[3] = cells.join(',');
    const body = (dry_run: boolean, data = lines.join('\r\n')) => ({
      format: 'csv',
      data,
      dry_run,
    });
    const path = `/api/accords/${h.agreementId}/import-bulk`;
    const dry = await call(h.app, 'POST', path, body(true), h.as.analyst);
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ rows: commitments.length, applied: 0, errors: [] });
    expect(dry.json<{ changes: { description: string }[] }>().changes).toHaveLength(1);
    const applied = await call(h.app, 'POST', path, body(false), h.as.analyst);
    expect(applied.json()).toMatchObject({ applied: 1 });
    const invalid = await call(
      h.app,
      'POST',
      path,
      body(false, csv.replace('achieved', 'finished')),
      h.as.analyst,
    );
    expect(invalid.statusCode).toBe(422);
    expect(invalid.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(invalid.json()).toMatchObject({ code: 'invalid_table' });
    const bomb = writeZip([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(200 * 1024 * 1024) },
    ]);
    const refused = await call(
      h.app,
      'POST',
      path,
      { format: 'xlsx', data: bomb.toString('base64') },
      h.as.analyst,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'zip_bomb' });
  });
});
