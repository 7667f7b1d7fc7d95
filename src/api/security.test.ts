import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, openHarness, password, type Harness } from '../../test/api-harness.ts';
import { openTestDatabase } from '../../test/database.ts';
import { loggerOptions } from '../server.ts';
import { createUser } from '../services/accounts.ts';
import { systemActor } from '../services/actor.ts';
import type { Database } from '../store/open-database.ts';
import { buildApp } from './app.ts';
import { LoginThrottle } from './auth.ts';

// The security rules that hold across routes, checked over the OpenAPI document so that routes
// added later are covered: CSRF on every cookie write, sessions (fixation, logout), sign-in
// throttling per client, drafts never shown to anonymous visitors, SQL in every filter, security
// headers, and secrets kept out of logs. The route x role matrix is in access-matrix.test.ts.

interface OpenApi {
  paths: Record<
    string,
    Record<string, { parameters?: { in: string; name: string; schema?: { enum?: string[] } }[] }>
  >;
}
type Operation = { method: string; path: string; query: { name: string; enum?: string[] }[] };

// Queries search for the first word; a leak shows the second (answers may echo the query).
const draftQuery = 'zanzibarquokka';
const draftMarker = 'xylophoneotter';

async function operationsOf(h: Harness): Promise<Operation[]> {
  const doc = (await call(h.app, 'GET', '/api/openapi.json')).json<OpenApi>();
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      query: (op.parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => ({ name: p.name, ...(p.schema?.enum ? { enum: p.schema.enum } : {}) })),
    })),
  );
}

describe('security rules across every route', () => {
  let h: Harness;
  let ops: Operation[];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await openHarness();
    ops = await operationsOf(h);
    const commitments = (
      await call(h.app, 'GET', `/api/accords/${h.agreementId}/commitments?limit=3`)
    ).json<{ items: { id: string }[] }>().items;
    const evidence = await call(
      h.app,
      'POST',
      '/api/evidence',
      {
        title: 'A public press release',
        published: '2024-01-15',
        commitments: [commitments[0]!.id],
      },
      h.as.analyst,
    );
    const cycle = await call(
      h.app,
      'POST',
      `/api/accords/${h.agreementId}/cycles`,
      { name: 'interim', cutoff: '2024-06-30' },
      h.as.admin,
    );
    // Assessments in each unpublished state, their rationale holding the marker.
    const draft = async (commitment: string, party: string) =>
      (
        await call(
          h.app,
          'POST',
          '/api/assessments',
          {
            commitment,
            party,
            cycle: cycle.json<{ id: string }>().id,
            status: 'in_progress',
            rationale: `Unpublished reasoning ${draftQuery} ${draftMarker} about progress`,
          },
          h.as.analyst,
        )
      ).json<{ id: string }>().id;
    const drafted = await draft(commitments[0]!.id, 'GB');
    const submitted = await draft(commitments[1]!.id, 'GB');
    const returned = await draft(commitments[2]!.id, 'JP');
    for (const [id, steps] of [
      [submitted, ['submit']],
      [returned, ['submit', 'return']],
    ] as const) {
      for (const step of steps) {
        const current = await call(h.app, 'GET', `/api/assessments/${id}`, undefined, h.as.admin);
        const res = await call(
          h.app,
          'POST',
          `/api/assessments/${id}/${step}`,
          step === 'return' ? { comment: `Please revise ${draftQuery} ${draftMarker}` } : {},
          {
            ...(step === 'submit' ? h.as.analyst : h.as.reviewer),
            'if-match': current.headers.etag as string,
          },
        );
        expect(res.statusCode, res.body).toBe(200);
      }
    }
    Object.assign(ids, {
      accords: h.agreementId,
      commitments: commitments[0]!.id,
      evidence: evidence.json<{ id: string }>().id,
      assessments: drafted,
      cycles: cycle.json<{ id: string }>().id,
    });
    ids.submitted = submitted;
    ids.returned = returned;
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('refuses every cookie-authenticated write without the CSRF token, or with a wrong one', async () => {
    const writes = ops.filter((o) => !['GET', 'HEAD'].includes(o.method));
    expect(writes.length).toBeGreaterThan(15);
    const accepted: string[] = [];
    for (const op of writes) {
      if (op.path === '/api/auth/login') continue; // signing in needs no session
      const url = op.path.replace(/\{\w+\}/g, '1');
      const body = op.method === 'DELETE' ? undefined : {};
      for (const headers of [
        { cookie: h.as.admin.cookie! } as Record<string, string>,
        { cookie: h.as.admin.cookie!, 'x-csrf-token': 'not-the-token' },
        { cookie: h.as.admin.cookie!, 'x-csrf-token': h.as.viewer['x-csrf-token']! },
      ]) {
        const res = await call(h.app, op.method, url, body, headers);
        if (res.statusCode !== 403 || res.json<{ code: string }>().code !== 'csrf')
          accepted.push(`${op.method} ${op.path}: ${res.statusCode}`);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('never shows a draft, submitted or returned assessment to anonymous visitors, on any GET route', async () => {
    const gets = ops.filter((o) => o.method === 'GET');
    const leaks: string[] = [];
    let checked = 0;
    for (const op of gets) {
      const urls: string[] = [];
      const kinds = [ids.assessments!, ids.submitted!, ids.returned!];
      const bases = op.path.includes('{id}')
        ? (op.path.startsWith('/api/assessments/')
            ? kinds
            : [ids[op.path.split('/')[2]!] ?? '1']
          ).map((id) => op.path.replace('{id}', id))
        : [op.path];
      for (const base of bases) {
        urls.push(base);
        // Every query filter that could select what is hidden: states, the marker as text.
        for (const q of op.query) {
          const values = q.enum ?? [q.name === 'limit' ? '500' : draftQuery];
          for (const value of values) urls.push(`${base}?${q.name}=${encodeURIComponent(value)}`);
        }
      }
      for (const url of urls) {
        const res = await call(h.app, 'GET', url);
        checked++;
        if (res.body.includes(draftMarker)) leaks.push(`${url}: ${res.statusCode}`);
      }
    }
    expect(checked).toBeGreaterThan(30);
    expect(leaks).toEqual([]);
    // The members do see them: the marker is really there to be found.
    const member = await call(h.app, 'GET', '/api/assessments?state=draft', undefined, h.as.viewer);
    expect(member.body).toContain(draftMarker);
  });

  it('treats SQL in every filter as data: a 4xx or a harmless answer, no delay, no damage', async () => {
    const payloads = [
      "' OR '1'='1",
      "1' OR 1=1 --",
      '1; DROP TABLE users; --',
      "' UNION SELECT email, password_hash FROM users --",
      "'; SELECT pg_sleep(3); --",
      '1) OR (1=1',
      "\\'; SELECT 1; --",
      '$$; SELECT 1; $$',
      "%' AND 1=1 AND '%'='",
    ];
    const usersBefore = await h.database.db.selectFrom('users').select('id').execute();
    const failures: string[] = [];
    for (const op of ops.filter((o) => o.method === 'GET')) {
      const base = op.path.replace(/\{id\}/, ids[op.path.split('/')[2]!] ?? '1');
      for (const q of op.query) {
        for (const payload of payloads) {
          for (const caller of [{}, h.as.admin]) {
            const started = performance.now();
            const res = await call(
              h.app,
              'GET',
              `${base}?${q.name}=${encodeURIComponent(payload)}`,
              undefined,
              caller,
            );
            const ms = performance.now() - started;
            if (res.statusCode >= 500 || ms > 2500)
              failures.push(
                `${base}?${q.name}=${payload}: ${res.statusCode} in ${Math.round(ms)} ms`,
              );
            if (res.body.includes('$argon2')) failures.push(`${base}?${q.name}: leaked a hash`);
            if (Object.keys(caller).length === 0 && res.body.includes(draftMarker))
              failures.push(`${base}?${q.name}=${payload}: leaked a draft`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    const usersAfter = await h.database.db.selectFrom('users').select('id').execute();
    expect(usersAfter.length).toBe(usersBefore.length);
  });

  it('sends security headers on every answer: CSP without inline scripts, no framing, nosniff', async () => {
    const urls = [
      '/',
      '/a/some-agreement',
      '/api/docs',
      '/api/openapi.json',
      '/api/no-such-thing',
      ...ops.filter((o) => o.method === 'GET').map((o) => o.path.replace('{id}', ids.accords!)),
    ];
    const problems: string[] = [];
    for (const url of urls) {
      const res = await call(h.app, 'GET', url);
      const csp = String(res.headers['content-security-policy'] ?? '');
      const scripts =
        /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1] ??
        /(?:^|;)\s*default-src ([^;]*)/.exec(csp)?.[1] ??
        '';
      if (!csp) problems.push(`${url}: no CSP`);
      if (/unsafe-inline|unsafe-eval|\*/.test(scripts)) problems.push(`${url}: scripts ${scripts}`);
      if (!/frame-ancestors 'none'/.test(csp)) problems.push(`${url}: framing allowed`);
      if (res.headers['x-content-type-options'] !== 'nosniff') problems.push(`${url}: no nosniff`);
      if (res.headers['x-frame-options'] !== 'DENY') problems.push(`${url}: no X-Frame-Options`);
    }
    expect(problems).toEqual([]);
  });
});

describe('sessions', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('ends a session planted before sign-in, and issues a new one (no session fixation)', async () => {
    const planted = await login(h.app, 'viewer@example.org');
    // The victim signs in while the attacker's session cookie is in the browser.
    const res = await call(
      h.app,
      'POST',
      '/api/auth/login',
      { email: 'analyst@example.org', password },
      { cookie: planted.cookie! },
    );
    expect(res.statusCode).toBe(200);
    const fresh = String(res.headers['set-cookie']).split(';')[0]!;
    expect(fresh).not.toBe(planted.cookie);
    expect((await call(h.app, 'GET', '/api/auth/me', undefined, planted)).statusCode).toBe(401);
    // A made-up session id is never adopted either.
    const madeUp = await call(
      h.app,
      'POST',
      '/api/auth/login',
      { email: 'analyst@example.org', password },
      { cookie: 'accord_session=chosen-by-the-attacker' },
    );
    expect(String(madeUp.headers['set-cookie'])).not.toContain('chosen-by-the-attacker');
  });

  it('after logout, neither the cookie nor its CSRF token opens anything', async () => {
    const session = await login(h.app, 'admin@example.org');
    expect((await call(h.app, 'POST', '/api/auth/logout', {}, session)).statusCode).toBe(204);
    expect((await call(h.app, 'GET', '/api/auth/me', undefined, session)).statusCode).toBe(401);
    expect((await call(h.app, 'GET', '/api/users', undefined, session)).statusCode).toBe(401);
    const write = await call(h.app, 'POST', '/api/tokens', { name: 'after logout' }, session);
    expect(write.statusCode).toBe(401);
  });

  it('a revoked API token stops working at once', async () => {
    const created = await call(h.app, 'POST', '/api/tokens', { name: 'short-lived' }, h.as.viewer);
    const { id, token } = created.json<{ id: string; token: string }>();
    const bearer = { authorization: `Bearer ${token}` };
    expect((await call(h.app, 'GET', '/api/tokens', undefined, bearer)).statusCode).toBe(200);
    expect(
      (await call(h.app, 'DELETE', `/api/tokens/${id}`, undefined, h.as.viewer)).statusCode,
    ).toBe(204);
    expect((await call(h.app, 'GET', '/api/tokens', undefined, bearer)).statusCode).toBe(401);
    expect((await call(h.app, 'GET', '/api/accords', undefined, bearer)).statusCode).toBe(401);
  });
});

describe('sign-in throttling', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness({ throttle: new LoginThrottle(5, 60_000) });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('blocks a client that guesses across many accounts (password spraying), even with a right password next', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call(h.app, 'POST', '/api/auth/login', {
        email: `guess${i}@example.org`,
        password: 'Password123!',
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const blocked = await call(h.app, 'POST', '/api/auth/login', {
      email: 'reviewer@example.org',
      password,
    });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['content-type']).toMatch(/problem\+json/);
    // Another client (a different address) is not blocked by it.
    const elsewhere = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'reviewer@example.org', password },
      remoteAddress: '192.0.2.7',
    });
    expect(elsewhere.statusCode).toBe(200);
  });
});

describe('logs', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
    await createUser(database, systemActor, {
      email: 'ann@example.org',
      role: 'admin',
      password: 'first secret password',
    });
  });
  afterAll(async () => {
    await database.close();
  });

  it('never hold passwords or secrets, also from failed requests, new users and password changes', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const app = await buildApp({ database, logger: { ...loggerOptions('trace'), stream } });
    const secrets = [
      'first secret password',
      'wrong secret guess',
      'the new user password',
      'a changed secret password',
      'bogus-bearer-token-1234',
      'secret-in-a-bad-request',
    ];
    await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'ann@example.org', password: 'wrong secret guess' },
    });
    await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'ann@example.org', password: 'secret-in-a-bad-request', extra: 1 },
    });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'ann@example.org', password: 'first secret password' },
    });
    const headers = {
      cookie: String(login.headers['set-cookie']).split(';')[0]!,
      'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken,
    };
    const created = await app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { email: 'bob@example.org', role: 'viewer', password: 'the new user password' },
      headers,
    });
    const reset = await app.inject({
      method: 'POST',
      url: `/api/users/${created.json<{ user: { id: string } }>().user.id}/reset-password`,
      headers,
    });
    const oneTime = reset.json<{ password: string }>().password;
    await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      payload: { current: 'first secret password', next: 'a changed secret password' },
      headers,
    });
    await app.inject({
      method: 'GET',
      url: '/api/accords',
      headers: { authorization: 'Bearer bogus-bearer-token-1234' },
    });
    await app.close();
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(5);
    for (const secret of [
      ...secrets,
      oneTime,
      headers.cookie.split('=')[1]!,
      headers['x-csrf-token'],
    ])
      expect(all).not.toContain(secret);
  });
});
