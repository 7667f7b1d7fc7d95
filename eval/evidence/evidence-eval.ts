/**
 * The evidence-matching evaluation: for each labelled item, the rank of the commitment it
 * supports among the matches of its agreement (target: top 3 for every item).
 */
import {
  evaluateItem,
  loadLabelledItems,
  ownItemsFolder,
  samplesFolder,
  type ItemResult,
} from './labelled-items.ts';

export const targetRank = 3;

export interface EvidenceEvaluation {
  /** The real samples (../shared/evidence-samples), when that folder is there. */
  samples: ItemResult[];
  /** The project's own labelled items (eval/evidence/items), several agreements. */
  own: ItemResult[];
  milliseconds: number;
}

/** Runs every labelled item through the matcher. */
export function evaluateEvidence(): EvidenceEvaluation {
  const started = performance.now();
  const samples = loadLabelledItems(samplesFolder).map(evaluateItem);
  const own = loadLabelledItems(ownItemsFolder).map(evaluateItem);
  return { samples, own, milliseconds: performance.now() - started };
}

/** The figures as plain JSON data. */
export function evidenceJson(evaluation: EvidenceEvaluation) {
  const row = (r: ItemResult) => ({
    item: r.item.name,
    agreement: r.item.agreement.file,
    expected: r.expected,
    rank: r.rank,
    top: r.top,
  });
  const all = [...evaluation.samples, ...evaluation.own];
  return {
    target: `rank <= ${targetRank}`,
    samples: evaluation.samples.map(row),
    own: evaluation.own.map(row),
    inTarget: all.filter(inTarget).length,
    total: all.length,
    meanReciprocalRank: meanReciprocalRank(all),
  };
}

export function inTarget(r: ItemResult): boolean {
  return r.rank !== null && r.rank <= targetRank;
}

function meanReciprocalRank(results: ItemResult[]): number {
  if (results.length === 0) return 0;
  const sum = results.reduce((s, r) => s + (r.rank ? 1 / r.rank : 0), 0);
  return Math.round((sum / results.length) * 1000) / 1000;
}

/** Prints the per-item table. */
export function printEvidenceReport(evaluation: EvidenceEvaluation): void {
  console.log('\nEvidence matching: rank of the labelled commitment (target: top 3)');
  const print = (title: string, results: ItemResult[]) => {
    console.log(`\n  ${title}`);
    if (results.length === 0) console.log('    (none found)');
    for (const r of results) {
      const rank = r.expected === null ? 'label?' : r.rank === null ? 'none' : `#${r.rank}`;
      const mark = inTarget(r) ? 'ok  ' : 'MISS';
      console.log(
        `    ${mark} ${rank.padEnd(6)} ${r.item.name.slice(0, 58).padEnd(58)} ${r.expected ?? ''}`,
      );
      if (!inTarget(r) && r.top[0])
        console.log(`         top: ${r.top[0].id} (${r.top[0].reason})`);
    }
  };
  print('real samples (../shared/evidence-samples)', evaluation.samples);
  print('own labelled items (eval/evidence/items)', evaluation.own);
  const all = [...evaluation.samples, ...evaluation.own];
  console.log(
    `\n  in top ${targetRank}: ${all.filter(inTarget).length}/${all.length}; mean reciprocal rank ${meanReciprocalRank(all)}; ${Math.round(evaluation.milliseconds)} ms`,
  );
}
