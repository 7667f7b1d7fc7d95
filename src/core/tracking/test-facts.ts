import type { AssessmentFact, CommitmentFact, CycleFact } from './current-states.ts';

// Factories for the tracking tests: defaults describe one approved, achieved assessment.

/** Builds a commitment fact for tests, with overrides. */
export function buildCommitment(overrides: Partial<CommitmentFact> = {}): CommitmentFact {
  return { id: 'c1', section: '1', topics: [], deadline: null, ...overrides };
}

/** Builds an approved assessment fact for tests, with overrides. */
export function buildAssessment(overrides: Partial<AssessmentFact> = {}): AssessmentFact {
  return {
    commitmentId: 'c1',
    party: 'JP',
    cycleId: 'y2024',
    status: 'achieved',
    score: 1,
    state: 'approved',
    decidedAt: '2024-05-01',
    ...overrides,
  };
}

/** Builds a cycle fact for tests; its id and name default to the cut-off year. */
export function buildCycle(year: number, overrides: Partial<CycleFact> = {}): CycleFact {
  return {
    id: `y${year}`,
    name: String(year),
    cutoff: `${year}-06-30`,
    opened: `${year}-01-01`,
    ...overrides,
  };
}
