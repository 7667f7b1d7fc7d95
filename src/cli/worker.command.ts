import type { Command } from 'commander';
import { readConfig } from '../config.ts';
import { startWorker } from '../jobs/worker.ts';
import { CliError } from './cli-error.ts';
import { openStore } from './open-store.ts';

/**
 * `accord worker`: the background worker (feed polling and evidence matching) on the job queue.
 * With PostgreSQL, run as many as you like beside the API servers; the embedded database is
 * owned by one process, so there `accord serve` runs the worker itself.
 */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run background jobs: poll watched feeds and suggest evidence (until SIGTERM)')
    .option('--tick <seconds>', 'how often to look for feeds that are due (default 60)')
    .option('--concurrency <n>', 'feeds polled at once by this worker (default 4)')
    .addHelpText(
      'after',
      '\nOn PostgreSQL (DATABASE_URL), start workers beside `accord serve`. With the embedded\ndatabase, `accord serve` already runs one.',
    )
    .action(async (flags: { tick?: string; concurrency?: string }) => {
      const tick = flags.tick === undefined ? 60 : Number(flags.tick);
      if (!Number.isFinite(tick) || tick < 1 || tick > 86_400)
        throw new CliError(`invalid --tick "${flags.tick}": use 1-86400 seconds`);
      const concurrency = flags.concurrency === undefined ? 4 : Number(flags.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
        throw new CliError(`invalid --concurrency "${flags.concurrency}": use 1-64`);
      const config = readConfig();
      const database = await openStore(config);
      const line = (level: string) => (o: object, m: string) =>
        process.stderr.write(`${JSON.stringify({ level, time: Date.now(), msg: m, ...o })}\n`);
      let worker;
      try {
        worker = await startWorker(database, {
          tickSeconds: tick,
          concurrency,
          log: { info: line('info'), warn: line('warn'), error: line('error') },
        });
      } catch (error) {
        await database.close();
        throw error;
      }
      process.stderr.write(
        `accord: worker started on ${database.kind === 'pglite' ? `the embedded database in ${config.dataDir}` : 'PostgreSQL'} (feeds checked every ${tick} s)\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      process.stderr.write('accord: worker stopping (finishing jobs in flight)\n');
      await worker.stop(15_000);
      await database.close();
    });
}
