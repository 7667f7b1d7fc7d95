import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engine, openTestDatabase } from '../../test/database.ts';
import { accordText } from '../../test/fixtures.ts';
import { systemActor } from '../services/actor.ts';
import { addFeedSource } from '../services/feeds.ts';
import { importAgreement } from '../services/import-agreement.ts';
import type { Database } from '../store/open-database.ts';
import { rss, startFeedServer } from './test-feed-server.ts';
import { startWorker, type Worker } from './worker.ts';

describe(`the worker on the job queue (pg-boss on ${engine})`, () => {
  let database: Database;
  let worker: Worker | null = null;
  let server: Awaited<ReturnType<typeof startFeedServer>>;

  beforeAll(async () => {
    server = await startFeedServer({
      '/feed.xml': (_req, res) =>
        void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
          rss([
            {
              guid: 'nuclear-1',
              link: 'https://gov.example/nuclear-dialogue',
              title: 'Annual Japan-UK Nuclear Dialogue held in London',
              description:
                'Officials discussed advanced nuclear technologies, Small Modular Reactors, nuclear fuels and decommissioning.',
              pubDate: '2023-12-19T10:00:00Z',
            },
          ]),
        ),
      '/broken.xml': (_req, res) => void res.writeHead(500).end('down'),
    });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => {
    await worker?.stop(2_000);
    worker = null;
    await database.close();
  });

  it('polls due sources through queued jobs and turns items into suggestions; a failing source does not stop it', async () => {
    const { id } = await importAgreement(database, systemActor, {
      source: { text: accordText(), format: 'text', hints: [] },
      signed: '2023-05-18',
    });
    await addFeedSource(database, systemActor, id, { url: server.url('/broken.xml') });
    await addFeedSource(database, systemActor, id, { url: server.url('/feed.xml') });
    const polled: string[] = [];
    worker = await startWorker(database, {
      tickSeconds: 1,
      pollingSeconds: 0.5,
      fetch: { hostPaceMs: 0, attempts: 1, timeoutMs: 2_000, allowPrivateAddresses: true },
      onPoll: (o) => polled.push(o.status),
    });
    const deadline = Date.now() + 30_000;
    let suggestions: { commitment_id: string }[] = [];
    while (Date.now() < deadline) {
      suggestions = await database.db.selectFrom('suggestions').select('commitment_id').execute();
      if (suggestions.length > 0 && polled.length >= 2) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(polled.sort()).toEqual(['failed', 'fetched']);
    const eids = await database.db
      .selectFrom('commitments')
      .select('eid')
      .where(
        'id',
        'in',
        suggestions.map((s) => s.commitment_id),
      )
      .execute();
    expect(eids.map((e) => e.eid)).toContain('sec_3__item_3__sent_1');
    const broken = await database.db
      .selectFrom('feed_sources')
      .select(['last_error', 'failures'])
      .where('url', '=', server.url('/broken.xml'))
      .executeTakeFirstOrThrow();
    expect(broken).toMatchObject({ failures: 1 });
    expect(broken.last_error).toMatch(/HTTP 500/);
  });
});
