import { sql, type Kysely } from 'kysely';
import { commitmentConditions, type CommitmentConditions } from './commitment-conditions.ts';
import type { Schema } from './schema.ts';

export type SearchFilters = Omit<CommitmentConditions, 'includeRejected'>;

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
    .where(sql<boolean>`c.search_vector @@ ${query}`);
  for (const condition of commitmentConditions(filters)) q = q.where(condition);
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
