import { rollup, type Rollup } from '../core/tracking/rollups.ts';
import type { Status } from '../core/tracking/status.ts';
import type { Score } from '../core/tracking/status.ts';
import type { Deps } from './tx.ts';

/**
 * The roll-ups of an agreement (compliance per party, section, topic and cycle, counts by status,
 * overdue, on-time rate), computed by the pure `rollup` from approved assessments only.
 */
export async function agreementRollups(
  deps: Deps,
  agreementId: string,
  options: { cycleId?: string | undefined; today: string },
): Promise<Rollup> {
  const [commitments, assessments, cycles, parties] = await Promise.all([
    deps.db
      .selectFrom('commitments')
      .select(['id', 'section', 'topics', 'deadline_date'])
      .where('agreement_id', '=', agreementId)
      .where('state', '=', 'active')
      .orderBy('position')
      .execute(),
    deps.db
      .selectFrom('assessments')
      .innerJoin('commitments', 'commitments.id', 'assessments.commitment_id')
      .select([
        'assessments.commitment_id',
        'assessments.party',
        'assessments.cycle_id',
        'assessments.status',
        'assessments.score',
        'assessments.state',
        'assessments.decided_at',
      ])
      .where('commitments.agreement_id', '=', agreementId)
      .where('assessments.state', '=', 'approved')
      .execute(),
    deps.db.selectFrom('cycles').selectAll().where('agreement_id', '=', agreementId).execute(),
    deps.db
      .selectFrom('agreement_parties')
      .select('code')
      .where('agreement_id', '=', agreementId)
      .orderBy('position')
      .execute(),
  ]);
  return rollup(
    commitments.map((c) => ({
      id: c.id,
      section: c.section,
      topics: c.topics,
      deadline: c.deadline_date,
    })),
    assessments.map((a) => ({
      commitmentId: a.commitment_id,
      party: a.party,
      cycleId: a.cycle_id,
      status: a.status as Status,
      score: a.score as Score | null,
      state: a.state,
      decidedAt: (a.decided_at ?? new Date(0)).toISOString(),
    })),
    cycles.map((c) => ({
      id: c.id,
      name: c.name,
      cutoff: c.cutoff,
      opened: c.opened_at.toISOString(),
    })),
    {
      ...(options.cycleId ? { cycleId: options.cycleId } : {}),
      parties: parties.map((p) => p.code),
      today: options.today,
    },
  );
}
