/**
 * Evaluates the commitment extractor against the gold annotations in eval/gold.
 *
 *   npm run eval                 table per document, total row, deadline mismatches, Accord FN/FP
 *   npm run eval -- --json       the same figures as JSON
 *   npm run eval -- --all        list missed and unexpected sentences of every document
 *   npm run eval -- --strict     exit 1 when the Accord's F1 < 0.95 or any deadline is wrong
 *
 * Exit code is 0 otherwise (also when the extractor is missing or throws: that is reported).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Register } from '../src/core/extract-register.ts';
import { normaliseText } from '../src/core/text/source-text.ts';
import { evaluateEvidence, evidenceJson, printEvidenceReport } from './evidence/evidence-eval.ts';
import { loadGoldFolder } from './gold.ts';
import type { LoadedGold } from './gold.ts';
import { scoreDocument, strictCheck, totalScore, truncate } from './score.ts';
import type {
  Coverage,
  DocumentScore,
  PredictedCommitment,
  StrictResult,
  TotalScore,
} from './score.ts';

const evalDir = dirname(fileURLToPath(import.meta.url));
const root = join(evalDir, '..');
const ACCORD_MARK = 'hiroshima-accord';

type Extract = (text: string, options: { signed: string; language: 'en' | 'ja' }) => Register;

interface DocumentRun {
  score: DocumentScore;
  file: string;
  error: string | null;
  milliseconds: number;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The product's extractor, or the reason it cannot be used (not written yet, import error). */
async function loadExtractor(): Promise<Extract | string> {
  try {
    const mod = await import('../src/core/extract-register.ts');
    const candidate: unknown = mod.extractRegister;
    if (typeof candidate !== 'function') {
      return 'src/core/extract-register.ts does not export a function extractRegister (yet)';
    }
    return mod.extractRegister;
  } catch (error) {
    return `cannot import src/core/extract-register.ts: ${message(error)}`;
  }
}

function documentName(file: string): string {
  const base = file.split('/').pop() ?? file;
  return base.replace(/\.txt$/, '');
}

function runDocument(loaded: LoadedGold, extract: Extract | string): DocumentRun {
  const { gold } = loaded;
  const name = documentName(gold.file);
  let text = '';
  let predicted: PredictedCommitment[] = [];
  let error: string | null = null;
  let milliseconds = 0;
  try {
    text = normaliseText(readFileSync(join(root, gold.file), 'utf8'));
  } catch (cause) {
    error = `cannot read ${gold.file}: ${message(cause)}`;
  }
  if (error === null) {
    if (typeof extract === 'string') error = extract;
    else {
      const started = performance.now();
      try {
        predicted = extract(text, { signed: gold.signed, language: gold.language }).commitments;
      } catch (cause) {
        error = `extractRegister threw: ${message(cause)}`;
      }
      milliseconds = performance.now() - started;
    }
  }
  const score = scoreDocument({
    name,
    language: gold.language,
    text,
    gold: gold.commitments,
    predicted,
  });
  return { score, file: gold.file, error, milliseconds };
}

const pct = (part: number, whole: number): string =>
  whole === 0 ? '-' : `${Math.round((100 * part) / whole)}%`;
const fixed = (value: number): string => value.toFixed(3);

function coverageCells(coverage: Coverage): string[] {
  const n = coverage.commitments;
  return [
    pct(coverage.actors, n),
    pct(coverage.topics, n),
    pct(coverage.instruments, n),
    pct(coverage.targets, n),
    pct(coverage.deadline, n),
  ];
}

function formatTable(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, column) => {
          const width = widths?.[column] ?? cell.length;
          return column === 0 ? cell.padEnd(width) : cell.padStart(width);
        })
        .join('  '),
    )
    .join('\n');
}

const header = [
  'document',
  'lang',
  'gold',
  'pred',
  'TP',
  'FP',
  'FN',
  'P',
  'R',
  'F1',
  'deadl.',
  'actor',
  'topic',
  'instr',
  'target',
  'dl',
];

function documentRow(score: DocumentScore): string[] {
  return [
    truncate(score.name, 48),
    score.language,
    String(score.gold),
    String(score.predictedSentences),
    String(score.tp),
    String(score.fp),
    String(score.fn),
    fixed(score.precision),
    fixed(score.recall),
    fixed(score.f1),
    `${score.deadlines.exact}/${score.deadlines.total}`,
    ...coverageCells(score.coverage),
  ];
}

function totalRow(label: string, language: string, total: TotalScore): string[] {
  return [
    label,
    language,
    String(total.gold),
    String(total.predictedSentences),
    String(total.tp),
    String(total.fp),
    String(total.fn),
    fixed(total.precision),
    fixed(total.recall),
    fixed(total.f1),
    `${total.deadlines.exact}/${total.deadlines.total}`,
    ...coverageCells(total.coverage),
  ];
}

function languageTotals(scores: DocumentScore[]): Map<string, TotalScore> {
  const languages = [...new Set(scores.map((s) => s.language))].sort();
  return new Map(
    languages.map((language) => [
      language,
      totalScore(scores.filter((s) => s.language === language)),
    ]),
  );
}

function printReport(runs: DocumentRun[], total: TotalScore, strict: StrictResult): void {
  const scores = runs.map((run) => run.score);
  const rows = [header, ...scores.map(documentRow)];
  const byLanguage = languageTotals(scores);
  if (byLanguage.size > 1) {
    for (const [language, languageTotal] of byLanguage) {
      rows.push(totalRow(`total ${language} (micro)`, language, languageTotal));
    }
  }
  rows.push(totalRow('TOTAL (micro)', [...byLanguage.keys()].join('+'), total));
  console.log('Commitment sentences: gold vs predicted (match = overlap > half the shorter)');
  console.log(
    'deadl. = exact deadlines / matched gold sentences; actor..dl = share of predicted commitments with that attribute\n',
  );
  console.log(formatTable(rows));

  const errors = runs.filter((run) => run.error !== null);
  const distinct = new Set(errors.map((run) => run.error));
  if (errors.length > 1 && errors.length === runs.length && distinct.size === 1) {
    console.log(`\nError (all documents): ${errors[0]?.error ?? ''}`);
  } else if (errors.length > 0) {
    console.log('\nErrors:');
    for (const run of errors) console.log(`  ${run.score.name}: ${run.error}`);
  }
  const unlocated = scores.filter((s) => s.unlocated.length > 0);
  for (const s of unlocated) {
    console.log(`\n${s.name}: ${s.unlocated.length} gold sentence(s) not found in the text:`);
    for (const text of s.unlocated) console.log(`  - ${truncate(text)}`);
  }

  const mismatches = scores.flatMap((s) =>
    s.deadlines.mismatches.map((mismatch) => ({ name: s.name, mismatch })),
  );
  if (mismatches.length > 0) {
    console.log(`\nDeadline mismatches (${mismatches.length}):`);
    for (const { name, mismatch } of mismatches) {
      const show = (d: { date: string | null; precision: string | null; phrase: string | null }) =>
        d.phrase === null && d.date === null
          ? 'none'
          : `${d.date ?? 'null'}/${d.precision ?? 'null'} "${d.phrase ?? ''}"`;
      console.log(`  [${truncate(name, 30)}] ${truncate(mismatch.sentence)}`);
      console.log(`      gold ${show(mismatch.gold)}  predicted ${show(mismatch.predicted)}`);
    }
  }

  const detailed = process.argv.includes('--all')
    ? scores
    : scores.filter((s) => s.name.includes(ACCORD_MARK));
  for (const accord of detailed) {
    console.log(`\n${accord.name}: missed gold sentences (FN ${accord.falseNegatives.length}):`);
    for (const text of accord.falseNegatives) console.log(`  - ${truncate(text)}`);
    console.log(
      `\n${accord.name}: predicted sentences matching no gold (FP ${accord.falsePositives.length}):`,
    );
    for (const text of accord.falsePositives) console.log(`  + ${truncate(text)}`);
  }
  const time = runs.reduce((sum, run) => sum + run.milliseconds, 0);
  console.log(`\nextraction time: ${Math.round(time)} ms for ${runs.length} documents`);
  console.log(
    strict.passed
      ? 'strict gate: pass'
      : `strict gate: FAIL (${strict.reasons.join('; ')})${process.argv.includes('--strict') ? '' : ' [informative; use --strict to enforce]'}`,
  );
}

async function main(): Promise<number> {
  const args = new Set(process.argv.slice(2));
  const asJson = args.has('--json');
  const enforce = args.has('--strict');
  const golds = loadGoldFolder(join(evalDir, 'gold'));
  const extract = await loadExtractor();
  const runs = golds.map((loaded) => runDocument(loaded, extract));
  const scores = runs.map((run) => run.score);
  const total = totalScore(scores);
  const strict = strictCheck(scores, (s) => s.name.includes(ACCORD_MARK));
  if (asJson) {
    const documents = runs.map((run) => ({
      ...run.score,
      file: run.file,
      error: run.error,
      milliseconds: Math.round(run.milliseconds),
    }));
    const byLanguage = Object.fromEntries(languageTotals(scores));
    const evidence = evidenceJson(evaluateEvidence());
    console.log(JSON.stringify({ documents, byLanguage, total, strict, evidence }, null, 2));
  } else {
    printReport(runs, total, strict);
    printEvidenceReport(evaluateEvidence());
  }
  return enforce && !strict.passed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Not a score: the evaluation itself could not run (e.g. an invalid gold file).
    console.error(`eval failed: ${message(error)}`);
    process.exitCode = 2;
  },
);
