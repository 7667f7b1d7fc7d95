import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engine, openTestDatabase } from '../../test/database.ts';
import { accordText } from '../../test/fixtures.ts';
import { systemActor, type Actor } from '../services/actor.ts';
import { addFeedSource } from '../services/feeds.ts';
import { importAgreement } from '../services/import-agreement.ts';
import { dismissSuggestion, listSuggestions } from '../services/suggestions.ts';
import type { Database } from '../store/open-database.ts';
import { pollDueSources, pollSource } from './poll-feeds.ts';
import { rss, startFeedServer, withEtag, type FixtureItem } from './test-feed-server.ts';

const fast = {
  hostPaceMs: 0,
  timeoutMs: 1_000,
  attempts: 2,
  backoffMs: 10,
  allowPrivateAddresses: true,
};

const moc: FixtureItem = {
  guid: 'moc-1',
  link: 'https://www.gov.example/news/uk-japan-critical-minerals-moc?utm_source=rss',
  title: 'UK and Japan sign critical minerals Memorandum of Cooperation',
  description:
    'The UK and Japan signed a Memorandum of Cooperation (MoC) on critical minerals, covering supply chains, data and traceability.',
  pubDate: '2023-10-30T09:00:00Z',
};
const gallery: FixtureItem = {
  guid: 'gallery-1',
  link: 'https://www.gov.example/news/gallery-opening',
  title: 'Regional gallery reopens after refurbishment',
  description: 'A regional gallery reopened to visitors on Saturday with a new café.',
  pubDate: '2023-11-02T09:00:00Z',
};
const cptpp: FixtureItem = {
  guid: 'cptpp-1',
  link: 'https://www.gov.example/news/cptpp-accession',
  title: 'UK deposits instrument of accession to the CPTPP',
  description:
    'The UK deposited its instrument of accession to the Comprehensive and Progressive Agreement for Trans-Pacific Partnership (CPTPP).',
  pubDate: '2024-05-17T09:00:00Z',
};

describe(`feed polling against a local server, on ${engine}`, () => {
  let database: Database;
  let agreementId: string;
  let server: Awaited<ReturnType<typeof startFeedServer>>;
  let items: FixtureItem[];
  let version: number;
  const analyst: Actor = { id: null, name: 'analyst', role: 'analyst' };

  beforeAll(async () => {
    server = await startFeedServer({
      '/feed.xml': withEtag(
        () => rss(items),
        () => `"v${version}"`,
      ),
      '/other.xml': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss([moc], 'Other'));
      },
      '/malformed.xml': (_req, res) => {
        res
          .writeHead(200, { 'content-type': 'application/xml' })
          .end('<rss><channel><item><title>Br');
      },
      '/huge.xml': async (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        const chunk = Buffer.alloc(64 * 1024, 'x');
        for (let sent = 0; sent < 10 * 1024 * 1024 && !res.destroyed; sent += chunk.length)
          if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
        res.end();
      },
      '/slow.xml': (_req, res) => {
        setTimeout(() => {
          if (!res.destroyed) res.writeHead(200).end(rss([moc]));
        }, 3_000);
      },
      '/loop-a': (_req, res) => void res.writeHead(302, { location: '/loop-b' }).end(),
      '/loop-b': (_req, res) => void res.writeHead(301, { location: '/loop-a' }).end(),
    });
  });
  afterAll(async () => {
    await server.close();
  });

  beforeEach(async () => {
    items = [moc, gallery];
    version = 1;
    database = await openTestDatabase();
    const imported = await importAgreement(database, systemActor, {
      source: { text: accordText(), format: 'text', hints: [] },
      signed: '2023-05-18',
    });
    agreementId = imported.id;
  });
  afterEach(async () => {
    await database.close();
  });

  const count = async (table: 'feed_items' | 'suggestions' | 'feed_sources_items') =>
    Number(
      (await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(database.db))
        .rows[0]!.n,
    );

  it('stores new items once and suggests the commitment an item advances', async () => {
    const source = await addFeedSource(database, analyst, agreementId, {
      url: server.url('/feed.xml'),
    });
    const outcome = await pollSource(database, source.id, fast);
    expect(outcome).toMatchObject({ status: 'fetched', newItems: 2, seenItems: 2 });
    const open = await listSuggestions(database, analyst, agreementId);
    const top = open.find((s) => s.item.title.startsWith('UK and Japan sign'))!;
    expect(top.commitment.eid).toBe('sec_2__item_5__sent_1');
    expect(top.reason).toMatch(/mentions MOC/);
    expect(top.reason).toMatch(/before the deadline/);
    expect(top.item).toMatchObject({
      url: moc.link,
      published: '2023-10-30',
      language: 'en',
    });
    // An unrelated item is stored but suggests nothing worth a look.
    expect(open.some((s) => s.item.title.startsWith('Regional gallery'))).toBe(false);
  });

  it('sends the validators back and treats 304 as unchanged: nothing stored twice', async () => {
    const source = await addFeedSource(database, analyst, agreementId, {
      url: server.url('/feed.xml'),
    });
    await pollSource(database, source.id, fast);
    const [itemsBefore, suggestionsBefore] = [
      await count('feed_items'),
      await count('suggestions'),
    ];
    const again = await pollSource(database, source.id, fast);
    expect(again.status).toBe('not_modified');
    expect(await count('feed_items')).toBe(itemsBefore);
    expect(await count('suggestions')).toBe(suggestionsBefore);
    // The feed changes: only the new item is stored.
    version = 2;
    items = [cptpp, moc, gallery];
    const changed = await pollSource(database, source.id, fast);
    expect(changed).toMatchObject({ status: 'fetched', newItems: 1, seenItems: 3 });
    expect(await count('feed_items')).toBe(3);
    const open = await listSuggestions(database, analyst, agreementId);
    expect(open.find((s) => s.item.title.includes('CPTPP'))?.commitment.eid).toBe(
      'sec_2__item_3__sent_1',
    );
  });

  it('stores an item once when the feed changes its guids, or two feeds carry it', async () => {
    const source = await addFeedSource(database, analyst, agreementId, {
      url: server.url('/feed.xml'),
    });
    await pollSource(database, source.id, fast);
    version = 3;
    items = items.map((i) => ({ ...i, guid: `${i.guid}-renamed` }));
    const renamed = await pollSource(database, source.id, fast);
    expect(renamed).toMatchObject({ status: 'fetched', newItems: 0, seenItems: 2 });
    const other = await addFeedSource(database, analyst, agreementId, {
      url: server.url('/other.xml'),
    });
    expect(await pollSource(database, other.id, fast)).toMatchObject({ newItems: 0 });
    expect(await count('feed_items')).toBe(2);
    expect(await count('feed_sources_items')).toBe(3);
  });

  it('marks failing sources (malformed XML, 10 MB, slow, redirect loop) and polls the others', async () => {
    const urls = ['/malformed.xml', '/huge.xml', '/slow.xml', '/loop-a', '/feed.xml'];
    const sources: { id: string }[] = [];
    for (const path of urls)
      sources.push(await addFeedSource(database, analyst, agreementId, { url: server.url(path) }));
    const outcomes = await pollDueSources(database, { ...fast, timeoutMs: 500, attempts: 1 });
    const byPath = new Map(
      urls.map((p, i) => [p, outcomes.find((o) => o.source === sources[i]!.id)!]),
    );
    expect(byPath.get('/feed.xml')).toMatchObject({ status: 'fetched', newItems: 2 });
    expect(byPath.get('/malformed.xml')).toMatchObject({ status: 'failed' });
    expect(byPath.get('/huge.xml')).toMatchObject({ status: 'failed' });
    expect(byPath.get('/slow.xml')).toMatchObject({ status: 'failed' });
    expect(byPath.get('/loop-a')).toMatchObject({ status: 'failed' });
    const rows = await database.db
      .selectFrom('feed_sources')
      .select(['url', 'last_error', 'failures', 'next_poll_at', 'last_success_at'])
      .execute();
    const row = (path: string) => rows.find((r) => r.url === server.url(path))!;
    expect(row('/malformed.xml').last_error).toMatch(/^unreadable_feed: /);
    expect(row('/huge.xml').last_error).toMatch(/^too_large: /);
    expect(row('/slow.xml').last_error).toMatch(/^timeout: /);
    expect(row('/loop-a').last_error).toMatch(/^redirect_loop: /);
    expect(row('/feed.xml').last_error).toBeNull();
    for (const path of urls.slice(0, 4)) {
      expect(row(path).failures).toBe(1);
      expect(row(path).last_success_at).toBeNull();
      // Backed off: not due again for two intervals.
      expect(new Date(row(path).next_poll_at).getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);
    }
    expect(await count('feed_items')).toBe(2);
  });

  it('never suggests a dismissed commitment for the same item again', async () => {
    const source = await addFeedSource(database, analyst, agreementId, {
      url: server.url('/feed.xml'),
    });
    await pollSource(database, source.id, fast);
    const [first] = await listSuggestions(database, analyst, agreementId);
    await dismissSuggestion(database, analyst, first!.id);
    // Match everything again, as after a crash between storing and matching.
    await database.db.deleteFrom('suggestions').where('state', '=', 'open').execute();
    await database.db.updateTable('feed_sources_items').set({ matched_at: null }).execute();
    version = 4;
    await pollSource(database, source.id, fast);
    const open = await listSuggestions(database, analyst, agreementId);
    expect(
      open.some((s) => s.item.id === first!.item.id && s.commitment.id === first!.commitment.id),
    ).toBe(false);
    expect(open.length).toBeGreaterThan(0);
  });
});

describe('the fetcher', () => {
  it('refuses addresses on this machine or a private network unless allowed', async () => {
    const { fetchFeed, isPrivateAddress } = await import('./fetch-feed.ts');
    for (const a of [
      '127.0.0.1',
      '10.0.0.8',
      '172.20.1.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      '::ffff:127.0.0.1',
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['8.8.8.8', '172.32.0.1', '2001:db8::1'])
      expect(isPrivateAddress(a), a).toBe(false);
    await expect(
      fetchFeed('http://127.0.0.1:9/feed.xml', { allowPrivateAddresses: false, attempts: 1 }),
    ).rejects.toMatchObject({ code: 'private_address' });
    await expect(
      fetchFeed('http://localhost:9/feed.xml', { allowPrivateAddresses: false, attempts: 1 }),
    ).rejects.toMatchObject({ code: 'private_address' });
  });
});
