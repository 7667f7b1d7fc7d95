import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An item of a fixture feed. */
export interface FixtureItem {
  guid: string;
  link: string;
  title: string;
  description: string;
  pubDate: string;
}

/** An RSS 2.0 document of the given items. */
export function rss(items: FixtureItem[], title = 'Fixture feed'): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${esc(title)}</title><link>https://example.org/</link><language>en-gb</language>
${items
  .map(
    (i) =>
      `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link><guid isPermaLink="false">${esc(i.guid)}</guid><pubDate>${new Date(i.pubDate).toUTCString()}</pubDate><description>${esc(i.description)}</description></item>`,
  )
  .join('\n')}
</channel></rss>`;
}

type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * A local HTTP server on 127.0.0.1 serving fixture feeds from a table of routes that tests can
 * change while it runs; it counts the requests of each path.
 */
export async function startFeedServer(routes: Record<string, Route>) {
  const hits = new Map<string, number>();
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    open.add(res);
    res.on('close', () => open.delete(res));
    const route = routes[path];
    if (!route) {
      res.writeHead(404).end('not found');
      return;
    }
    Promise.resolve(route(req, res)).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    routes,
    hits: (path: string) => hits.get(path) ?? 0,
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A route serving a body with an ETag, answering 304 to a matching If-None-Match. */
export function withEtag(
  body: () => string,
  etag: () => string,
  type = 'application/rss+xml',
): Route {
  return (req, res) => {
    if (req.headers['if-none-match'] === etag()) {
      res.writeHead(304, { etag: etag() }).end();
      return;
    }
    res.writeHead(200, { 'content-type': type, etag: etag() }).end(body());
  };
}
