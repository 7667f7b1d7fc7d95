import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine, openTestDatabase } from '../../test/database.ts';
import { csvLine } from '../core/format/csv.ts';
import { writeZip } from '../core/format/zip.ts';
import type { Database } from '../store/open-database.ts';
import {
  exportRegister,
  readCsvTable,
  readXlsxTable,
  writeRegisterCsv,
  writeRegisterXlsx,
} from './export-register.ts';
import { seedExportData, type ExportTestData } from './export-test-data.ts';
import { applyBulkUpdate, describeChange, planBulkUpdate } from './import-bulk.ts';

async function collect(work: (out: PassThrough) => Promise<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await work(out);
  out.end();
  return Buffer.concat(chunks);
}

async function records(csv: Buffer | string) {
  const out: { line: number; fields: string[] }[] = [];
  for await (const r of readCsvTable([typeof csv === 'string' ? Buffer.from(csv) : csv]))
    out.push(r);
  return out;
}

describe(`register export and bulk re-import (${engine})`, () => {
  let database: Database;
  let data: ExportTestData;
  beforeAll(async () => {
    database = await openTestDatabase();
    data = await seedExportData(database);
  }, 60_000);
  afterAll(async () => {
    await database.close();
  });

  const csvOf = async (member: boolean) =>
    collect(async (out) =>
      writeRegisterCsv(await exportRegister(database, data.agreementId, { member }), out),
    );

  it('exports one row per active commitment with the latest assessment per party', async () => {
    const rows = await records(await csvOf(true));
    const [header, ...body] = rows.map((r) => r.fields);
    expect(header).toContain('status_GB');
    expect(header).toContain('rationale_JP');
    expect(body).toHaveLength(data.commitmentIds.length);
    const col = (name: string) => header!.indexOf(name);
    const first = body[0]!;
    expect(first[col('status_GB')]).toBe('achieved');
    expect(first[col('rationale_GB')]).toBe('=1+1 the agreement is in force');
    expect(first[col('status_JP')]).toBe('in_progress');
    expect(first[col('state_JP')]).toBe('draft');
    // The earlier cycle's approved assessment is shown where the final cycle has none.
    expect(body[2]![col('status_GB')]).toBe('in_progress');
    expect(body[2]![col('cycle_GB')]).toBe('interim');
  });

  it('neutralises formula cells in the CSV file itself', async () => {
    const text = (await csvOf(true)).toString('utf8');
    expect(text).toContain(`'=1+1 the agreement is in force`);
    expect(text).not.toMatch(/(^|,)=1\+1/m);
  });

  it('never shows drafts or submitted assessments to anonymous readers', async () => {
    const text = (await csvOf(false)).toString('utf8');
    expect(text).not.toContain('DRAFT: not yet reviewed');
    expect(text).not.toContain('SUBMITTED');
    expect(text).toContain('the agreement is in force');
  });

  it('finds no change when the export is re-imported as it is (CSV and XLSX)', async () => {
    const plan = await planBulkUpdate(database, data.analyst, await records(await csvOf(true)));
    expect(plan.errors).toEqual([]);
    expect(plan.changes).toEqual([]);
    expect(plan.rows).toBe(data.commitmentIds.length);
    const xlsx = await collect(async (out) =>
      writeRegisterXlsx(await exportRegister(database, data.agreementId, { member: true }), out),
    );
    const fromXlsx = await planBulkUpdate(database, data.analyst, readXlsxTable(xlsx));
    expect(fromXlsx.errors).toEqual([]);
    expect(fromXlsx.changes).toEqual([]);
  });

  it('shows the diff first, then applies each change through the services with its event', async () => {
    const rows = (await records(await csvOf(true))).map((r) => r.fields);
    const header = rows[0]!;
    const col = (name: string) => header.indexOf(name);
    rows[4]![col('status_GB')] = 'achieved';
    rows[4]![col('score_GB')] = '';
    rows[4]![col('rationale_GB')] = 'Done: see the evidence.';
    rows[4]![col('evidence_GB')] = data.evidence[0]!;
    rows[1]![col('status_JP')] = 'in_progress'; // the JP draft of commitment 0 is on row 1
    rows[5]![col('evidence')] = data.evidence[1]!;
    const csv = rows.map((r) => csvLine(r)).join('\r\n');
    const plan = await planBulkUpdate(database, data.analyst, await records(csv));
    expect(plan.errors).toEqual([]);
    expect(plan.changes.map(describeChange)).toEqual([
      `line 5: commitment ${data.commitmentIds[3]} GB: new draft: status — → "achieved"; score — → "default"; rationale "" → "Done: see the evidence."; evidence [] → [${data.evidence[0]}]`,
      `line 6: commitment ${data.commitmentIds[4]}: link evidence ${data.evidence[1]}`,
    ]);
    const before = await database.db.selectFrom('events').select('id').execute();
    expect(await applyBulkUpdate(database, data.analyst, plan)).toBe(2);
    const events = await database.db
      .selectFrom('events')
      .select('type')
      .where(
        'id',
        'not in',
        before.map((e) => e.id),
      )
      .execute();
    expect(events.map((e) => e.type).sort()).toEqual(['assessment.drafted', 'evidence.linked']);
    const drafted = await database.db
      .selectFrom('assessments')
      .selectAll()
      .where('commitment_id', '=', data.commitmentIds[3]!)
      .executeTakeFirstOrThrow();
    expect(drafted).toMatchObject({
      status: 'achieved',
      score: 1,
      state: 'draft',
      cycle_id: data.cycles.final,
    });
    // Re-exported and re-imported again: nothing left to change.
    const again = await planBulkUpdate(database, data.analyst, await records(await csvOf(true)));
    expect(again.changes).toEqual([]);
  });

  it('applies nothing when any row is invalid, and names each problem by line and column', async () => {
    const rows = (await records(await csvOf(true))).map((r) => r.fields);
    const header = rows[0]!;
    const col = (name: string) => header.indexOf(name);
    rows[7]![col('status_JP')] = 'achieved';
    rows[8]![col('score_GB')] = '2';
    rows[9]![col('status_GB')] = 'done';
    rows[1]![col('status_GB')] = 'off_track'; // approved: cannot change
    rows[10]![col('commitment_id')] = '99999999';
    const csv = rows.map((r) => csvLine(r)).join('\n');
    const plan = await planBulkUpdate(database, data.analyst, await records(csv));
    expect(plan.errors.map((e) => e.line)).toEqual([2, 9, 10, 11]);
    expect(plan.errors.flatMap((e) => e.problems).join('\n')).toMatch(
      /approved and can no longer change/,
    );
    expect(plan.errors.flatMap((e) => e.problems).join('\n')).toMatch(
      /score_GB "2" is not -1, 0 or 1/,
    );
    const count = await database.db.selectFrom('assessments').select('id').execute();
    await expect(applyBulkUpdate(database, data.analyst, plan)).rejects.toThrow(/nothing applied/);
    expect(await database.db.selectFrom('assessments').select('id').execute()).toHaveLength(
      count.length,
    );
  });

  it('refuses an XLSX zip bomb before opening it', async () => {
    const bomb = writeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(300 * 1024 * 1024, 0x20) },
    ]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const read = async () => {
      for await (const _ of readXlsxTable(bomb)) void _;
    };
    await expect(read()).rejects.toThrow(/zip bomb/);
  });

  it('refuses a CSV that is not the export layout with one clear message', async () => {
    await expect(
      planBulkUpdate(database, data.analyst, await records('a,b\n1,2\n')),
    ).rejects.toThrow(/header lacks commitment_id/);
  });
});
