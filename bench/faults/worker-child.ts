// A feeds worker as its own process, for the fault script to kill: the same startWorker that
// `accord worker` runs, on DATABASE_URL, with short ticks so that the run stays brief.
// `tsx bench/faults/worker-child.ts` (DATABASE_URL).
import { startWorker } from '../../src/jobs/worker.ts';
import { openDatabase } from '../../src/store/open-database.ts';

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
const say = (level: string) => (o: object, m: string) =>
  process.stderr.write(`${JSON.stringify({ level, msg: m, ...o })}\n`);
const worker = await startWorker(database, {
  tickSeconds: 1,
  pollingSeconds: 0.5,
  concurrency: 2,
  // The fault script's feed server is on 127.0.0.1, which production refuses by default.
  fetch: { hostPaceMs: 0, attempts: 1, timeoutMs: 60_000, allowPrivateAddresses: true },
  log: { info: say('info'), warn: say('warn'), error: say('error') },
});
process.stderr.write('worker ready\n');
process.once('SIGTERM', () => {
  void worker
    .stop(5_000)
    .then(() => database.close())
    .then(() => process.exit(0));
});
