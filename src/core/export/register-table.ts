import { scores, statuses, type Score, type Status } from '../tracking/status.ts';

/** The assessment a register export shows for one commitment and party. */
export interface ShownAssessment {
  id: string;
  cycleId: string;
  cycleName: string;
  status: string;
  score: number | null;
  rationale: string;
  evidence: string[];
  state: string;
}

/** One row of the register export: a commitment, its evidence links, and an assessment per party. */
export interface RegisterRow {
  agreementId: string;
  cycleId: string | null;
  commitment: {
    id: string;
    eid: string;
    section: string;
    text: string;
    deadlineDate: string | null;
    deadlinePrecision: string | null;
    deadlinePhrase: string | null;
    actors: string[];
    instruments: string[];
    targets: string[];
    topics: string[];
    strength: string;
    kind: string;
  };
  evidence: string[];
  parties: Record<string, ShownAssessment | null>;
}

/** The columns before the per-party ones; only `evidence` of these can be changed by a re-import. */
export const fixedColumns = [
  'agreement',
  'cycle',
  'commitment_id',
  'eid',
  'section',
  'text',
  'deadline',
  'deadline_precision',
  'deadline_phrase',
  'actors',
  'instruments',
  'targets',
  'topics',
  'strength',
  'kind',
  'evidence',
] as const;

/** Per-party columns, named `status_GB`; status, score, rationale and evidence can be changed. */
export const partyColumns = ['status', 'score', 'rationale', 'evidence', 'state', 'cycle'] as const;

const listSeparator = '; ';

/**
 * The header of the register table for the given parties.
 *
 * @example registerHeader(['GB']).slice(-6) // ['status_GB', 'score_GB', ...]
 */
export function registerHeader(parties: readonly string[]): string[] {
  return [...fixedColumns, ...parties.flatMap((p) => partyColumns.map((c) => `${c}_${p}`))];
}

/**
 * The cells of one row, in header order (numbers stay numbers, absent values are null).
 *
 * @example registerCells(row, ['GB'])[2] // the commitment id
 */
export function registerCells(
  row: RegisterRow,
  parties: readonly string[],
): (string | number | null)[] {
  const c = row.commitment;
  const cells: (string | number | null)[] = [
    row.agreementId,
    row.cycleId,
    c.id,
    c.eid,
    c.section,
    c.text,
    c.deadlineDate,
    c.deadlinePrecision,
    c.deadlinePhrase,
    c.actors.join(listSeparator),
    c.instruments.join(listSeparator),
    c.targets.join(listSeparator),
    c.topics.join(listSeparator),
    c.strength,
    c.kind,
    row.evidence.join(' '),
  ];
  for (const p of parties) {
    const a = row.parties[p] ?? null;
    cells.push(
      a?.status ?? null,
      a?.score ?? null,
      a?.rationale ?? null,
      a ? a.evidence.join(' ') : null,
      a?.state ?? null,
      a?.cycleName ?? null,
    );
  }
  return cells;
}

/**
 * Picks the assessment to show for a commitment and party: the one in the target cycle (any state
 * for members, approved for everyone else), else the latest approved one of an earlier cycle.
 * `assessments` are those of one commitment and party, oldest cycle first.
 */
export function shownAssessment<A extends { cycle_id: string; cutoff: string; state: string }>(
  assessments: readonly A[],
  target: { id: string; cutoff: string } | null,
  member: boolean,
): A | null {
  if (target === null) return null;
  const inTarget = assessments.find(
    (a) => a.cycle_id === target.id && (member || a.state === 'approved'),
  );
  if (inTarget) return inTarget;
  let latest: A | null = null;
  for (const a of assessments)
    if (a.state === 'approved' && a.cycle_id !== target.id && a.cutoff <= target.cutoff) latest = a;
  return latest;
}

/** The editable values of one party read back from a row. */
export interface PartyCells {
  status: Status | null;
  score: Score | null;
  rationale: string;
  evidence: string[];
}

/** A row read back from a re-imported table, or the problems that make it invalid. */
export interface ParsedRegisterRow {
  line: number;
  commitmentId: string;
  cycleId: string | null;
  evidence: string[];
  parties: Record<string, PartyCells>;
}

/** Where the columns of a re-imported table are; problems if it is not the export's layout. */
export interface RegisterLayout {
  parties: string[];
  index: Map<string, number>;
}

/**
 * Reads the header of a re-imported table: the fixed columns must all be there, and party columns
 * come in complete groups (`status_GB` ... `cycle_GB`).
 */
export function readRegisterHeader(header: readonly string[]): RegisterLayout | string {
  const index = new Map<string, number>();
  header.forEach((h, i) => index.set(h.trim(), i));
  const missing = ['commitment_id', 'evidence'].filter((c) => !index.has(c));
  if (missing.length > 0)
    return `the header lacks ${missing.join(', ')}: re-import a table exported by accord export`;
  const parties = [...index.keys()]
    .map((h) => /^status_([A-Z]{2})$/.exec(h)?.[1])
    .filter((p): p is string => p !== undefined);
  for (const p of parties)
    for (const c of ['score', 'rationale', 'evidence'])
      if (!index.has(`${c}_${p}`)) return `the header has status_${p} but no ${c}_${p}`;
  return { parties, index };
}

const idList = /^\s*(\d{1,18}(\s*[ ;,]\s*\d{1,18})*)?\s*$/;
const splitIds = (s: string): string[] =>
  s.trim() === '' ? [] : [...new Set(s.trim().split(/\s*[ ;,]\s*/))];

/**
 * Reads one data row of a re-imported table, returning the row or its problems (one string each,
 * naming the column).
 */
export function readRegisterRow(
  layout: RegisterLayout,
  fields: readonly string[],
  line: number,
): ParsedRegisterRow | { line: number; problems: string[] } {
  const cell = (name: string): string => {
    const i = layout.index.get(name);
    return i === undefined ? '' : (fields[i] ?? '');
  };
  const problems: string[] = [];
  const commitmentId = cell('commitment_id').trim();
  if (!/^\d{1,18}$/.test(commitmentId))
    problems.push(`commitment_id "${commitmentId}" is not an id`);
  const cycle = cell('cycle').trim();
  if (cycle !== '' && !/^\d{1,18}$/.test(cycle)) problems.push(`cycle "${cycle}" is not an id`);
  const evidenceCell = cell('evidence');
  if (!idList.test(evidenceCell)) problems.push(`evidence "${evidenceCell}" is not a list of ids`);
  const parties: Record<string, PartyCells> = {};
  for (const p of layout.parties) {
    const status = cell(`status_${p}`).trim();
    if (status !== '' && !(statuses as readonly string[]).includes(status))
      problems.push(`status_${p} "${status}" is not one of ${statuses.join(', ')}`);
    const scoreCell = cell(`score_${p}`).trim();
    const score = scoreCell === '' ? null : Number(scoreCell.replace(/^\+/, ''));
    if (score !== null && !(scores as readonly number[]).includes(score))
      problems.push(`score_${p} "${scoreCell}" is not -1, 0 or 1`);
    const ev = cell(`evidence_${p}`);
    if (!idList.test(ev)) problems.push(`evidence_${p} "${ev}" is not a list of ids`);
    parties[p] = {
      status: status === '' ? null : (status as Status),
      score: score as Score | null,
      rationale: cell(`rationale_${p}`),
      evidence: splitIds(ev),
    };
  }
  if (problems.length > 0) return { line, problems };
  return {
    line,
    commitmentId,
    cycleId: cycle === '' ? null : cycle,
    evidence: splitIds(evidenceCell),
    parties,
  };
}
