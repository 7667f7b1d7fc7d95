import { once } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { DomainError } from '../core/domain-error.ts';
import {
  registerCells,
  registerHeader,
  shownAssessment,
  type RegisterRow,
  type ShownAssessment,
} from '../core/export/register-table.ts';
import { csvLine, parseCsv, unneutralise } from '../core/format/csv.ts';
import { checkZip, ZipError } from '../core/format/zip.ts';
import { findAgreement } from '../store/agreement.repository.ts';
import {
  activeCommitmentPage,
  assessmentsOf,
  cyclesOf,
  evidenceLinksOf,
  type ExportAssessment,
} from '../store/export-rows.ts';
import type { CycleRow } from '../store/schema.ts';
import type { Deps } from './tx.ts';

/** Who is reading: members see every assessment of the target cycle, others approved ones only. */
export interface Reader {
  member: boolean;
}

/** The register of an agreement as export rows, read a page at a time. */
export interface RegisterExport {
  agreementId: string;
  slug: string;
  parties: string[];
  cycle: CycleRow | null;
  rows: AsyncGenerator<RegisterRow>;
}

/**
 * The visible agreement, or agreement_not_found: private agreements are shown to members only.
 */
export async function visibleAgreement(deps: Deps, idOrSlug: string, reader: Reader) {
  const agreement = await findAgreement(deps.db, idOrSlug);
  if (!agreement || (agreement.private && !reader.member))
    throw new DomainError('agreement_not_found', `no agreement ${idOrSlug}`);
  return agreement;
}

/**
 * Reads an agreement's register for export: its active commitments in order, each with its
 * evidence links and, per party, the assessment of the target cycle (the latest cycle unless one
 * is given) or else the latest approved one before it. Anonymous readers get approved assessments
 * only. Rows are read `pageSize` at a time, so memory stays flat.
 */
export async function exportRegister(
  deps: Deps,
  idOrSlug: string,
  reader: Reader,
  options: { cycleId?: string | undefined; pageSize?: number } = {},
): Promise<RegisterExport> {
  const agreement = await visibleAgreement(deps, idOrSlug, reader);
  const cycles = await cyclesOf(deps.db, agreement.id);
  let cycle: CycleRow | null = cycles.at(-1) ?? null;
  if (options.cycleId !== undefined) {
    cycle = cycles.find((c) => c.id === options.cycleId) ?? null;
    if (!cycle)
      throw new DomainError(
        'cycle_not_found',
        `agreement ${agreement.id} has no cycle ${options.cycleId}`,
      );
  }
  const parties = agreement.parties.map((p) => p.code);
  const pageSize = options.pageSize ?? 1000;
  async function* rows(): AsyncGenerator<RegisterRow> {
    let after: { position: number; id: string } | null = null;
    for (;;) {
      const page = await activeCommitmentPage(deps.db, agreement.id, after, pageSize);
      if (page.length === 0) return;
      const ids = page.map((c) => c.id);
      const [links, assessments] = await Promise.all([
        evidenceLinksOf(deps.db, ids),
        assessmentsOf(deps.db, ids, !reader.member),
      ]);
      const byPair = new Map<string, ExportAssessment[]>();
      for (const a of assessments) {
        const key = `${a.commitment_id}|${a.party}`;
        const list = byPair.get(key);
        if (list) list.push(a);
        else byPair.set(key, [a]);
      }
      for (const c of page) {
        const shown: Record<string, ShownAssessment | null> = {};
        for (const p of parties) {
          const a = shownAssessment(byPair.get(`${c.id}|${p}`) ?? [], cycle, reader.member);
          shown[p] = a && {
            id: a.id,
            cycleId: a.cycle_id,
            cycleName: a.cycle_name,
            status: a.status,
            score: a.score,
            rationale: a.rationale,
            evidence: a.evidence_ids,
            state: a.state,
          };
        }
        yield {
          agreementId: agreement.id,
          cycleId: cycle?.id ?? null,
          commitment: {
            id: c.id,
            eid: c.eid,
            section: c.section,
            text: c.text,
            deadlineDate: c.deadline_date,
            deadlinePrecision: c.deadline_precision,
            deadlinePhrase: c.deadline_phrase,
            actors: c.actors.map((m) => m.value),
            instruments: c.instruments.map((m) => m.value),
            targets: c.targets.map((m) => m.value),
            topics: c.topics,
            strength: c.strength,
            kind: c.kind,
          },
          evidence: links.get(c.id) ?? [],
          parties: shown,
        };
      }
      const last = page.at(-1)!;
      after = { position: last.position, id: last.id };
      if (page.length < pageSize) return;
    }
  }
  return { agreementId: agreement.id, slug: agreement.slug, parties, cycle, rows: rows() };
}

async function write(out: Writable, chunk: string | Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/**
 * Writes the register as CSV (UTF-8 with a BOM, so that spreadsheets read it as UTF-8; CRLF line
 * ends; formula cells neutralised), streaming. Returns the number of rows.
 */
export async function writeRegisterCsv(register: RegisterExport, out: Writable): Promise<number> {
  await write(out, `\uFEFF${csvLine(registerHeader(register.parties))}\r\n`);
  let n = 0;
  let buffer = '';
  for await (const row of register.rows) {
    buffer += `${csvLine(registerCells(row, register.parties))}\r\n`;
    if (++n % 200 === 0) {
      await write(out, buffer);
      buffer = '';
    }
  }
  if (buffer) await write(out, buffer);
  return n;
}

/**
 * Writes the register as an XLSX workbook (one sheet "register", inline strings, streamed).
 * Returns the number of rows. Strings are written as text cells, never formulas.
 */
export async function writeRegisterXlsx(register: RegisterExport, out: Writable): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet('register');
  sheet.addRow(registerHeader(register.parties)).commit();
  let n = 0;
  for await (const row of register.rows) {
    sheet.addRow(registerCells(row, register.parties)).commit();
    // Let the zip stream drain: exceljs does not wait for it.
    if (++n % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  sheet.commit();
  await workbook.commit();
  return n;
}

/** A table read back for a bulk update: records of text cells with their line numbers. */
export type TableRecords =
  AsyncIterable<{ line: number; fields: string[] }> | Iterable<{ line: number; fields: string[] }>;

/** Reads CSV bytes (a Readable or chunks) as records; neutralised formula cells are given back. */
export async function* readCsvTable(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
): AsyncGenerator<{ line: number; fields: string[] }> {
  async function* text() {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    try {
      for await (const chunk of input)
        yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      yield decoder.decode();
    } catch (error) {
      if (error instanceof TypeError)
        throw new DomainError('bad_encoding', 'the CSV file is not UTF-8: save it as CSV UTF-8');
      throw error;
    }
  }
  try {
    for await (const record of parseCsv(text()))
      yield { line: record.line, fields: record.fields.map(unneutralise) };
  } catch (error) {
    if (error instanceof Error && error.name === 'CsvSyntaxError')
      throw new DomainError(
        'invalid_csv',
        `the CSV file is not well formed at line ${(error as Error & { line: number }).line}: ${error.message}`,
      );
    throw error;
  }
}

/** The largest XLSX accepted, before and after expansion. */
export const xlsxLimits = { maxBytes: 64 * 1024 * 1024, maxUncompressed: 512 * 1024 * 1024 };

/**
 * Reads the first sheet of an XLSX workbook as records of text cells. The zip is checked first
 * (declared and actual expanded sizes, ratios): a zip bomb is refused before exceljs opens it.
 */
export async function* readXlsxTable(
  bytes: Uint8Array,
): AsyncGenerator<{ line: number; fields: string[] }> {
  if (bytes.length > xlsxLimits.maxBytes)
    throw new DomainError(
      'too_large',
      `the workbook is over ${xlsxLimits.maxBytes / 1024 / 1024} MiB`,
    );
  try {
    await checkZip(bytes, { maxUncompressed: xlsxLimits.maxUncompressed });
  } catch (error) {
    if (error instanceof ZipError)
      throw new DomainError(
        error.code === 'zip_bomb' ? 'zip_bomb' : 'invalid_xlsx',
        `the workbook is refused: ${error.message}`,
      );
    throw error;
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = row.values as unknown[];
        const fields: string[] = [];
        for (let i = 1; i < values.length; i++) fields.push(cellText(values[i]));
        yield { line: row.number, fields };
      }
      return; // the first sheet only
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError(
      'invalid_xlsx',
      `the workbook cannot be read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if (typeof v.text === 'string') return v.text;
    if (v.result !== undefined) return cellText(v.result);
  }
  return '';
}
