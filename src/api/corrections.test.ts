import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, openHarness, type Harness } from '../../test/api-harness.ts';
import { engine } from '../../test/database.ts';

interface Commitment {
  id: string;
  text: string;
  span: { start: number; end: number };
  state: string;
  etag: string;
  origin: string;
  deadline: { date: string | null } | null;
}

describe(`correcting the register through the API on ${engine}`, () => {
  let h: Harness;
  let register: Commitment[];
  let text: string;
  beforeAll(async () => {
    h = await openHarness();
    register = (
      await call(h.app, 'GET', `/api/accords/${h.agreementId}/commitments?limit=100`)
    ).json<{ items: Commitment[] }>().items;
    text = (await call(h.app, 'GET', `/api/accords/${h.agreementId}/text`)).json<{ text: string }>()
      .text;
  });
  afterAll(async () => {
    await h.close();
  });

  const count = async () =>
    (await call(h.app, 'GET', `/api/accords/${h.agreementId}/commitments?limit=200`)).json<{
      items: Commitment[];
    }>().items.length;

  it('rejects a commitment: it leaves the register and stays in history', async () => {
    const before = await count();
    const target = register[0]!;
    const res = await call(
      h.app,
      'POST',
      `/api/commitments/${target.id}/reject`,
      { reason: 'a value, not a promise' },
      { ...h.as.analyst, 'if-match': target.etag },
    );
    expect(res.json<Commitment>().state).toBe('rejected');
    expect(await count()).toBe(before - 1);
    const again = await call(
      h.app,
      'POST',
      `/api/commitments/${target.id}/reject`,
      { reason: 'twice' },
      { ...h.as.analyst, 'if-match': res.json<Commitment>().etag },
    );
    expect(again.statusCode).toBe(409);
  });

  it('adds a missed commitment from a span of the text, reading its attributes', async () => {
    const sentence =
      'We call on China to act as a responsible member of the international community.';
    const start = text.indexOf(sentence);
    const res = await call(
      h.app,
      'POST',
      `/api/accords/${h.agreementId}/commitments`,
      { start, end: start + sentence.length },
      h.as.analyst,
    );
    expect(res.statusCode).toBe(201);
    expect(res.json<Commitment>()).toMatchObject({
      text: sentence,
      origin: 'analyst',
      span: { start, end: start + sentence.length },
    });
    const outside = await call(
      h.app,
      'POST',
      `/api/accords/${h.agreementId}/commitments`,
      { start: text.length - 5, end: text.length + 10 },
      h.as.analyst,
    );
    expect(outside.statusCode).toBe(400);
  });

  it('splits a commitment into pieces that cover its span exactly', async () => {
    const target = register.find(
      (c) => c.text.includes(' and ') && c.state === 'active' && c.id !== register[0]!.id,
    )!;
    const cut = target.span.start + target.text.indexOf(' and ');
    const res = await call(
      h.app,
      'POST',
      `/api/commitments/${target.id}/split`,
      { at: [cut] },
      { ...h.as.analyst, 'if-match': target.etag },
    );
    expect(res.statusCode).toBe(201);
    const pieces = res.json<{ items: Commitment[] }>().items;
    expect(pieces.map((p) => p.span)).toEqual([
      { start: target.span.start, end: cut },
      { start: cut, end: target.span.end },
    ]);
    expect(pieces.map((p) => p.text).join('')).toBe(target.text);
    const bad = await call(
      h.app,
      'POST',
      `/api/commitments/${pieces[0]!.id}/split`,
      { at: [target.span.end + 100] },
      { ...h.as.analyst, 'if-match': pieces[0]!.etag },
    );
    expect(bad.statusCode).toBe(400);
  });

  it('merges commitments into one from the first start to the last end', async () => {
    const [a, b] = register.filter((c) => c.id !== register[0]!.id).slice(-2) as [
      Commitment,
      Commitment,
    ];
    const res = await call(
      h.app,
      'POST',
      '/api/commitments/merge',
      { ids: [a.id, b.id] },
      h.as.analyst,
    );
    expect(res.statusCode).toBe(201);
    const merged = res.json<Commitment>();
    expect(merged.span).toEqual({ start: a.span.start, end: b.span.end });
    expect(merged.text).toBe(text.slice(a.span.start, b.span.end));
    const gone = (await call(h.app, 'GET', `/api/commitments/${a.id}`)).json<Commitment>();
    expect(gone.state).toBe('merged');
  });

  it('records every correction as an event, and the chain holds', async () => {
    const events = (
      await call(
        h.app,
        'GET',
        `/api/accords/${h.agreementId}/events?limit=100`,
        undefined,
        h.as.viewer,
      )
    )
      .json<{ items: { type: string }[] }>()
      .items.map((e) => e.type);
    expect(events).toEqual(
      expect.arrayContaining([
        'commitment.rejected',
        'commitment.added',
        'commitment.split',
        'commitment.merged',
      ]),
    );
    expect((await call(h.app, 'GET', '/api/history/verify')).json<{ ok: boolean }>().ok).toBe(true);
  });
});
