import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/database.ts';
import { loggerOptions } from '../server.ts';
import { createUser } from '../services/accounts.ts';
import { systemActor } from '../services/actor.ts';
import type { Database } from '../store/open-database.ts';
import { buildApp } from './app.ts';

describe('structured logs', () => {
  const lines: string[] = [];
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
    await createUser(database, systemActor, {
      email: 'ann@example.org',
      role: 'analyst',
      password: 'secret password 123',
    });
  });
  afterAll(async () => {
    await database.close();
  });

  it('are JSON lines that never hold passwords, tokens, cookies or query strings', async () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const app = await buildApp({ database, logger: { ...loggerOptions('debug'), stream } });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'ann@example.org', password: 'secret password 123' },
    });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const session = cookie.split('=')[1]!;
    const csrf = login.json<{ csrfToken: string }>().csrfToken;
    const token = (
      await app.inject({
        method: 'POST',
        url: '/api/tokens',
        payload: { name: 'x' },
        headers: { cookie, 'x-csrf-token': csrf },
      })
    ).json<{ token: string }>().token;
    await app.inject({
      method: 'GET',
      url: '/api/accords?api_key=leaked-key-123',
      headers: { authorization: `Bearer ${token}` },
    });
    await app.close();
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const all = lines.join('\n');
    for (const secret of ['secret password 123', session, csrf, token, 'leaked-key-123'])
      expect(all).not.toContain(secret);
    expect(all).toContain('/api/accords');
  });
});
