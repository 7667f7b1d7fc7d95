import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './api/app.ts';
import type { Config } from './config.ts';
import { ensureAdmin } from './services/accounts.ts';
import { systemActor } from './services/actor.ts';
import { importAgreement } from './services/import-agreement.ts';
import { startWorker, type Worker } from './jobs/worker.ts';
import type { Database } from './store/open-database.ts';
import { ensureStatistics } from './store/statistics.ts';

const bundledAccord = fileURLToPath(
  new URL('../fixtures/agreements/hiroshima-accord-2023.en.txt', import.meta.url),
);

/** Logger options: JSON lines that never hold passwords, tokens, cookies or query strings. */
export function loggerOptions(level: string) {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.token',
        '*.csrfToken',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req(req: { method: string; url: string; ip?: string }) {
        // The query string may carry secrets (an ?api_key= pasted by a user): log the path only.
        return { method: req.method, url: req.url.split('?')[0], ip: req.ip };
      },
    },
  };
}

/**
 * Prepares an empty database for the one-command start: the first admin (a one-time password
 * printed once, or ACCORD_ADMIN_PASSWORD) and the bundled Hiroshima Accord. Does nothing twice.
 */
export async function prepareDatabase(
  database: Database,
  config: Config,
  say: (line: string) => void,
): Promise<void> {
  const admin = await ensureAdmin(database, {
    email: config.adminEmail,
    password: config.adminPassword,
  });
  if (admin) {
    say(
      admin.password
        ? `created the admin ${admin.email} with the one-time password: ${admin.password}`
        : `created the admin ${admin.email} (password from ACCORD_ADMIN_PASSWORD)`,
    );
  }
  await ensureStatistics(database.db);
  if (!config.seed) return;
  const someAgreement = await database.db
    .selectFrom('agreements')
    .select('id')
    .limit(1)
    .executeTakeFirst();
  if (someAgreement) return;
  const imported = await importAgreement(database, systemActor, {
    source: { text: readFileSync(bundledAccord, 'utf8'), format: 'text', hints: [] },
    fileName: 'hiroshima-accord-2023.en.txt',
    signed: '2023-05-18',
    parties: ['GB', 'JP'],
    place: 'Hiroshima',
    sourceUrl: 'https://www.gov.uk/government/publications/the-hiroshima-accord',
  });
  say(
    `imported the bundled Hiroshima Accord: ${imported.commitments} commitments (/api/accords/${imported.slug})`,
  );
}

/** Starts the HTTP server and stops it gracefully on SIGTERM/SIGINT (in-flight requests finish, the lock is released). */
export async function startServer(database: Database, config: Config): Promise<FastifyInstance> {
  const app = await buildApp({
    database,
    logger: loggerOptions(config.logLevel),
    secureCookies: config.secureCookies,
  });
  await app.listen({ port: config.port, host: config.host });
  const worker = await startEmbeddedWorker(database, app);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    void app
      .close()
      .then(() => worker?.stop(10_000))
      .catch(() => undefined)
      .then(() => database.close())
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return app;
}

/**
 * The feeds worker inside the server: by default with the embedded database only (one process
 * owns it); ACCORD_WORKER=true runs it on PostgreSQL too, =false never. A worker that cannot start
 * is logged and the server serves on.
 */
async function startEmbeddedWorker(
  database: Database,
  app: FastifyInstance,
): Promise<Worker | null> {
  const setting = process.env.ACCORD_WORKER ?? 'auto';
  if (setting === 'false' || (setting === 'auto' && database.kind !== 'pglite')) return null;
  try {
    const worker = await startWorker(database, { log: app.log });
    app.log.info({ queue: 'pg-boss' }, 'feeds worker started');
    return worker;
  } catch (error) {
    app.log.error(
      { err: error instanceof Error ? error.message : String(error) },
      'feeds worker not started',
    );
    return null;
  }
}
