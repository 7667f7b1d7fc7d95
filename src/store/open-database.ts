import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataFolder, type DataFolderLock } from './data-folder-lock.ts';
import { migrate } from './migrate.ts';
import type { Schema } from './schema.ts';

export interface Database {
  db: Kysely<Schema>;
  kind: 'pglite' | 'postgres';
  /** Runs SQL text that may hold several statements (migrations, restore). */
  exec(sql: string): Promise<void>;
  /** A dump of the embedded database's folder (PGlite only). */
  dump?: () => Promise<Blob>;
  /** Connections of the server pool (PostgreSQL only), for metrics. */
  poolStats?: () => { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres://... : use a PostgreSQL server. Otherwise the embedded database in `dataDir`. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded database; default ./data. `memory://` keeps it in memory (tests). */
  dataDir?: string | undefined;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** Connections in the pool for a server (default 10). */
  poolSize?: number;
  /** A dump of a prepared embedded database to start from (fast test databases). */
  loadDataDir?: Blob | File;
}

// int8 ids as strings (they may exceed 2^53), dates as YYYY-MM-DD strings, on both engines.
const INT8 = 20;
const DATE = 1082;
pg.types.setTypeParser(INT8, (v: string) => v);
pg.types.setTypeParser(DATE, (v: string) => v);

/**
 * Opens the database: PGlite in a data folder (locked to this process) by default, or a
 * PostgreSQL server when `databaseUrl` is given; the same schema and SQL on both.
 *
 * @example const { db, close } = await openDatabase({ dataDir: 'memory://' })
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const database = options.databaseUrl ? openServer(options) : await openEmbedded(options);
  if (options.migrate !== false) {
    try {
      await migrate(database);
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}

async function openEmbedded(options: OpenDatabaseOptions): Promise<Database> {
  const dataDir = options.dataDir ?? './data';
  const inMemory = dataDir.startsWith('memory://');
  const lock: DataFolderLock | null = inMemory ? null : lockDataFolder(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create(inMemory ? undefined : `${dataDir.replace(/\/$/, '')}/pgdata`, {
      parsers: { [INT8]: (v: string) => v, [DATE]: (v: string) => v },
      // WebAssembly memory never shrinks: modest buffers keep a long-running server small (the
      // operating system still caches the data files).
      postgresqlconf: ['shared_buffers = 32MB', 'maintenance_work_mem = 16MB'],
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = new Kysely<Schema>({ dialect: new PGliteDialect({ pglite: client }) });
  return {
    db,
    kind: 'pglite',
    dump: () => client.dumpDataDir('none'),
    exec: async (sql) => {
      await client.exec(sql);
    },
    close: async () => {
      await db.destroy();
      if (!client.closed) await client.close();
      lock?.release();
    },
  };
}

function openServer(options: OpenDatabaseOptions): Database {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
  // A client that loses its server must not crash the process: the pool handles idle ones
  // ('error' on the pool); a checked-out one (inside a transaction, between two queries) emits
  // 'error' on itself, with no listener, when PostgreSQL shuts down (57P01). The query in flight
  // fails on its own and the pool drops the broken client when it is released.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: async () => {
      await db.destroy();
    },
  };
}
