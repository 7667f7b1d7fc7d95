// The web app through Chromium: how long the overview of an agreement with 1,000 commitments
// takes to show its headline figures on localhost (target: under 1 s), next to baselines measured
// in the same run (a bare static response, and the app shell rendering a page that loads no
// data), and the public portal's initial JavaScript. Writes the table into BENCHMARKS.md between
// the <!-- bench:web --> markers (`--no-write` to only print it).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../e2e/browser.ts';
import { buildWeb, startServer, type RunningServer } from '../../e2e/server.ts';
import { generatedAgreement } from './generate.ts';
import { budgetBytes, measurePortal } from './portal-size.ts';

const runs = Number(process.env.BENCH_WEB_RUNS ?? 7);
const commitments = 1000;
const target = 1000;
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

async function api(
  server: RunningServer,
  headers: Record<string, string>,
  method: string,
  path: string,
  body?: unknown,
  extra: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(server.url + path, {
    method,
    headers: { ...headers, ...extra, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.status >= 400)
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return { status: res.status, json };
}

async function login(server: RunningServer, email: string, password: string) {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
    'x-csrf-token': csrfToken,
  };
}

/** Imports the generated agreement, opens a cycle and approves 200 assessments (100 × 2 parties). */
async function fill(server: RunningServer): Promise<string> {
  const admin = await login(server, server.adminEmail, server.adminPassword);
  const password = 'bench-password-long';
  for (const role of ['analyst', 'reviewer'])
    await api(server, admin, 'POST', '/api/users', { email: `${role}@bench.test`, role, password });
  const analyst = await login(server, 'analyst@bench.test', password);
  const reviewer = await login(server, 'reviewer@bench.test', password);
  const imported = await api(server, analyst, 'POST', '/api/accords', {
    text: generatedAgreement(commitments),
    title: 'The Benchmark Accord (1,000 commitments)',
    parties: ['GB', 'JP'],
    signed: '2024-01-15',
    language: 'en',
  });
  const slug = String(imported.json.slug);
  if (imported.json.commitments !== commitments)
    throw new Error(
      `expected ${commitments} commitments, imported ${String(imported.json.commitments)}`,
    );
  const cycle = await api(server, admin, 'POST', `/api/accords/${slug}/cycles`, {
    name: 'Interim',
    cutoff: '2025-12-31',
  });
  const list = await api(server, admin, 'GET', `/api/accords/${slug}/commitments?limit=100`);
  const statuses = ['achieved', 'in_progress', 'partially_achieved', 'off_track', 'not_started'];
  let n = 0;
  for (const c of list.json.items as { id: string }[]) {
    for (const party of ['GB', 'JP']) {
      const status = statuses[n++ % statuses.length]!;
      const draft = await api(server, analyst, 'POST', '/api/assessments', {
        commitment: c.id,
        party,
        cycle: String(cycle.json.id),
        status,
      });
      const submitted = await api(
        server,
        analyst,
        'POST',
        `/api/assessments/${String(draft.json.id)}/submit`,
        {},
        {
          'if-match': String(draft.json.etag),
        },
      );
      await api(
        server,
        reviewer,
        'POST',
        `/api/assessments/${String(draft.json.id)}/approve`,
        {},
        {
          'if-match': String(submitted.json.etag),
        },
      );
    }
  }
  return slug;
}

/** Milliseconds from navigation start until `selector`'s text is `text` (a function, not a string: the CSP forbids eval). */
async function timeTo(
  browser: Browser,
  url: string,
  selector: string,
  text: string,
): Promise<number> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
  });
  try {
    const page: Page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(
      ([s, t]) => (document.querySelector(s!)?.textContent === t ? performance.now() : null),
      [selector, text],
      { polling: 'raf', timeout: 30_000 },
    );
    return Number(await handle.jsonValue());
  } finally {
    await context.close();
  }
}

/** A static response's navigation: until its load event ends. */
async function staticLoad(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    return Number(
      await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return nav.loadEventEnd || performance.now();
      }),
    );
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;

const started = Date.now();
process.stdout.write('building the web app…\n');
buildWeb();
const portal = measurePortal(here('../../web/dist'));
const server = await startServer();
const browser = await launchChromium();
try {
  process.stdout.write('importing 1,000 commitments and approving 200 assessments…\n');
  const slug = await fill(server);
  const figures = '[data-figure=commitments] dd';
  const cases: [string, () => Promise<number>][] = [
    [
      'bare static response (GET /healthz), to its load event',
      () => staticLoad(browser, `${server.url}/healthz`),
    ],
    [
      'app shell: a page that loads no data (“Not found.”) shown',
      () => timeTo(browser, `${server.url}/nowhere`, 'main .message', 'Not found.'),
    ],
    [
      'overview of 1,000 commitments: figures shown (app, /a/:slug)',
      () => timeTo(browser, `${server.url}/a/${slug}`, figures, String(commitments)),
    ],
    [
      'overview of 1,000 commitments: figures shown (public portal, /p/:slug)',
      () => timeTo(browser, `${server.url}/p/${slug}`, figures, String(commitments)),
    ],
  ];
  // One warm-up of each (server caches, Chromium's process), then alternating runs.
  for (const [, run] of cases) await run();
  const times = cases.map(() => [] as number[]);
  for (let r = 0; r < runs; r++)
    for (const [i, [, run]] of cases.entries()) times[i]!.push(await run());
  const medians = times.map(median);
  const shell = medians[1]!;
  const rows = cases.map(([name], i) => {
    const m = medians[i]!;
    const isOverview = i >= 2;
    return `| ${name} | ${ms(m)} | ${ms(Math.min(...times[i]!))} – ${ms(Math.max(...times[i]!))} | ${isOverview ? (m / shell).toFixed(2) : '—'} | ${isOverview ? '< 1000 ms' : '—'} | ${isOverview ? (m < target ? 'pass' : 'FAIL') : '—'} |`;
  });
  const chromium = browser.version();
  const lines = [
    `${new Date().toISOString().slice(0, 10)}; ${cpus().length} cores, Node ${process.version}, Chromium ${chromium} (headless), the production build served by \`accord serve\` on PGlite on 127.0.0.1. Whole bench: ${((Date.now() - started) / 60000).toFixed(1)} min.`,
    '',
    `Data: one generated agreement of ${commitments} commitments in 20 sections (bench/web/generate.ts), imported through the API, with a cycle and 200 approved assessments (100 commitments × 2 parties). Each run is a fresh browser context (empty cache, no session), timed from navigation start (\`performance.now()\` in the page) until the figures are in the DOM; one warm-up of each case, then ${runs} alternating runs; median, and the range.`,
    '',
    '| measure | median | range | ratio to the app shell | target | result |',
    '|---|---:|---:|---:|---|---|',
    ...rows,
    '',
    `Public portal initial JavaScript (portal.html's entry and preloaded modules, gzip -9): ${(portal.gzipped / 1024).toFixed(1)} KB in ${portal.files.length} files; budget ${budgetBytes / 1024} KB: ${portal.gzipped <= budgetBytes ? 'pass' : 'FAIL'}. The charts (ECharts) and the signed-in screens are separate chunks loaded on demand.`,
  ];
  const table = lines.join('\n');
  process.stdout.write(`${table}\n`);
  if (!process.argv.includes('--no-write')) {
    const file = here('../../BENCHMARKS.md');
    const begin = '<!-- bench:web -->';
    const end = '<!-- /bench:web -->';
    const section = `${begin}\n## Web app: overview of 1,000 commitments in Chromium (\`npm run bench:web\`)\n\n${table}\n${end}`;
    let doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
    doc = doc.includes(begin)
      ? doc.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), () => section)
      : `${doc.trimEnd()}\n\n${section}\n`;
    writeFileSync(file, doc);
  }
  if (medians.slice(2).some((m) => m >= target) || portal.gzipped > budgetBytes)
    process.exitCode = 1;
} finally {
  await browser.close();
  await server.stop();
}
