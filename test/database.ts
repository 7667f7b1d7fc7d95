import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../src/store/open-database.ts';

let template: Promise<Blob> | null = null;

/**
 * A fresh, migrated database for one test: a PostgreSQL database on TEST_DATABASE_URL's server
 * when that is set (CI), else an in-memory PGlite cloned from a prepared dump (fast).
 */
export async function openTestDatabase(): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) return openServerTestDatabase(serverUrl);
  template ??= (async () => {
    const db = await openDatabase({ dataDir: 'memory://' });
    const dump = await db.dump!();
    await db.close();
    return dump;
  })();
  return openDatabase({ dataDir: 'memory://', loadDataDir: await template, migrate: false });
}

async function openServerTestDatabase(serverUrl: string): Promise<Database> {
  const name = `accord_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  return {
    ...database,
    close: async () => {
      await database.close();
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** Which engine the database tests run on, for test names. */
export const engine = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
