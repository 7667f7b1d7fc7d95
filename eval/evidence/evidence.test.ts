import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  evaluateItem,
  loadLabelledItems,
  ownItemsFolder,
  samplesFolder,
} from './labelled-items.ts';

// The six real samples sit beside the checkout (../shared); they are not shipped with the project.
const samples = loadLabelledItems(samplesFolder);
const own = loadLabelledItems(ownItemsFolder);

describe.skipIf(!existsSync(samplesFolder))('evidence matching on the real samples', () => {
  it('has the six samples, each labelled with a commitment of the Accord', () => {
    expect(samples).toHaveLength(6);
  });

  it.each(samples.map((s) => [s.name, s] as const))(
    'ranks the labelled commitment of %s in the top 3',
    (_name, item) => {
      const result = evaluateItem(item);
      expect(result.expected, 'the label names a commitment of the register').not.toBeNull();
      expect(result.rank).not.toBeNull();
      expect(result.rank!).toBeLessThanOrEqual(3);
    },
  );
});

describe('evidence matching on the project’s own labelled items (several agreements)', () => {
  it('has items for at least three agreements', () => {
    expect(new Set(own.map((i) => i.agreement.file)).size).toBeGreaterThanOrEqual(3);
  });

  it.each(own.map((s) => [s.name, s] as const))(
    'ranks the labelled commitment of %s in the top 3',
    (_name, item) => {
      const result = evaluateItem(item);
      expect(result.expected).not.toBeNull();
      expect(result.rank!).toBeLessThanOrEqual(3);
    },
  );
});
