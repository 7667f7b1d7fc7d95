import type { Transaction } from 'kysely';
import { analyseSpan, type SpanAttributes } from '../core/commitment/analyse-span.ts';
import { DomainError } from '../core/domain-error.ts';
import { searchText } from '../core/text/search-text.ts';
import { findCommitment, nextPosition, updateCommitment } from '../store/commitment.repository.ts';
import type { CommitmentRow, MentionRow, Schema } from '../store/schema.ts';
import { requireRole } from './authorize.ts';
import type { Actor } from './actor.ts';
import { change, found, staleVersion, type Deps } from './tx.ts';

export interface CommitmentPatch {
  section?: string | undefined;
  deadline?:
    | { date: string | null; precision: 'day' | 'month' | 'year' | null; phrase: string }
    | null
    | undefined;
  actors?: string[] | undefined;
  instruments?: string[] | undefined;
  targets?: string[] | undefined;
  topics?: string[] | undefined;
  strength?: CommitmentRow['strength'] | undefined;
  kind?: CommitmentRow['kind'] | undefined;
}

const asMentions = (values: string[], old: MentionRow[]): string =>
  JSON.stringify(
    values.map((value) => old.find((m) => m.value === value) ?? { value, start: -1, end: -1 }),
  );

/**
 * Corrects a commitment's attributes. The change is an event with the values before and after;
 * a stale `expectedVersion` is refused so that two editors never overwrite each other.
 */
export async function editCommitment(
  deps: Deps,
  actor: Actor,
  id: string,
  expectedVersion: number,
  patch: CommitmentPatch,
): Promise<CommitmentRow> {
  requireRole(actor, 'analyst');
  return change(deps, actor, async (tx) => {
    const current = found(
      await findCommitment(tx, id),
      'commitment_not_found',
      `no commitment ${id}`,
    );
    const fields: Record<string, unknown> = {};
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const record = (key: string, old: unknown, value: unknown) => {
      before[key] = old;
      after[key] = value;
    };
    if (patch.section !== undefined) {
      fields.section = patch.section;
      record('section', current.section, patch.section);
    }
    if (patch.deadline !== undefined) {
      fields.deadline_date = patch.deadline?.date ?? null;
      fields.deadline_precision = patch.deadline?.precision ?? null;
      fields.deadline_phrase = patch.deadline?.phrase ?? null;
      record(
        'deadline',
        current.deadline_phrase === null
          ? null
          : {
              date: current.deadline_date,
              precision: current.deadline_precision,
              phrase: current.deadline_phrase,
            },
        patch.deadline,
      );
    }
    for (const key of ['actors', 'instruments', 'targets'] as const) {
      const values = patch[key];
      if (values === undefined) continue;
      fields[key] = asMentions(values, current[key]);
      record(
        key,
        current[key].map((m) => m.value),
        values,
      );
    }
    if (patch.topics !== undefined) {
      fields.topics = patch.topics;
      record('topics', current.topics, patch.topics);
    }
    if (patch.strength !== undefined) {
      fields.strength = patch.strength;
      record('strength', current.strength, patch.strength);
    }
    if (patch.kind !== undefined) {
      fields.kind = patch.kind;
      record('kind', current.kind, patch.kind);
    }
    const updated = await updateCommitment(tx, id, expectedVersion, fields);
    if (!updated) throw staleVersion('commitment', id);
    return {
      result: updated,
      event: {
        type: 'commitment.edited',
        agreementId: current.agreement_id,
        subject: `commitment:${id}`,
        payload: { before, after },
      },
    };
  });
}

/** Rejects a commitment the extractor found by mistake; it stays in history, out of the register. */
export async function rejectCommitment(
  deps: Deps,
  actor: Actor,
  id: string,
  expectedVersion: number,
  reason: string,
): Promise<CommitmentRow> {
  requireRole(actor, 'analyst');
  return change(deps, actor, async (tx) => {
    const current = await activeCommitment(tx, id);
    const updated = await updateCommitment(tx, id, expectedVersion, { state: 'rejected' });
    if (!updated) throw staleVersion('commitment', id);
    return {
      result: updated,
      event: {
        type: 'commitment.rejected',
        agreementId: current.agreement_id,
        subject: `commitment:${id}`,
        payload: { reason },
      },
    };
  });
}

/** Adds a commitment the extractor missed: a span of the current text, its attributes read from it. */
export async function addCommitment(
  deps: Deps,
  actor: Actor,
  agreementId: string,
  input: { start: number; end: number; section?: string | undefined },
): Promise<CommitmentRow> {
  requireRole(actor, 'analyst');
  return change(deps, actor, async (tx) => {
    const row = await insertSpan(
      tx,
      agreementId,
      input.start,
      input.end,
      input.section ?? null,
      'added',
    );
    return {
      result: row,
      event: {
        type: 'commitment.added',
        agreementId,
        subject: `commitment:${row.id}`,
        payload: { start: input.start, end: input.end, text: row.text },
      },
    };
  });
}

/** Splits a commitment at offsets inside its span into commitments that cover it. */
export async function splitCommitment(
  deps: Deps,
  actor: Actor,
  id: string,
  expectedVersion: number,
  at: number[],
): Promise<CommitmentRow[]> {
  requireRole(actor, 'analyst');
  return change(deps, actor, async (tx) => {
    const current = await activeCommitment(tx, id);
    const cuts = [...new Set(at)].sort((a, b) => a - b);
    if (cuts.length === 0 || cuts.some((c) => c <= current.span_start || c >= current.span_end)) {
      throw new DomainError(
        'invalid_split',
        `split points must lie strictly inside ${current.span_start}..${current.span_end}`,
      );
    }
    const bounds = [current.span_start, ...cuts, current.span_end];
    const pieces: CommitmentRow[] = [];
    for (let i = 0; i + 1 < bounds.length; i++) {
      pieces.push(
        await insertSpan(
          tx,
          current.agreement_id,
          bounds[i]!,
          bounds[i + 1]!,
          current.section,
          `${current.eid}__part_${i + 1}`,
        ),
      );
    }
    if (!(await updateCommitment(tx, id, expectedVersion, { state: 'split' })))
      throw staleVersion('commitment', id);
    return {
      result: pieces,
      event: {
        type: 'commitment.split',
        agreementId: current.agreement_id,
        subject: `commitment:${id}`,
        payload: { into: pieces.map((p) => p.id), at: cuts },
      },
    };
  });
}

/** Merges commitments of one agreement into one spanning from the first start to the last end. */
export async function mergeCommitments(
  deps: Deps,
  actor: Actor,
  ids: string[],
): Promise<CommitmentRow> {
  requireRole(actor, 'analyst');
  if (new Set(ids).size < 2)
    throw new DomainError('invalid_merge', 'give at least two different commitments to merge');
  return change(deps, actor, async (tx) => {
    const rows = await Promise.all(
      ids.map(async (id) =>
        found(await findCommitment(tx, id), 'commitment_not_found', `no commitment ${id}`),
      ),
    );
    const first = rows[0]!;
    if (rows.some((r) => r.version_id !== first.version_id))
      throw new DomainError(
        'invalid_merge',
        'commitments of different agreements or versions cannot be merged',
      );
    if (rows.some((r) => r.state !== 'active'))
      throw new DomainError('invalid_transition', 'only active commitments can be merged');
    const start = Math.min(...rows.map((r) => r.span_start));
    const end = Math.max(...rows.map((r) => r.span_end));
    const merged = await insertSpan(
      tx,
      first.agreement_id,
      start,
      end,
      first.section,
      `${rows.map((r) => r.eid).join('+')}`.slice(0, 200),
    );
    for (const r of rows) await updateCommitment(tx, r.id, r.row_version, { state: 'merged' });
    return {
      result: merged,
      event: {
        type: 'commitment.merged',
        agreementId: first.agreement_id,
        subject: `commitment:${merged.id}`,
        payload: { from: ids },
      },
    };
  });
}

/** The commitment, which must exist and be active (not rejected, split or merged). */
async function activeCommitment(tx: Transaction<Schema>, id: string): Promise<CommitmentRow> {
  const current = found(
    await findCommitment(tx, id),
    'commitment_not_found',
    `no commitment ${id}`,
  );
  if (current.state !== 'active') {
    throw new DomainError('invalid_transition', `commitment ${id} is ${current.state}, not active`);
  }
  return current;
}

async function insertSpan(
  tx: Transaction<Schema>,
  agreementId: string,
  start: number,
  end: number,
  section: string | null,
  eid: string,
): Promise<CommitmentRow> {
  const agreement = found(
    await tx
      .selectFrom('agreements')
      .select(['id', 'signed', 'language', 'current_version_id'])
      .where('id', '=', agreementId)
      .executeTakeFirst(),
    'agreement_not_found',
    `no agreement ${agreementId}`,
  );
  const version = found(
    await tx
      .selectFrom('agreement_versions')
      .select(['id', 'text'])
      .where('id', '=', agreement.current_version_id ?? '0')
      .executeTakeFirst(),
    'agreement_not_found',
    `agreement ${agreementId} has no text`,
  );
  if (
    !Number.isInteger(start) ||
    !Number.isInteger(end) ||
    start < 0 ||
    end > version.text.length ||
    start >= end
  ) {
    throw new DomainError(
      'invalid_span',
      `the span must lie inside the text (0..${version.text.length}) with start < end`,
    );
  }
  const parties = (
    await tx
      .selectFrom('agreement_parties')
      .select('code')
      .where('agreement_id', '=', agreementId)
      .orderBy('position')
      .execute()
  ).map((p) => p.code);
  const attrs: SpanAttributes = analyseSpan(version.text, start, end, {
    signed: agreement.signed,
    parties,
  });
  const text = version.text.slice(start, end);
  const mention = (list: SpanAttributes['actors']) =>
    JSON.stringify(list.map((m) => ({ value: m.value, start: m.span.start, end: m.span.end })));
  const eidBase = eid === 'added' ? `analyst_${start}_${end}` : eid;
  return tx
    .insertInto('commitments')
    .values({
      agreement_id: agreementId,
      version_id: version.id,
      eid: `${eidBase}_${Date.now().toString(36)}`,
      section: section ?? 'preamble',
      sentence_eid: null,
      span_start: start,
      span_end: end,
      text,
      deadline_date: attrs.deadline?.date ?? null,
      deadline_precision: attrs.deadline?.precision ?? null,
      deadline_phrase: attrs.deadline?.phrase ?? null,
      actors: mention(attrs.actors),
      instruments: mention(attrs.instruments),
      targets: mention(attrs.targets),
      topics: attrs.topics,
      strength: attrs.strength,
      kind: attrs.kind,
      origin: 'analyst',
      position: await nextPosition(tx, agreementId),
      search_text: searchText(text, agreement.language),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
