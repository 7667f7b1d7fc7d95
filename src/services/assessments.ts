import { DomainError } from '../core/domain-error.ts';
import {
  canTransition,
  defaultScoreFor,
  type AssessmentState,
  type Score,
  type Status,
} from '../core/tracking/status.ts';
import type { AssessmentRow, CycleRow } from '../store/schema.ts';
import { requireRole } from './authorize.ts';
import type { Actor } from './actor.ts';
import { change, found, staleVersion, type Deps } from './tx.ts';
import { sql } from 'kysely';

/** Opens a reporting cycle of an agreement with its cut-off date. */
export async function openCycle(
  deps: Deps,
  actor: Actor,
  agreementId: string,
  input: { name: string; cutoff: string },
): Promise<CycleRow> {
  requireRole(actor, 'admin');
  return change(deps, actor, async (tx) => {
    found(
      await tx
        .selectFrom('agreements')
        .select('id')
        .where('id', '=', agreementId)
        .executeTakeFirst(),
      'agreement_not_found',
      `no agreement ${agreementId}`,
    );
    const clash = await tx
      .selectFrom('cycles')
      .select('id')
      .where('agreement_id', '=', agreementId)
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (clash)
      throw new DomainError(
        'conflict',
        `agreement ${agreementId} already has a cycle named "${input.name}"`,
      );
    const row = await tx
      .insertInto('cycles')
      .values({ agreement_id: agreementId, name: input.name, cutoff: input.cutoff })
      .returningAll()
      .executeTakeFirstOrThrow();
    return {
      result: row,
      event: {
        type: 'cycle.opened',
        agreementId,
        subject: `cycle:${row.id}`,
        payload: { name: row.name, cutoff: row.cutoff },
      },
    };
  });
}

export interface AssessmentInput {
  commitmentId: string;
  party: string;
  cycleId: string;
  status: Status;
  score?: Score | null | undefined;
  rationale?: string | undefined;
  evidenceIds?: string[] | undefined;
}

/** Drafts an assessment of one commitment for one party in a cycle (analyst). */
export async function draftAssessment(
  deps: Deps,
  actor: Actor,
  input: AssessmentInput,
): Promise<AssessmentRow> {
  requireRole(actor, 'analyst');
  return change(deps, actor, async (tx) => {
    const commitment = found(
      await tx
        .selectFrom('commitments')
        .select(['id', 'agreement_id', 'state'])
        .where('id', '=', input.commitmentId)
        .executeTakeFirst(),
      'commitment_not_found',
      `no commitment ${input.commitmentId}`,
    );
    const cycle = found(
      await tx.selectFrom('cycles').selectAll().where('id', '=', input.cycleId).executeTakeFirst(),
      'cycle_not_found',
      `no cycle ${input.cycleId}`,
    );
    if (cycle.agreement_id !== commitment.agreement_id)
      throw new DomainError('invalid_request', 'the cycle belongs to another agreement');
    const party = await tx
      .selectFrom('agreement_parties')
      .select('code')
      .where('agreement_id', '=', commitment.agreement_id)
      .where('code', '=', input.party)
      .executeTakeFirst();
    if (!party)
      throw new DomainError('invalid_request', `${input.party} is not a party to this agreement`);
    await checkEvidence(tx, input.evidenceIds ?? []);
    const existing = await tx
      .selectFrom('assessments')
      .select('id')
      .where('commitment_id', '=', input.commitmentId)
      .where('party', '=', input.party)
      .where('cycle_id', '=', input.cycleId)
      .executeTakeFirst();
    if (existing)
      throw new DomainError(
        'conflict',
        `an assessment of commitment ${input.commitmentId} for ${input.party} in this cycle exists: assessment ${existing.id}`,
      );
    const row = await tx
      .insertInto('assessments')
      .values({
        commitment_id: input.commitmentId,
        party: input.party,
        cycle_id: input.cycleId,
        status: input.status,
        score: input.score === undefined ? defaultScoreFor(input.status) : input.score,
        rationale: input.rationale ?? '',
        evidence_ids: input.evidenceIds ?? [],
        author_id: actor.id ?? '0',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return {
      result: row,
      event: {
        type: 'assessment.drafted',
        agreementId: commitment.agreement_id,
        subject: `assessment:${row.id}`,
        payload: summary(row),
      },
    };
  });
}

/** Edits a draft or returned assessment (its author or a reviewer), with If-Match. */
export async function updateAssessment(
  deps: Deps,
  actor: Actor,
  id: string,
  expectedVersion: number,
  patch: {
    status?: Status | undefined;
    score?: Score | null | undefined;
    rationale?: string | undefined;
    evidenceIds?: string[] | undefined;
  },
): Promise<AssessmentRow> {
  requireRole(actor, 'analyst');
  return change(deps, actor, async (tx) => {
    const current = found(
      await tx.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst(),
      'assessment_not_found',
      `no assessment ${id}`,
    );
    if (current.state !== 'draft' && current.state !== 'returned')
      throw new DomainError(
        'invalid_transition',
        `assessment ${id} is ${current.state}: only drafts and returned assessments can be edited`,
      );
    if (current.author_id !== actor.id && actor.role === 'analyst')
      throw new DomainError('forbidden', 'only its author or a reviewer can edit an assessment');
    if (patch.evidenceIds) await checkEvidence(tx, patch.evidenceIds);
    const status = patch.status ?? (current.status as Status);
    const updated = await tx
      .updateTable('assessments')
      .set({
        status,
        score:
          patch.score !== undefined
            ? patch.score
            : patch.status
              ? defaultScoreFor(status)
              : current.score,
        rationale: patch.rationale ?? current.rationale,
        evidence_ids: patch.evidenceIds ?? current.evidence_ids,
        row_version: sql`row_version + 1`,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .where('row_version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw staleVersion('assessment', id);
    const agreementId = await agreementOf(tx, current.commitment_id);
    return {
      result: updated,
      event: {
        type: 'assessment.edited',
        agreementId,
        subject: `assessment:${id}`,
        payload: summary(updated),
      },
    };
  });
}

/** Moves an assessment through review: submit (author), approve or return (a reviewer who is not its author). */
export async function reviewAssessment(
  deps: Deps,
  actor: Actor,
  id: string,
  expectedVersion: number,
  to: Exclude<AssessmentState, 'draft'>,
  comment?: string,
): Promise<AssessmentRow> {
  requireRole(actor, to === 'submitted' ? 'analyst' : 'reviewer');
  return change(deps, actor, async (tx) => {
    const current = found(
      await tx.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst(),
      'assessment_not_found',
      `no assessment ${id}`,
    );
    if (!canTransition(current.state, to))
      throw new DomainError(
        'invalid_transition',
        `assessment ${id} is ${current.state}: it cannot become ${to}`,
      );
    if (to === 'approved' && current.author_id === actor.id)
      throw new DomainError(
        'author_cannot_approve',
        'the author of an assessment cannot approve it: ask another reviewer',
      );
    if (to === 'submitted' && current.author_id !== actor.id && actor.role === 'analyst')
      throw new DomainError('forbidden', 'only its author can submit an assessment');
    if (to === 'returned' && !comment?.trim())
      throw new DomainError('invalid_request', 'say why the assessment is returned (comment)');
    const now = new Date();
    const updated = await tx
      .updateTable('assessments')
      .set({
        state: to,
        ...(to === 'submitted'
          ? { submitted_at: now }
          : { reviewer_id: actor.id, decided_at: now, review_comment: comment ?? null }),
        row_version: sql`row_version + 1`,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('row_version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw staleVersion('assessment', id);
    const agreementId = await agreementOf(tx, current.commitment_id);
    return {
      result: updated,
      event: {
        type: `assessment.${to}`,
        agreementId,
        subject: `assessment:${id}`,
        payload: { ...summary(updated), ...(comment ? { comment } : {}) },
      },
    };
  });
}

function summary(row: AssessmentRow) {
  return {
    commitment: row.commitment_id,
    party: row.party,
    cycle: row.cycle_id,
    status: row.status,
    score: row.score,
    rationale: row.rationale,
    evidence: row.evidence_ids,
  };
}

async function checkEvidence(tx: Deps['db'], ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const known = await tx.selectFrom('evidence').select('id').where('id', 'in', ids).execute();
  const missing = ids.filter((id) => !known.some((k) => k.id === id));
  if (missing.length > 0)
    throw new DomainError('evidence_not_found', `no evidence ${missing.join(', ')}`);
}

async function agreementOf(tx: Deps['db'], commitmentId: string): Promise<string | null> {
  return (
    (
      await tx
        .selectFrom('commitments')
        .select('agreement_id')
        .where('id', '=', commitmentId)
        .executeTakeFirst()
    )?.agreement_id ?? null
  );
}
