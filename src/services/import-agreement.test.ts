import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engine, openTestDatabase } from '../../test/database.ts';
import { accordText } from '../../test/fixtures.ts';
import type { Database } from '../store/open-database.ts';
import { verifyEventChain } from '../store/event-log.ts';
import { systemActor } from './actor.ts';
import { importAgreement } from './import-agreement.ts';

describe(`importAgreement on ${engine}`, () => {
  let database: Database;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => {
    await database.close();
  });

  it('keeps the exact text as version 1 and stores the register traced into it', async () => {
    const text = accordText();
    const result = await importAgreement(database, systemActor, {
      source: { text, format: 'text', hints: [] },
      signed: '2023-05-18',
    });
    expect(result.slug).toBe('the-hiroshima-accord-an-enhanced-uk-japan-global-strategic-2023');
    const version = await database.db
      .selectFrom('agreement_versions')
      .selectAll()
      .where('id', '=', result.versionId)
      .executeTakeFirstOrThrow();
    expect(version.text).toBe(text);
    const commitments = await database.db
      .selectFrom('commitments')
      .selectAll()
      .where('agreement_id', '=', result.id)
      .orderBy('position')
      .execute();
    expect(commitments.length).toBe(result.commitments);
    for (const c of commitments) expect(text.slice(c.span_start, c.span_end)).toBe(c.text);
    const moc = commitments.find((c) => c.eid === 'sec_2__item_5__sent_1')!;
    expect(moc).toMatchObject({
      section: '2',
      deadline_date: '2023-12-31',
      deadline_precision: 'day',
      topics: ['critical minerals'],
    });
    const parties = await database.db
      .selectFrom('agreement_parties')
      .select(['code', 'name'])
      .orderBy('position')
      .execute();
    expect(parties).toEqual([
      { code: 'GB', name: 'United Kingdom' },
      { code: 'JP', name: 'Japan' },
    ]);
    expect(await verifyEventChain(database.db)).toMatchObject({ ok: true, events: 1 });
  });

  it('gives a second import of the same title its own slug', async () => {
    const source = { text: 'Joint Statement\nWe will act.', format: 'text' as const, hints: [] };
    const a = await importAgreement(database, systemActor, { source });
    const b = await importAgreement(database, systemActor, { source });
    expect([a.slug, b.slug]).toEqual(['joint-statement', 'joint-statement-2']);
  });

  it('refuses an empty text and writes nothing', async () => {
    await expect(
      importAgreement(database, systemActor, { source: { text: '  ', format: 'text', hints: [] } }),
    ).rejects.toThrow(/no text/);
    expect(await database.db.selectFrom('agreements').selectAll().execute()).toEqual([]);
  });
});
