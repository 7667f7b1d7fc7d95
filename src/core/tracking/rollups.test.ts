import { describe, expect, it } from 'vitest';
import { compliance, rollup } from './rollups.ts';
import type { AssessmentFact, CommitmentFact } from './rollups.ts';
import { buildAssessment as a, buildCommitment as c, buildCycle } from './test-facts.ts';

const cycles = [buildCycle(2024), buildCycle(2025)];
const parties = ['JP', 'UK'];
const today = '2025-09-01';
const run = (
  commitments: CommitmentFact[],
  assessments: AssessmentFact[],
  cycleId?: string,
  onlyParties: string[] = parties,
) => rollup(commitments, assessments, cycles, { cycleId, parties: onlyParties, today });

describe('compliance', () => {
  it('is (mean score + 1) / 2 x 100: [1, 1, -1, 0] has mean 0.25, so 62.5', () => {
    expect(compliance([1, 1, -1, 0])).toBe(62.5);
  });

  it('is 58.33... when the mean score is 1/6, as for [1, 1, -1, 0, 0, 0]', () => {
    expect(compliance([1, 1, -1, 0, 0, 0])).toBeCloseTo(58.333, 3);
  });

  it('runs from 0 (all -1) to 100 (all +1), 50 when all 0', () => {
    expect(compliance([-1, -1])).toBe(0);
    expect(compliance([1])).toBe(100);
    expect(compliance([0, 0])).toBe(50);
  });

  it('excludes null scores, and is null when no item is scored', () => {
    expect(compliance([1, null, null])).toBe(100);
    expect(compliance([null])).toBeNull();
    expect(compliance([])).toBeNull();
  });
});

describe('rollup', () => {
  it('counts drafts and submitted assessments nowhere', () => {
    const r = run([c()], [a({ state: 'draft' }), a({ state: 'submitted' })]);
    expect(r.overall.compliance).toBeNull();
    expect(r.countsByStatus.unassessed).toBe(2);
    expect(r.countsByStatus.achieved).toBe(0);
  });

  it('computes compliance per party from approved scores', () => {
    const r = run(
      [c({ id: 'c1' }), c({ id: 'c2' })],
      [
        a({ commitmentId: 'c1' }),
        a({ commitmentId: 'c2', status: 'off_track', score: -1 }),
        a({ commitmentId: 'c1', party: 'UK', status: 'in_progress', score: 0 }),
      ],
    );
    expect(r.byParty).toMatchObject([
      { party: 'JP', compliance: 50, scored: 2, total: 2 },
      { party: 'UK', compliance: 50, scored: 1, total: 2 },
    ]);
    expect(r.byParty[1]?.counts).toMatchObject({ in_progress: 1, unassessed: 1 });
  });

  it('pools every pair for the overall figure rather than averaging party percentages', () => {
    const r = run(
      [c({ id: 'c1' }), c({ id: 'c2' })],
      [
        a({ commitmentId: 'c1' }),
        a({ commitmentId: 'c2' }),
        a({ party: 'UK', status: 'off_track', score: -1 }),
      ],
    );
    expect(r.overall.compliance).toBeCloseTo(66.667, 3);
  });

  it('excludes superseded and not_applicable from compliance but still counts their status', () => {
    const r = run(
      [c({ id: 'c1' }), c({ id: 'c2' }), c({ id: 'c3' })],
      [
        a({ commitmentId: 'c1' }),
        a({ commitmentId: 'c2', status: 'superseded', score: null }),
        a({ commitmentId: 'c3', status: 'not_applicable', score: null }),
      ],
      undefined,
      ['JP'],
    );
    expect(r.byParty[0]).toMatchObject({ compliance: 100, scored: 1, total: 3 });
    expect(r.countsByStatus).toMatchObject({ superseded: 1, not_applicable: 1, achieved: 1 });
  });

  it('groups by section and by each topic of a commitment, in order of first appearance', () => {
    const r = run(
      [
        c({ id: 'c1', section: '2', topics: ['energy', 'trade'] }),
        c({ id: 'c2', section: '1', topics: ['energy'] }),
      ],
      [a({ commitmentId: 'c1' }), a({ commitmentId: 'c2', status: 'off_track', score: -1 })],
      undefined,
      ['JP'],
    );
    expect(r.bySection.map((s) => [s.section, s.compliance])).toEqual([
      ['2', 100],
      ['1', 0],
    ]);
    expect(r.byTopic.map((t) => [t.topic, t.compliance, t.total])).toEqual([
      ['energy', 50, 2],
      ['trade', 100, 1],
    ]);
  });

  it('reports each cycle up to the one asked for, with states carried over', () => {
    const assessments = [
      a({ cycleId: 'y2024', status: 'in_progress', score: 0 }),
      a({ cycleId: 'y2025', decidedAt: '2025-05-01' }),
    ];
    const r = run([c()], assessments, undefined, ['JP']);
    expect(r.cycleId).toBe('y2025');
    expect(r.byCycle.map((y) => [y.cycleId, y.name, y.overall])).toEqual([
      ['y2024', '2024', 50],
      ['y2025', '2025', 100],
    ]);
    const earlier = run([c()], assessments, 'y2024', ['JP']);
    expect(earlier.byCycle.map((y) => y.cycleId)).toEqual(['y2024']);
    expect(earlier.overall.compliance).toBe(50);
  });

  it('reports every pair unassessed for an unknown cycle', () => {
    const r = run([c()], [a()], 'y1990');
    expect(r).toMatchObject({ cycleId: null, byCycle: [], overdue: 0 });
    expect(r.countsByStatus.unassessed).toBe(2);
  });

  it('counts a commitment overdue when its deadline has passed and not every party achieved it', () => {
    const r = run([c({ deadline: '2025-03-31' })], [a()]);
    expect(r.overdue).toBe(1);
    expect(run([c({ deadline: '2025-03-31' })], [a(), a({ party: 'UK' })]).overdue).toBe(0);
  });

  it('does not count a commitment overdue on its deadline day itself', () => {
    expect(run([c({ deadline: today })], []).overdue).toBe(0);
  });

  it('does not hold superseded or not_applicable parties against a commitment', () => {
    const r = run([c({ deadline: '2025-03-31' })], [a(), a({ party: 'UK', status: 'superseded' })]);
    expect(r).toMatchObject({ overdue: 0, due: 1, onTimeRate: 1 });
  });

  it('is on time only when every party was approved achieved on or before the deadline', () => {
    const commitments = [
      c({ id: 'early', deadline: '2024-05-01' }),
      c({ id: 'late', deadline: '2024-04-30' }),
      c({ id: 'open', deadline: '2024-05-01' }),
      c({ id: 'future', deadline: '2026-01-01' }),
      c({ id: 'none', deadline: null }),
    ];
    const both = (commitmentId: string, decidedAt = '2024-05-01') => [
      a({ commitmentId, decidedAt }),
      a({ commitmentId, decidedAt, party: 'UK' }),
    ];
    const r = run(commitments, [
      ...both('early'),
      ...both('late'),
      ...both('future'),
      a({ commitmentId: 'open' }),
    ]);
    expect(r).toMatchObject({ due: 3, overdue: 1 });
    expect(r.onTimeRate).toBeCloseTo(1 / 3);
  });

  it('dates on-time from the first approval of the achieved run, not its re-approval', () => {
    const r = run(
      [c({ deadline: '2024-05-31' })],
      [a({ decidedAt: '2024-05-01' }), a({ cycleId: 'y2025', decidedAt: '2025-05-01' })],
      undefined,
      ['JP'],
    );
    expect(r.onTimeRate).toBe(1);
  });

  it('gives a null on-time rate when nothing is due', () => {
    expect(run([c({ deadline: '2030-01-01' }), c()], []).onTimeRate).toBeNull();
  });

  it('ignores states of parties not asked for', () => {
    const r = run([c()], [a({ party: 'FR' })], undefined, ['JP']);
    expect(r.countsByStatus.unassessed).toBe(1);
    expect(r.byParty.map((p) => p.party)).toEqual(['JP']);
  });
});
