// The web app in a real browser against the real server: pages, URL state, the reader's links,
// Japanese with CJK fonts, accessibility (axe-core) and stored text that must never run.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, repoRoot, startServer, type RunningServer } from './server.ts';

const shots = join(repoRoot, 'e2e/screenshots');
const slug = 'the-hiroshima-accord-an-enhanced-uk-japan-global-strategic-2023';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
// axe-core is injected as an inline script, which the app's CSP rightly refuses: it runs in a
// context of its own that bypasses CSP, while `page` keeps the policy enforced.
let axeContext: BrowserContext;
let axePage: Page;

/** A screenshot of what the viewport shows (1280×900), to look at. */
async function shoot(name: string): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown }[];
}

/** Runs axe-core on the current page; returns the serious and critical violations. */
async function seriousViolations(): Promise<string[]> {
  await axePage.addScriptTag({ content: axe.source });
  const violations = await axePage.evaluate(async () => {
    const w = window as unknown as {
      axe: { run: (ctx: Document) => Promise<{ violations: AxeViolation[] }> };
    };
    return (await w.axe.run(document)).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`,
    );
}

async function open(path: string): Promise<void> {
  await page.goto(server.url + path);
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  buildWeb();
  server = await startServer();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  page = await context.newPage();
  axeContext = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    bypassCSP: true,
  });
  axePage = await axeContext.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the web app', () => {
  it('lists the agreements with the Hiroshima Accord', async () => {
    await open('/');
    const row = page.locator('[data-testid=accords] tbody tr', { hasText: 'The Hiroshima Accord' });
    await row.waitFor();
    expect(await row.locator('td').nth(1).innerText()).toBe('18 May 2023');
    expect(await row.locator('td').nth(2).innerText()).toBe('United Kingdom, Japan');
    expect(await row.locator('td').nth(3).innerText()).toBe('62');
    await shoot('01-agreements');
  });

  it('serves the app with a CSP without inline scripts, and index.html for app paths', async () => {
    const res = await fetch(`${server.url}/a/${slug}/register?q=x`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    const html = await res.text();
    expect(html).toContain('<div id="root">');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const api404 = await fetch(`${server.url}/api/nowhere`);
    expect(api404.status).toBe(404);
    expect(api404.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('shows the overview: headline figures and an SVG chart', async () => {
    await open('/');
    await page.getByRole('link', { name: /The Hiroshima Accord/ }).click();
    await page.waitForURL(`**/a/${slug}`);
    const figure = (id: string) => page.locator(`[data-figure="${id}"] dd`);
    await figure('commitments').waitFor();
    expect(await figure('commitments').innerText()).toBe('62');
    expect(await figure('achieved').innerText()).toBe('0');
    expect(await figure('in-progress').innerText()).toBe('0');
    expect(Number(await figure('overdue').innerText())).toBeGreaterThanOrEqual(0);
    expect(await figure('compliance-GB').innerText()).toBe('not yet assessed');
    const chart = page.locator('.chart svg').first();
    await chart.waitFor();
    expect(await page.locator('.chart svg path').count()).toBeGreaterThan(3);
    expect(await page.locator('.chart svg text', { hasText: 'Preamble' }).count()).toBe(1);
    await shoot('02-overview');
  });

  it('lists the 62 commitments of the register, filters them by text in the URL, sorts and moves by keyboard', async () => {
    await open(`/a/${slug}/register`);
    const rows = page.locator('[data-testid=register] tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(62);
    await page.getByLabel('Search the register').fill('minerals');
    await page.waitForURL(/[?&]q=minerals/);
    const filtered = await rows.count();
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThan(62);
    for (const text of await rows.locator('td:nth-child(3)').allInnerTexts())
      expect(text.toLowerCase()).toContain('minerals');
    // The URL is the view: a reload (or a shared link) shows the same rows.
    await page.reload();
    await rows.first().waitFor();
    expect(await rows.count()).toBe(filtered);
    expect(await page.getByLabel('Search the register').inputValue()).toBe('minerals');
    await shoot('03-register-filtered');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    expect(await rows.count()).toBe(62);
    await page.getByLabel('Topic').selectOption('energy');
    await page.waitForURL(/[?&]topic=energy/);
    expect(await rows.count()).toBeLessThan(62);
    await page.getByLabel('Topic').selectOption('');
    await page.getByRole('button', { name: 'Deadline', exact: true }).click();
    await page.waitForURL(/sort=deadline/);
    expect(await page.locator('th[aria-sort=ascending]').innerText()).toContain('Deadline');
    const firstDeadline = await rows.first().locator('td').nth(3).innerText();
    expect(firstDeadline).toMatch(/\d{4}/);

    await rows.first().locator('a').focus();
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => document.activeElement?.closest('tr')?.rowIndex);
    expect(focused).toBe(2);
    await shoot('04-register-sorted');
  });

  it('highlights every commitment in the reader, and a click opens the commitment page', async () => {
    await open(`/a/${slug}/read`);
    const marks = page.locator('[data-testid=reader] mark[data-commitment]');
    await marks.first().waitFor();
    const ids = new Set(
      await marks.evaluateAll((els) => els.map((e) => e.getAttribute('data-commitment'))),
    );
    expect(ids.size).toBe(62);
    expect(
      await page.locator('[data-testid=reader] h3', { hasText: /^1\. Interoperable/ }).count(),
    ).toBe(1);
    expect(await page.locator('[data-testid=reader] ul li').count()).toBeGreaterThan(20);
    await shoot('05-reader');
    const target = page.locator('[data-testid=reader] mark', {
      hasText: 'critical minerals cooperation',
    });
    const id = await target.first().getAttribute('data-commitment');
    await target.first().locator('a').click();
    await page.waitForURL(`**/c/${id}`);
    await page.getByRole('heading', { level: 1, name: `Commitment ${id}` }).waitFor();
    const mark = page.locator('[data-testid=source] mark');
    expect(await mark.innerText()).toContain('Support progress of critical minerals cooperation');
    expect(await page.getByText('31 Dec 2023').count()).toBeGreaterThan(0);
    await shoot('06-commitment');
  });

  it('switches to Japanese, keeps the choice, and renders it with a CJK font', async () => {
    await open('/');
    await page.getByLabel('Language').selectOption('ja');
    await page.getByRole('heading', { level: 1, name: '合意文書' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '合意文書' }).waitFor();
    expect(await page.locator('[data-testid=accords] tbody td').nth(1).innerText()).toBe(
      '2023/05/18',
    );
    expect(await page.locator('[data-testid=accords] tbody td').nth(2).innerText()).toBe(
      'イギリス、日本',
    );
    // Which installed font Chromium used to draw the heading's glyphs.
    const cdp = await context.newCDPSession(page);
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'h1' });
    await cdp.send('CSS.enable');
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    expect(fonts.map((f) => f.familyName).join(',')).toMatch(/Noto (Sans|Serif) CJK/);
    await open(`/a/${slug}`);
    await page.locator('[data-figure=commitments] dt', { hasText: '約束' }).waitFor();
    await shoot('07-overview-ja');
    await open(`/a/${slug}/register`);
    await page.locator('[data-testid=register] tbody tr').first().waitFor();
    await shoot('08-register-ja');
    await page.getByLabel('言語').selectOption('en');
    await page.getByRole('heading', { level: 2, name: 'Commitment register' }).waitFor();
  });

  it('passes axe-core with no serious or critical violation on every page, in both languages', async () => {
    const pages: [string, string][] = [
      ['/', '[data-testid=accords]'],
      [`/a/${slug}`, '.chart svg'],
      [`/a/${slug}/register`, '[data-testid=register] tbody tr'],
      [`/a/${slug}/read`, '[data-testid=reader] mark'],
      ['/c/37', '[data-testid=source] mark'],
      ['/signin', 'form'],
    ];
    const found: string[] = [];
    for (const lang of ['en', 'ja']) {
      for (const [path, ready] of pages) {
        await axePage.goto(server.url + path);
        await axePage.evaluate((l) => localStorage.setItem('accord.lang', l), lang);
        await axePage.reload();
        await axePage.locator(ready).first().waitFor();
        expect(await axePage.locator('html').getAttribute('lang')).toBe(lang);
        for (const v of await seriousViolations()) found.push(`${lang} ${path}: ${v}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('signs in through the form', async () => {
    await open('/signin');
    await page.getByLabel('Email').fill(server.adminEmail);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('wrong email or password');
    await page.getByLabel('Password').fill(server.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(`You are signed in as ${server.adminEmail}.`).waitFor();
    expect(await page.getByText(`Signed in as ${server.adminEmail} (admin)`).count()).toBe(1);
    await shoot('09-signed-in');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
  });

  it('shows a <script> stored in evidence as text, and never runs it', async () => {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: server.adminEmail, password: server.adminPassword }),
    });
    expect(login.status).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const payload = '<script>window.__xss=1</script>';
    const created = await fetch(`${server.url}/api/evidence`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({
        title: '<img src=x onerror="window.__xss=2">Evidence title',
        published: '2024-01-15',
        excerpt: payload,
        commitments: ['37'],
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);

    await open('/c/37');
    const evidence = page.locator('[data-testid=evidence] li');
    await evidence.first().waitFor();
    expect(await evidence.locator('.excerpt').innerText()).toBe(payload);
    expect(await evidence.locator('.evidence-title').innerText()).toContain('<img src=x');
    expect(await page.locator('main script, main img').count()).toBe(0);
    expect(
      await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    ).toBeUndefined();
    await evidence.first().scrollIntoViewIfNeeded();
    await shoot('10-evidence-as-text');
  });
});
