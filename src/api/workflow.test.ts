import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, openHarness, type Harness } from '../../test/api-harness.ts';
import { engine } from '../../test/database.ts';

interface Json {
  [key: string]: unknown;
}

describe(`the tracking workflow through the API on ${engine}`, () => {
  let h: Harness;
  let commitmentId: string;
  beforeAll(async () => {
    h = await openHarness();
    const list = await call(h.app, 'GET', `/api/accords/${h.agreementId}/commitments?limit=100`);
    const items = list.json<{ items: { id: string; eid: string }[] }>().items;
    commitmentId = items.find((c) => c.eid === 'sec_2__item_5__sent_1')!.id;
  });
  afterAll(async () => {
    await h.close();
  });

  it('corrects a commitment with If-Match, refusing a stale or missing version', async () => {
    const read = await call(h.app, 'GET', `/api/commitments/${commitmentId}`);
    const etag = read.headers.etag as string;
    expect(
      await call(h.app, 'GET', `/api/commitments/${commitmentId}`, undefined, {
        'if-none-match': etag,
      }),
    ).toMatchObject({ statusCode: 304 });
    const missing = await call(
      h.app,
      'PATCH',
      `/api/commitments/${commitmentId}`,
      { kind: 'create_mechanism' },
      h.as.analyst,
    );
    expect(missing.statusCode).toBe(428);
    const ok = await call(
      h.app,
      'PATCH',
      `/api/commitments/${commitmentId}`,
      { kind: 'create_mechanism', topics: ['critical minerals', 'trade'] },
      { ...h.as.analyst, 'if-match': etag },
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.json<Json>()).toMatchObject({
      kind: 'create_mechanism',
      topics: ['critical minerals', 'trade'],
    });
    const stale = await call(
      h.app,
      'PATCH',
      `/api/commitments/${commitmentId}`,
      { kind: 'action' },
      { ...h.as.analyst, 'if-match': etag },
    );
    expect(stale.statusCode).toBe(412);
    expect(stale.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('takes an assessment from draft to approved by a second person, and shows the public only approved work', async () => {
    const evidence = await call(
      h.app,
      'POST',
      '/api/evidence',
      {
        title: 'MOC on critical minerals signed',
        published: '2023-10-30',
        url: 'https://example.org/moc',
        excerpt: '<script>alert(1)</script>',
        commitments: [commitmentId],
      },
      h.as.analyst,
    );
    expect(evidence.statusCode).toBe(201);
    const evidenceId = evidence.json<{ id: string }>().id;
    const cycle = await call(
      h.app,
      'POST',
      `/api/accords/${h.agreementId}/cycles`,
      { name: 'interim', cutoff: '2023-12-03' },
      h.as.admin,
    );
    expect(cycle.statusCode).toBe(201);
    const cycleId = cycle.json<{ id: string }>().id;

    const draft = await call(
      h.app,
      'POST',
      '/api/assessments',
      {
        commitment: commitmentId,
        party: 'GB',
        cycle: cycleId,
        status: 'achieved',
        rationale: 'MOC signed on 30 October',
        evidence: [evidenceId],
      },
      h.as.analyst,
    );
    expect(draft.statusCode).toBe(201);
    const a = draft.json<{ id: string; etag: string; score: number }>();
    expect(a.score).toBe(1);
    expect((await call(h.app, 'GET', `/api/assessments/${a.id}`)).statusCode).toBe(404);

    const submitted = await call(
      h.app,
      'POST',
      `/api/assessments/${a.id}/submit`,
      {},
      { ...h.as.analyst, 'if-match': a.etag },
    );
    expect(submitted.statusCode).toBe(200);
    const etag = submitted.headers.etag as string;

    // The author is an analyst here; a reviewer who drafted could not approve their own either.
    const byAnalyst = await call(
      h.app,
      'POST',
      `/api/assessments/${a.id}/approve`,
      {},
      { ...h.as.analyst, 'if-match': etag },
    );
    expect(byAnalyst.statusCode).toBe(403);
    const approved = await call(
      h.app,
      'POST',
      `/api/assessments/${a.id}/approve`,
      {},
      { ...h.as.reviewer, 'if-match': etag },
    );
    expect(approved.statusCode).toBe(200);
    expect(approved.json<Json>()).toMatchObject({ state: 'approved', status: 'achieved' });

    const publicView = await call(h.app, 'GET', `/api/commitments/${commitmentId}`);
    expect(
      publicView.json<{ assessments: { state: string }[] }>().assessments.map((x) => x.state),
    ).toEqual(['approved']);
    const rollups = await call(h.app, 'GET', `/api/accords/${h.agreementId}/rollups`);
    const gb = rollups
      .json<{ byParty: { party: string; compliance: number; scored: number }[] }>()
      .byParty.find((p) => p.party === 'GB');
    expect(gb).toMatchObject({ compliance: 100, scored: 1 });
  });

  it('never lets the author of an assessment approve it, whatever their role', async () => {
    const cycle = await call(
      h.app,
      'POST',
      `/api/accords/${h.agreementId}/cycles`,
      { name: 'final', cutoff: '2024-05-15' },
      h.as.admin,
    );
    const cycleId = cycle.json<{ id: string }>().id;
    const draft = await call(
      h.app,
      'POST',
      '/api/assessments',
      { commitment: commitmentId, party: 'JP', cycle: cycleId, status: 'in_progress' },
      h.as.reviewer,
    );
    const a = draft.json<{ id: string; etag: string }>();
    const submitted = await call(
      h.app,
      'POST',
      `/api/assessments/${a.id}/submit`,
      {},
      { ...h.as.reviewer, 'if-match': a.etag },
    );
    const own = await call(
      h.app,
      'POST',
      `/api/assessments/${a.id}/approve`,
      {},
      { ...h.as.reviewer, 'if-match': submitted.headers.etag as string },
    );
    expect(own.statusCode).toBe(403);
    expect(own.json<Json>()).toMatchObject({ code: 'author_cannot_approve' });
    const returned = await call(
      h.app,
      'POST',
      `/api/assessments/${a.id}/return`,
      { comment: 'cite the evidence' },
      { ...h.as.admin, 'if-match': submitted.headers.etag as string },
    );
    expect(returned.json<Json>()).toMatchObject({
      state: 'returned',
      review_comment: 'cite the evidence',
    });
  });

  it('finds commitments and evidence by full-text search with facets, stemming English', async () => {
    const res = await call(h.app, 'GET', '/api/search?q=mineral&topic=critical%20minerals');
    const body = res.json<{
      total: number;
      commitments: { id: string }[];
      evidence: { title: string }[];
      facets: { topic: { value: string; count: number }[] };
    }>();
    expect(body.commitments.map((c) => c.id)).toContain(commitmentId);
    expect(body.evidence.map((e) => e.title)).toContain('MOC on critical minerals signed');
    expect(body.facets.topic.find((t) => t.value === 'critical minerals')?.count).toBe(body.total);
  });

  it('keeps a verifiable history of every change', async () => {
    const res = await call(h.app, 'GET', '/api/history/verify');
    expect(res.json<Json>()).toMatchObject({ ok: true, broken: null });
    const events = await call(
      h.app,
      'GET',
      `/api/accords/${h.agreementId}/events?limit=100`,
      undefined,
      h.as.viewer,
    );
    const types = events.json<{ items: { type: string }[] }>().items.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'agreement.imported',
        'commitment.edited',
        'evidence.recorded',
        'cycle.opened',
        'assessment.drafted',
        'assessment.submitted',
        'assessment.approved',
        'assessment.returned',
      ]),
    );
  });

  it('pages with opaque cursors until the end', async () => {
    let cursor: string | null = null;
    const seen: string[] = [];
    do {
      const res = await call(
        h.app,
        'GET',
        `/api/accords/${h.agreementId}/commitments?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      const page = res.json<{ items: { id: string }[]; next: string | null }>();
      seen.push(...page.items.map((i) => i.id));
      cursor = page.next;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(62);
  });
});

describe('conditional reads of a commitment page', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('change their ETag when evidence is linked, and still accept the tag for a write', async () => {
    const before = await call(h.app, 'GET', '/api/commitments/1');
    const etag = before.headers.etag as string;
    await call(
      h.app,
      'POST',
      '/api/evidence',
      { title: 'A new item', published: '2024-01-01', commitments: ['1'] },
      h.as.analyst,
    );
    const after = await call(h.app, 'GET', '/api/commitments/1', undefined, {
      'if-none-match': etag,
    });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    const write = await call(
      h.app,
      'PATCH',
      '/api/commitments/1',
      { strength: 'firm' },
      { ...h.as.analyst, 'if-match': after.headers.etag as string },
    );
    expect(write.statusCode).toBe(200);
  });
});

describe('the 304 fast path for anonymous readers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers a repeated conditional read from memory and sees a change made through a write', async () => {
    const first = await call(h.app, 'GET', '/api/commitments/2');
    const etag = first.headers.etag as string;
    const again = await call(h.app, 'GET', '/api/commitments/2', undefined, {
      'if-none-match': etag,
    });
    expect(again.statusCode).toBe(304);
    expect(again.headers.etag).toBe(etag);
    // A change by another server, straight into the database: seen once the head is read again.
    await h.database.db.transaction().execute(async (tx) => {
      const { appendEvent } = await import('../store/event-log.ts');
      await tx
        .updateTable('commitments')
        .set({ strength: 'exploratory', row_version: 99 })
        .where('id', '=', '2')
        .execute();
      await appendEvent(tx, {
        actorId: null,
        actor: 'other server',
        type: 'commitment.edited',
        agreementId: null,
        subject: 'commitment:2',
        payload: {},
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 600));
    const after = await call(h.app, 'GET', '/api/commitments/2', undefined, {
      'if-none-match': etag,
    });
    expect(after.statusCode).toBe(200);
    expect(after.json<{ strength: string }>().strength).toBe('exploratory');
  });
});
