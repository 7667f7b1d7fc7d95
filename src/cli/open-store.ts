import { DomainError } from '../core/domain-error.ts';
import type { Config } from '../config.ts';
import { openDatabase, type Database } from '../store/open-database.ts';
import { CliError } from './cli-error.ts';

/** Opens the configured database for a CLI command; a locked data folder is a clear one-line error. */
export async function openStore(config: Config): Promise<Database> {
  try {
    return await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    if (error instanceof DomainError) throw new CliError(error.message);
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError(
      `cannot open the database (${config.databaseUrl ? 'DATABASE_URL' : config.dataDir}): ${message.split('\n')[0]}`,
      1,
    );
  }
}

/** Runs work with the store open, closing it (and releasing the data-folder lock) afterwards. */
export async function withStore<T>(
  config: Config,
  work: (database: Database) => Promise<T>,
): Promise<T> {
  const database = await openStore(config);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}
