import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, openHarness, type Harness } from '../../test/api-harness.ts';
import { engine } from '../../test/database.ts';
import { verifyEventChain } from '../store/event-log.ts';
import { rss, startFeedServer } from '../jobs/test-feed-server.ts';

interface Suggestion {
  id: string;
  state: string;
  score: number;
  reason: string;
  version: number;
  evidenceId: string | null;
  commitment: { id: string; eid: string; text: string };
  item: { title: string; url: string | null; published: string | null };
}

// The fixture feeds are served on 127.0.0.1, which the fetcher refuses by default.
process.env.ACCORD_ALLOW_PRIVATE_FEEDS = 'true';

describe(`evidence monitoring through the API, on ${engine}`, () => {
  let h: Harness;
  let server: Awaited<ReturnType<typeof startFeedServer>>;
  beforeAll(async () => {
    h = await openHarness();
    server = await startFeedServer({
      '/page.html': (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(
            '<!doctype html><html><head><title>News</title></head><body><main><h1>UK and Japan sign critical minerals Memorandum of Cooperation</h1><p>Published 30 October 2023</p><p>The MoC covers critical minerals supply chains, data and traceability.</p></main></body></html>',
          ),
      '/feed.xml': (_req, res) =>
        void res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"1"' }).end(
          rss([
            {
              guid: 'https://gov.example/cyber-moc',
              link: 'https://gov.example/cyber-moc',
              title: 'UK and Japan agree cyber Memorandum of Cooperation',
              description:
                'A Memorandum of Cooperation deepens public-private partnerships in cyber between the UK and Japan, strengthening the UK-Japan Cyber Partnership.',
              pubDate: '2024-01-18T09:00:00Z',
            },
            {
              guid: 'https://gov.example/cptpp',
              link: 'https://gov.example/cptpp',
              title: 'UK deposits its instrument of accession to the CPTPP',
              description:
                'The UK deposited its instrument of accession to the Comprehensive and Progressive Agreement for Trans-Pacific Partnership (CPTPP).',
              pubDate: '2024-05-17T09:00:00Z',
            },
          ]),
        ),
    });
  });
  afterAll(async () => {
    await server.close();
    await h.close();
  });

  it('watches a feed, polls it, and lists suggestions with the commitment, score, reason and item', async () => {
    const added = await call(
      h.app,
      'POST',
      `/api/accords/${h.agreementId}/feeds`,
      { url: server.url('/feed.xml'), intervalMinutes: 30 },
      h.as.analyst,
    );
    expect(added.statusCode).toBe(201);
    const source = added.json<{ id: string; enabled: boolean; intervalMinutes: number }>();
    expect(source).toMatchObject({ enabled: true, intervalMinutes: 30 });
    const again = await call(
      h.app,
      'POST',
      `/api/accords/${h.agreementId}/feeds`,
      { url: server.url('/feed.xml') },
      h.as.analyst,
    );
    expect(again.statusCode).toBe(409);

    const polled = await call(h.app, 'POST', `/api/feeds/${source.id}/poll`, {}, h.as.analyst);
    expect(polled.statusCode).toBe(200);
    expect(polled.json<{ outcome: { status: string; newItems: number } }>().outcome).toMatchObject({
      status: 'fetched',
      newItems: 2,
    });

    const list = await call(
      h.app,
      'GET',
      `/api/accords/${h.agreementId}/suggestions`,
      undefined,
      h.as.analyst,
    );
    expect(list.statusCode).toBe(200);
    const items = list.json<{ items: Suggestion[] }>().items;
    const cyber = items.find((s) => s.item.title.includes('cyber'))!;
    expect(cyber).toMatchObject({
      state: 'open',
      commitment: { eid: 'sec_1__item_7__sent_1' },
      item: { url: 'https://gov.example/cyber-moc', published: '2024-01-18' },
    });
    expect(cyber.commitment.text).toMatch(/^Establish a UK-Japan Cyber Partnership/);
    expect(cyber.reason).toMatch(/published 8 months after signing/);
    expect(items.map((s) => s.score)).toEqual([...items.map((s) => s.score)].sort((a, b) => b - a));
    const feeds = await call(
      h.app,
      'GET',
      `/api/accords/${h.agreementId}/feeds`,
      undefined,
      h.as.analyst,
    );
    expect(
      feeds.json<{ items: { lastStatus: number; lastError: null }[] }>().items[0],
    ).toMatchObject({ lastStatus: 200, lastError: null });
  });

  it('pages suggestions best first with an opaque cursor', async () => {
    const all = (
      await call(h.app, 'GET', `/api/accords/${h.agreementId}/suggestions`, undefined, h.as.analyst)
    ).json<{ items: Suggestion[] }>().items;
    expect(all.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const url = `/api/accords/${h.agreementId}/suggestions?limit=2${next ? `&cursor=${next}` : ''}`;
      const page: { items: Suggestion[]; next: string | null } = (
        await call(h.app, 'GET', url, undefined, h.as.analyst)
      ).json<{ items: Suggestion[]; next: string | null }>();
      seen.push(...page.items.map((i) => i.id));
      next = page.next;
    } while (next);
    expect(seen).toEqual(all.map((i) => i.id));
  });

  it('accepts a suggestion into evidence linked to the commitment, in the event log; dismisses another', async () => {
    const items = (
      await call(h.app, 'GET', `/api/accords/${h.agreementId}/suggestions`, undefined, h.as.analyst)
    ).json<{ items: Suggestion[] }>().items;
    const [first, second] = items;
    const accepted = await call(
      h.app,
      'POST',
      `/api/suggestions/${first!.id}/accept`,
      {},
      h.as.analyst,
    );
    expect(accepted.statusCode).toBe(200);
    const body = accepted.json<Suggestion>();
    expect(body.state).toBe('accepted');
    const evidence = await call(h.app, 'GET', `/api/evidence/${body.evidenceId}`);
    expect(evidence.json()).toMatchObject({ title: first!.item.title, url: first!.item.url });
    expect(JSON.stringify(evidence.json())).toContain(first!.commitment.id);
    const twice = await call(
      h.app,
      'POST',
      `/api/suggestions/${first!.id}/accept`,
      {},
      h.as.analyst,
    );
    expect(twice.statusCode).toBe(409);

    const stale = await call(
      h.app,
      'POST',
      `/api/suggestions/${second!.id}/dismiss`,
      {},
      {
        ...h.as.analyst,
        'if-match': `"suggestion-${second!.id}-v${second!.version + 5}"`,
      },
    );
    expect(stale.statusCode).toBe(412);
    const dismissed = await call(
      h.app,
      'POST',
      `/api/suggestions/${second!.id}/dismiss`,
      {},
      h.as.analyst,
    );
    expect(dismissed.json<Suggestion>().state).toBe('dismissed');
    const open = (
      await call(h.app, 'GET', `/api/accords/${h.agreementId}/suggestions`, undefined, h.as.analyst)
    ).json<{ items: Suggestion[] }>().items;
    expect(open.map((s) => s.id)).not.toContain(first!.id);
    expect(open.map((s) => s.id)).not.toContain(second!.id);
    const types = (
      await h.database.db.selectFrom('events').select('type').orderBy('id').execute()
    ).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['evidence.recorded', 'suggestion.dismissed']));
    expect((await verifyEventChain(h.database.db)).ok).toBe(true);
  });

  it('ranks the commitments a pasted text advances', async () => {
    const res = await call(
      h.app,
      'POST',
      `/api/accords/${h.agreementId}/match`,
      {
        text: 'Twelfth annual Japan-UK Nuclear Dialogue: officials discussed Small Modular Reactors, nuclear fuels and decommissioning.',
        published: '2023-12-19',
      },
      h.as.analyst,
    );
    expect(res.statusCode).toBe(200);
    const { matches } = res.json<{
      matches: { commitment: { eid: string }; score: number; reason: string }[];
    }>();
    expect(matches[0]!.commitment.eid).toBe('sec_3__item_3__sent_1');
    expect(matches.length).toBeLessThanOrEqual(10);
    const page = await call(
      h.app,
      'POST',
      `/api/accords/${h.agreementId}/match`,
      { url: server.url('/page.html') },
      h.as.analyst,
    );
    expect(page.statusCode).toBe(200);
    const fromPage = page.json<{ matches: { commitment: { eid: string }; reason: string }[] }>();
    expect(fromPage.matches[0]!.commitment.eid).toBe('sec_2__item_5__sent_1');
    expect(fromPage.matches[0]!.reason).toMatch(
      /published 5 months after signing, before the deadline/,
    );
    const bad = await call(h.app, 'POST', `/api/accords/${h.agreementId}/match`, {}, h.as.analyst);
    expect(bad.statusCode).toBe(400);
  });

  it('changes a feed only with If-Match, and removes it', async () => {
    const [feed] = (
      await call(h.app, 'GET', `/api/accords/${h.agreementId}/feeds`, undefined, h.as.analyst)
    ).json<{ items: { id: string; version: number }[] }>().items;
    const without = await call(
      h.app,
      'PATCH',
      `/api/feeds/${feed!.id}`,
      { enabled: false },
      h.as.analyst,
    );
    expect(without.statusCode).toBe(428);
    const changed = await call(
      h.app,
      'PATCH',
      `/api/feeds/${feed!.id}`,
      { enabled: false },
      {
        ...h.as.analyst,
        'if-match': `"feed-${feed!.id}-v${feed!.version}"`,
      },
    );
    expect(changed.statusCode).toBe(200);
    expect(changed.json<{ enabled: boolean }>().enabled).toBe(false);
    expect(
      (await call(h.app, 'DELETE', `/api/feeds/${feed!.id}`, undefined, h.as.analyst)).statusCode,
    ).toBe(204);
  });
});
