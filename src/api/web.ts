import { statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sendProblem } from './problem.ts';

/** The built web app (`npm run build:web` writes it). */
export const defaultWebRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * The Content-Security-Policy of the app's HTML: scripts only from this origin (no inline
 * script, no eval), data only from this origin's API. Inline styles stay allowed because the
 * chart library sets style attributes on its SVG.
 */
export const webCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const missingBuild = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Accord Tracker</title></head>
<body><main><h1>Accord Tracker</h1>
<p>The web app is not built. Run <code>npm run build:web</code>, then reload this page.</p>
<p>The API is available at <a href="/api/docs">/api/docs</a>.</p></main></body></html>
`;

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export interface WebOptions {
  /** Folder of the built app (default web/dist). */
  root?: string;
}

/**
 * Serves the built web app at `/`: its files as they are, and `index.html` for every other
 * path outside `/api` so that the app's own routes (`/a/:slug`, `/c/:id`) load on a reload or
 * a shared link. Unknown `/api` paths keep the API's problem+json 404. The routes are public
 * and hidden from the OpenAPI document.
 */
export async function webPlugin(app: FastifyInstance, options: WebOptions = {}): Promise<void> {
  const root = options.root ?? defaultWebRoot;
  await app.register(fastifyStatic, { root, serve: false });

  // The public portal (/p, /p/*) has its own small entry page; every other path gets the app.
  const sendIndex = (reply: FastifyReply, path = '/') => {
    reply
      .header('content-security-policy', webCsp)
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8');
    const page =
      (path === '/p' || path.startsWith('/p/')) && isFile(join(root, 'portal.html'))
        ? 'portal.html'
        : 'index.html';
    if (!isFile(join(root, page))) return reply.code(200).send(missingBuild);
    return reply.sendFile(page, root, { cacheControl: false });
  };

  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    sendIndex(reply),
  );

  app.get(
    '/*',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      const path = request.url.split('?')[0] ?? '/';
      if (path === '/api' || path.startsWith('/api/'))
        return sendProblem(reply, 404, 'not_found', `no route ${request.method} ${path}`);
      let relative: string;
      try {
        relative = normalize(decodeURIComponent(path)).replace(/^[/\\]+/, '');
      } catch {
        return sendIndex(reply, path);
      }
      const safe =
        relative !== '' &&
        !relative.split(sep).includes('..') &&
        !relative.includes('\0') &&
        relative !== 'index.html' &&
        relative !== 'portal.html';
      if (safe && isFile(join(root, relative))) {
        const immutable = relative.startsWith(`assets${sep}`);
        return reply.sendFile(relative, root, {
          cacheControl: true,
          maxAge: immutable ? 31_536_000_000 : 0,
          immutable,
        });
      }
      return sendIndex(reply, path);
    },
  );
}
