// Every format's round trip on a generated agreement of 5,000 commitments.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine, openTestDatabase } from '../../test/database.ts';
import { csvLine, parseCsv } from '../core/format/csv.ts';
import { hasXmllint, validateAkn } from '../core/export/xmllint.ts';
import type { Database } from '../store/open-database.ts';
import { actorOf, createUser } from './accounts.ts';
import { systemActor, type Actor } from './actor.ts';
import { openCycle } from './assessments.ts';
import { exportAgreementAkn, importAgreementAkn } from './export-akn.ts';
import { exportDataPackage } from './export-datapackage.ts';
import { atomFeed, publishedChanges } from './export-feed.ts';
import { exportAgreementJson, importAgreementJson } from './export-json.ts';
import {
  exportRegister,
  readCsvTable,
  readXlsxTable,
  writeRegisterCsv,
  writeRegisterXlsx,
} from './export-register.ts';
import { exportReport } from './export-report.ts';
import { generatedAgreementText } from './export-test-data.ts';
import { importAgreement } from './import-agreement.ts';
import { applyBulkUpdate, planBulkUpdate } from './import-bulk.ts';

async function collect(work: (out: PassThrough) => Promise<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await work(out);
  out.end();
  return Buffer.concat(chunks);
}

const registerColumns = (database: Database, agreementId: string) =>
  database.db
    .selectFrom('commitments')
    .select([
      'eid',
      'section',
      'span_start',
      'span_end',
      'text',
      'deadline_date',
      'topics',
      'state',
    ])
    .where('agreement_id', '=', agreementId)
    .orderBy('position')
    .execute();

describe(`round trips of a generated agreement of 5,000 commitments (${engine})`, () => {
  let database: Database;
  let agreementId: string;
  let analyst: Actor;
  beforeAll(async () => {
    database = await openTestDatabase();
    ({ id: agreementId } = await importAgreement(database, systemActor, {
      source: { text: generatedAgreementText(50, 100), format: 'text', hints: [] },
      signed: '2023-05-18',
      parties: ['GB', 'JP'],
    }));
    await openCycle(database, systemActor, agreementId, { name: 'first', cutoff: '2024-05-18' });
    const { user } = await createUser(database, systemActor, {
      email: 'analyst@example.org',
      role: 'analyst',
      password: 'a long test password',
    });
    analyst = actorOf(user);
  }, 120_000);
  afterAll(async () => {
    await database.close();
  });

  it('CSV and XLSX: re-imported unchanged, nothing to do; 200 edited rows become 200 drafts', async () => {
    const csv = await collect(async (out) =>
      writeRegisterCsv(await exportRegister(database, agreementId, { member: true }), out),
    );
    const unchanged = await planBulkUpdate(database, analyst, readCsvTable([csv]));
    expect(unchanged.rows).toBe(5000);
    expect(unchanged.changes).toEqual([]);
    const xlsx = await collect(async (out) =>
      writeRegisterXlsx(await exportRegister(database, agreementId, { member: true }), out),
    );
    const fromXlsx = await planBulkUpdate(database, analyst, readXlsxTable(xlsx));
    expect([fromXlsx.rows, fromXlsx.changes.length, fromXlsx.errors.length]).toEqual([5000, 0, 0]);
    const records: string[][] = [];
    for await (const r of parseCsv([csv.toString('utf8')])) records.push(r.fields);
    const header = records[0]!;
    for (let i = 1; i <= 200; i++) records[i * 20]![header.indexOf('status_JP')] = 'in_progress';
    const edited = records.map((r) => csvLine(r)).join('\r\n');
    const plan = await planBulkUpdate(database, analyst, readCsvTable([edited]));
    expect(plan.changes).toHaveLength(200);
    expect(await applyBulkUpdate(database, analyst, plan)).toBe(200);
    const again = await collect(async (out) =>
      writeRegisterCsv(await exportRegister(database, agreementId, { member: true }), out),
    );
    expect((await planBulkUpdate(database, analyst, readCsvTable([again]))).changes).toEqual([]);
  }, 120_000);

  it('JSON: imported into an empty instance, exports the same', async () => {
    const doc = await exportAgreementJson(database, agreementId, { member: true });
    expect(doc.commitments).toHaveLength(5000);
    const target = await openTestDatabase();
    try {
      await importAgreementJson(target, systemActor, JSON.parse(JSON.stringify(doc)) as typeof doc);
      const again = await exportAgreementJson(target, agreementId, { member: true });
      expect({ ...again, exported_at: 0, events: 0 }).toEqual({
        ...doc,
        exported_at: 0,
        events: 0,
      });
    } finally {
      await target.close();
    }
  }, 120_000);

  it('Akoma Ntoso: validates, and re-imports to the same register', async () => {
    const { xml } = await exportAgreementAkn(database, agreementId, { member: true });
    if (hasXmllint()) expect(validateAkn([{ name: 'generated', xml }])).toBe('');
    const imported = await importAgreementAkn(database, systemActor, Buffer.from(xml));
    expect(await registerColumns(database, imported.id)).toEqual(
      await registerColumns(database, agreementId),
    );
  }, 120_000);

  it('Atom, report and data package cover the whole register', async () => {
    const feed = atomFeed(
      await publishedChanges(database, { agreement: agreementId, reader: { member: false } }),
      'http://x',
    );
    expect(feed).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    const { html } = await exportReport(database, agreementId, { member: false });
    expect(html.match(/<tr><td class="text">/g)).toHaveLength(5000);
    const pkg = await exportDataPackage(database, agreementId, { member: false });
    const commitments = pkg.files.find((f) => f.name === 'data/commitments.csv')!.data.toString();
    expect(commitments.split('\r\n').length).toBe(5000 + 2);
  }, 120_000);
});
