// The public portal's initial JavaScript, gzipped: the entry script of web/dist/portal.html and
// every module it preloads (what a first visit downloads before any lazy chunk). Fails above the
// budget (250 KB, issue 4). Run after `npm run build:web`: `npm run check:portal-size`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const budgetBytes = 250 * 1024;

export interface PortalSize {
  files: { path: string; bytes: number; gzipped: number }[];
  gzipped: number;
}

/** Measures the initial JS of the portal entry in a built web app folder. */
export function measurePortal(dist: string): PortalSize {
  const html = readFileSync(join(dist, 'portal.html'), 'utf8');
  const paths = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*\bsrc="([^"]+\.js)"/g)) paths.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g))
    paths.add(m[1]!);
  if (paths.size === 0) throw new Error('portal.html names no script: is the build complete?');
  const files = [...paths].map((path) => {
    const bytes = readFileSync(join(dist, path.replace(/^\//, '')));
    return { path, bytes: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
  });
  return { files, gzipped: files.reduce((sum, f) => sum + f.gzipped, 0) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dist = fileURLToPath(new URL('../../web/dist', import.meta.url));
  const size = measurePortal(dist);
  for (const f of size.files)
    console.log(
      `${f.path.padEnd(48)} ${(f.bytes / 1024).toFixed(1).padStart(8)} KB  gzip ${(f.gzipped / 1024).toFixed(1).padStart(7)} KB`,
    );
  const verdict = size.gzipped <= budgetBytes ? 'within' : 'OVER';
  console.log(
    `public portal initial JS: ${(size.gzipped / 1024).toFixed(1)} KB gzipped, ${verdict} the ${budgetBytes / 1024} KB budget`,
  );
  if (size.gzipped > budgetBytes) process.exit(1);
}
