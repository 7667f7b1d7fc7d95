import { defaultScoreFor, isScore, isStatus } from './status.ts';
import type { AssessmentState, Score, Status } from './status.ts';

/** One assessment of a commitment for one party, as the roll-ups read it. */
export interface AssessmentFact {
  commitmentId: string;
  party: string;
  cycleId: string;
  status: Status;
  score: Score | null;
  state: AssessmentState;
  /** ISO date (or timestamp) of approval; orders approved assessments within a cycle. */
  decidedAt: string;
}

/** A commitment, as the roll-ups read it. */
export interface CommitmentFact {
  id: string;
  section: string;
  topics: string[];
  /** YYYY-MM-DD, or null when the text sets no date. */
  deadline: string | null;
}

/** A named reporting period, ordered by its cut-off date. */
export interface CycleFact {
  id: string;
  name: string;
  /** YYYY-MM-DD */
  cutoff: string;
  opened: string;
}

/** The approved state of one (commitment, party) pair as of a cycle. */
export interface CurrentState {
  status: Status;
  /** Null when not scored, and always for superseded and not_applicable. */
  score: Score | null;
  /** The cycle whose approval set this state (an earlier one when carried over). */
  cycleId: string;
  /** Approval date of the assessment that set this state. */
  decidedAt: string;
  /** Approval date of the first assessment of the unbroken run of this same status. */
  since: string;
}

/** Key of a (commitment, party) pair in the maps of states. */
export const stateKey = (commitmentId: string, party: string): string => `${commitmentId}|${party}`;

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const str = (x: unknown): string => (typeof x === 'string' ? x : '');

/** Keeps the entries of a list that are objects; anything else in odd input is skipped. */
export function records<T extends object>(xs: readonly T[] | null | undefined): T[] {
  if (!Array.isArray(xs)) return [];
  return (xs as readonly unknown[]).filter((x): x is T => typeof x === 'object' && x !== null);
}

/**
 * Orders cycles by cut-off (then opening date, then input order), keeping the first of duplicate ids.
 *
 * @example
 * orderCycles([
 *   { id: 'b', name: '2025', cutoff: '2025-06-30', opened: '2025-01-01' },
 *   { id: 'a', name: '2024', cutoff: '2024-06-30', opened: '2024-01-01' },
 * ]).map((c) => c.id); // ['a', 'b']
 */
export function orderCycles(cycles: readonly CycleFact[]): CycleFact[] {
  const seen = new Set<string>();
  const unique = records(cycles).filter((c) => {
    if (typeof c.id !== 'string' || seen.has(c.id)) return false;
    seen.add(c.id);
    return true;
  });
  return unique
    .map((cycle, index) => ({ cycle, index }))
    .sort(
      (a, b) =>
        compare(str(a.cycle.cutoff), str(b.cycle.cutoff)) ||
        compare(str(a.cycle.opened), str(b.cycle.opened)) ||
        a.index - b.index,
    )
    .map((x) => x.cycle);
}

/**
 * Walks the cycles in order, yielding each with the states as of its end; the map is reused, so copy it to keep it.
 *
 * @example
 * for (const [cycle, states] of stateSnapshots([], [], [])) console.log(cycle.id, states.size);
 */
export function* stateSnapshots(
  commitments: readonly CommitmentFact[],
  assessments: readonly AssessmentFact[],
  cycles: readonly CycleFact[],
): Generator<[CycleFact, ReadonlyMap<string, CurrentState>]> {
  const known = new Set(records(commitments).map((c) => c.id));
  const byCycle = new Map<string, { fact: AssessmentFact; index: number }[]>();
  records(assessments).forEach((fact, index) => {
    if (fact.state !== 'approved' || !isStatus(fact.status) || !known.has(fact.commitmentId)) {
      return;
    }
    if (typeof fact.party !== 'string' || typeof fact.cycleId !== 'string') return;
    const group = byCycle.get(fact.cycleId) ?? [];
    group.push({ fact, index });
    byCycle.set(fact.cycleId, group);
  });

  const states = new Map<string, CurrentState>();
  for (const cycle of orderCycles(cycles)) {
    const group = (byCycle.get(cycle.id) ?? []).sort(
      (a, b) => compare(str(a.fact.decidedAt), str(b.fact.decidedAt)) || a.index - b.index,
    );
    for (const { fact } of group) {
      const key = stateKey(fact.commitmentId, fact.party);
      const previous = states.get(key);
      const decidedAt = str(fact.decidedAt);
      states.set(key, {
        status: fact.status,
        score: defaultScoreFor(fact.status) === null || !isScore(fact.score) ? null : fact.score,
        cycleId: cycle.id,
        decidedAt,
        since: previous?.status === fact.status ? previous.since : decidedAt,
      });
    }
    yield [cycle, states];
  }
}

/**
 * Gives the approved state of each (commitment, party) pair as of a cycle (the latest cycle by default).
 *
 * Only `approved` assessments count; within a cycle the latest approval (by `decidedAt`, then
 * input order) wins; a pair with no approval in the cycle carries over its last approved state
 * from earlier cycles (ordered by cut-off). Assessments of unknown commitments or cycles, or with
 * an unknown status, are ignored; an unknown `cycleId` gives an empty map. A score outside
 * -1 / 0 / +1 is read as unscored, and superseded / not_applicable are never scored.
 *
 * @example
 * const states = currentStates(
 *   [{ id: 'c1', section: '1', topics: [], deadline: null }],
 *   [{ commitmentId: 'c1', party: 'JP', cycleId: 'y1', status: 'achieved', score: 1,
 *      state: 'approved', decidedAt: '2024-05-01' }],
 *   [{ id: 'y1', name: '2024', cutoff: '2024-06-30', opened: '2024-01-01' }],
 * );
 * states.get('c1|JP')?.status; // 'achieved'
 */
export function currentStates(
  commitments: readonly CommitmentFact[],
  assessments: readonly AssessmentFact[],
  cycles: readonly CycleFact[],
  cycleId?: string,
): Map<string, CurrentState> {
  let last: ReadonlyMap<string, CurrentState> = new Map();
  for (const [cycle, states] of stateSnapshots(commitments, assessments, cycles)) {
    if (cycle.id === cycleId) return new Map(states);
    last = states;
  }
  return cycleId === undefined ? new Map(last) : new Map<string, CurrentState>();
}
