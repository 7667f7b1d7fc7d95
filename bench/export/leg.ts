// One leg of the export benchmark, in a fresh process (node --expose-gc): fills an embedded
// database with one agreement of N commitments, then measures, each with its peak memory:
// the streamed CSV and XLSX exports, their full re-import check (planBulkUpdate, nothing to
// change), applying edited rows, and a baseline: the same rows read at once and written with a
// bare JSON.stringify and a joined CSV string. Prints one JSON line.
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { csvLine, parseCsv } from '../../src/core/format/csv.ts';
import { actorOf, createUser } from '../../src/services/accounts.ts';
import { systemActor } from '../../src/services/actor.ts';
import { openCycle } from '../../src/services/assessments.ts';
import {
  exportRegister,
  readCsvTable,
  readXlsxTable,
  writeRegisterCsv,
  writeRegisterXlsx,
  type RegisterExport,
} from '../../src/services/export-register.ts';
import { generatedAgreementText } from '../../src/services/export-test-data.ts';
import { importAgreement } from '../../src/services/import-agreement.ts';
import { applyBulkUpdate, planBulkUpdate } from '../../src/services/import-bulk.ts';
import { openDatabase } from '../../src/store/open-database.ts';

const rows = Number(process.argv[2] ?? 10_000);
const edits = Number(process.argv[3] ?? 500);
const dir = mkdtempSync(join(tmpdir(), 'bench-export-'));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

/**
 * Runs work, sampling memory: every 250 ms a forced GC, then the live JS heap (what the step
 * holds, not garbage V8 has not collected yet), and the RSS. Returns the time, the peak RSS and
 * the peak growth of the live heap above the start. RSS includes the embedded database's
 * WebAssembly memory, which never shrinks.
 */
async function measure<T>(work: (sample: () => void) => Promise<T>) {
  gc();
  const start = process.memoryUsage();
  let rss = start.rss;
  let heap = start.heapUsed;
  const sample = () => {
    gc();
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const timer = setInterval(sample, 250);
  const t0 = performance.now();
  const result = await work(sample);
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  gc();
  const m = process.memoryUsage();
  rss = Math.max(rss, m.rss);
  heap = Math.max(heap, m.heapUsed);
  return { result, seconds, rssMb: mb(rss), jsGrowthMb: mb(heap - start.heapUsed) };
}

async function toFile(path: string, work: (out: PassThrough) => Promise<number>) {
  const out = new PassThrough();
  const done = pipeline(out, createWriteStream(path));
  const n = await work(out);
  out.end();
  await done;
  return n;
}

const database = await openDatabase({ dataDir: join(dir, 'data') });
try {
  const t0 = performance.now();
  const { id } = await importAgreement(database, systemActor, {
    source: { text: generatedAgreementText(rows / 100, 100), format: 'text', hints: [] },
    signed: '2023-05-18',
    parties: ['GB', 'JP'],
  });
  await openCycle(database, systemActor, id, { name: 'first', cutoff: '2024-05-18' });
  const { user } = await createUser(database, systemActor, {
    email: 'analyst@example.org',
    role: 'analyst',
    password: 'a long bench password',
  });
  const analyst = actorOf(user);
  const fillSeconds = (performance.now() - t0) / 1000;
  const reader = { member: true };
  const csvPath = join(dir, 'register.csv');
  const xlsxPath = join(dir, 'register.xlsx');
  const register = (): Promise<RegisterExport> => exportRegister(database, id, reader);

  const csvExport = await measure(async () =>
    toFile(csvPath, async (out) => writeRegisterCsv(await register(), out)),
  );
  const xlsxExport = await measure(async () =>
    toFile(xlsxPath, async (out) => writeRegisterXlsx(await register(), out)),
  );
  const csvCheck = await measure(() =>
    planBulkUpdate(database, analyst, readCsvTable(createReadStream(csvPath))),
  );
  const xlsxCheck = await measure(async () =>
    planBulkUpdate(database, analyst, readXlsxTable(await readFile(xlsxPath))),
  );
  // Edited rows: a status for JP on every (rows / edits)-th commitment, applied through the services.
  const editedPath = join(dir, 'edited.csv');
  const every = Math.max(1, Math.floor(rows / edits));
  let header: string[] = [];
  const lines: string[] = [];
  for await (const r of parseCsv(createReadStream(csvPath, 'utf8') as AsyncIterable<string>)) {
    if (r.line === 1) header = r.fields;
    else if ((r.line - 1) % every === 0) r.fields[header.indexOf('status_JP')] = 'in_progress';
    lines.push(csvLine(r.fields));
  }
  writeFileSync(editedPath, lines.join('\r\n'));
  lines.length = 0;
  const apply = await measure(async () => {
    const plan = await planBulkUpdate(
      database,
      analyst,
      readCsvTable(createReadStream(editedPath)),
    );
    return applyBulkUpdate(database, analyst, plan);
  });
  // Baseline: the same rows, read at once and serialised at once.
  const baseline = await measure(async (sample) => {
    const all = await database.db
      .selectFrom('commitments')
      .selectAll()
      .where('agreement_id', '=', id)
      .orderBy('position')
      .execute();
    const json = JSON.stringify(all);
    writeFileSync(join(dir, 'baseline.json'), json);
    const csv = all
      .map((c) => csvLine([c.id, c.eid, c.section, c.text, c.deadline_date, c.strength, c.kind]))
      .join('\r\n');
    writeFileSync(join(dir, 'baseline.csv'), csv);
    sample(); // the rows and both strings are all alive here
    return all.length;
  });
  process.stdout.write(
    `${JSON.stringify({
      rows,
      fillSeconds,
      csvBytes: statSync(csvPath).size,
      xlsxBytes: statSync(xlsxPath).size,
      csvExport: { ...csvExport, result: csvExport.result },
      xlsxExport: { ...xlsxExport, result: xlsxExport.result },
      csvCheck: {
        ...csvCheck,
        result: {
          rows: csvCheck.result.rows,
          changes: csvCheck.result.changes.length,
          errors: csvCheck.result.errors.length,
        },
      },
      xlsxCheck: {
        ...xlsxCheck,
        result: {
          rows: xlsxCheck.result.rows,
          changes: xlsxCheck.result.changes.length,
          errors: xlsxCheck.result.errors.length,
        },
      },
      apply,
      baseline,
    })}\n`,
  );
} finally {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
