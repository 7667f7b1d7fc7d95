import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine, openTestDatabase } from '../../test/database.ts';
import { parseCsv } from '../core/format/csv.ts';
import { listZip } from '../core/format/zip.ts';
import type { Database } from '../store/open-database.ts';
import { exportDataPackage, zipDataPackage } from './export-datapackage.ts';
import { atomFeed, publishedChanges } from './export-feed.ts';
import { canPrintPdf, exportReport, printPdf } from './export-report.ts';
import { seedExportData, type ExportTestData } from './export-test-data.ts';

async function rows(csv: Buffer) {
  const out: string[][] = [];
  for await (const r of parseCsv([csv.toString('utf8')])) out.push(r.fields);
  return out;
}

describe(`Atom feed, data package and report (${engine})`, () => {
  let database: Database;
  let data: ExportTestData;
  beforeAll(async () => {
    database = await openTestDatabase();
    data = await seedExportData(database);
  }, 60_000);
  afterAll(async () => {
    await database.close();
  });

  it('publishes approvals and evidence in an Atom feed, never drafts or submissions', async () => {
    const feed = await publishedChanges(database, {
      agreement: data.agreementId,
      reader: { member: false },
    });
    const xml = atomFeed(feed, 'https://tracker.example/');
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml) as {
      feed: { entry: { title: string; category: { '@_term': string } }[]; link: unknown[] };
    };
    const entries = parsed.feed.entry;
    expect(entries.map((e) => e.category['@_term']).sort()).toEqual([
      'assessment.approved',
      'assessment.approved',
      'evidence.recorded',
      'evidence.recorded',
    ]);
    expect(entries.map((e) => e.title)).toContain('GB: achieved (score +1)');
    expect(xml).not.toMatch(/DRAFT|SUBMITTED|awaiting review/);
    expect(xml).toContain(
      '<link rel="self" type="application/atom+xml" href="https://tracker.example/api/accords/',
    );
    // The overall feed leaves private agreements out.
    await database.db
      .updateTable('agreements')
      .set({ private: true })
      .where('id', '=', data.agreementId)
      .execute();
    try {
      const overall = await publishedChanges(database, { reader: { member: false } });
      expect(overall.changes.filter((c) => c.agreementId === data.agreementId)).toEqual([]);
      await expect(
        publishedChanges(database, { agreement: data.agreementId, reader: { member: false } }),
      ).rejects.toThrow(/no agreement/);
    } finally {
      await database.db
        .updateTable('agreements')
        .set({ private: false })
        .where('id', '=', data.agreementId)
        .execute();
    }
  });

  it('writes a Frictionless data package whose CSV files match their table schemas', async () => {
    const pkg = await exportDataPackage(database, data.agreementId, { member: false });
    const byName = new Map(pkg.files.map((f) => [f.name, f.data]));
    const descriptor = JSON.parse(byName.get('datapackage.json')!.toString('utf8')) as {
      profile: string;
      resources: { name: string; path: string; schema: { fields: { name: string }[] } }[];
    };
    expect(descriptor.profile).toBe('tabular-data-package');
    expect(descriptor.resources.map((r) => r.name)).toEqual([
      'commitments',
      'cycles',
      'assessments',
      'evidence',
      'evidence_links',
    ]);
    for (const resource of descriptor.resources) {
      const table = await rows(byName.get(resource.path)!);
      expect(table[0], resource.name).toEqual(resource.schema.fields.map((f) => f.name));
    }
    const assessments = await rows(byName.get('data/assessments.csv')!);
    expect(assessments.slice(1).map((r) => r[8])).toEqual(['approved', 'approved']);
    expect(byName.get('data/evidence.csv')!.toString()).toContain(`"'=HYPERLINK(`);
    expect(listZip(zipDataPackage(pkg.files)).map((e) => e.name)).toEqual(
      pkg.files.map((f) => f.name),
    );
  });

  it('prints a progress report with figures, charts, a table per section and evidence citations', async () => {
    const { html } = await exportReport(
      database,
      data.agreementId,
      { member: true },
      { today: '2024-06-01' },
    );
    expect(html).toContain(
      '<h1>The Hiroshima Accord: An enhanced UK-Japan global strategic partnership</h1>',
    );
    expect(html).toContain('@media print');
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html.match(/<section class="register">/g)!.length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('UK-Japan Reciprocal Access Agreement enters into force');
    expect(html).toContain('=1+1 the agreement is in force');
    // Members asking still get the published state: no drafts, no submissions.
    expect(html).not.toMatch(/DRAFT|SUBMITTED/);
    expect(html).not.toContain('<script');
    if (canPrintPdf()) {
      const pdf = await printPdf(html);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    }
  }, 60_000);
});
