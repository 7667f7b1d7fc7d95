import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine, openTestDatabase } from '../../test/database.ts';
import { hasXmllint, validateAkn } from '../core/export/xmllint.ts';
import type { Database } from '../store/open-database.ts';
import { systemActor } from './actor.ts';
import { addCommitment, editCommitment, rejectCommitment } from './correct-register.ts';
import { exportAgreementAkn, importAgreementAkn } from './export-akn.ts';
import { seedExportData, type ExportTestData } from './export-test-data.ts';

async function registerOf(database: Database, agreementId: string) {
  const rows = await database.db
    .selectFrom('commitments')
    .select([
      'eid',
      'section',
      'sentence_eid',
      'span_start',
      'span_end',
      'text',
      'deadline_date',
      'deadline_precision',
      'deadline_phrase',
      'actors',
      'instruments',
      'targets',
      'topics',
      'strength',
      'kind',
      'origin',
      'state',
    ])
    .where('agreement_id', '=', agreementId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows;
}

describe(`Akoma Ntoso export and import through the database (${engine})`, () => {
  let database: Database;
  let data: ExportTestData;
  beforeAll(async () => {
    database = await openTestDatabase();
    data = await seedExportData(database);
    // An analyst's corrections must survive the round trip too.
    const [first, second] = await database.db
      .selectFrom('commitments')
      .select(['id', 'row_version'])
      .where('agreement_id', '=', data.agreementId)
      .orderBy('position')
      .limit(2)
      .execute();
    await rejectCommitment(database, data.analyst, second!.id, second!.row_version, 'a welcome');
    await editCommitment(database, data.analyst, first!.id, first!.row_version, {
      topics: ['defence'],
    });
    await addCommitment(database, data.analyst, data.agreementId, { start: 72, end: 150 });
  }, 60_000);
  afterAll(async () => {
    await database.close();
  });

  it('re-imports to the same register, corrections included, and validates against the schema', async () => {
    const { xml } = await exportAgreementAkn(database, data.agreementId, { member: true });
    const imported = await importAgreementAkn(database, systemActor, Buffer.from(xml), {
      fileName: 'accord.akn',
    });
    expect(imported.id).not.toBe(data.agreementId);
    expect(await registerOf(database, imported.id)).toEqual(
      await registerOf(database, data.agreementId),
    );
    const again = await exportAgreementAkn(database, imported.id, { member: true });
    expect(again.xml.replaceAll(again.slug, 'SLUG')).toBe(
      xml.replaceAll(
        (await exportAgreementAkn(database, data.agreementId, { member: true })).slug,
        'SLUG',
      ),
    );
    if (hasXmllint()) expect(validateAkn([{ name: 'accord', xml }])).toBe('');
  });

  it('shows anonymous readers the active register only', async () => {
    const { xml } = await exportAgreementAkn(database, data.agreementId, { member: false });
    expect(xml).not.toContain('"state":"rejected"');
    expect(xml).toContain('name="commitment"');
  });
});
