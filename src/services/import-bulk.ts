import { DomainError } from '../core/domain-error.ts';
import {
  readRegisterHeader,
  readRegisterRow,
  shownAssessment,
  type ParsedRegisterRow,
  type RegisterLayout,
} from '../core/export/register-table.ts';
import type { Score, Status } from '../core/tracking/status.ts';
import {
  assessmentsOf,
  commitmentsById,
  cyclesOf,
  evidenceLinksOf,
  existingEvidence,
  type ExportAssessment,
} from '../store/export-rows.ts';
import type { CycleRow } from '../store/schema.ts';
import { hasRole, type Actor } from './actor.ts';
import { draftAssessment, updateAssessment } from './assessments.ts';
import { requireRole } from './authorize.ts';
import type { TableRecords } from './export-register.ts';
import { linkEvidence } from './record-evidence.ts';
import type { Deps } from './tx.ts';

/** The values of an assessment that a re-import can change. */
export interface AssessmentValues {
  status: Status;
  score: Score | null;
  rationale: string;
  evidence: string[];
}

/** One change a bulk update makes, each through the normal services (and so the event log). */
export type BulkChange =
  | { kind: 'link'; line: number; commitmentId: string; evidenceId: string }
  | {
      kind: 'draft';
      line: number;
      commitmentId: string;
      party: string;
      before: AssessmentValues | null;
      after: AssessmentValues;
      /** The score is the status's default (an empty score cell with a changed status). */
      defaultScore: boolean;
    }
  | {
      kind: 'update';
      line: number;
      commitmentId: string;
      party: string;
      assessmentId: string;
      rowVersion: number;
      before: AssessmentValues;
      after: AssessmentValues;
      defaultScore: boolean;
    };

/** What a re-imported table would change, and the rows that make it invalid. */
export interface BulkPlan {
  agreementId: string | null;
  cycle: { id: string; name: string } | null;
  rows: number;
  changes: BulkChange[];
  errors: { line: number; problems: string[] }[];
}

const chunkSize = 1000;
const maxErrors = 200;

/**
 * Validates a re-imported register table row by row against the database and works out the
 * changes it asks for (statuses, scores, rationales and cited evidence per party; evidence links
 * per commitment), without changing anything. Rows are read and checked a chunk at a time; only
 * the changes and the problems are kept. Read-only columns (text, attributes) are ignored.
 */
export async function planBulkUpdate(
  deps: Deps,
  actor: Actor,
  records: TableRecords,
  options: { cycleId?: string | undefined } = {},
): Promise<BulkPlan> {
  requireRole(actor, 'analyst');
  const plan: BulkPlan = { agreementId: null, cycle: null, rows: 0, changes: [], errors: [] };
  let layout: RegisterLayout | null = null;
  let cycle: CycleRow | null = null;
  let parties: string[] = [];
  const seen = new Set<string>();
  let chunk: ParsedRegisterRow[] = [];
  const problem = (line: number, problems: string[]) => {
    if (plan.errors.length < maxErrors) plan.errors.push({ line, problems });
    else plan.errors.at(-1)!.problems.push('…');
  };

  const flush = async () => {
    const rows = chunk;
    chunk = [];
    if (rows.length === 0) return;
    const ids = [...new Set(rows.map((r) => r.commitmentId))];
    const commitments = new Map((await commitmentsById(deps.db, ids)).map((c) => [c.id, c]));
    if (plan.agreementId === null) {
      const first = rows.map((r) => commitments.get(r.commitmentId)).find(Boolean);
      if (first) {
        plan.agreementId = first.agreement_id;
        const agreementParties = await deps.db
          .selectFrom('agreement_parties')
          .select('code')
          .where('agreement_id', '=', first.agreement_id)
          .orderBy('position')
          .execute();
        parties = agreementParties.map((p) => p.code);
        const unknown = layout!.parties.filter((p) => !parties.includes(p));
        if (unknown.length > 0)
          throw new DomainError(
            'invalid_table',
            `the table has columns for ${unknown.join(', ')}, not parties to agreement ${first.agreement_id}`,
          );
        const cycles = await cyclesOf(deps.db, first.agreement_id);
        const wanted = options.cycleId ?? rows.find((r) => r.cycleId !== null)?.cycleId;
        cycle = wanted ? (cycles.find((c) => c.id === wanted) ?? null) : (cycles.at(-1) ?? null);
        if (wanted && !cycle)
          throw new DomainError(
            'cycle_not_found',
            `agreement ${first.agreement_id} has no cycle ${wanted}`,
          );
        plan.cycle = cycle && { id: cycle.id, name: cycle.name };
      }
    }
    const [links, assessments] = await Promise.all([
      evidenceLinksOf(deps.db, ids),
      assessmentsOf(deps.db, ids, false),
    ]);
    const cited = new Set<string>();
    for (const r of rows) {
      r.evidence.forEach((e) => cited.add(e));
      Object.values(r.parties).forEach((p) => p.evidence.forEach((e) => cited.add(e)));
    }
    const known = await existingEvidence(deps.db, [...cited]);
    const byPair = new Map<string, ExportAssessment[]>();
    for (const a of assessments) {
      const key = `${a.commitment_id}|${a.party}`;
      byPair.set(key, [...(byPair.get(key) ?? []), a]);
    }
    for (const row of rows) {
      const problems: string[] = [];
      const changes: BulkChange[] = [];
      const c = commitments.get(row.commitmentId);
      if (!c) problems.push(`no commitment ${row.commitmentId}`);
      else if (c.agreement_id !== plan.agreementId)
        problems.push(
          `commitment ${row.commitmentId} belongs to agreement ${c.agreement_id}, not ${plan.agreementId}`,
        );
      else if (c.state !== 'active') problems.push(`commitment ${row.commitmentId} is ${c.state}`);
      if (seen.has(row.commitmentId))
        problems.push(`commitment ${row.commitmentId} is listed twice`);
      seen.add(row.commitmentId);
      if (problems.length > 0) {
        problem(row.line, problems);
        continue;
      }
      const linked = links.get(row.commitmentId) ?? [];
      const removed = linked.filter((e) => !row.evidence.includes(e));
      if (removed.length > 0)
        problems.push(
          `evidence: an import only adds links; ${removed.join(', ')} would be removed (unlink them in the app)`,
        );
      for (const e of row.evidence) {
        if (!known.has(e)) problems.push(`evidence: no evidence ${e}`);
        else if (!linked.includes(e))
          changes.push({
            kind: 'link',
            line: row.line,
            commitmentId: row.commitmentId,
            evidenceId: e,
          });
      }
      for (const p of layout!.parties) {
        const cells = row.parties[p]!;
        const list = byPair.get(`${row.commitmentId}|${p}`) ?? [];
        const shown = shownAssessment(list, cycle, true);
        const target = cycle ? list.find((a) => a.cycle_id === cycle!.id) : undefined;
        const before: AssessmentValues | null = shown && {
          status: shown.status as Status,
          score: shown.score as Score | null,
          rationale: shown.rationale,
          evidence: shown.evidence_ids,
        };
        for (const e of cells.evidence)
          if (!known.has(e)) problems.push(`evidence_${p}: no evidence ${e}`);
        const statusChanged = cells.status !== (before?.status ?? null);
        const changed =
          statusChanged ||
          cells.score !== (before?.score ?? null) ||
          cells.rationale !== (before?.rationale ?? '') ||
          !sameSet(cells.evidence, before?.evidence ?? []);
        if (!changed) continue;
        if (cells.status === null) {
          problems.push(
            before
              ? `status_${p} is empty: an import cannot remove an assessment`
              : `status_${p} is empty: give a status with the score, rationale or evidence`,
          );
          continue;
        }
        if (!cycle) {
          problems.push(`agreement ${plan.agreementId} has no reporting cycle: open one first`);
          continue;
        }
        const defaultScore = statusChanged && cells.score === null;
        const after: AssessmentValues = {
          status: cells.status,
          score: cells.score,
          rationale: cells.rationale,
          evidence: cells.evidence,
        };
        if (target) {
          if (target.state !== 'draft' && target.state !== 'returned') {
            problems.push(
              `${p}: assessment ${target.id} in cycle "${cycle.name}" is ${target.state} and can no longer change`,
            );
            continue;
          }
          if (target.author_id !== actor.id && !hasRole(actor, 'reviewer')) {
            problems.push(`${p}: assessment ${target.id} is another analyst's draft`);
            continue;
          }
          changes.push({
            kind: 'update',
            line: row.line,
            commitmentId: row.commitmentId,
            party: p,
            assessmentId: target.id,
            rowVersion: target.row_version,
            before: {
              status: target.status as Status,
              score: target.score as Score | null,
              rationale: target.rationale,
              evidence: target.evidence_ids,
            },
            after,
            defaultScore,
          });
        } else {
          changes.push({
            kind: 'draft',
            line: row.line,
            commitmentId: row.commitmentId,
            party: p,
            before,
            after,
            defaultScore,
          });
        }
      }
      if (problems.length > 0) problem(row.line, problems);
      else plan.changes.push(...changes);
    }
  };

  for await (const record of records) {
    if (layout === null) {
      const read = readRegisterHeader(record.fields);
      if (typeof read === 'string') throw new DomainError('invalid_table', read);
      layout = read;
      continue;
    }
    plan.rows++;
    const parsed = readRegisterRow(layout, record.fields, record.line);
    if ('problems' in parsed) problem(parsed.line, parsed.problems);
    else chunk.push(parsed);
    if (chunk.length >= chunkSize) await flush();
  }
  await flush();
  plan.errors.sort((a, b) => a.line - b.line);
  if (layout === null) throw new DomainError('invalid_table', 'the table is empty: no header row');
  if (plan.agreementId === null && plan.errors.length === 0 && plan.rows > 0)
    throw new DomainError('invalid_table', 'no row names a commitment of this instance');
  return plan;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/**
 * Applies a plan made by planBulkUpdate, refusing it whole if any row was invalid. Each change
 * goes through the normal service (draftAssessment, updateAssessment, linkEvidence), so each is
 * checked again, authorised, and written with its event. Returns the number of changes applied.
 */
export async function applyBulkUpdate(deps: Deps, actor: Actor, plan: BulkPlan): Promise<number> {
  requireRole(actor, 'analyst');
  if (plan.errors.length > 0)
    throw new DomainError(
      'invalid_table',
      `nothing applied: ${plan.errors.length} row(s) are invalid, first at line ${plan.errors[0]!.line}: ${plan.errors[0]!.problems[0]}`,
    );
  let applied = 0;
  for (const change of plan.changes) {
    try {
      if (change.kind === 'link')
        await linkEvidence(deps, actor, change.evidenceId, change.commitmentId);
      else if (change.kind === 'draft')
        await draftAssessment(deps, actor, {
          commitmentId: change.commitmentId,
          party: change.party,
          cycleId: plan.cycle!.id,
          status: change.after.status,
          score: change.defaultScore ? undefined : change.after.score,
          rationale: change.after.rationale,
          evidenceIds: change.after.evidence,
        });
      else
        await updateAssessment(deps, actor, change.assessmentId, change.rowVersion, {
          status: change.after.status,
          score: change.defaultScore ? undefined : change.after.score,
          rationale: change.after.rationale,
          evidenceIds: change.after.evidence,
        });
      applied++;
    } catch (error) {
      if (error instanceof DomainError)
        throw new DomainError(
          error.code,
          `applied ${applied} of ${plan.changes.length} changes; line ${change.line} failed: ${error.message}`,
        );
      throw error;
    }
  }
  return applied;
}

/**
 * One line per change, for a dry run: what each row would change.
 *
 * @example describeChange({ kind: 'link', line: 3, commitmentId: '7', evidenceId: '2' }) // 'line 3: commitment 7: link evidence 2'
 */
export function describeChange(change: BulkChange): string {
  const head = `line ${change.line}: commitment ${change.commitmentId}`;
  if (change.kind === 'link') return `${head}: link evidence ${change.evidenceId}`;
  const diffs: string[] = [];
  const b = change.before;
  const a = change.after;
  const show = (v: unknown) => (v === null || v === undefined ? '—' : JSON.stringify(v));
  if (a.status !== b?.status) diffs.push(`status ${show(b?.status)} → ${show(a.status)}`);
  const score = change.defaultScore ? 'default' : a.score;
  if (change.defaultScore || a.score !== (b?.score ?? null))
    diffs.push(`score ${show(b?.score)} → ${show(score)}`);
  if (a.rationale !== (b?.rationale ?? ''))
    diffs.push(`rationale ${show(truncate(b?.rationale ?? ''))} → ${show(truncate(a.rationale))}`);
  if (!sameSet(a.evidence, b?.evidence ?? []))
    diffs.push(`evidence [${(b?.evidence ?? []).join(' ')}] → [${a.evidence.join(' ')}]`);
  const verb = change.kind === 'draft' ? 'new draft' : `edit draft ${change.assessmentId}`;
  return `${head} ${change.party}: ${verb}: ${diffs.join('; ')}`;
}

const truncate = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);
