import { DomainError } from '../core/domain-error.ts';
import { searchText } from '../core/text/search-text.ts';
import type { EvidenceRow } from '../store/schema.ts';
import { requireRole } from './authorize.ts';
import type { Actor } from './actor.ts';
import { change, type Deps } from './tx.ts';

export interface EvidenceInput {
  title: string;
  url?: string | null | undefined;
  published: string;
  publisher?: string | null | undefined;
  excerpt?: string | undefined;
  language?: string | undefined;
  kind?: EvidenceRow['kind'] | undefined;
  commitmentIds?: string[] | undefined;
}

/**
 * Records a dated item of evidence and links it to commitments; the record and its links are one
 * event. Stored text is kept as typed: pages render it inert.
 */
export async function recordEvidence(
  deps: Deps,
  actor: Actor,
  input: EvidenceInput,
): Promise<EvidenceRow & { commitment_ids: string[] }> {
  requireRole(actor, 'analyst');
  const ids = [...new Set(input.commitmentIds ?? [])];
  return change(deps, actor, async (tx) => {
    if (ids.length > 0) {
      const known = await tx
        .selectFrom('commitments')
        .select(['id', 'agreement_id'])
        .where('id', 'in', ids)
        .execute();
      const missing = ids.filter((id) => !known.some((k) => k.id === id));
      if (missing.length > 0)
        throw new DomainError('commitment_not_found', `no commitment ${missing.join(', ')}`);
    }
    const language = input.language ?? 'en';
    const row = await tx
      .insertInto('evidence')
      .values({
        title: input.title,
        url: input.url ?? null,
        published: input.published,
        publisher: input.publisher ?? null,
        excerpt: input.excerpt ?? '',
        language,
        kind: input.kind ?? 'other',
        search_text: searchText(
          `${input.title}\n${input.excerpt ?? ''}\n${input.publisher ?? ''}`,
          language,
        ),
        created_by: actor.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (ids.length > 0) {
      await tx
        .insertInto('evidence_commitments')
        .values(
          ids.map((commitment_id) => ({ evidence_id: row.id, commitment_id, linked_by: actor.id })),
        )
        .execute();
    }
    const agreementId =
      ids.length > 0
        ? ((
            await tx
              .selectFrom('commitments')
              .select('agreement_id')
              .where('id', '=', ids[0]!)
              .executeTakeFirst()
          )?.agreement_id ?? null)
        : null;
    return {
      result: { ...row, commitment_ids: ids },
      event: {
        type: 'evidence.recorded',
        agreementId,
        subject: `evidence:${row.id}`,
        payload: { title: row.title, url: row.url, published: row.published, commitments: ids },
      },
    };
  });
}

/** Links existing evidence to a commitment (idempotent). */
export async function linkEvidence(
  deps: Deps,
  actor: Actor,
  evidenceId: string,
  commitmentId: string,
): Promise<void> {
  requireRole(actor, 'analyst');
  await change(deps, actor, async (tx) => {
    const evidence = await tx
      .selectFrom('evidence')
      .select('id')
      .where('id', '=', evidenceId)
      .executeTakeFirst();
    if (!evidence) throw new DomainError('evidence_not_found', `no evidence ${evidenceId}`);
    const commitment = await tx
      .selectFrom('commitments')
      .select(['id', 'agreement_id'])
      .where('id', '=', commitmentId)
      .executeTakeFirst();
    if (!commitment) throw new DomainError('commitment_not_found', `no commitment ${commitmentId}`);
    await tx
      .insertInto('evidence_commitments')
      .values({ evidence_id: evidenceId, commitment_id: commitmentId, linked_by: actor.id })
      .onConflict((oc) => oc.doNothing())
      .execute();
    return {
      result: undefined,
      event: {
        type: 'evidence.linked',
        agreementId: commitment.agreement_id,
        subject: `evidence:${evidenceId}`,
        payload: { commitment: commitmentId },
      },
    };
  });
}
