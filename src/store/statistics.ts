import { sql, type Kysely } from 'kysely';
import type { Schema } from './schema.ts';

const tables = [
  'agreements',
  'agreement_parties',
  'sections',
  'commitments',
  'evidence',
  'evidence_commitments',
  'assessments',
  'events',
];
const minInterval = 10_000;
const lastRun = new WeakMap<Kysely<Schema>, number>();

/**
 * Refreshes the planner's statistics: PGlite runs no autovacuum, and a bulk import outpaces
 * PostgreSQL's autoanalyze; without statistics a register page scans and sorts every commitment
 * (240 ms instead of 13 ms at 100k commitments). At most once per ten seconds per database.
 */
export async function refreshStatistics(
  db: Kysely<Schema>,
  options: { force?: boolean } = {},
): Promise<boolean> {
  const now = Date.now();
  if (!options.force && now - (lastRun.get(db) ?? 0) < minInterval) return false;
  lastRun.set(db, now);
  await sql.raw(`ANALYZE ${tables.join(', ')}`).execute(db);
  return true;
}

/**
 * Refreshes the statistics only when the planner has none for the commitments (a database filled
 * by an older version, or restored): a restart of a database that has them skips the ANALYZE, and
 * the memory it takes (WebAssembly memory, on PGlite, is never given back).
 */
export async function ensureStatistics(db: Kysely<Schema>): Promise<boolean> {
  const r = await sql<{ analysed: boolean }>`
    SELECT EXISTS (SELECT 1 FROM pg_stats WHERE tablename = 'commitments') AS analysed`.execute(db);
  if (r.rows[0]?.analysed) return false;
  return refreshStatistics(db, { force: true });
}
