/** The status of a commitment for one party, in the order a reader expects them. */
export const statuses = [
  'not_started',
  'in_progress',
  'partially_achieved',
  'achieved',
  'off_track',
  'superseded',
  'not_applicable',
] as const;
export type Status = (typeof statuses)[number];

/** The compliance scale of summit-compliance research: -1 none, 0 partial or in progress, +1 full. */
export const scores = [-1, 0, 1] as const;
export type Score = (typeof scores)[number];

/** Where an assessment stands in review; only `approved` assessments reach the roll-ups. */
export const assessmentStates = ['draft', 'submitted', 'approved', 'returned'] as const;
export type AssessmentState = (typeof assessmentStates)[number];

const statusSet: ReadonlySet<unknown> = new Set(statuses);
const stateSet: ReadonlySet<unknown> = new Set(assessmentStates);

const defaultScores: Readonly<Record<Status, Score | null>> = {
  not_started: -1,
  in_progress: 0,
  partially_achieved: 0,
  achieved: 1,
  off_track: -1,
  // Out of scope for the party: neither credit nor blame, so left out of every roll-up.
  superseded: null,
  not_applicable: null,
};

// Who may move an assessment where; who the actor is (the author cannot approve) is a service rule.
const transitions: Readonly<Record<AssessmentState, readonly AssessmentState[]>> = {
  draft: ['submitted'],
  submitted: ['approved', 'returned'],
  returned: ['submitted', 'draft'],
  // Final: a later cycle's new assessment supersedes it instead.
  approved: [],
};

/**
 * Tells whether a value is one of the known statuses.
 *
 * @example
 * isStatus('achieved'); // true
 * isStatus('done'); // false
 */
export function isStatus(x: unknown): x is Status {
  return statusSet.has(x);
}

/**
 * Tells whether a value is a score of the -1 / 0 / +1 scale.
 *
 * @example
 * isScore(0); // true
 * isScore(0.5); // false
 */
export function isScore(x: unknown): x is Score {
  return x === -1 || x === 0 || x === 1;
}

/**
 * Tells whether a value is a review state of an assessment.
 *
 * @example
 * isAssessmentState('returned'); // true
 * isAssessmentState('rejected'); // false
 */
export function isAssessmentState(x: unknown): x is AssessmentState {
  return stateSet.has(x);
}

/**
 * Gives the score a status implies, or null for the statuses left out of roll-ups (superseded, not applicable, or anything unknown).
 *
 * @example
 * defaultScoreFor('achieved'); // 1
 * defaultScoreFor('in_progress'); // 0
 * defaultScoreFor('off_track'); // -1
 * defaultScoreFor('superseded'); // null
 */
export function defaultScoreFor(status: Status): Score | null {
  return isStatus(status) ? defaultScores[status] : null;
}

/**
 * Tells whether the review workflow lets an assessment move from one state to another (draft -> submitted -> approved | returned; returned -> submitted | draft; approved is final).
 *
 * @example
 * canTransition('submitted', 'approved'); // true
 * canTransition('draft', 'approved'); // false
 * canTransition('approved', 'returned'); // false
 */
export function canTransition(from: AssessmentState, to: AssessmentState): boolean {
  return isAssessmentState(from) && isAssessmentState(to) && transitions[from].includes(to);
}
