// The public portal's first load stays small: its entry and preloaded modules, gzipped, within
// the 250 KB budget of issue 4, and none of the signed-in screens or the chart library in it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { budgetBytes, measurePortal } from '../bench/web/portal-size.ts';
import { buildWeb, repoRoot } from './server.ts';

describe('the public portal bundle', () => {
  it('keeps its initial JavaScript within 250 KB gzipped, without ECharts or the signed-in screens', () => {
    buildWeb();
    const size = measurePortal(join(repoRoot, 'web/dist'));
    expect(size.gzipped).toBeGreaterThan(10 * 1024);
    expect(size.gzipped).toBeLessThanOrEqual(budgetBytes);
    const names = size.files.map((f) => f.path).join(' ');
    expect(names).not.toMatch(/BarChart|CommitmentTools|Admin|Review|Import|EvidencePage/);
  });
});
