import { describe, expect, it } from 'vitest';
import {
  assessmentStates,
  canTransition,
  defaultScoreFor,
  isAssessmentState,
  isScore,
  isStatus,
  statuses,
} from './status.ts';
import type { AssessmentState, Status } from './status.ts';

describe('isStatus and isScore', () => {
  it('accept exactly the listed statuses', () => {
    for (const s of statuses) expect(isStatus(s)).toBe(true);
    for (const x of ['done', 'Achieved', '', null, undefined, 1, {}])
      expect(isStatus(x)).toBe(false);
  });

  it('accept exactly -1, 0 and +1 as scores', () => {
    expect([-1, 0, 1].every(isScore)).toBe(true);
    for (const x of [0.5, 2, -2, NaN, '1', null]) expect(isScore(x)).toBe(false);
  });

  it('accept exactly the four review states', () => {
    for (const s of assessmentStates) expect(isAssessmentState(s)).toBe(true);
    expect(isAssessmentState('rejected')).toBe(false);
  });
});

describe('defaultScoreFor', () => {
  it('scores achieved +1, partial and in-progress 0, not started and off track -1', () => {
    expect(defaultScoreFor('achieved')).toBe(1);
    expect(defaultScoreFor('partially_achieved')).toBe(0);
    expect(defaultScoreFor('in_progress')).toBe(0);
    expect(defaultScoreFor('not_started')).toBe(-1);
    expect(defaultScoreFor('off_track')).toBe(-1);
  });

  it('excludes superseded and not_applicable from roll-ups with a null score', () => {
    expect(defaultScoreFor('superseded')).toBeNull();
    expect(defaultScoreFor('not_applicable')).toBeNull();
  });

  it('gives null, not an error, for an unknown status', () => {
    expect(defaultScoreFor('done' as Status)).toBeNull();
  });
});

describe('canTransition (review workflow)', () => {
  const allowed: [AssessmentState, AssessmentState][] = [
    ['draft', 'submitted'],
    ['submitted', 'approved'],
    ['submitted', 'returned'],
    ['returned', 'submitted'],
    ['returned', 'draft'],
  ];

  it('allows draft -> submitted -> approved | returned, and returned -> submitted | draft', () => {
    for (const [from, to] of allowed) expect(canTransition(from, to)).toBe(true);
  });

  it('allows no other move, and never the same state twice', () => {
    for (const from of assessmentStates) {
      for (const to of assessmentStates) {
        const ok = allowed.some(([f, t]) => f === from && t === to);
        expect(canTransition(from, to)).toBe(ok);
      }
    }
  });

  it('treats approved as final: a later cycle supersedes it with a new assessment', () => {
    for (const to of assessmentStates) expect(canTransition('approved', to)).toBe(false);
  });

  it('skips review: a draft cannot be approved directly', () => {
    expect(canTransition('draft', 'approved')).toBe(false);
  });

  it('knows nothing of who acts: the author-cannot-approve rule is a service rule', () => {
    // The signature takes no actor; submitted -> approved is allowed here for anyone.
    expect(canTransition.length).toBe(2);
    expect(canTransition('submitted', 'approved')).toBe(true);
  });

  it('returns false for unknown states', () => {
    expect(canTransition('draft', 'rejected' as AssessmentState)).toBe(false);
    expect(canTransition('x' as AssessmentState, 'draft')).toBe(false);
  });
});
