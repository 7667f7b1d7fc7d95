import PgBoss from 'pg-boss';
import { CompiledQuery } from 'kysely';
import type { Database } from '../store/open-database.ts';

/**
 * pg-boss's database interface over our own connection, so that the queue runs on a PostgreSQL
 * server and on the embedded PGlite alike: statements with parameters go through Kysely (one
 * prepared statement), scripts of several statements (pg-boss's installation and its locked
 * maintenance blocks) through `exec`, which both engines run as a simple query.
 */
export function queueDatabase(database: Database): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (!values || values.length === 0) {
        if (text.trim().replace(/;\s*$/, '').includes(';')) {
          await database.exec(text);
          return { rows: [] };
        }
      }
      const result = await database.db.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: result.rows };
    },
  };
}

/**
 * Opens the job queue (pg-boss, in its own `pgboss` schema) on the database; its tables are
 * created on first start.
 */
export async function openQueue(
  database: Database,
  onError: (error: Error) => void = () => undefined,
): Promise<PgBoss> {
  const boss = new PgBoss({
    db: queueDatabase(database),
    schema: 'pgboss',
    // Maintenance (expiry, archiving) on; pg-boss's cron is not used: workers tick themselves.
    supervise: true,
    schedule: false,
    migrate: true,
  });
  boss.on('error', onError);
  await boss.start();
  return boss;
}
