// The queries the web app relies on: the import preview, counts in the agreement list, and the
// filters of assessments, evidence and history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, openHarness, type Harness } from '../../test/api-harness.ts';
import { accordText } from '../../test/fixtures.ts';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  await h.close();
});

describe('the queries of the web app', () => {
  it('previews the register of a text without saving anything, as the import would extract it', async () => {
    const before = await call(h.app, 'GET', '/api/accords');
    const res = await call(
      h.app,
      'POST',
      '/api/extract',
      { text: accordText(), signed: '2023-05-18', parties: ['GB', 'JP'] },
      h.as.analyst,
    );
    expect(res.statusCode).toBe(200);
    const preview = res.json<{
      accord: { signed: string; parties: string[] };
      commitments: { eid: string; text: string; deadline: { date: string | null } | null }[];
    }>();
    expect(preview.accord.parties).toEqual(['GB', 'JP']);
    expect(preview.commitments).toHaveLength(62);
    expect(preview.commitments.some((c) => c.deadline?.date === '2023-12-31')).toBe(true);
    const saved = await call(h.app, 'GET', `/api/accords/${h.agreementId}/commitments?limit=500`);
    expect(preview.commitments.map((c) => c.eid)).toEqual(
      saved.json<{ items: { eid: string }[] }>().items.map((c) => c.eid),
    );
    expect((await call(h.app, 'GET', '/api/accords')).body).toBe(before.body);
    const bad = await call(h.app, 'POST', '/api/extract', { text: '' }, h.as.analyst);
    expect(bad.statusCode).toBe(400);
  });

  it('gives the number of active commitments in the agreement list', async () => {
    const list = await call(h.app, 'GET', '/api/accords');
    expect(list.json<{ items: { commitments: number }[] }>().items[0]!.commitments).toBe(62);
  });

  it('filters assessments by agreement, evidence by words, and history by commitment', async () => {
    const commitments = (
      await call(h.app, 'GET', `/api/accords/${h.agreementId}/commitments?limit=2`)
    ).json<{ items: { id: string }[] }>().items;
    const [first, second] = commitments.map((c) => c.id) as [string, string];
    const cycle = await call(
      h.app,
      'POST',
      `/api/accords/${h.agreementId}/cycles`,
      { name: 'Interim', cutoff: '2023-12-03' },
      h.as.admin,
    );
    const evidence = await call(
      h.app,
      'POST',
      '/api/evidence',
      {
        title: 'Semiconductor partnership launched',
        published: '2023-06-01',
        publisher: 'METI',
        excerpt: 'A 100% safe_word and more',
        commitments: [first],
      },
      h.as.analyst,
    );
    expect(evidence.statusCode).toBe(201);
    const drafted = await call(
      h.app,
      'POST',
      '/api/assessments',
      {
        commitment: second,
        party: 'GB',
        cycle: cycle.json<{ id: string }>().id,
        status: 'in_progress',
      },
      h.as.analyst,
    );
    expect(drafted.statusCode).toBe(201);

    const of = async (agreement: string) =>
      (
        await call(h.app, 'GET', `/api/assessments?agreement=${agreement}`, undefined, h.as.viewer)
      ).json<{ items: unknown[] }>().items.length;
    expect(await of(h.agreementId)).toBe(1);
    expect(await of('999999')).toBe(0);

    const search = async (q: string) =>
      (await call(h.app, 'GET', `/api/evidence?q=${encodeURIComponent(q)}`)).json<{
        items: { title: string }[];
      }>().items.length;
    expect(await search('semiconductor LAUNCHED')).toBe(1);
    expect(await search('meti')).toBe(1);
    expect(await search('semiconductor absent')).toBe(0);
    // % and _ are words, not patterns.
    expect(await search('100%')).toBe(1);
    expect(await search('%')).toBe(1);
    expect(await search('safe_word')).toBe(1);
    expect(await search('safe%word')).toBe(0);
    expect(await search('100_')).toBe(0);

    const history = async (id: string) =>
      (
        await call(
          h.app,
          'GET',
          `/api/accords/${h.agreementId}/events?commitment=${id}`,
          undefined,
          h.as.viewer,
        )
      )
        .json<{ items: { type: string }[] }>()
        .items.map((e) => e.type);
    expect(await history(first)).toEqual(['evidence.recorded']);
    expect(await history(second)).toEqual(['assessment.drafted']);
  });
});
