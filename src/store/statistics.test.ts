import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engine, openTestDatabase } from '../../test/database.ts';
import { accordText } from '../../test/fixtures.ts';
import { systemActor } from '../services/actor.ts';
import { importAgreement } from '../services/import-agreement.ts';
import type { Database } from './open-database.ts';
import { ensureStatistics } from './statistics.ts';

describe(`planner statistics on ${engine}`, () => {
  let database: Database;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => {
    await database.close();
  });

  it('are gathered at start only when the commitments have none', async () => {
    await importAgreement(database, systemActor, {
      source: { text: accordText(), format: 'text', hints: [] },
      signed: '2023-05-18',
    });
    // The import gathered them (throttled refresh): a restart need not.
    expect(await ensureStatistics(database.db)).toBe(false);
  });

  it('are gathered when a filled database has none', async () => {
    await importAgreement(database, systemActor, {
      source: { text: accordText(), format: 'text', hints: [] },
      signed: '2023-05-18',
    });
    await database.exec('DELETE FROM pg_statistic');
    expect(await ensureStatistics(database.db)).toBe(true);
    expect(await ensureStatistics(database.db)).toBe(false);
  });
});
