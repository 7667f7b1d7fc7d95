import { existsSync } from 'node:fs';
import { reportHtml } from '../core/export/report-html.ts';
import type { RegisterRow } from '../core/export/register-table.ts';
import { listSections } from '../store/agreement.repository.ts';
import { exportRegister, type Reader } from './export-register.ts';
import { agreementRollups } from './rollups.ts';
import type { Deps } from './tx.ts';

/** Where Debian's Chromium is; PDF reports need it. */
export const chromiumPath = '/usr/bin/chromium';

/**
 * The printable progress report of an agreement as of a cycle (the latest unless given): HTML
 * with print CSS, from approved assessments only (whoever asks), with the pure roll-ups.
 */
export async function exportReport(
  deps: Deps,
  idOrSlug: string,
  reader: Reader,
  options: { cycleId?: string | undefined; today?: string } = {},
): Promise<{ html: string; slug: string }> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  // Visibility is the reader's; the content is the published (approved) state for everyone.
  const register = await exportRegister(deps, idOrSlug, reader, { cycleId: options.cycleId });
  const publicRegister = reader.member
    ? await exportRegister(
        deps,
        register.agreementId,
        { member: false },
        { cycleId: options.cycleId },
      )
    : register;
  const rows: RegisterRow[] = [];
  for await (const row of publicRegister.rows) rows.push(row);
  const agreement = await deps.db
    .selectFrom('agreements')
    .selectAll()
    .where('id', '=', register.agreementId)
    .executeTakeFirstOrThrow();
  const parties = await deps.db
    .selectFrom('agreement_parties')
    .select(['code', 'name'])
    .where('agreement_id', '=', agreement.id)
    .orderBy('position')
    .execute();
  const [rollup, sections] = await Promise.all([
    agreementRollups(deps, agreement.id, { cycleId: register.cycle?.id, today }),
    agreement.current_version_id ? listSections(deps.db, agreement.current_version_id) : [],
  ]);
  const evidenceIds = new Set<string>();
  for (const row of rows) {
    row.evidence.forEach((e) => evidenceIds.add(e));
    for (const a of Object.values(row.parties)) a?.evidence.forEach((e) => evidenceIds.add(e));
  }
  const evidence =
    evidenceIds.size === 0
      ? []
      : await deps.db
          .selectFrom('evidence')
          .select(['id', 'title', 'url', 'published', 'publisher'])
          .where('id', 'in', [...evidenceIds])
          .execute();
  const html = reportHtml({
    agreement: {
      title: agreement.title,
      signed: agreement.signed,
      place: agreement.place,
      sourceUrl: agreement.source_url,
    },
    parties,
    cycle: register.cycle && { name: register.cycle.name, cutoff: register.cycle.cutoff },
    today,
    rollup,
    sections: sections.map((s) => ({
      key: s.number ?? s.eid,
      title: [s.number, s.heading].filter(Boolean).join('. ') || s.eid,
    })),
    rows,
    evidence: new Map(evidence.map((e) => [e.id, e])),
  });
  return { html, slug: agreement.slug };
}

/** Whether PDF reports can be made here (Debian's Chromium is installed). */
export function canPrintPdf(): boolean {
  return existsSync(chromiumPath);
}

/**
 * Prints report HTML to PDF (A4) with Chromium through playwright-core; the page may not fetch
 * anything (the report is self-contained).
 */
export async function printPdf(html: string): Promise<Buffer> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
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
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
