/**
 * Checks the gold annotations in eval/gold: every commitment text occurs exactly in its agreement
 * file, every deadline phrase occurs inside its sentence, deadlines are well formed.
 *
 * Run: npx tsx eval/check-gold.ts   (exit code 1 when a check fails)
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadGoldFolder } from './gold.ts';
import type { LoadedGold } from './gold.ts';

const evalDir = dirname(fileURLToPath(import.meta.url));
const root = join(evalDir, '..');

function countOccurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) count++;
  return count;
}

function checkOne({ path, gold }: LoadedGold): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  let text: string;
  try {
    text = readFileSync(join(root, gold.file), 'utf8');
  } catch {
    return { errors: [`${path}: cannot read ${gold.file}`], warnings };
  }
  const seen = new Set<string>();
  gold.commitments.forEach((commitment, index) => {
    const at = `${path} #${index}`;
    const short = JSON.stringify(commitment.text.slice(0, 80));
    if (text.indexOf(commitment.text) < 0) errors.push(`${at}: text not found in file: ${short}`);
    else if (countOccurrences(text, commitment.text) > 1) {
      warnings.push(`${at}: text occurs more than once in the file: ${short}`);
    }
    if (commitment.text !== commitment.text.trim()) {
      errors.push(`${at}: text has leading or trailing whitespace: ${short}`);
    }
    if (seen.has(commitment.text)) errors.push(`${at}: duplicate gold sentence: ${short}`);
    seen.add(commitment.text);
    const deadline = commitment.deadline;
    if (deadline && !commitment.text.includes(deadline.phrase)) {
      errors.push(`${at}: deadline phrase ${JSON.stringify(deadline.phrase)} not in its sentence`);
    }
    if (deadline?.date && deadline.date < gold.signed) {
      warnings.push(`${at}: deadline ${deadline.date} is before the signing date ${gold.signed}`);
    }
  });
  return { errors, warnings };
}

function main(): number {
  let golds: LoadedGold[];
  try {
    golds = loadGoldFolder(join(evalDir, 'gold'));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
  let failed = 0;
  for (const loaded of golds) {
    const { errors, warnings } = checkOne(loaded);
    const withDeadline = loaded.gold.commitments.filter((c) => c.deadline !== null).length;
    const status = errors.length === 0 ? 'ok  ' : 'FAIL';
    console.log(
      `${status} ${loaded.gold.file}: ${loaded.gold.commitments.length} commitment sentences, ${withDeadline} with a deadline`,
    );
    for (const warning of warnings) console.log(`  warning: ${warning}`);
    for (const error of errors) console.log(`  error: ${error}`);
    failed += errors.length;
  }
  if (golds.length === 0) {
    console.error('no gold files in eval/gold');
    return 1;
  }
  console.log(failed === 0 ? 'gold check passed' : `gold check failed: ${failed} error(s)`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = main();
