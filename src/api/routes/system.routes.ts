import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../../store/open-database.ts';
import { migrationsApplied } from '../../store/migrate.ts';
import { verifyEventChain } from '../../store/event-log.ts';
import { sendProblem } from '../problem.ts';

/** Liveness, readiness (database reachable, migrations applied) and history verification. */
export function systemRoutes(app: FastifyInstance, database: Database): void {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: { tags: ['system'], summary: 'The process is alive' },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: { tags: ['system'], summary: 'The database is reachable and migrated' },
    },
    async (_request, reply) => {
      try {
        await sql`SELECT 1`.execute(database.db);
        if (!(await migrationsApplied(database)))
          return sendProblem(reply, 503, 'unavailable', 'Migrations are not applied yet');
        return { status: 'ready', database: database.kind };
      } catch {
        return sendProblem(reply, 503, 'unavailable', 'The database is not reachable');
      }
    },
  );

  app.get(
    '/api/history/verify',
    {
      config: { access: 'public' },
      schema: {
        tags: ['history'],
        summary: 'Recompute the hash chain of the whole history; reports the first broken link',
      },
    },
    async () => verifyEventChain(database.db),
  );
}
