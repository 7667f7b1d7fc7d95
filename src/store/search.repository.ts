import { sql, type Kysely } from 'kysely';
import type { Schema } from './schema.ts';

export interface SearchFilters {
  agreementId?: string | undefined;
  section?: string | undefined;
  party?: string | undefined;
  status?: string | undefined;
  score?: number | undefined;
  topic?: string | undefined;
  actor?: string | undefined;
  instrument?: string | undefined;
  deadlineFrom?: string | undefined;
  deadlineTo?: string | undefined;
  overdueOn?: string | undefined;
  includePrivate: boolean;
}

export interface CommitmentHit {
  id: string;
  agreement_id: string;
  section: string;
  text: string;
  deadline_date: string | null;
  topics: string[];
  rank: number;
  snippet: string;
}

/**
 * Ranked full-text search over commitments (PostgreSQL text search, English stemming; Japanese
 * through the words stored by Intl.Segmenter), with facet filters, and facet counts.
 */
export async function searchCommitments(
  db: Kysely<Schema>,
  terms: string,
  filters: SearchFilters,
  limit: number,
  offset: number,
) {
  const query = sql`websearch_to_tsquery('english', ${terms})`;
  let q = db
    .selectFrom('commitments as c')
    .innerJoin('agreements as a', 'a.id', 'c.agreement_id')
    .where('c.state', '=', 'active')
    .where(sql<boolean>`c.search_vector @@ ${query}`);
  if (!filters.includePrivate) q = q.where('a.private', '=', false);
  if (filters.agreementId) q = q.where('c.agreement_id', '=', filters.agreementId);
  if (filters.section) q = q.where('c.section', '=', filters.section);
  if (filters.topic) q = q.where(sql<boolean>`${filters.topic} = ANY(c.topics)`);
  if (filters.actor)
    q = q.where(sql<boolean>`c.actors @> ${JSON.stringify([{ value: filters.actor }])}::jsonb`);
  if (filters.instrument)
    q = q.where(
      sql<boolean>`c.instruments @> ${JSON.stringify([{ value: filters.instrument }])}::jsonb`,
    );
  if (filters.deadlineFrom) q = q.where('c.deadline_date', '>=', filters.deadlineFrom);
  if (filters.deadlineTo) q = q.where('c.deadline_date', '<=', filters.deadlineTo);
  if (filters.party)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('agreement_parties as p')
          .select('p.code')
          .whereRef('p.agreement_id', '=', 'c.agreement_id')
          .where('p.code', '=', filters.party!),
      ),
    );
  if (filters.status || filters.score !== undefined) {
    q = q.where((eb) => {
      let s = eb
        .selectFrom('assessments as s')
        .select('s.id')
        .whereRef('s.commitment_id', '=', 'c.id')
        .where('s.state', '=', 'approved');
      if (filters.status) s = s.where('s.status', '=', filters.status);
      if (filters.score !== undefined) s = s.where('s.score', '=', filters.score);
      if (filters.party) s = s.where('s.party', '=', filters.party);
      return eb.exists(s);
    });
  }
  if (filters.overdueOn) {
    q = q
      .where('c.deadline_date', '<', filters.overdueOn)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('assessments as s')
              .select('s.id')
              .whereRef('s.commitment_id', '=', 'c.id')
              .where('s.state', '=', 'approved')
              .where('s.status', '=', 'achieved'),
          ),
        ),
      );
  }
  const [hits, total, bySection, byTopic, byAgreement] = await Promise.all([
    q
      .select([
        'c.id',
        'c.agreement_id',
        'c.section',
        'c.text',
        'c.deadline_date',
        'c.topics',
        sql<number>`ts_rank_cd(c.search_vector, ${query})`.as('rank'),
        sql<string>`ts_headline('english', c.text, ${query}, 'StartSel=[[, StopSel=]], MaxFragments=2, MaxWords=30, MinWords=10')`.as(
          'snippet',
        ),
      ])
      .orderBy('rank', 'desc')
      .orderBy('c.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirst(),
    q
      .select(['c.section as value', sql<number>`count(*)::int`.as('count')])
      .groupBy('c.section')
      .orderBy('count', 'desc')
      .limit(50)
      .execute(),
    q
      .select([sql<string>`unnest(c.topics)`.as('value'), sql<number>`count(*)::int`.as('count')])
      .groupBy('value')
      .orderBy('count', 'desc')
      .execute(),
    q
      .select(['c.agreement_id as value', sql<number>`count(*)::int`.as('count')])
      .groupBy('c.agreement_id')
      .orderBy('count', 'desc')
      .limit(50)
      .execute(),
  ]);
  return {
    hits: hits as CommitmentHit[],
    total: total?.n ?? 0,
    facets: { section: bySection, topic: byTopic, agreement: byAgreement },
  };
}

/** Ranked full-text search over evidence. */
export async function searchEvidence(db: Kysely<Schema>, terms: string, limit: number) {
  const query = sql`websearch_to_tsquery('english', ${terms})`;
  return db
    .selectFrom('evidence')
    .select([
      'id',
      'title',
      'url',
      'published',
      'publisher',
      sql<number>`ts_rank_cd(search_vector, ${query})`.as('rank'),
    ])
    .where(sql<boolean>`search_vector @@ ${query}`)
    .orderBy('rank', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}
