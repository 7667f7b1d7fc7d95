import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { compliance, rollup } from './rollups.ts';
import type { AssessmentFact, CommitmentFact, CycleFact } from './rollups.ts';
import { assessmentStates, scores, statuses } from './status.ts';

// Small pools so that random facts often refer to each other; odd values test totality.
const id = fc.constantFrom('c1', 'c2', 'c3', '', 'c1|JP');
const party = fc.constantFrom('JP', 'UK', 'FR', '');
const cycleId = fc.constantFrom('y1', 'y2', 'y3', 'nope');
const day = fc.oneof(
  fc.constantFrom('2024-01-01', '2024-06-30', '2025-02-29', '2024-02-29', 'soon', ''),
  fc
    .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
);
const odd = fc.oneof(fc.constant(null), fc.constant(undefined), fc.integer(), fc.string());

const score = fc.oneof(fc.constantFrom(...scores, null), odd);
const assessment = fc.record({
  commitmentId: fc.oneof(id, odd),
  party: fc.oneof(party, odd),
  cycleId: fc.oneof(cycleId, odd),
  status: fc.oneof(fc.constantFrom(...statuses), odd),
  score,
  state: fc.oneof(fc.constantFrom(...assessmentStates), odd),
  decidedAt: fc.oneof(day, odd),
});
const commitment = fc.record({
  id: fc.oneof(id, odd),
  section: fc.oneof(fc.constantFrom('1', '2'), odd),
  topics: fc.oneof(fc.array(fc.oneof(fc.constantFrom('energy', 'trade'), odd)), odd),
  deadline: fc.oneof(day, fc.constant(null), odd),
});
const cycle = fc.record({ id: fc.oneof(cycleId, odd), name: odd, cutoff: day, opened: day });
const list = <T>(arb: fc.Arbitrary<T>) =>
  fc.array(fc.oneof({ weight: 9, arbitrary: arb }, { weight: 1, arbitrary: odd }), {
    maxLength: 12,
  });

const inRange = (x: number | null) => x === null || (x >= 0 && x <= 100);

describe('tracking properties', () => {
  test.prop([fc.array(score)])('compliance is always within [0, 100] or null', (xs) => {
    expect(inRange(compliance(xs as Parameters<typeof compliance>[0]))).toBe(true);
  });

  test.prop([
    list(commitment),
    list(assessment),
    list(cycle),
    fc.record({
      cycleId: fc.option(cycleId, { nil: undefined }),
      parties: fc.array(fc.oneof(party, odd), { maxLength: 4 }),
      today: day,
    }),
  ])(
    'roll-ups never throw for arbitrary inputs and keep their figures in range',
    (cs, as, ys, o) => {
      const r = rollup(
        cs as unknown as CommitmentFact[],
        as as unknown as AssessmentFact[],
        ys as unknown as CycleFact[],
        o as unknown as Parameters<typeof rollup>[3],
      );
      const tallies = [r.overall, ...r.byParty, ...r.bySection, ...r.byTopic];
      expect(tallies.every((t) => inRange(t.compliance) && t.scored <= t.total)).toBe(true);
      expect(r.byCycle.every((y) => inRange(y.overall))).toBe(true);
      expect(r.overdue).toBeLessThanOrEqual(r.due);
      expect(r.onTimeRate === null || (r.onTimeRate >= 0 && r.onTimeRate <= 1)).toBe(true);
      const counted = Object.values(r.countsByStatus).reduce((sum, n) => sum + n, 0);
      expect(counted).toBe(r.overall.total);
    },
  );
});
