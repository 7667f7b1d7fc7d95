import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, openHarness, type Harness } from '../../test/api-harness.ts';

describe('GET /metrics', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('is refused to anonymous callers', async () => {
    const res = await call(h.app, 'GET', '/metrics');
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('counts and times requests by route pattern, never by raw URL, with pool and process figures', async () => {
    await call(h.app, 'GET', `/api/accords/${h.agreementId}`);
    await call(h.app, 'GET', '/api/commitments/1');
    await call(h.app, 'GET', '/api/commitments/2');
    await call(h.app, 'GET', '/api/no-such-route-12345');
    await call(h.app, 'DELETE', '/api/no-such-route-12345');
    const res = await call(h.app, 'GET', '/metrics', undefined, h.as.viewer);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toMatch(
      /accord_http_requests_total\{method="GET",route="\/api\/commitments\/:id",status_code="\d+"\} 2/,
    );
    expect(text).toMatch(
      /accord_http_request_duration_seconds_bucket\{.*route="\/api\/accords\/:id"/,
    );
    expect(text).toContain('method="GET",route="/*",status_code="404"');
    expect(text).toContain('method="DELETE",route="unmatched",status_code="404"');
    expect(text).not.toContain('no-such-route-12345');
    expect(text).toMatch(/accord_db_pool_connections\{state="total"\} \d+/);
    expect(text).toMatch(/accord_db_info\{engine="(pglite|postgres)"\} 1/);
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
    expect(text).toMatch(/nodejs_eventloop_lag_seconds/);
  });
});
