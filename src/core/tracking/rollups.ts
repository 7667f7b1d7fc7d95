import { currentStates, records, stateKey, stateSnapshots } from './current-states.ts';
import type { CommitmentFact, CurrentState } from './current-states.ts';
import type { AssessmentFact, CycleFact } from './current-states.ts';
import { calendarDay, isOverdue } from './overdue.ts';
import { isScore, statuses } from './status.ts';
import type { Score, Status } from './status.ts';

export { currentStates };
export type { AssessmentFact, CommitmentFact, CurrentState, CycleFact };

/** How many (commitment, party) pairs are in each status; `unassessed` has no approved state. */
export type StatusCounts = Record<Status | 'unassessed', number>;

/** Compliance and counts over a group of (commitment, party) pairs. */
export interface Tally {
  /** `compliance()` of the scored pairs, or null when none is scored. */
  compliance: number | null;
  /** Pairs with a score (superseded, not_applicable, unscored and unassessed are left out). */
  scored: number;
  /** All pairs of the group, assessed or not. */
  total: number;
  counts: StatusCounts;
}

export interface PartyTally extends Tally {
  party: string;
}
export interface SectionTally extends Tally {
  section: string;
}
export interface TopicTally extends Tally {
  topic: string;
}

/** Compliance as of the end of one cycle, per party and over all pairs. */
export interface CycleCompliance {
  cycleId: string;
  name: string;
  cutoff: string;
  overall: number | null;
  byParty: { party: string; compliance: number | null }[];
}

export interface RollupOptions {
  /** The cycle to report as of; the latest cycle when left out. */
  cycleId?: string;
  /** The parties to report on, in the order wanted; states of other parties are ignored. */
  parties: string[];
  /** YYYY-MM-DD */
  today: string;
}

export interface Rollup {
  /** The cycle reported, or null when there is none (no cycles, or an unknown `cycleId`). */
  cycleId: string | null;
  overall: Tally;
  byParty: PartyTally[];
  bySection: SectionTally[];
  byTopic: TopicTally[];
  byCycle: CycleCompliance[];
  countsByStatus: StatusCounts;
  /** Commitments past their deadline with some party neither achieved, superseded nor not applicable. */
  overdue: number;
  /** Commitments past their deadline with some party not superseded or not applicable. */
  due: number;
  /** Share (0 to 1) of due commitments achieved on time by every such party, or null when none is due. */
  onTimeRate: number | null;
}

interface Acc {
  sum: number;
  scored: number;
  total: number;
  counts: StatusCounts;
}

const percent = (sum: number, n: number): number | null =>
  n === 0 ? null : ((sum / n + 1) / 2) * 100;

const newAcc = (): Acc => ({
  sum: 0,
  scored: 0,
  total: 0,
  counts: Object.fromEntries([...statuses, 'unassessed'].map((s) => [s, 0])) as StatusCounts,
});

function add(acc: Acc, state: CurrentState | undefined): void {
  acc.total += 1;
  acc.counts[state?.status ?? 'unassessed'] += 1;
  if (state && isScore(state.score)) {
    acc.sum += state.score;
    acc.scored += 1;
  }
}

const finish = (acc: Acc): Tally => ({
  compliance: percent(acc.sum, acc.scored),
  scored: acc.scored,
  total: acc.total,
  counts: acc.counts,
});

function strings(xs: readonly unknown[] | null | undefined): string[] {
  return Array.isArray(xs)
    ? [...new Set(xs.filter((x): x is string => typeof x === 'string'))]
    : [];
}

function uniqueCommitments(commitments: readonly CommitmentFact[]): CommitmentFact[] {
  const seen = new Set<string>();
  return records(commitments).filter((c) => {
    if (typeof c.id !== 'string' || seen.has(c.id)) return false;
    seen.add(c.id);
    return true;
  });
}

function grouped<K>(map: Map<K, Acc>, key: K): Acc {
  const acc = map.get(key) ?? newAcc();
  map.set(key, acc);
  return acc;
}

/**
 * Turns scores into a compliance percentage, (mean score + 1) / 2 x 100, leaving out null (and any non-score); null when nothing is scored.
 *
 * @example
 * compliance([1, 1, -1, 0]); // 62.5
 * compliance([1, null]); // 100
 * compliance([null]); // null
 */
export function compliance(scores: readonly (Score | null)[]): number | null {
  const scored = Array.isArray(scores) ? scores.filter(isScore) : [];
  return percent(
    scored.reduce((sum: number, s) => sum + s, 0),
    scored.length,
  );
}

function cycleCompliance(
  cycle: CycleFact,
  commitments: readonly CommitmentFact[],
  parties: readonly string[],
  states: ReadonlyMap<string, CurrentState>,
): CycleCompliance {
  const overall = newAcc();
  const byParty = parties.map((party) => {
    const acc = newAcc();
    for (const c of commitments) {
      const state = states.get(stateKey(c.id, party));
      add(acc, state);
      add(overall, state);
    }
    return { party, compliance: percent(acc.sum, acc.scored) };
  });
  return {
    cycleId: cycle.id,
    name: typeof cycle.name === 'string' ? cycle.name : '',
    cutoff: typeof cycle.cutoff === 'string' ? cycle.cutoff : '',
    overall: percent(overall.sum, overall.scored),
    byParty,
  };
}

/**
 * Rolls approved assessments up into compliance and counts per party, section, topic and cycle, with overdue and on-time figures, as of one cycle.
 *
 * Definitions (all over the pairs of each commitment with each listed party):
 * - States are `currentStates(commitments, assessments, cycles, cycleId)`: approved only, carried over.
 * - A tally's compliance is `compliance()` of its pairs' scores; `overall` pools every pair
 *   (it is not a mean of the parties' percentages). Unassessed pairs count in `total` and
 *   `counts.unassessed` but not in compliance.
 * - `byTopic` counts a commitment under each of its topics; commitments without topics are in no
 *   topic. Sections and topics come in order of first appearance, parties in the given order.
 * - `byCycle` gives each cycle up to and including the reported one, in cut-off order.
 * - A commitment is due when its deadline is strictly before `today` and some party's status is
 *   neither superseded nor not_applicable (unassessed counts as open). It is overdue when, in
 *   addition, some such party has not achieved it (`isOverdue` for some party). It is on time
 *   when every such party is achieved and the run of `achieved` began with an approval dated on
 *   or before the deadline. `onTimeRate` = on time / due.
 * - Missing or invalid deadlines or `today` make nothing due; an unknown `cycleId` reports every
 *   pair as unassessed with an empty `byCycle`.
 *
 * @example
 * const r = rollup(
 *   [{ id: 'c1', section: '1', topics: ['energy'], deadline: '2024-03-31' }],
 *   [{ commitmentId: 'c1', party: 'JP', cycleId: 'y1', status: 'achieved', score: 1,
 *      state: 'approved', decidedAt: '2024-03-15' }],
 *   [{ id: 'y1', name: '2024', cutoff: '2024-06-30', opened: '2024-01-01' }],
 *   { parties: ['JP'], today: '2024-07-01' },
 * );
 * r.byParty[0]?.compliance; // 100
 * r.onTimeRate; // 1
 */
export function rollup(
  commitments: readonly CommitmentFact[],
  assessments: readonly AssessmentFact[],
  cycles: readonly CycleFact[],
  options: RollupOptions,
): Rollup {
  const cs = uniqueCommitments(commitments);
  const parties = strings(options?.parties);
  const today = calendarDay(options?.today);
  const wanted = options?.cycleId;

  const byCycle: CycleCompliance[] = [];
  let reported: CycleFact | null = null;
  let states: ReadonlyMap<string, CurrentState> = new Map();
  for (const [cycle, snapshot] of stateSnapshots(cs, assessments, cycles)) {
    byCycle.push(cycleCompliance(cycle, cs, parties, snapshot));
    // Stopping here leaves the snapshot as of this cycle: the generator mutates it no further.
    [reported, states] = [cycle, snapshot];
    if (cycle.id === wanted) break;
  }
  if (wanted !== undefined && reported?.id !== wanted) {
    [reported, states] = [null, new Map()];
    byCycle.length = 0;
  }

  const overall = newAcc();
  const byParty = new Map(parties.map((p) => [p, newAcc()]));
  const bySection = new Map<string, Acc>();
  const byTopic = new Map<string, Acc>();
  let [due, overdue, onTime] = [0, 0, 0];
  for (const c of cs) {
    const section = grouped(bySection, typeof c.section === 'string' ? c.section : '');
    const topics = strings(c.topics).map((t) => grouped(byTopic, t));
    const deadline = calendarDay(c.deadline);
    const past = deadline !== null && today !== null && deadline < today;
    let [open, late, behind] = [false, false, false];
    for (const party of parties) {
      const state = states.get(stateKey(c.id, party));
      for (const acc of [overall, grouped(byParty, party), section, ...topics]) add(acc, state);
      const status = state?.status ?? null;
      if (!past || status === 'superseded' || status === 'not_applicable') continue;
      open = true;
      const since = calendarDay(state?.since);
      if (status !== 'achieved' || since === null || since > deadline) late = true;
      if (isOverdue({ deadline, status }, today)) behind = true;
    }
    if (open) due += 1;
    if (open && !late) onTime += 1;
    if (behind) overdue += 1;
  }

  return {
    cycleId: reported?.id ?? null,
    overall: finish(overall),
    byParty: [...byParty].map(([party, acc]) => ({ party, ...finish(acc) })),
    bySection: [...bySection].map(([section, acc]) => ({ section, ...finish(acc) })),
    byTopic: [...byTopic].map(([topic, acc]) => ({ topic, ...finish(acc) })),
    byCycle,
    countsByStatus: overall.counts,
    overdue,
    due,
    onTimeRate: due === 0 ? null : onTime / due,
  };
}
