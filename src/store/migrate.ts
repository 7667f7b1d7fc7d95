import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './open-database.ts';

const folder = fileURLToPath(new URL('./migrations/', import.meta.url));
// Any constant: several servers starting at once take turns to migrate.
const migrationLock = 7_231_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The numbered, forward-only migrations in src/store/migrations (NNN-name.sql). */
export function listMigrations(): Migration[] {
  return readdirSync(folder)
    .filter((f) => /^\d{3}-[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 3)),
      name: f.slice(4, -4),
      sql: readFileSync(folder + f, 'utf8'),
    }));
}

/**
 * Applies the migrations not applied yet, each in its own transaction, under an advisory lock.
 * Returns the versions applied.
 */
export async function migrate(database: Database): Promise<number[]> {
  const applied: number[] = [];
  await database.exec(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  await database.exec(`SELECT pg_advisory_lock(${migrationLock})`);
  try {
    const done = new Set(
      (await database.db.selectFrom('schema_migrations').select('version').execute()).map(
        (r) => r.version,
      ),
    );
    for (const m of listMigrations()) {
      if (done.has(m.version)) continue;
      await database.exec(
        `BEGIN;\n${m.sql}\n;INSERT INTO schema_migrations (version, name) VALUES (${m.version}, '${m.name.replace(/'/g, "''")}');\nCOMMIT;`,
      );
      applied.push(m.version);
    }
  } catch (error) {
    await database.exec('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await database.exec(`SELECT pg_advisory_unlock(${migrationLock})`);
  }
  return applied;
}

/** True when every migration has been applied (for /readyz). */
export async function migrationsApplied(database: Database): Promise<boolean> {
  const rows = await sql<{ version: number }>`SELECT version FROM schema_migrations`.execute(
    database.db,
  );
  const done = new Set(rows.rows.map((r) => r.version));
  return listMigrations().every((m) => done.has(m.version));
}
