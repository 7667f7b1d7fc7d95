// Every route × every role: who is let through and who is turned away. A route added without an
// entry here fails this test, so the matrix stays complete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, openHarness, type Harness } from '../../test/api-harness.ts';
import type { Role } from '../services/actor.ts';

type Access = 'public' | Role;
const callers = ['anonymous', 'viewer', 'analyst', 'reviewer', 'admin'] as const;
const rank: Record<(typeof callers)[number], number> = {
  anonymous: -1,
  viewer: 0,
  analyst: 1,
  reviewer: 2,
  admin: 3,
};

// method path (OpenAPI form) -> who may call it
const matrix: Record<string, Access> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /api/history/verify': 'public',
  'GET /metrics': 'viewer',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/auth/me': 'public',
  'POST /api/auth/password': 'viewer',
  'GET /api/accords': 'public',
  'POST /api/accords': 'analyst',
  'POST /api/extract': 'analyst',
  'GET /api/accords/{id}': 'public',
  'PATCH /api/accords/{id}': 'analyst',
  'GET /api/accords/{id}/text': 'public',
  'GET /api/accords/{id}/commitments': 'public',
  'POST /api/accords/{id}/commitments': 'analyst',
  'GET /api/accords/{id}/rollups': 'public',
  'GET /api/accords/{id}/cycles': 'public',
  'POST /api/accords/{id}/cycles': 'admin',
  'GET /api/accords/{id}/events': 'viewer',
  'GET /api/commitments': 'public',
  'GET /api/commitments/{id}': 'public',
  'PATCH /api/commitments/{id}': 'analyst',
  'POST /api/commitments/{id}/reject': 'analyst',
  'POST /api/commitments/{id}/split': 'analyst',
  'POST /api/commitments/merge': 'analyst',
  'GET /api/evidence': 'public',
  'POST /api/evidence': 'analyst',
  'GET /api/evidence/{id}': 'public',
  'POST /api/evidence/{id}/links': 'analyst',
  'GET /api/accords/{id}/feeds': 'analyst',
  'POST /api/accords/{id}/feeds': 'analyst',
  'PATCH /api/feeds/{id}': 'analyst',
  'DELETE /api/feeds/{id}': 'analyst',
  'POST /api/feeds/{id}/poll': 'analyst',
  'GET /api/accords/{id}/suggestions': 'analyst',
  'GET /api/suggestions/{id}': 'analyst',
  'POST /api/suggestions/{id}/accept': 'analyst',
  'POST /api/suggestions/{id}/dismiss': 'analyst',
  'POST /api/accords/{id}/match': 'analyst',
  'GET /api/assessments': 'public',
  'POST /api/assessments': 'analyst',
  'GET /api/assessments/{id}': 'public',
  'PATCH /api/assessments/{id}': 'analyst',
  'POST /api/assessments/{id}/submit': 'analyst',
  'POST /api/assessments/{id}/approve': 'reviewer',
  'POST /api/assessments/{id}/return': 'reviewer',
  'GET /api/accords/{id}/export': 'public',
  'GET /api/accords/{id}/feed.atom': 'public',
  'GET /api/feed.atom': 'public',
  'POST /api/accords/{id}/import-bulk': 'analyst',
  'GET /api/search': 'public',
  'GET /api/users': 'admin',
  'POST /api/users': 'admin',
  'PATCH /api/users/{id}': 'admin',
  'POST /api/users/{id}/reset-password': 'admin',
  'GET /api/tokens': 'viewer',
  'POST /api/tokens': 'viewer',
  'DELETE /api/tokens/{id}': 'viewer',
};

describe('the route × role access matrix', () => {
  let h: Harness;
  let operations: string[];
  beforeAll(async () => {
    h = await openHarness();
    const doc = (await call(h.app, 'GET', '/api/openapi.json')).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
  });
  afterAll(async () => {
    await h.close();
  });

  it('lists every route of the API, and only those', () => {
    expect(operations.length).toBeGreaterThan(30);
    expect([...operations].sort()).toEqual(Object.keys(matrix).sort());
  });

  it('lets each role through where allowed and turns it away elsewhere, before looking at the request', async () => {
    const outcomes: string[] = [];
    for (const op of Object.keys(matrix)) {
      const [method, path] = op.split(' ') as [string, string];
      // An id that does not exist and an empty body: an allowed caller gets 2xx/4xx but never
      // 401/403; a caller without the role gets 401 (anonymous) or 403, whatever the body.
      const url = path.replace('{id}', '999999');
      for (const caller of callers) {
        if (op === 'POST /api/auth/logout' && caller !== 'anonymous') continue; // would end the shared session
        const headers = caller === 'anonymous' ? {} : h.as[caller];
        const res = await call(
          h.app,
          method,
          url,
          method === 'GET' || method === 'DELETE' ? undefined : {},
          headers,
        );
        const allowed = matrix[op] === 'public' || rank[caller] >= rank[matrix[op] as Role];
        const denied = res.statusCode === 401 || res.statusCode === 403;
        const expected = allowed ? !denied || op === 'GET /api/auth/me' : denied;
        if (!expected || res.statusCode >= 500)
          outcomes.push(`${op} as ${caller}: ${res.statusCode} ${res.body.slice(0, 120)}`);
        if (!allowed) expect(res.statusCode).toBe(caller === 'anonymous' ? 401 : 403);
      }
    }
    expect(outcomes).toEqual([]);
  });

  it('never shows drafts, users or tokens to an anonymous visitor', async () => {
    for (const url of ['/api/users', '/api/tokens', `/api/accords/${h.agreementId}/events`]) {
      expect((await call(h.app, 'GET', url)).statusCode).toBe(401);
    }
    const assessments = await call(h.app, 'GET', '/api/assessments?state=draft');
    expect(assessments.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('hides a private agreement from anonymous visitors, and shows it to members', async () => {
    const read = await call(h.app, 'GET', `/api/accords/${h.agreementId}`);
    const res = await call(
      h.app,
      'PATCH',
      `/api/accords/${h.agreementId}`,
      { private: true },
      { ...h.as.analyst, 'if-match': read.headers.etag as string },
    );
    expect(res.statusCode).toBe(200);
    expect((await call(h.app, 'GET', `/api/accords/${h.agreementId}`)).statusCode).toBe(404);
    expect((await call(h.app, 'GET', '/api/accords')).json<{ items: unknown[] }>().items).toEqual(
      [],
    );
    expect(
      (await call(h.app, 'GET', '/api/search?q=minerals')).json<{ total: number }>().total,
    ).toBe(0);
    expect(
      (await call(h.app, 'GET', `/api/accords/${h.agreementId}`, undefined, h.as.viewer))
        .statusCode,
    ).toBe(200);
  });

  it('refuses a cookie-authenticated write without the CSRF token, and accepts an API token without one', async () => {
    const noCsrf = await call(
      h.app,
      'POST',
      '/api/tokens',
      { name: 'script' },
      { cookie: h.as.viewer.cookie! },
    );
    expect(noCsrf.statusCode).toBe(403);
    const created = await call(h.app, 'POST', '/api/tokens', { name: 'script' }, h.as.viewer);
    const token = created.json<{ token: string }>().token;
    const viaToken = await call(h.app, 'GET', '/api/tokens', undefined, {
      authorization: `Bearer ${token}`,
    });
    expect(viaToken.statusCode).toBe(200);
    expect(JSON.stringify(viaToken.json())).not.toContain(token);
  });

  it('ends a session on logout and issues a new session on each sign-in', async () => {
    const { login } = await import('../../test/api-harness.ts');
    const first = await login(h.app, 'viewer@example.org');
    const second = await login(h.app, 'viewer@example.org');
    expect(first.cookie).not.toBe(second.cookie);
    expect((await call(h.app, 'POST', '/api/auth/logout', {}, first)).statusCode).toBe(204);
    expect((await call(h.app, 'GET', '/api/auth/me', undefined, first)).statusCode).toBe(401);
    expect((await call(h.app, 'GET', '/api/auth/me', undefined, second)).statusCode).toBe(200);
  });
});
