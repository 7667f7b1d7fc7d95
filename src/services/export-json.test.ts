import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine, openTestDatabase } from '../../test/database.ts';
import { agreementExportJsonSchema } from '../core/export/agreement-json.ts';
import { verifyEventChain } from '../store/event-log.ts';
import type { Database } from '../store/open-database.ts';
import { systemActor } from './actor.ts';
import { exportAgreementJson, importAgreementJson, parseAgreementExport } from './export-json.ts';
import { seedExportData, type ExportTestData } from './export-test-data.ts';

const withoutRun = <T extends { exported_at: string; events: unknown[] }>(doc: T) => ({
  ...doc,
  exported_at: undefined,
  events: undefined,
});

describe(`JSON export and import (${engine})`, () => {
  let source: Database;
  let data: ExportTestData;
  beforeAll(async () => {
    source = await openTestDatabase();
    data = await seedExportData(source);
  }, 60_000);
  afterAll(async () => {
    await source.close();
  });

  it('imported into an empty instance, exports again to the same document', async () => {
    const doc = await exportAgreementJson(source, data.agreementId, { member: true });
    expect(doc.events.length).toBeGreaterThan(5);
    expect(doc.assessments.map((a) => a.state).sort()).toEqual([
      'approved',
      'approved',
      'draft',
      'submitted',
    ]);
    // Through text, as a file would go.
    const parsed = parseAgreementExport(JSON.parse(JSON.stringify(doc)));
    const target = await openTestDatabase();
    try {
      const result = await importAgreementJson(target, systemActor, parsed);
      expect(result.commitments).toBe(doc.commitments.length);
      const again = await exportAgreementJson(target, data.agreementId, { member: true });
      expect(withoutRun(again)).toEqual(withoutRun(doc));
      // The source history is kept whole in the restore event; the new chain verifies.
      expect(again.events.map((e) => e.type)).toEqual(['agreement.restored']);
      const restored = again.events[0]!.payload as {
        source_history: { log: unknown[]; head: string };
      };
      expect(restored.source_history.log).toEqual(doc.events);
      expect(restored.source_history.head).toBe(doc.events.at(-1)!.hash);
      expect((await verifyEventChain(target.db)).ok).toBe(true);
      // A second import into the same instance clashes and changes nothing.
      await expect(importAgreementJson(target, systemActor, parsed)).rejects.toThrow(
        /empty instance/,
      );
    } finally {
      await target.close();
    }
  }, 60_000);

  it('gives anonymous readers approved assessments only, and no history', async () => {
    const doc = await exportAgreementJson(source, data.agreementId, { member: false });
    expect(doc.scope).toBe('public');
    expect(doc.assessments.every((a) => a.state === 'approved')).toBe(true);
    expect(JSON.stringify(doc)).not.toContain('DRAFT: not yet reviewed');
    expect(doc.events).toEqual([]);
  });

  it('refuses a document that is not an export, naming the path', () => {
    expect(() => parseAgreementExport({ format: 'accord-agreement-export' })).toThrow(
      /not an agreement export: format_version/,
    );
  });

  it('documents the format in docs/agreement-export.schema.json (kept up to date)', () => {
    const written = JSON.parse(
      readFileSync(new URL('../../docs/agreement-export.schema.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(written).toEqual(agreementExportJsonSchema());
  });
});
