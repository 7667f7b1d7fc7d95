import { describe, expect, it } from 'vitest';
import { currentStates, orderCycles } from './current-states.ts';
import type { AssessmentFact } from './current-states.ts';
import { buildAssessment as a, buildCommitment, buildCycle } from './test-facts.ts';

const commitments = [buildCommitment({ id: 'c1' }), buildCommitment({ id: 'c2' })];
const cycles = [buildCycle(2025), buildCycle(2024)];
const stateOf = (assessments: AssessmentFact[], cycleId?: string) =>
  currentStates(commitments, assessments, cycles, cycleId).get('c1|JP');

describe('currentStates', () => {
  it('counts only approved assessments: drafts, submitted and returned never count', () => {
    for (const state of ['draft', 'submitted', 'returned'] as const) {
      expect(stateOf([a({ state })])).toBeUndefined();
    }
    expect(stateOf([a()])?.status).toBe('achieved');
  });

  it('lets a later approved assessment in the same cycle replace an earlier one', () => {
    const states = [
      a({ status: 'achieved', score: 1, decidedAt: '2024-05-02' }),
      a({ status: 'in_progress', score: 0, decidedAt: '2024-04-01' }),
    ];
    expect(stateOf(states)).toMatchObject({ status: 'achieved', score: 1 });
  });

  it('breaks a tie of approval dates by input order, the later entry winning', () => {
    const states = [a({ status: 'off_track', score: -1 }), a({ status: 'in_progress', score: 0 })];
    expect(stateOf(states)?.status).toBe('in_progress');
  });

  it('starts a new cycle from the last approved state (carried over)', () => {
    const states = [a({ cycleId: 'y2024', status: 'in_progress', score: 0 })];
    expect(stateOf(states, 'y2025')).toMatchObject({ status: 'in_progress', cycleId: 'y2024' });
  });

  it('carries over the last approved state, not a later draft', () => {
    const states = [
      a({ cycleId: 'y2024', status: 'in_progress', score: 0 }),
      a({ cycleId: 'y2025', status: 'achieved', state: 'draft', decidedAt: '2025-05-01' }),
    ];
    expect(stateOf(states, 'y2025')?.status).toBe('in_progress');
  });

  it('orders cycles by cut-off, whatever their order in the input', () => {
    const states = [
      a({ cycleId: 'y2025', status: 'achieved', decidedAt: '2025-05-01' }),
      a({ cycleId: 'y2024', status: 'off_track', score: -1, decidedAt: '2024-05-01' }),
    ];
    expect(stateOf(states)?.status).toBe('achieved');
    expect(stateOf(states, 'y2024')?.status).toBe('off_track');
  });

  it('ignores assessments approved in a later cycle than the one asked for', () => {
    expect(stateOf([a({ cycleId: 'y2025' })], 'y2024')).toBeUndefined();
  });

  it('defaults to the latest cycle and gives an empty map for an unknown cycle', () => {
    expect(stateOf([a({ cycleId: 'y2025' })])?.status).toBe('achieved');
    expect(currentStates(commitments, [a()], cycles, 'nope').size).toBe(0);
  });

  it('ignores unknown commitments, unknown cycles and unknown statuses', () => {
    const states = currentStates(
      commitments,
      [a({ commitmentId: 'zz' }), a({ cycleId: 'y1999' }), a({ status: 'done' as 'achieved' })],
      cycles,
    );
    expect(states.size).toBe(0);
  });

  it('never scores superseded or not_applicable, and reads an off-scale score as unscored', () => {
    expect(stateOf([a({ status: 'superseded', score: 1 })])?.score).toBeNull();
    expect(stateOf([a({ status: 'not_applicable', score: -1 })])?.score).toBeNull();
    expect(stateOf([a({ score: 2 as 1 })])?.score).toBeNull();
  });

  it('keeps the date the current status was first approved across cycles', () => {
    const states = [
      a({ cycleId: 'y2024', decidedAt: '2024-03-01' }),
      a({ cycleId: 'y2025', decidedAt: '2025-03-01' }),
    ];
    expect(stateOf(states)).toMatchObject({ since: '2024-03-01', decidedAt: '2025-03-01' });
  });

  it('restarts that date when the status changes', () => {
    const states = [
      a({ cycleId: 'y2024', decidedAt: '2024-03-01' }),
      a({ cycleId: 'y2025', status: 'off_track', score: -1, decidedAt: '2025-03-01' }),
    ];
    expect(stateOf(states)?.since).toBe('2025-03-01');
  });

  it('keys states by commitment and party', () => {
    const states = currentStates(
      commitments,
      [a(), a({ party: 'UK', commitmentId: 'c2' })],
      cycles,
    );
    expect([...states.keys()].sort()).toEqual(['c1|JP', 'c2|UK']);
  });
});

describe('orderCycles', () => {
  it('orders by cut-off and keeps the first of duplicate ids', () => {
    const ordered = orderCycles([
      buildCycle(2025),
      buildCycle(2024),
      buildCycle(2023, { id: 'y2025' }),
    ]);
    expect(ordered.map((c) => c.name)).toEqual(['2024', '2025']);
  });
});
