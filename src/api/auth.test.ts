import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, openHarness, password, type Harness } from '../../test/api-harness.ts';
import { LoginThrottle, readCookie } from './auth.ts';

describe('sign-in', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness({ throttle: new LoginThrottle(3, 60_000) });
  });
  afterAll(async () => {
    await h.close();
  });

  it('sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const res = await call(h.app, 'POST', '/api/auth/login', {
      email: 'admin@example.org',
      password,
    });
    expect(String(res.headers['set-cookie'])).toMatch(
      /^accord_session=[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Expires=/,
    );
  });

  it('throttles repeated failures for an account, even when the right password follows', async () => {
    for (let i = 0; i < 3; i++) {
      expect(
        (
          await call(h.app, 'POST', '/api/auth/login', {
            email: 'analyst@example.org',
            password: 'wrong password!',
          })
        ).statusCode,
      ).toBe(401);
    }
    const blocked = await call(h.app, 'POST', '/api/auth/login', {
      email: 'analyst@example.org',
      password,
    });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['content-type']).toMatch(/problem\+json/);
  });

  it('says the same for an unknown email as for a wrong password', async () => {
    const unknown = await call(h.app, 'POST', '/api/auth/login', {
      email: 'nobody@example.org',
      password: 'whatever it is',
    });
    const wrong = await call(h.app, 'POST', '/api/auth/login', {
      email: 'viewer@example.org',
      password: 'whatever it is',
    });
    expect([unknown.statusCode, unknown.json<{ title: string }>().title]).toEqual([
      wrong.statusCode,
      wrong.json<{ title: string }>().title,
    ]);
  });
});

describe('changing a password', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('needs the current password, then works and ends the other sessions', async () => {
    const { login } = await import('../../test/api-harness.ts');
    const other = await login(h.app, 'viewer@example.org');
    const wrong = await call(
      h.app,
      'POST',
      '/api/auth/password',
      { current: 'not it at all', next: 'a brand new password' },
      h.as.viewer,
    );
    expect(wrong.statusCode).toBe(403);
    const ok = await call(
      h.app,
      'POST',
      '/api/auth/password',
      { current: password, next: 'a brand new password' },
      h.as.viewer,
    );
    expect(ok.statusCode).toBe(204);
    expect((await call(h.app, 'GET', '/api/auth/me', undefined, other)).statusCode).toBe(401);
    expect((await call(h.app, 'GET', '/api/auth/me', undefined, h.as.viewer)).statusCode).toBe(200);
    expect(
      (
        await call(h.app, 'POST', '/api/auth/login', {
          email: 'viewer@example.org',
          password: 'a brand new password',
        })
      ).statusCode,
    ).toBe(200);
  });
});

describe('readCookie', () => {
  it('reads one cookie among several', () => {
    expect(readCookie('a=1; accord_session=abc%20d; b=2', 'accord_session')).toBe('abc d');
    expect(readCookie(undefined, 'x')).toBeNull();
    expect(readCookie('x', 'x')).toBeNull();
  });
});
