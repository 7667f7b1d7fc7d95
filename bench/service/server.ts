// The serving process of the service benchmark (forked with IPC by leg.ts): opens the filled
// database, serves buildApp and a bare Fastify route on 127.0.0.1, and runs the direct baselines
// (the same repository calls without HTTP) on request, so that both share one process and one
// database handle. `tsx bench/service/server.ts pglite DATA_DIR | postgres` (DATABASE_URL).
import Fastify from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../src/api/app.ts';
import { encodeCursor } from '../../src/api/http.ts';
import { filtersFrom } from '../../src/api/routes/commitment-filters.ts';
import { searchText } from '../../src/core/text/search-text.ts';
import { listCommitments } from '../../src/store/commitment.repository.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { searchCommitments } from '../../src/store/search.repository.ts';
import type { Ready, Reply, Request } from './protocol.ts';

const [engine, dataDir] = process.argv.slice(2);
if (engine !== 'pglite' && engine !== 'postgres')
  throw new Error('usage: server.ts pglite DATA_DIR | postgres');
const send = (message: Reply | Ready) => process.send?.(message);

const database = await openDatabase(
  engine === 'postgres' ? { databaseUrl: process.env.DATABASE_URL } : { dataDir },
);
const { db } = database;
const app = await buildApp({ database, logger: false });
await app.listen({ host: '127.0.0.1', port: 0 });
const bare = Fastify({ logger: false });
bare.get('/', async () => ({ hello: 'world' }));
await bare.listen({ host: '127.0.0.1', port: 0 });
const portOf = (server: typeof app.server) => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
};

// The anonymous caller's filters, as the route builds them for GET /api/commitments.
const filters = { ...filtersFrom({}, false), agreementId: undefined };
const counts = await db
  .selectFrom('commitments')
  .select([
    sql<number>`count(*)::int`.as('commitments'),
    sql<number>`count(DISTINCT agreement_id)::int`.as('agreements'),
  ])
  .executeTakeFirstOrThrow();
const middle = await db
  .selectFrom('commitments')
  .select(['agreement_id', 'position', 'id'])
  .orderBy('agreement_id')
  .orderBy('position')
  .orderBy('id')
  .offset(Math.floor(counts.commitments / 2))
  .limit(1)
  .executeTakeFirstOrThrow();
const after = { agreementId: middle.agreement_id, position: middle.position, id: middle.id };
const version = await sql<{ v: string }>`SELECT version() AS v`.execute(db);

// The first page as the route asks for it, before and after ANALYZE: PGlite runs no autovacuum,
// so a freshly filled folder has no planner statistics until someone runs ANALYZE.
const timeFirstPage = async () => {
  const started = performance.now();
  await listCommitments(db, filters, { after: null, limit: 51 });
  return performance.now() - started;
};
const statsBefore = await timeFirstPage();
const analyzed = performance.now();
if (process.env.BENCH_NO_ANALYZE !== '1') await sql`ANALYZE`.execute(db);
const analyzeMs = performance.now() - analyzed;
await timeFirstPage();
const statsAfter = await timeFirstPage();

async function listLoops(cursor: boolean, connections: number, seconds: number) {
  const until = performance.now() + seconds * 1000;
  let requests = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        try {
          // limit + 1, as commitmentPage asks, to know whether there is a next page.
          await listCommitments(db, filters, { after: cursor ? after : null, limit: 51 });
          requests++;
        } catch {
          errors++;
        }
      }
    }),
  );
  return { requests, errors, seconds: (performance.now() - started) / 1000 };
}

process.on('message', (message: Request) => {
  const answer = async (): Promise<Reply> => {
    switch (message.cmd) {
      case 'search': {
        const started = performance.now();
        const terms = searchText(
          message.terms,
          /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(message.terms)
            ? 'ja'
            : 'en',
        );
        const result = await searchCommitments(db, terms, { includePrivate: false }, 20, 0);
        return { id: message.id, ms: performance.now() - started, hits: result.total };
      }
      case 'list':
        return {
          id: message.id,
          ...(await listLoops(message.cursor, message.connections, message.seconds)),
        };
      case 'memory':
        return {
          id: message.id,
          rssMb: process.memoryUsage().rss / 1024 / 1024,
          heapMb: process.memoryUsage().heapUsed / 1024 / 1024,
          peakRssMb: process.resourceUsage().maxRSS / 1024,
        };
      case 'close':
        await app.close();
        await bare.close();
        await database.close();
        return { id: message.id, closed: true };
    }
  };
  answer().then(
    (reply) => {
      send(reply);
      if ('closed' in reply) process.disconnect();
    },
    (error: unknown) => send({ id: message.id, error: String(error) }),
  );
});

send({
  ready: true,
  apiPort: portOf(app.server),
  barePort: portOf(bare.server),
  sampleId: middle.id,
  cursor: encodeCursor({ a: middle.agreement_id, p: middle.position, i: middle.id }),
  commitments: counts.commitments,
  agreements: counts.agreements,
  engineVersion: version.rows[0]?.v.split(' on ')[0] ?? 'unknown',
  firstPageMs: { beforeAnalyze: statsBefore, afterAnalyze: statsAfter, analyze: analyzeMs },
});
