import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engine, openTestDatabase } from '../../test/database.ts';
import type { Database } from './open-database.ts';
import { appendEvent, canonicalJson, genesisHash, verifyEventChain } from './event-log.ts';

describe(`event log on ${engine}`, () => {
  let database: Database;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => {
    await database.close();
  });

  const append = (type: string, payload: Record<string, unknown>) =>
    database.db.transaction().execute((tx) =>
      appendEvent(tx, {
        actorId: null,
        actor: 'test',
        type,
        agreementId: null,
        subject: 'x:1',
        payload,
      }),
    );

  it('chains each event to the hash of the one before it', async () => {
    const a = await append('a', { n: 1 });
    const b = await append('b', { nested: { z: 1, a: [1, 'x'] } });
    expect(a.prevHash).toBe(genesisHash);
    expect(b.prevHash).toBe(a.hash);
    expect(await verifyEventChain(database.db)).toMatchObject({
      ok: true,
      events: 2,
      broken: null,
      lastHash: b.hash,
    });
  });

  it('refuses to update, delete or truncate an event', async () => {
    await append('a', { n: 1 });
    await expect(sql`UPDATE events SET type = 'x'`.execute(database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM events`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE events`.execute(database.db)).rejects.toThrow(/append-only/);
  });

  it('finds the first rewritten event when someone bypasses the guard', async () => {
    await append('a', { n: 1 });
    const b = await append('b', { n: 2 });
    await append('c', { n: 3 });
    await database.exec(
      `ALTER TABLE events DISABLE TRIGGER events_append_only; UPDATE events SET payload = '{"n": 20}' WHERE id = ${b.id}; ALTER TABLE events ENABLE TRIGGER events_append_only;`,
    );
    expect(await verifyEventChain(database.db)).toMatchObject({
      ok: false,
      broken: { id: b.id, reason: expect.stringMatching(/rewritten/) as unknown },
    });
  });

  it('keeps the chain intact under concurrent appends', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => append('n', { i })));
    expect(await verifyEventChain(database.db, 7)).toMatchObject({ ok: true, events: 20 });
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"x":0,"y":1}]},"b":1}',
    );
  });
});
