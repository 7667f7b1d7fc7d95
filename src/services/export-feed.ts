import { sql } from 'kysely';
import { create } from 'xmlbuilder2';
import type { Deps } from './tx.ts';
import { visibleAgreement, type Reader } from './export-register.ts';

/** The events a feed publishes: approvals (never drafts or submissions) and new evidence. */
export const publishedTypes = [
  'assessment.approved',
  'evidence.recorded',
  'evidence.linked',
] as const;

/** One published change, ready for a feed. */
export interface PublishedChange {
  id: string;
  at: Date;
  type: (typeof publishedTypes)[number];
  agreementId: string | null;
  agreementTitle: string | null;
  agreementSlug: string | null;
  subject: string;
  title: string;
  summary: string;
  /** Path of the resource in the API (`/api/assessments/7`). */
  path: string;
}

/**
 * The latest published changes, newest first: of one agreement (private ones for members only),
 * or of every public agreement (and evidence not yet linked to any). Only approved assessments
 * and evidence reach a feed: drafts, submissions and returns never do.
 */
export async function publishedChanges(
  deps: Deps,
  options: { agreement?: string | undefined; reader: Reader; limit?: number },
): Promise<{
  agreement: { id: string; slug: string; title: string } | null;
  changes: PublishedChange[];
}> {
  const limit = options.limit ?? 50;
  const agreement = options.agreement
    ? await visibleAgreement(deps, options.agreement, options.reader)
    : null;
  let q = deps.db
    .selectFrom('events as e')
    .leftJoin('agreements as a', 'a.id', 'e.agreement_id')
    .select([
      'e.id',
      'e.at',
      'e.type',
      'e.agreement_id',
      'e.subject',
      'e.payload',
      'a.title',
      'a.slug',
    ])
    .where('e.type', 'in', [...publishedTypes])
    .orderBy('e.id', 'desc')
    .limit(limit);
  if (agreement) q = q.where('e.agreement_id', '=', agreement.id);
  else q = q.where(sql<boolean>`(a.id IS NULL OR a.private = false)`);
  const rows = await q.execute();
  const commitmentIds = new Set<string>();
  for (const r of rows) {
    const p = r.payload as { commitment?: string; commitments?: string[] };
    if (p.commitment) commitmentIds.add(String(p.commitment));
    for (const c of p.commitments ?? []) commitmentIds.add(String(c));
  }
  const texts = new Map(
    (commitmentIds.size === 0
      ? []
      : await deps.db
          .selectFrom('commitments')
          .select(['id', 'text'])
          .where('id', 'in', [...commitmentIds])
          .execute()
    ).map((c) => [c.id, c.text]),
  );
  const quote = (id: string | undefined) => {
    const t = id ? texts.get(String(id)) : undefined;
    return t ? `“${t.length > 200 ? `${t.slice(0, 197)}…` : t}”` : `commitment ${id ?? '?'}`;
  };
  const changes = rows.map((r): PublishedChange => {
    const p = r.payload as Record<string, string | number | null | undefined | string[]>;
    const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
    const base = {
      id: r.id,
      at: r.at,
      type: r.type as PublishedChange['type'],
      agreementId: r.agreement_id,
      agreementTitle: r.title ?? null,
      agreementSlug: r.slug ?? null,
      subject: r.subject,
    };
    const [, subjectId] = r.subject.split(':');
    if (r.type === 'assessment.approved') {
      const score =
        p.score === null || p.score === undefined
          ? 'no score'
          : `score ${Number(p.score) > 0 ? '+' : ''}${str(p.score)}`;
      return {
        ...base,
        title: `${str(p.party)}: ${str(p.status).replaceAll('_', ' ')} (${score})`,
        summary: `${quote(p.commitment as string)}${p.rationale ? `\n\n${str(p.rationale)}` : ''}`,
        path: `/api/assessments/${subjectId}`,
      };
    }
    if (r.type === 'evidence.linked')
      return {
        ...base,
        title: `Evidence ${subjectId} linked to a commitment`,
        summary: quote(p.commitment as string),
        path: `/api/evidence/${subjectId}`,
      };
    const linked = (p.commitments as string[] | undefined) ?? [];
    return {
      ...base,
      title: `Evidence: ${str(p.title)}`,
      summary: [
        `Published ${str(p.published)}${p.url ? `: ${str(p.url)}` : ''}`,
        ...linked.slice(0, 5).map(quote),
      ].join('\n\n'),
      path: `/api/evidence/${subjectId}`,
    };
  });
  return {
    agreement: agreement && { id: agreement.id, slug: agreement.slug, title: agreement.title },
    changes,
  };
}

/**
 * Writes published changes as an Atom 1.0 feed (RFC 4287); `baseUrl` makes the links absolute.
 *
 * @example atomFeed({ agreement: null, changes: [] }, 'https://tracker.example')
 */
export function atomFeed(
  feed: Awaited<ReturnType<typeof publishedChanges>>,
  baseUrl: string,
  now = new Date(),
): string {
  const base = baseUrl.replace(/\/+$/, '');
  const self = feed.agreement
    ? `${base}/api/accords/${feed.agreement.id}/feed.atom`
    : `${base}/api/feed.atom`;
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(
    'http://www.w3.org/2005/Atom',
    'feed',
  );
  root.ele('id').txt(self);
  root
    .ele('title')
    .txt(
      feed.agreement
        ? `${feed.agreement.title}: published changes`
        : 'Accord Tracker: published changes',
    );
  root.ele('updated').txt((feed.changes[0]?.at ?? now).toISOString());
  root.ele('link', { rel: 'self', type: 'application/atom+xml', href: self });
  root.ele('link', {
    rel: 'alternate',
    href: feed.agreement ? `${base}/api/accords/${feed.agreement.id}` : `${base}/`,
  });
  root.ele('author').ele('name').txt('Accord Tracker');
  root.ele('generator').txt('Accord Tracker');
  for (const c of feed.changes) {
    const entry = root.ele('entry');
    entry.ele('id').txt(`urn:accord-tracker:event:${c.id}`);
    entry
      .ele('title')
      .txt(c.agreementTitle && !feed.agreement ? `${c.title} — ${c.agreementTitle}` : c.title);
    entry.ele('updated').txt(c.at.toISOString());
    entry.ele('published').txt(c.at.toISOString());
    entry.ele('link', { rel: 'alternate', href: `${base}${c.path}` });
    entry.ele('category', { term: c.type });
    entry.ele('summary', { type: 'text' }).txt(c.summary);
  }
  return root.end({ prettyPrint: true });
}
