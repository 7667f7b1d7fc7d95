// The whole workflow in a real browser, one person per browser context: an admin creates an
// analyst and a reviewer; the analyst imports an agreement through the import screen, corrects a
// commitment (and meets a stale edit), adds evidence, drafts and submits an assessment; the
// reviewer approves it; an anonymous visitor sees it on the public portal. Then the new pages in
// Japanese, and axe-core on every new page in both languages.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rss, startFeedServer } from '../src/jobs/test-feed-server.ts';
import { launchChromium, seriousViolations } from './browser.ts';
import { buildWeb, repoRoot, startServer, type RunningServer } from './server.ts';

const shots = join(repoRoot, 'e2e/screenshots');
const fixture = join(
  repoRoot,
  'fixtures/agreements/full/07_us-india-clean-energy-supply-chains-roadmap_2024-09-21.txt',
);
const hiroshima = 'the-hiroshima-accord-an-enhanced-uk-japan-global-strategic-2023';
const title = 'US-India Clean Energy Supply Chains Roadmap';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

// What the steps hand on to the next ones.
const state = {
  analystPassword: '',
  reviewerPassword: '',
  slug: '',
  accordId: '',
  commitmentId: '',
  kept: 0,
};

async function newPage(options: { bypassCSP?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    ...options,
  });
  contexts.push(context);
  return context.newPage();
}

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage });
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${server.url}/signin`);
  await page.locator('#signin-email').fill(email);
  await page.locator('#signin-password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in with a one-time password and replaces it, as a new account must. */
async function firstSignIn(page: Page, email: string, oneTime: string): Promise<string> {
  await signIn(page, email, oneTime);
  await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
  const chosen = `${email}-own-password`;
  await page.getByLabel('New password').fill(chosen);
  await page.getByRole('button', { name: 'Save the password' }).click();
  await page.getByText('Your password is saved.').waitFor();
  return chosen;
}

/** The admin's session for API calls made beside the browser (cookie and CSRF token). */
async function adminApi(): Promise<Record<string, string>> {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: server.adminEmail, password: server.adminPassword }),
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return {
    cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
    'x-csrf-token': csrfToken,
    'content-type': 'application/json',
  };
}

let admin: Page;
let analyst: Page;
let reviewer: Page;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  buildWeb();
  server = await startServer();
  browser = await launchChromium();
  admin = await newPage();
  analyst = await newPage();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('the workflow from import to the public portal', () => {
  it('lets the admin create an analyst and a reviewer, each with a one-time password', async () => {
    await signIn(admin, server.adminEmail, server.adminPassword);
    await admin.getByText(`You are signed in as ${server.adminEmail}.`).waitFor();
    await admin.getByRole('link', { name: 'Admin' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    const passwords: string[] = [];
    for (const [email, role] of [
      ['analyst@example.org', 'analyst'],
      ['reviewer@example.org', 'reviewer'],
    ] as const) {
      await admin.locator('#user-email').fill(email);
      await admin.locator('#user-name').fill(role === 'analyst' ? 'Ana Lyst' : 'Rev Iewer');
      await admin.locator('#user-role').selectOption(role);
      await admin.getByRole('button', { name: 'Add the user' }).click();
      await admin.getByText(`Account created for ${email}.`).waitFor();
      passwords.push(await admin.locator('[data-testid=secret]').innerText());
      await admin.locator(`[data-testid=users] tr[data-user="${email}"]`).waitFor();
    }
    expect(passwords.every((p) => p.length >= 10)).toBe(true);
    [state.analystPassword, state.reviewerPassword] = passwords as [string, string];
    await admin.locator('#token-name').fill('nightly export');
    await admin.getByRole('button', { name: 'Create the token' }).click();
    expect(
      await admin.locator('section[aria-labelledby=tokens-h] [data-testid=secret]').innerText(),
    ).toMatch(/^acc_/);
    await admin.locator('[data-testid=tokens] tr', { hasText: 'nightly export' }).waitFor();
    await shoot(admin, '11-admin', true);
  });

  it('lets the analyst import an agreement: upload, details, preview, corrections, save', async () => {
    state.analystPassword = await firstSignIn(
      analyst,
      'analyst@example.org',
      state.analystPassword,
    );
    await analyst.getByRole('link', { name: 'Import' }).click();
    await analyst.getByRole('heading', { level: 1, name: 'Import an agreement' }).waitFor();
    await analyst.locator('#import-file').setInputFiles(fixture);
    await analyst.getByLabel('Title').fill(title);
    await analyst.getByLabel('Parties').fill('US, IN');
    await analyst.getByLabel('Signing date').fill('2024-09-21');
    await analyst.getByLabel('Language of the text').selectOption('en');
    await analyst.getByRole('button', { name: 'Extract the register' }).click();
    const rows = analyst.locator('[data-testid=import-preview] tbody tr');
    await rows.first().waitFor();
    const found = await rows.count();
    expect(found).toBeGreaterThan(5);
    // The opening sentence states a fact: not a commitment. Untick it; date another one.
    await analyst.getByLabel('Keep commitment 1', { exact: true }).uncheck();
    await analyst.getByLabel('Deadline of commitment 3', { exact: true }).fill('2025-06-30');
    await analyst.getByText(`${found - 1} kept, 2 corrected`, { exact: false }).waitFor();
    await shoot(analyst, '12-import-preview', true);
    await analyst.getByRole('button', { name: /^Save the agreement and its/ }).click();
    await analyst.waitForURL('**/a/*/register', { timeout: 30_000 });
    state.slug = decodeURIComponent(new URL(analyst.url()).pathname.split('/')[2]!);
    const register = analyst.locator('[data-testid=register] tbody tr');
    await register.first().waitFor();
    expect(await register.count()).toBe(found - 1);
    state.kept = found - 1;
    const accord = (await (await fetch(`${server.url}/api/accords/${state.slug}`)).json()) as {
      id: string;
      title: string;
      commitments: number;
    };
    expect(accord.title).toBe(title);
    expect(accord.commitments).toBe(found - 1);
    state.accordId = accord.id;
    const dated = (await (
      await fetch(`${server.url}/api/accords/${accord.id}/commitments?limit=500`)
    ).json()) as { items: { deadline: { date: string | null } | null }[] };
    expect(dated.items.some((c) => c.deadline?.date === '2025-06-30')).toBe(true);
    await shoot(analyst, '13-imported-register');
  });

  it('lets the admin open a reporting cycle for the new agreement', async () => {
    await admin.goto(`${server.url}/admin`);
    await admin.locator('#cycle-accord').selectOption({ label: title });
    await admin.locator('#cycle-name').fill('Interim 2025');
    await admin.locator('#cycle-cutoff').fill('2025-12-31');
    await admin.getByRole('button', { name: 'Open the cycle' }).click();
    await admin.getByText('Cycle “Interim 2025” opened.').waitFor();
    await admin.locator('[data-testid=cycles] li', { hasText: 'Interim 2025' }).waitFor();
  });

  it('lets the analyst correct a commitment, and says so clearly when someone else saved first', async () => {
    await analyst.goto(`${server.url}/a/${state.slug}/register`);
    const first = analyst.locator('[data-testid=register] tbody tr').first();
    await first.waitFor();
    state.commitmentId = (await first.getAttribute('data-commitment')) ?? '';
    await first.locator('a').click();
    await analyst.waitForURL(`**/c/${state.commitmentId}`);
    await analyst.getByRole('button', { name: 'Edit the attributes' }).click();
    await analyst.locator('#edit-date').fill('2025-03-31');
    await analyst.locator('#edit-phrase').fill('by the end of March 2025');
    await analyst.locator('#edit-strength').selectOption('exploratory');
    await analyst.getByRole('button', { name: 'Save the correction' }).click();
    await analyst.getByText('Correction saved.').waitFor();
    const attributes = analyst.locator('.attributes');
    await attributes.getByText('31 Mar 2025 (“by the end of March 2025”)').waitFor();
    expect(await attributes.innerText()).toContain('Exploratory');

    // Someone else saves between this editor's read and write: 412, nothing overwritten.
    await analyst.getByRole('button', { name: 'Edit the attributes' }).click();
    await analyst.locator('#edit-phrase').fill('a change that must not win');
    const headers = await adminApi();
    const read = await fetch(`${server.url}/api/commitments/${state.commitmentId}`, { headers });
    const etag = ((await read.json()) as { etag: string }).etag;
    const other = await fetch(`${server.url}/api/commitments/${state.commitmentId}`, {
      method: 'PATCH',
      headers: { ...headers, 'if-match': etag },
      body: JSON.stringify({ targets: ['clean energy supply chains'] }),
    });
    expect(other.status).toBe(200);
    await analyst.getByRole('button', { name: 'Save the correction' }).click();
    const stale = analyst.locator('[data-testid=stale]');
    await stale.waitFor();
    expect(await stale.innerText()).toContain('Someone else changed this record');
    await stale.scrollIntoViewIfNeeded();
    await shoot(analyst, '14-stale-edit');
    await stale.getByRole('button', { name: 'Reload the latest version' }).click();
    await attributes.getByText('clean energy supply chains').waitFor();
    expect(await attributes.innerText()).not.toContain('a change that must not win');
  });

  it('lets the analyst add evidence, draft an assessment for each party and submit one', async () => {
    await analyst.locator('#ev-title').fill('Roadmap implementation update');
    await analyst.locator('#ev-url').fill('https://example.org/roadmap-update');
    await analyst.locator('#ev-date').fill('2025-02-10');
    await analyst.locator('#ev-publisher').fill('Department of Energy');
    await analyst.locator('#ev-kind').selectOption('press_release');
    await analyst.locator('#ev-excerpt').fill('The partners launched the joint programme.');
    await analyst.getByRole('button', { name: 'Save the evidence' }).click();
    await analyst.getByText('Evidence “Roadmap implementation update” saved.').waitFor();
    await analyst
      .locator('[data-testid=evidence] li', { hasText: 'Roadmap implementation update' })
      .waitFor();

    const form = analyst.locator('[data-testid=assessment-form]');
    for (const [party, status, score] of [
      ['US', 'achieved', '1'],
      ['IN', 'off_track', '-1'],
    ] as const) {
      await form.locator('#as-cycle').selectOption({ label: 'Interim 2025' });
      await form.locator('#as-party').selectOption(party);
      await form.locator('#as-status').selectOption(status);
      await form.locator('#as-score').selectOption(score);
      await form.locator('#as-rationale').fill(`Rationale for ${party}: see the update.`);
      if (party === 'US') await form.getByLabel('Roadmap implementation update').check();
      await form.getByRole('button', { name: 'Save the draft' }).click();
      await analyst
        .locator('[data-testid=assessments-work] tr[data-state=draft]', {
          hasText: party === 'US' ? 'United States' : 'India',
        })
        .waitFor();
    }
    const us = analyst.locator('[data-testid=assessments-work] tr', { hasText: 'United States' });
    await us.getByRole('button', { name: 'Submit for review' }).click();
    await analyst
      .locator('[data-testid=assessments-work] tr[data-state=submitted]', {
        hasText: 'United States',
      })
      .waitFor();
    const history = analyst.locator('[data-testid=history]');
    for (const type of [
      'commitment.edited',
      'evidence.recorded',
      'assessment.drafted',
      'assessment.submitted',
    ])
      await history.locator(`li[data-type="${type}"]`).first().waitFor();
    await analyst.locator('[data-testid=tools]').scrollIntoViewIfNeeded();
    await shoot(analyst, '15-commitment-tools', true);
  });

  it('shows the reviewer the queue; the reviewer approves; an author cannot approve their own', async () => {
    reviewer = await newPage();
    state.reviewerPassword = await firstSignIn(
      reviewer,
      'reviewer@example.org',
      state.reviewerPassword,
    );
    // The admin drafts and submits one too (through the API): in the queue, not approvable by them.
    const headers = await adminApi();
    const cycles = (await (
      await fetch(`${server.url}/api/accords/${state.accordId}/cycles`, { headers })
    ).json()) as { items: { id: string }[] };
    const drafted = await fetch(`${server.url}/api/assessments`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        commitment: String(Number(state.commitmentId) + 1),
        party: 'IN',
        cycle: cycles.items[0]!.id,
        status: 'in_progress',
      }),
    });
    expect(drafted.status).toBe(201);
    const own = (await drafted.json()) as { id: string; etag: string };
    const submitted = await fetch(`${server.url}/api/assessments/${own.id}/submit`, {
      method: 'POST',
      headers: { ...headers, 'if-match': own.etag },
      body: '{}',
    });
    expect(submitted.status).toBe(200);

    await admin.goto(`${server.url}/review`);
    const ownItem = admin.locator(`[data-testid=review-queue] li[data-assessment="${own.id}"]`);
    await ownItem.waitFor();
    expect(await ownItem.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await ownItem.innerText()).toContain('You wrote this one');

    await reviewer.getByRole('link', { name: 'Review' }).click();
    const item = reviewer.locator('[data-testid=review-queue] li', {
      hasText: 'Rationale for US',
    });
    await item.waitFor();
    expect(await item.innerText()).toContain('Rationale for US');
    await shoot(reviewer, '16-review-queue', true);
    await item.getByRole('button', { name: 'Approve' }).click();
    await reviewer.getByText(/Assessment \d+ approved\./).waitFor();
    expect(
      await reviewer
        .locator('[data-testid=review-queue] li', { hasText: 'Rationale for US' })
        .count(),
    ).toBe(0);
  });

  it('shows the approved assessment on the public portal to an anonymous visitor, and nothing else', async () => {
    const visitor = await newPage();
    const scripts: string[] = [];
    visitor.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await visitor.goto(`${server.url}/p`);
    await visitor.getByRole('link', { name: title }).click();
    await visitor.waitForURL(`**/p/${state.slug}`);
    const figure = (id: string) => visitor.locator(`[data-figure="${id}"] dd`);
    await figure('commitments').waitFor();
    expect(await figure('commitments').innerText()).toBe(String(state.kept));
    expect(await figure('achieved').innerText()).toBe('1');
    expect(await figure('compliance-US').innerText()).toBe('100%');
    // India's assessment is a draft: the public does not see it.
    expect(await figure('compliance-IN').innerText()).toBe('not yet assessed');
    await visitor.locator('.chart svg').nth(1).waitFor();
    // Compliance over the cycles: one group per cycle, the approved US assessment at 100%.
    await visitor.locator('.chart svg text', { hasText: 'Interim 2025' }).waitFor();
    await shoot(visitor, '17-portal-overview', true);

    // The register filtered by the approved status, with the status and actors columns added.
    await visitor.goto(`${server.url}/p/${state.slug}/register?status=achieved&cols=actors,status`);
    const rows = visitor.locator('[data-testid=register] tbody tr');
    await visitor.getByText(`1 of ${state.kept} commitments`).waitFor();
    expect(await rows.first().innerText()).toContain('Achieved');
    expect(await rows.first().innerText()).toContain('United States, India');
    expect(await visitor.locator('#register-status').inputValue()).toBe('achieved');
    await shoot(visitor, '29-portal-register-status');
    await visitor.getByLabel('Actors', { exact: true }).uncheck();
    await visitor.waitForURL(/cols=status(&|$)/);

    await visitor.goto(`${server.url}/p/${state.slug}/c/${state.commitmentId}`);
    const assessments = visitor.locator('.assessments li');
    await assessments.first().waitFor();
    expect(await assessments.count()).toBe(1);
    expect(await assessments.first().innerText()).toContain('United States: Achieved');
    expect(await visitor.locator('[data-testid=cite]').innerText()).toContain(
      `${server.url}/p/${state.slug}/c/${state.commitmentId}`,
    );
    expect(await visitor.locator('[data-testid=tools], form').count()).toBe(0);
    await shoot(visitor, '18-portal-commitment', true);
    // A commitment cited under another agreement's slug is not found there.
    await visitor.goto(`${server.url}/p/${hiroshima}/c/${state.commitmentId}`);
    await visitor.getByText('Not found.').waitFor();

    await visitor.goto(`${server.url}/p/${hiroshima}/timeline`);
    const bars = visitor.locator('[data-testid=timeline] a[data-commitment]');
    await bars.first().waitFor();
    expect(await bars.count()).toBeGreaterThanOrEqual(4);
    expect(await visitor.locator('[data-testid=timeline] [data-overdue]').count()).toBeGreaterThan(
      0,
    );
    await shoot(visitor, '19-portal-timeline');
    await bars.first().click();
    await visitor.waitForURL(`**/p/${hiroshima}/c/*`);
    // The portal never loads the signed-in screens.
    expect(
      scripts.filter((s) => /CommitmentTools|Admin|Review|Import|EvidencePage/.test(s)),
    ).toEqual([]);
  });

  it('lets the reviewer return an assessment with a comment, and the author correct and resubmit it', async () => {
    await analyst.goto(`${server.url}/c/${state.commitmentId}`);
    const india = () =>
      analyst.locator('[data-testid=assessments-work] tr[data-assessment]', { hasText: 'India' });
    await india().getByRole('button', { name: 'Submit for review' }).click();
    await analyst
      .locator('[data-testid=assessments-work] tr[data-state=submitted]', { hasText: 'India' })
      .waitFor();

    await reviewer.goto(`${server.url}/review`);
    const item = reviewer.locator('[data-testid=review-queue] li', {
      hasText: 'Rationale for IN',
    });
    await item.waitFor();
    await item.getByLabel('Comment for the author (needed to return)').fill('Cite the source.');
    await item.getByRole('button', { name: 'Return' }).click();
    await reviewer.getByText(/Assessment \d+ returned to its author\./).waitFor();

    await analyst.reload();
    const returned = analyst.locator('[data-testid=assessments-work] tr[data-state=returned]', {
      hasText: 'India',
    });
    await returned.waitFor();
    expect(await returned.innerText()).toContain('Reviewer: “Cite the source.”');
    await returned.getByRole('button', { name: 'Edit' }).click();
    const form = analyst.locator('[data-testid=assessment-form]');
    await form.getByRole('group', { name: 'Edit the assessment' }).waitFor();
    await form.locator('#as-status').selectOption('in_progress');
    await form.locator('#as-rationale').fill('Rationale for IN, with the source cited.');
    await form.getByRole('button', { name: 'Save the changes' }).click();
    await india().filter({ hasText: 'with the source cited' }).waitFor();
    await india().getByRole('button', { name: 'Submit for review' }).click();
    await analyst
      .locator('[data-testid=assessments-work] tr[data-state=submitted]', { hasText: 'India' })
      .waitFor();
    await analyst.locator('[data-testid=history] li[data-type="assessment.returned"]').waitFor();
  });

  it('offers feed items as evidence in the inbox: watch, poll, accept, dismiss, and match a pasted text', async () => {
    const feeds = await startFeedServer({
      '/feed.xml': (_req, res) =>
        void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
          rss([
            {
              guid: 'https://gov.example/cyber-moc',
              link: 'https://gov.example/cyber-moc',
              title: 'UK and Japan agree cyber Memorandum of Cooperation',
              description:
                'A Memorandum of Cooperation deepens public-private partnerships in cyber between the UK and Japan, strengthening the UK-Japan Cyber Partnership.',
              pubDate: '2024-01-18T09:00:00Z',
            },
            {
              guid: 'https://gov.example/cptpp',
              link: 'https://gov.example/cptpp',
              title: 'UK deposits its instrument of accession to the CPTPP',
              description:
                'The UK deposited its instrument of accession to the Comprehensive and Progressive Agreement for Trans-Pacific Partnership (CPTPP).',
              pubDate: '2024-05-17T09:00:00Z',
            },
          ]),
        ),
    });
    try {
      await analyst.goto(`${server.url}/evidence`);
      await analyst.getByRole('link', { name: 'Inbox' }).click();
      await analyst.getByRole('heading', { level: 1, name: 'Evidence inbox' }).waitFor();
      await analyst.locator('#inbox-accord').selectOption(hiroshima);
      await analyst.getByTestId('suggestions-empty').waitFor();
      await analyst.locator('#feed-url').fill(feeds.url('/feed.xml'));
      await analyst.locator('#feed-title').fill('Government news');
      await analyst.getByRole('button', { name: 'Watch the feed' }).click();
      await analyst.locator('[data-testid=feeds] tr', { hasText: 'Government news' }).waitFor();
      await analyst.getByRole('button', { name: 'Poll now: Government news' }).click();
      // The server's feed worker may have polled it first: then this poll finds nothing new.
      await analyst.getByText(/^Polled: [02] new items\.$/).waitFor();
      const suggestions = analyst.locator('[data-testid=suggestions] > li');
      // The worker inside the server may be matching the items it polled: reload until listed.
      for (let i = 0; i < 40 && (await suggestions.count()) === 0; i++) {
        await analyst.waitForTimeout(500);
        await analyst.reload();
        await analyst
          .locator('[data-testid=suggestions], [data-testid=suggestions-empty]')
          .first()
          .waitFor();
      }
      await suggestions.first().waitFor();
      const cyber = suggestions.filter({ hasText: 'cyber Memorandum of Cooperation' }).first();
      expect(await cyber.innerText()).toMatch(/match \d+%/);
      expect(await cyber.innerText()).toContain('Establish a UK-Japan Cyber Partnership');
      await shoot(analyst, '27-inbox', true);
      await cyber.getByRole('button', { name: 'Accept as evidence' }).click();
      await analyst.getByText(/accepted: it is now evidence of the commitment/).waitFor();
      const others = await suggestions.count();
      if (others > 0) {
        await suggestions.first().getByRole('button', { name: 'Dismiss' }).click();
        await analyst.getByText(/” dismissed\./).waitFor();
      }
      await analyst.locator('#inbox-state').selectOption('accepted');
      await analyst
        .locator('[data-testid=suggestions] > li', { hasText: 'cyber Memorandum of Cooperation' })
        .waitFor();
      // The accepted item is evidence now, in the evidence list.
      await analyst.goto(`${server.url}/evidence?q=cyber`);
      await analyst
        .locator('[data-testid=evidence-list] li', { hasText: 'cyber Memorandum of Cooperation' })
        .waitFor();

      await analyst.goto(`${server.url}/inbox?a=${hiroshima}`);
      await analyst
        .locator('#match-text')
        .fill('The UK deposited its instrument of accession to the CPTPP on 17 May 2024.');
      await analyst.getByRole('button', { name: 'Find the commitments' }).click();
      const matches = analyst.locator('[data-testid=matches] li');
      await matches.first().waitFor();
      expect(await matches.first().innerText()).toMatch(/CPTPP/);
    } finally {
      await feeds.close();
    }
  });

  it('shows the new pages in Japanese', async () => {
    await admin.goto(`${server.url}/admin`);
    await admin.getByLabel('Language').selectOption('ja');
    const pages: [string, string, string][] = [
      ['/admin', '管理', '20-admin-ja'],
      ['/import', '合意文書の取り込み', '21-import-ja'],
      ['/review', '審査待ち一覧', '22-review-ja'],
      ['/evidence', '根拠資料', '23-evidence-ja'],
      [`/inbox?a=${hiroshima}&state=accepted`, '根拠資料の受信箱', '28-inbox-ja'],
      [`/a/${hiroshima}/timeline`, 'アコード・トラッカー', '24-timeline-ja'],
      [`/c/${state.commitmentId}`, '約束', '25-commitment-tools-ja'],
      [`/p/${state.slug}`, 'アコード・トラッカー', '26-portal-ja'],
    ];
    for (const [path, text, shot] of pages) {
      await admin.goto(server.url + path);
      await admin.getByText(text).first().waitFor();
      if (path.includes('timeline')) {
        await admin.getByRole('heading', { name: '期限のタイムライン' }).waitFor();
        await admin.locator('[data-testid=timeline] a').first().waitFor();
      }
      if (path.startsWith('/c/')) await admin.getByRole('heading', { name: '変更履歴' }).waitFor();
      if (path.startsWith('/p/')) await admin.locator('[data-figure=commitments]').waitFor();
      expect(await admin.locator('html').getAttribute('lang')).toBe('ja');
      await shoot(admin, shot, path.startsWith('/c/'));
    }
    await admin.getByLabel('言語').selectOption('en');
  });

  it('passes axe-core with no serious or critical violation on every new page, in both languages', async () => {
    const page = await newPage({ bypassCSP: true });
    const login = await page.context().request.post(`${server.url}/api/auth/login`, {
      data: { email: server.adminEmail, password: server.adminPassword },
    });
    expect(login.status()).toBe(200);
    const pages: [string, string][] = [
      ['/import', '[data-testid=import-form]'],
      ['/admin', '[data-testid=users]'],
      ['/review', '[data-testid=review-queue], [data-testid=review-empty]'],
      ['/evidence', '[data-testid=evidence-list]'],
      [`/inbox?a=${hiroshima}`, '[data-testid=feeds]'],
      [`/a/${state.slug}/timeline`, '[data-testid=timeline]'],
      [`/c/${state.commitmentId}`, '[data-testid=history]'],
      ['/p', '[data-testid=accords]'],
      [`/p/${state.slug}`, '[data-figure=commitments]'],
      [`/p/${state.slug}/register`, '[data-testid=register] tbody tr'],
      [`/p/${state.slug}/read`, '[data-testid=reader] mark'],
      [`/p/${hiroshima}/timeline`, '[data-testid=timeline] a'],
      [`/p/${state.slug}/c/${state.commitmentId}`, '.assessments li'],
    ];
    const found: string[] = [];
    for (const lang of ['en', 'ja']) {
      for (const [path, ready] of pages) {
        await page.goto(server.url + path);
        await page.evaluate((l) => localStorage.setItem('accord.lang', l), lang);
        await page.reload();
        await page.locator(ready).first().waitFor();
        for (const v of await seriousViolations(page)) found.push(`${lang} ${path}: ${v}`);
      }
      // The import preview, with its table of editable rows.
      await page.goto(`${server.url}/import`);
      await page.locator('#import-text').fill('We will launch a dialogue by the end of the year.');
      await page.locator('#import-signed').fill('2024-01-10');
      await page.locator('[data-testid=import-form] button[type=submit]').click();
      await page.locator('[data-testid=import-preview] tbody tr').first().waitFor();
      for (const v of await seriousViolations(page)) found.push(`${lang} import preview: ${v}`);
      // The commitment page with its forms open.
      await page.goto(`${server.url}/c/${state.commitmentId}`);
      await page.locator('[data-testid=tools] section button').first().click();
      await page.locator('[data-testid=edit-form]').waitFor();
      for (const v of await seriousViolations(page)) found.push(`${lang} edit form: ${v}`);
    }
    expect(found).toEqual([]);
  }, 240_000);
});
