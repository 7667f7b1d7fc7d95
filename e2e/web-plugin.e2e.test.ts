// The web plugin on its own: what `/` answers before `npm run build:web`, and that it never
// serves files outside its folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { webPlugin } from '../src/api/web.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function appOn(root: string) {
  const app = Fastify();
  await app.register(webPlugin, { root });
  return app;
}

describe('the web plugin', () => {
  it('answers a short page naming `npm run build:web` when the app is not built', async () => {
    const root = mkdtempSync(join(tmpdir(), 'accord-web-'));
    dirs.push(root);
    const app = await appOn(join(root, 'dist'));
    for (const url of ['/', '/a/some-accord/register']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain('npm run build:web');
      expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    }
    await app.close();
  });

  it('serves files of the build, index.html elsewhere, and nothing outside its folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'accord-web-'));
    dirs.push(root);
    const dist = join(root, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'app-1.js'), 'console.log(1)');
    writeFileSync(join(root, 'secret.txt'), 'secret');
    const app = await appOn(dist);
    const asset = await app.inject({ method: 'GET', url: '/assets/app-1.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toMatch(/immutable/);
    const deep = await app.inject({ method: 'GET', url: '/c/42' });
    expect(deep.body).toContain('<div id="root">');
    expect(deep.headers['cache-control']).toBe('no-cache');
    for (const url of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.body).not.toContain('secret');
    }
    const api = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/problem\+json/);
    await app.close();
  });
});
