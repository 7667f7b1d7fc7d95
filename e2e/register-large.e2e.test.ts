// A register of 5,000 commitments: the page holds a screenful of rows and adds more as the reader
// scrolls, so filtering and sorting never re-render thousands of rows at once; keyboard
// navigation reaches every row. (How long it takes is measured by hand, not asserted here.)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedAgreement } from '../bench/web/generate.ts';
import { launchChromium } from './browser.ts';
import { buildWeb, repoRoot, startServer, type RunningServer } from './server.ts';

const count = 5000;
let server: RunningServer;
let browser: Browser;
let page: Page;
let slug: string;

beforeAll(async () => {
  mkdirSync(join(repoRoot, 'e2e/screenshots'), { recursive: true });
  buildWeb();
  server = await startServer();
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: server.adminEmail, password: server.adminPassword }),
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const res = await fetch(`${server.url}/api/accords`, {
    method: 'POST',
    headers: {
      cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
      'x-csrf-token': csrfToken,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      text: generatedAgreement(count),
      title: 'Five thousand commitments',
      parties: ['GB', 'JP'],
      signed: '2024-01-15',
      language: 'en',
    }),
  });
  const imported = (await res.json()) as { slug: string; commitments: number };
  expect(imported.commitments).toBe(count);
  slug = imported.slug;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const rowsInPage = () => page.locator('[data-testid=register] tbody tr').count();

describe(`a register of ${count} commitments`, () => {
  it('shows a screenful of rows, all counted, and adds rows as the reader scrolls', async () => {
    await page.goto(`${server.url}/a/${slug}/register`);
    await page
      .getByTestId('register-count')
      .filter({ hasText: String(count) })
      .waitFor();
    const first = await rowsInPage();
    expect(first).toBeGreaterThan(50);
    expect(first).toBeLessThan(1000);
    await page.locator('[data-testid=register] tbody tr').last().scrollIntoViewIfNeeded();
    await expect.poll(rowsInPage, { timeout: 10_000 }).toBeGreaterThan(first);
  });

  it('filters and sorts the whole register, not only the rows on the page', async () => {
    const search = page.getByRole('searchbox').first();
    await search.fill('energy');
    await expect
      .poll(() => page.getByTestId('register-count').textContent(), { timeout: 10_000 })
      .not.toMatch(new RegExp(`^${count} `));
    await page.screenshot({ path: join(repoRoot, 'e2e/screenshots/30-register-5000.png') });
    await search.fill('');
    // The register is sorted by id; sorting again by id (descending) puts the last commitment of
    // all first.
    await page.locator('thead button').first().click();
    await expect.poll(() => page.url()).toMatch(/dir=desc/);
    const lastId = await page
      .locator('[data-testid=register] tbody tr')
      .first()
      .getAttribute('data-commitment');
    expect(Number(lastId)).toBeGreaterThanOrEqual(count);
  });

  it('moves the keyboard focus to the very last row with End', async () => {
    await page.goto(`${server.url}/a/${slug}/register`);
    await page
      .getByTestId('register-count')
      .filter({ hasText: String(count) })
      .waitFor();
    await page.locator('a.row-link').first().focus();
    await page.keyboard.press('End');
    await expect.poll(rowsInPage, { timeout: 10_000 }).toBe(count);
    await expect
      .poll(() =>
        page.evaluate(() => {
          const row = document.activeElement?.closest('tr');
          return row !== null && row === row?.parentElement?.lastElementChild;
        }),
      )
      .toBe(true);
  });
});
