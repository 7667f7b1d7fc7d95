// Latency from a feed change to a stored suggestion: a local feed server gains an item, and the
// time until the suggestion row exists is measured, polling directly and through the job queue.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { systemActor } from '../../src/services/actor.ts';
import { addFeedSource } from '../../src/services/feeds.ts';
import { importAgreement } from '../../src/services/import-agreement.ts';
import { openDatabase, type Database } from '../../src/store/open-database.ts';
import { pollSource } from '../../src/jobs/poll-feeds.ts';
import {
  rss,
  startFeedServer,
  withEtag,
  type FixtureItem,
} from '../../src/jobs/test-feed-server.ts';
import { startWorker } from '../../src/jobs/worker.ts';

const runs = 5;
const tickSeconds = 1;

export interface LatencyFigures {
  runs: number;
  tickSeconds: number;
  direct: { median: number; max: number };
  queued: { median: number; max: number };
}

/** Runs the latency measurement on an in-memory PGlite. */
export async function measureLatency(): Promise<LatencyFigures> {
  const database = await openDatabase({ dataDir: 'memory://' });
  const text = readFileSync(
    fileURLToPath(
      new URL('../../fixtures/agreements/hiroshima-accord-2023.en.txt', import.meta.url),
    ),
    'utf8',
  );
  const { id } = await importAgreement(database, systemActor, {
    source: { text, format: 'text', hints: [] },
    signed: '2023-05-18',
  });
  // News-like items written from the Accord's own commitments, one per change.
  const commitments = await database.db
    .selectFrom('commitments')
    .select('text')
    .where('agreement_id', '=', id)
    .orderBy('position')
    .execute();
  let n = 0;
  const nextItem = (): FixtureItem => {
    const words = commitments[n % commitments.length]!.text.split(/\s+/);
    n++;
    return {
      guid: `bench-${n}`,
      link: `https://gov.example/news/${n}`,
      title: `Progress: ${words.slice(0, 10).join(' ')}`,
      description: `Officials announced progress today. ${words.slice(0, 40).join(' ')}`,
      pubDate: '2024-02-01T09:00:00Z',
    };
  };
  const items: FixtureItem[] = [nextItem()];
  const server = await startFeedServer({
    '/feed.xml': withEtag(
      () => rss(items),
      () => `"${items.length}"`,
    ),
  });
  try {
    const source = await addFeedSource(database, systemActor, id, {
      url: server.url('/feed.xml'),
      intervalMinutes: 5,
    });
    const fast = { hostPaceMs: 0, allowPrivateAddresses: true };
    await pollSource(database, source.id, fast);

    const direct: number[] = [];
    for (let i = 0; i < runs; i++) {
      const item = nextItem();
      items.unshift(item);
      const start = performance.now();
      await pollSource(database, source.id, fast);
      await waitForSuggestion(database, item.link);
      direct.push(performance.now() - start);
    }

    const worker = await startWorker(database, { tickSeconds, pollingSeconds: 0.5, fetch: fast });
    const queued: number[] = [];
    try {
      for (let i = 0; i < runs; i++) {
        const item = nextItem();
        items.unshift(item);
        const start = performance.now();
        // The moment the source becomes due.
        await database.db
          .updateTable('feed_sources')
          .set({ next_poll_at: new Date() })
          .where('id', '=', source.id)
          .execute();
        await waitForSuggestion(database, item.link);
        queued.push(performance.now() - start);
      }
    } finally {
      await worker.stop(5_000);
    }
    return { runs, tickSeconds, direct: summary(direct), queued: summary(queued) };
  } finally {
    await server.close();
    await database.close();
  }
}

async function waitForSuggestion(database: Database, link: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const row = await database.db
      .selectFrom('suggestions as s')
      .innerJoin('feed_items as i', 'i.id', 's.item_id')
      .select('s.id')
      .where('i.url', '=', link)
      .executeTakeFirst();
    if (row) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no suggestion for ${link} within 60 s`);
}

function summary(xs: number[]): { median: number; max: number } {
  const sorted = [...xs].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, max: sorted.at(-1)! };
}
