import { sql, type Transaction } from 'kysely';
import { DomainError } from '../core/domain-error.ts';
import { findItemDate } from '../core/matching/item-date.ts';
import {
  buildMatchIndex,
  matchSourceOfStored,
  type MatchIndex,
} from '../core/matching/match-index.ts';
import { matchText, type Match } from '../core/matching/match-text.ts';
import type { BlockHint } from '../core/text/source-text.ts';
import {
  dismissedCommitments,
  findFeedSource,
  findSuggestion,
  itemKeys,
  listSuggestions as listSuggestionRows,
  markMatched,
  unmatchedItems,
  type SuggestionListRow,
} from '../store/feed.repository.ts';
import type { MentionRow, Schema } from '../store/schema.ts';
import type { Actor } from './actor.ts';
import { requireRole } from './authorize.ts';
import { recordEvidence } from './record-evidence.ts';
import { change, type Deps } from './tx.ts';

/** How many commitments one item may be suggested for, and the least score worth an analyst's look. */
export const suggestionPolicy = { perItem: 3, minScore: 0.2 };

interface CachedIndex {
  fingerprint: string;
  index: MatchIndex;
  /** Matching id (the commitment's row id) → its eid, for presenting matches. */
  eids: Map<string, string>;
}

// Building an index parses the agreement again: keep one per agreement while its register is
// unchanged (the fingerprint covers the current version and every commitment's row version).
const indexes = new Map<string, CachedIndex>();

/**
 * The matching index of an agreement's current register (active commitments), cached until the
 * register changes.
 */
export async function agreementMatchIndex(deps: Deps, agreementId: string): Promise<CachedIndex> {
  const agreement = await deps.db
    .selectFrom('agreements')
    .select(['id', 'signed', 'current_version_id'])
    .where('id', '=', agreementId)
    .executeTakeFirst();
  if (!agreement) throw new DomainError('agreement_not_found', `no agreement ${agreementId}`);
  const state = await deps.db
    .selectFrom('commitments')
    .select([
      sql<number>`count(*)::int`.as('n'),
      sql<string>`coalesce(sum(row_version), 0)::text`.as('versions'),
      sql<string>`coalesce(max(id), 0)::text`.as('last'),
    ])
    .where('agreement_id', '=', agreementId)
    .where('state', '=', 'active')
    .executeTakeFirstOrThrow();
  const fingerprint = `${agreement.current_version_id}:${agreement.signed}:${state.n}:${state.versions}:${state.last}`;
  const cached = indexes.get(agreementId);
  if (cached?.fingerprint === fingerprint) return cached;
  const version = agreement.current_version_id
    ? await deps.db
        .selectFrom('agreement_versions')
        .select(['text', 'hints'])
        .where('id', '=', agreement.current_version_id)
        .executeTakeFirst()
    : undefined;
  const rows = await deps.db
    .selectFrom('commitments')
    .select([
      'id',
      'eid',
      'sentence_eid',
      'text',
      'span_start',
      'span_end',
      'deadline_date',
      'deadline_phrase',
      'actors',
      'instruments',
      'topics',
    ])
    .where('agreement_id', '=', agreementId)
    .where('state', '=', 'active')
    .orderBy('position')
    .orderBy('id')
    .execute();
  const values = (list: MentionRow[]) => list.map((m) => m.value);
  const source = matchSourceOfStored(
    version?.text ?? '',
    Array.isArray(version?.hints) ? (version.hints as BlockHint[]) : [],
    agreement.signed,
    rows.map((r) => ({
      id: r.id,
      sentenceId: r.sentence_eid,
      text: r.text,
      span: { start: r.span_start, end: r.span_end },
      deadline: r.deadline_phrase ? { date: r.deadline_date, phrase: r.deadline_phrase } : null,
      actors: values(r.actors),
      instruments: values(r.instruments),
      topics: r.topics,
    })),
  );
  const entry = {
    fingerprint,
    index: buildMatchIndex(source),
    eids: new Map(rows.map((r) => [r.id, r.eid])),
  };
  indexes.set(agreementId, entry);
  return entry;
}

/**
 * Matches the items a source delivered and that were not matched yet against its agreement's
 * commitments, and stores the best as open suggestions (never one dismissed before for the same
 * item). Returns the number of suggestions created.
 */
export async function suggestForSource(
  deps: Deps,
  sourceId: string,
  options: { batch?: number } = {},
): Promise<{ items: number; suggestions: number }> {
  const source = await findFeedSource(deps.db, sourceId);
  if (!source) return { items: 0, suggestions: 0 };
  const { index } = await agreementMatchIndex(deps, source.agreement_id);
  let items = 0;
  let created = 0;
  for (;;) {
    const batch = await unmatchedItems(deps.db, sourceId, options.batch ?? 100);
    if (batch.length === 0) break;
    await deps.db.transaction().execute(async (tx) => {
      for (const item of batch) {
        const exclude = await dismissedCommitments(tx, itemKeys(item));
        const matches = matchText(index, `${item.title}\n\n${item.summary}`, {
          published: item.published,
          limit: suggestionPolicy.perItem,
          minScore: suggestionPolicy.minScore,
          exclude,
        });
        if (matches.length === 0) continue;
        const inserted = await tx
          .insertInto('suggestions')
          .values(
            matches.map((m) => ({
              agreement_id: source.agreement_id,
              item_id: item.id,
              commitment_id: m.commitment.id,
              score: m.score,
              reason: m.reason,
            })),
          )
          .onConflict((oc) => oc.doNothing())
          .returning('id')
          .execute();
        created += inserted.length;
      }
      await markMatched(
        tx,
        sourceId,
        batch.map((i) => i.id),
      );
    });
    items += batch.length;
  }
  return { items, suggestions: created };
}

export interface SuggestionView {
  id: string;
  state: 'open' | 'accepted' | 'dismissed';
  score: number;
  reason: string;
  createdAt: string;
  decidedAt: string | null;
  evidenceId: string | null;
  version: number;
  commitment: { id: string; eid: string; section: string; text: string };
  item: {
    id: string;
    title: string;
    url: string | null;
    published: string | null;
    summary: string;
    language: string;
  };
}

/** A suggestion as the API and the inbox present it. */
export function presentSuggestion(r: SuggestionListRow): SuggestionView {
  return {
    id: r.id,
    state: r.state,
    score: r.score,
    reason: r.reason,
    createdAt: new Date(r.created_at).toISOString(),
    decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
    evidenceId: r.evidence_id,
    version: r.row_version,
    commitment: {
      id: r.commitment_id,
      eid: r.commitment_eid,
      section: r.commitment_section,
      text: r.commitment_text,
    },
    item: {
      id: r.item_id,
      title: r.item_title,
      url: r.item_url,
      published: r.item_published,
      summary: r.item_summary.slice(0, 1000),
      language: r.item_language,
    },
  };
}

/** An agreement's suggestions in one state (default: open), best first, a page at a time. */
export async function listSuggestions(
  deps: Deps,
  actor: Actor | null,
  agreementId: string,
  options: {
    state?: 'open' | 'accepted' | 'dismissed';
    after?: { score: number; id: string } | null;
    limit?: number;
  } = {},
): Promise<SuggestionView[]> {
  requireRole(actor, 'analyst');
  const rows = await listSuggestionRows(deps.db, agreementId, options.state ?? 'open', {
    after: options.after ?? null,
    limit: Math.min(Math.max(options.limit ?? 50, 1), 200),
  });
  return rows.map(presentSuggestion);
}

/** One suggestion, or a not_found DomainError. */
export async function getSuggestion(deps: Deps, actor: Actor | null, id: string) {
  requireRole(actor, 'analyst');
  const row = await findSuggestion(deps.db, id);
  if (!row) throw new DomainError('not_found', `no suggestion ${id}`);
  return presentSuggestion(row);
}

/**
 * Accepts a suggestion: its item becomes evidence linked to the commitment (recorded, with its
 * event, by recordEvidence) and the suggestion is closed. The suggestion is claimed first, so
 * two analysts accepting at once record the evidence once.
 */
export async function acceptSuggestion(
  deps: Deps,
  actor: Actor,
  id: string,
  rowVersion?: number,
): Promise<SuggestionView> {
  requireRole(actor, 'analyst');
  const claimed = await deps.db
    .updateTable('suggestions')
    .set({ state: 'accepted', decided_by: actor.id, decided_at: new Date() })
    .where('id', '=', id)
    .where('state', '=', 'open')
    .$if(rowVersion !== undefined, (q) => q.where('row_version', '=', rowVersion!))
    .returning(['id'])
    .executeTakeFirst();
  if (!claimed) throw await notOpen(deps.db, id, rowVersion);
  try {
    const row = (await findSuggestion(deps.db, id))!;
    const evidence = await recordEvidence(deps, actor, {
      title: row.item_title || row.item_url || 'Untitled item',
      url: row.item_url,
      published: row.item_published ?? new Date().toISOString().slice(0, 10),
      excerpt: row.item_summary.slice(0, 4000),
      language: row.item_language,
      kind: 'other',
      commitmentIds: [row.commitment_id],
    });
    await deps.db
      .updateTable('suggestions')
      .set({ evidence_id: evidence.id, row_version: sql<number>`row_version + 1` })
      .where('id', '=', id)
      .execute();
  } catch (error) {
    await deps.db
      .updateTable('suggestions')
      .set({ state: 'open', decided_by: null, decided_at: null })
      .where('id', '=', id)
      .execute();
    throw error;
  }
  return presentSuggestion((await findSuggestion(deps.db, id))!);
}

/**
 * Dismisses a suggestion: closed, and the item (by its address and guid) is never suggested for
 * that commitment again, even when a feed publishes it anew.
 */
export async function dismissSuggestion(
  deps: Deps,
  actor: Actor,
  id: string,
  rowVersion?: number,
): Promise<SuggestionView> {
  requireRole(actor, 'analyst');
  await change(deps, actor, async (tx) => {
    const updated = await tx
      .updateTable('suggestions')
      .set({
        state: 'dismissed',
        decided_by: actor.id,
        decided_at: new Date(),
        row_version: sql<number>`row_version + 1`,
      })
      .where('id', '=', id)
      .where('state', '=', 'open')
      .$if(rowVersion !== undefined, (q) => q.where('row_version', '=', rowVersion!))
      .returning(['agreement_id', 'commitment_id', 'item_id'])
      .executeTakeFirst();
    if (!updated) throw await notOpen(tx, id, rowVersion);
    const item = await tx
      .selectFrom('feed_items')
      .select(['url_key', 'guid_key', 'url', 'title'])
      .where('id', '=', updated.item_id)
      .executeTakeFirstOrThrow();
    const keys = itemKeys(item);
    if (keys.length > 0)
      await tx
        .insertInto('suggestion_dismissals')
        .values(
          keys.map((item_key) => ({
            commitment_id: updated.commitment_id,
            item_key,
            dismissed_by: actor.id,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
    return {
      result: undefined,
      event: {
        type: 'suggestion.dismissed',
        agreementId: updated.agreement_id,
        subject: `suggestion:${id}`,
        payload: { commitment: updated.commitment_id, item: item.url ?? item.title },
      },
    };
  });
  return presentSuggestion((await findSuggestion(deps.db, id))!);
}

// `db` is the transaction when called inside one (PGlite has one connection: no second query).
async function notOpen(
  db: Deps['db'] | Transaction<Schema>,
  id: string,
  rowVersion?: number,
): Promise<DomainError> {
  const row = await findSuggestion(db, id);
  if (!row) return new DomainError('not_found', `no suggestion ${id}`);
  if (row.state !== 'open')
    return new DomainError('conflict', `suggestion ${id} is already ${row.state}`);
  if (rowVersion !== undefined && rowVersion !== row.row_version)
    return new DomainError(
      'precondition_failed',
      `suggestion ${id} was changed by someone else: reload it`,
    );
  return new DomainError('conflict', `suggestion ${id} cannot be decided now`);
}

export interface RankedCommitment {
  commitment: { id: string; eid: string; text: string; span: { start: number; end: number } };
  score: number;
  reason: string;
}

/**
 * Which commitments of an agreement a pasted text advances, ranked (at most `limit`, default 10):
 * the same matching as feed items, nothing stored.
 */
export async function matchPastedText(
  deps: Deps,
  agreementId: string,
  input: { text: string; published?: string | null | undefined; limit?: number },
): Promise<RankedCommitment[]> {
  const { index, eids } = await agreementMatchIndex(deps, agreementId);
  const matches: Match[] = matchText(index, input.text, {
    published: input.published ?? findItemDate(input.text),
    limit: input.limit ?? 10,
  });
  return matches.map((m) => ({
    commitment: {
      id: m.commitment.id,
      eid: eids.get(m.commitment.id) ?? m.commitment.id,
      text: m.commitment.text,
      span: m.commitment.span,
    },
    score: m.score,
    reason: m.reason,
  }));
}
