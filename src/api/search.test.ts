import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, openHarness, type Harness } from '../../test/api-harness.ts';
import { engine } from '../../test/database.ts';

describe(`search on ${engine}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
    const text =
      '日英共同声明\n我々は,重要鉱物に関する協力覚書を年内に署名する。\n両国は,2050年までにネット・ゼロを目指す。\n我々は,半導体の供給網の強靱化に協力する。';
    const res = await call(
      h.app,
      'POST',
      '/api/accords',
      { text, signed: '2023-05-18' },
      h.as.analyst,
    );
    expect(res.statusCode).toBe(201);
  });
  afterAll(async () => {
    await h.close();
  });

  it('finds Japanese commitments by the words Intl.Segmenter makes of the query', async () => {
    const res = await call(h.app, 'GET', `/api/search?q=${encodeURIComponent('重要鉱物')}`);
    const body = res.json<{ commitments: { text: string }[] }>();
    expect(body.commitments.map((c) => c.text)).toEqual([
      '我々は,重要鉱物に関する協力覚書を年内に署名する。',
    ]);
  });

  it('stems English: "minerals" finds "mineral" and ranks with a snippet', async () => {
    const res = await call(h.app, 'GET', '/api/search?q=semiconductor%20supply%20chains');
    const body = res.json<{ commitments: { text: string; snippet: string }[] }>();
    expect(body.commitments.length).toBeGreaterThan(0);
    expect(body.commitments[0]!.snippet).toMatch(/\[\[/);
  });

  it('filters by facet and reports facet counts', async () => {
    const all = (await call(h.app, 'GET', '/api/search?q=cooperation')).json<{
      total: number;
      facets: { section: { value: string; count: number }[] };
    }>();
    const sec2 = (await call(h.app, 'GET', '/api/search?q=cooperation&section=2')).json<{
      total: number;
    }>();
    expect(all.facets.section.find((f) => f.value === '2')?.count).toBe(sec2.total);
    expect(sec2.total).toBeLessThan(all.total);
  });

  it('treats SQL and script fragments as plain words', async () => {
    for (const q of ["' OR 1=1 --", '<script>alert(1)</script>', '%', '\\', 'a & | ! :*']) {
      const res = await call(h.app, 'GET', `/api/search?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
    }
  });
});
