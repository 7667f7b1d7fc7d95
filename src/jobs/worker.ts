import type PgBoss from 'pg-boss';
import { claimDueFeedSources } from '../store/feed.repository.ts';
import type { Database } from '../store/open-database.ts';
import type { FetchFeedOptions } from './fetch-feed.ts';
import { pollSource, type PollOutcome } from './poll-feeds.ts';
import { openQueue } from './queue.ts';

/** The queues of evidence monitoring. */
export const queues = {
  /** "Which sources are due?": at most one waiting at a time, whichever worker ticks. */
  pollDue: 'feeds-poll-due',
  /** Poll one source: per source, at most one waiting and one running. */
  pollSource: 'feeds-poll-source',
} as const;

export interface WorkerOptions {
  /** How often this worker asks for due sources, in seconds (default 60). */
  tickSeconds?: number;
  /** How often workers look for jobs, in seconds (default 2). */
  pollingSeconds?: number;
  /** Sources polled at once by this worker (default 4). */
  concurrency?: number;
  fetch?: FetchFeedOptions;
  log?: {
    info: (o: object, m: string) => void;
    warn: (o: object, m: string) => void;
    error: (o: object, m: string) => void;
  };
  /** Called after each poll (tests, metrics). */
  onPoll?: (outcome: PollOutcome) => void;
}

export interface Worker {
  boss: PgBoss;
  /** Finishes the jobs in flight (up to `timeoutMs`), then stops; the database stays open. */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Starts the evidence-monitoring worker on the job queue: every tick it queues a look for due
 * sources; each due source becomes a job (retried with backoff by the queue if the worker dies),
 * polled, stored and matched into suggestions. Several workers share the work.
 */
export async function startWorker(
  database: Database,
  options: WorkerOptions = {},
): Promise<Worker> {
  const log = options.log ?? {
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
  };
  const boss = await openQueue(database, (error) =>
    log.error({ err: error.message }, 'job queue error'),
  );
  await boss.createQueue(queues.pollDue, { name: queues.pollDue, policy: 'short' });
  await boss.createQueue(queues.pollSource, {
    name: queues.pollSource,
    policy: 'stately',
    retryLimit: 3,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 15 * 60,
  });
  const pollingIntervalSeconds = options.pollingSeconds ?? 2;
  await boss.work(queues.pollDue, { pollingIntervalSeconds }, async () => {
    for (const sourceId of await claimDueFeedSources(database.db, new Date(), 500))
      await boss.send(queues.pollSource, { sourceId }, { singletonKey: sourceId });
  });
  const concurrency = Math.max(1, options.concurrency ?? 4);
  for (let i = 0; i < concurrency; i++)
    await boss.work<{ sourceId: string }>(
      queues.pollSource,
      { pollingIntervalSeconds, batchSize: 1 },
      async ([job]) => {
        if (!job) return;
        const outcome = await pollSource(database, job.data.sourceId, options.fetch);
        if (outcome.status === 'failed') log.warn({ ...outcome }, 'feed poll failed');
        else log.info({ ...outcome }, 'feed polled');
        options.onPoll?.(outcome);
      },
    );
  const tick = () =>
    boss
      .send(queues.pollDue, {}, { singletonKey: 'due' })
      .catch((error: unknown) =>
        log.error({ err: error instanceof Error ? error.message : String(error) }, 'tick failed'),
      );
  void tick();
  const timer = setInterval(() => void tick(), (options.tickSeconds ?? 60) * 1000);
  timer.unref();
  return {
    boss,
    stop: async (timeoutMs = 10_000) => {
      clearInterval(timer);
      await boss.stop({ graceful: true, timeout: timeoutMs, close: false, wait: true });
    },
  };
}
