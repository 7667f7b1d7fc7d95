import { createReadStream, createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { DomainError } from '../core/domain-error.ts';
import { genesisHash, verifyEventChain } from './event-log.ts';
import { listMigrations } from './migrate.ts';
import type { Database } from './open-database.ts';
import type { Schema } from './schema.ts';

/** The first line's `format`, and the version of the file layout this code writes and reads. */
export const backupFormat = 'accord-backup';
export const backupVersion = 1;

/**
 * Tables in foreign-key order (a table only refers to tables before it, except columns that are
 * restored in a second pass, such as agreements.current_version_id). Tables a later migration adds
 * and that this list lacks go after it, by name.
 */
export const backupTableOrder = [
  'users',
  'sessions',
  'api_tokens',
  'agreements',
  'agreement_parties',
  'agreement_versions',
  'sections',
  'commitments',
  'evidence',
  'evidence_commitments',
  'cycles',
  'assessments',
  'events',
] as const;

const excludedTables = new Set(['schema_migrations']);
const maxPageRows = 5000;
const minPageRows = 50;
// A page of rows is read, serialized and written at once: about this many bytes at most.
const pageBytes = 16 * 1024 * 1024;
const insertRows = 500;
const insertBytes = 8 * 1024 * 1024;
const maxLineChars = 256 * 1024 * 1024;
const maxHeaderChars = 64 * 1024;

export interface BackupOptions {
  /** Called after each page of rows, with the rows of that table so far. */
  onProgress?: (table: string, rows: number) => void;
}

export interface BackupResult {
  /** Rows written (or restored) per table. */
  tables: Record<string, number>;
}

export interface RestoreResult extends BackupResult {
  /** The hash of the last event, verified after the restore. */
  lastEventHash: string;
}

export interface BackupHeader {
  format: typeof backupFormat;
  version: number;
  schemaVersion: number;
  createdAt: string;
  engine?: string;
}

type Row = Record<string, unknown>;

interface Column {
  name: string;
  /** The SQL type, as `format_type` spells it: usable in a cast. */
  type: string;
  typname: string;
  category: string;
  generated: boolean;
  notNull: boolean;
  /** The sequence that fills this column, if any (bigserial). */
  sequence: string | null;
}

interface Table {
  name: string;
  columns: Column[];
  byName: Map<string, Column>;
  primaryKey: Column[];
  /** Nullable columns referring to this table or a later one: set in a second pass. */
  deferred: Column[];
}

/**
 * Writes a portable backup: gzip-compressed JSON Lines (a header, one line per row in foreign-key
 * order, then an end line with the counts and the last event's hash). Reads one consistent
 * snapshot, in keyset pages, so that memory stays flat however large the tables.
 *
 * @example await backupDatabase(database, 'accord-2025-01-31.jsonl.gz')
 */
export async function backupDatabase(
  database: Database,
  out: NodeJS.WritableStream | string,
  options: BackupOptions = {},
): Promise<BackupResult> {
  const partial = typeof out === 'string' ? `${out}.partial-${process.pid}` : null;
  const file = partial === null ? null : createWriteStream(partial);
  const destination: NodeJS.WritableStream = file ?? (out as NodeJS.WritableStream);
  const counts: Record<string, number> = {};
  try {
    await database.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (tx) => {
        const tables = await readCatalog(tx);
        const schemaVersion = await appliedSchemaVersion(tx);
        await pipeline(
          chunked(backupLines(tx, tables, schemaVersion, database.kind, counts, options)),
          createGzip(),
          destination,
        );
      });
    if (partial !== null && typeof out === 'string') await rename(partial, out);
  } catch (error) {
    file?.destroy();
    if (partial !== null) await unlink(partial).catch(() => undefined);
    throw error;
  }
  return { tables: counts };
}

async function* backupLines(
  db: Kysely<Schema>,
  tables: Table[],
  schemaVersion: number,
  engine: string,
  counts: Record<string, number>,
  options: BackupOptions,
): AsyncGenerator<string> {
  const header: BackupHeader = {
    format: backupFormat,
    version: backupVersion,
    schemaVersion,
    createdAt: new Date().toISOString(),
    engine,
  };
  yield `${JSON.stringify(header)}\n`;
  let lastEventHash = genesisHash;
  for (const table of tables) {
    counts[table.name] = 0;
    const readable = table.columns.filter((c) => !c.generated);
    const select = readable.map((c) => `${readExpression(c)} AS ${quote(c.name)}`).join(', ');
    // Qualified: the output columns carry the same names, converted (an id as text sorts "10" < "9").
    const order = table.primaryKey.map((c) => `t.${quote(c.name)}`).join(', ');
    const keys = `(${order})`;
    let after: unknown[] | null = null;
    let limit = 1000;
    for (;;) {
      const params: unknown[] = [];
      let where = '';
      if (after !== null) {
        const placeholders = table.primaryKey.map((c, i) => {
          params.push(toParameter(c, after![i]));
          return `$${params.length}::${c.type}`;
        });
        where = ` WHERE ${keys} > (${placeholders.join(', ')})`;
      }
      params.push(limit);
      const text = `SELECT ${select} FROM ${quote(table.name)} AS t${where} ORDER BY ${order} LIMIT $${params.length}`;
      const { rows } = await db.executeQuery<Row>(CompiledQuery.raw(text, params));
      let bytes = 0;
      for (const row of rows) {
        const line = `${JSON.stringify({ table: table.name, row })}\n`;
        bytes += line.length;
        yield line;
      }
      counts[table.name]! += rows.length;
      options.onProgress?.(table.name, counts[table.name]!);
      const last = rows.at(-1);
      if (table.name === 'events' && last !== undefined) lastEventHash = String(last.hash);
      if (rows.length < limit || last === undefined) break;
      after = table.primaryKey.map((c) => last[c.name]);
      // Fewer rows a page when rows are large (agreement texts), so that a page stays small.
      const perRow = Math.max(1, bytes / rows.length);
      limit = Math.max(minPageRows, Math.min(maxPageRows, Math.floor(pageBytes / perRow)));
    }
  }
  yield `${JSON.stringify({ end: true, counts, lastEventHash })}\n`;
}

/** Joins small lines into chunks of about 64 KB, so that gzip gets fewer, larger writes. */
async function* chunked(lines: AsyncIterable<string>): AsyncGenerator<string> {
  let buffer = '';
  for await (const line of lines) {
    buffer += line;
    if (buffer.length >= 65_536) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

/**
 * Restores a backup into an empty database (PGlite or PostgreSQL, whichever wrote it), in one
 * transaction: a truncated, altered or foreign file leaves the database as it was. Ids are kept;
 * sequences then continue after the largest id; the event chain is verified before committing.
 *
 * @throws DomainError `restore_target_not_empty` when the database holds data,
 *   `invalid_backup` when the file is not a complete backup this code can read.
 */
export async function restoreDatabase(
  database: Database,
  input: NodeJS.ReadableStream | string,
  options: BackupOptions = {},
): Promise<RestoreResult> {
  const label = typeof input === 'string' ? input : 'backup';
  const invalid = (reason: string, details?: Record<string, unknown>) =>
    new DomainError('invalid_backup', `${label}: ${reason}; nothing was restored`, details);
  const source = typeof input === 'string' ? createReadStream(input) : input;
  const lines = readLines(source, invalid)[Symbol.asyncIterator]();
  try {
    const first = await lines.next();
    const header = first.done ? null : parseJson(first.value.text, first.value.number, invalid);
    const codeVersion = Math.max(0, ...listMigrations().map((m) => m.version));
    checkHeader(header, codeVersion, invalid);

    return await database.db.transaction().execute(async (tx) => {
      const catalog = await readCatalog(tx);
      const tables = new Map(catalog.map((t) => [t.name, t]));
      const held: string[] = [];
      for (const table of catalog) {
        const { rows } = await tx.executeQuery<{ n: string }>(
          CompiledQuery.raw(
            `SELECT count(*)::text AS n FROM (SELECT 1 FROM ${quote(table.name)} LIMIT 1) s`,
          ),
        );
        if (rows[0]?.n !== '0') held.push(table.name);
      }
      if (held.length > 0) {
        throw new DomainError(
          'restore_target_not_empty',
          `the target database already holds data (${held.join(', ')}): restore only into a new, empty database`,
          { tables: held },
        );
      }
      const targetVersion = await appliedSchemaVersion(tx);
      if (header.schemaVersion > targetVersion) {
        throw invalid(
          `the backup is of schema version ${header.schemaVersion}, the database of ${targetVersion}: migrate it first`,
        );
      }

      const seen: Record<string, number> = {};
      const deferred = new Map<Table, unknown[][]>();
      let batch: {
        table: Table;
        columns: Column[];
        key: string;
        rows: unknown[][];
        bytes: number;
      } | null = null;
      const flush = async () => {
        if (batch === null || batch.rows.length === 0) return;
        await insertBatch(tx, batch.table, batch.columns, batch.rows);
        options.onProgress?.(batch.table.name, seen[batch.table.name] ?? 0);
        batch = null;
      };
      let end: Row | null = null;
      for (;;) {
        const next = await lines.next();
        if (next.done) break;
        const { text, number } = next.value;
        if (text === '') continue;
        if (end !== null) throw invalid(`line ${number} follows the end line`);
        const line = parseJson(text, number, invalid);
        if (line.end === true) {
          end = line;
          continue;
        }
        const name = line.table;
        const row = line.row;
        if (typeof name !== 'string' || !isObject(row)) {
          throw invalid(`line ${number} is neither a row nor the end line`);
        }
        const table = tables.get(name);
        if (table === undefined)
          throw invalid(`line ${number} is a row of table "${name}", which this database lacks`);
        const columns: Column[] = [];
        for (const key of Object.keys(row)) {
          const column = table.byName.get(key);
          if (column === undefined)
            throw invalid(`line ${number}: this database has no column ${name}.${key}`);
          if (!column.generated) columns.push(column);
        }
        const values = columns.map((c) =>
          toParameter(c, table.deferred.includes(c) ? null : row[c.name], invalid, number),
        );
        if (table.deferred.some((c) => row[c.name] !== null && row[c.name] !== undefined)) {
          const list = deferred.get(table) ?? [];
          list.push([
            ...table.primaryKey.map((c) => toParameter(c, row[c.name], invalid, number)),
            ...table.deferred.map((c) => toParameter(c, row[c.name], invalid, number)),
          ]);
          deferred.set(table, list);
        }
        const key = `${name}:${columns.map((c) => c.name).join(',')}`;
        const current = batch as { key: string } | null;
        if (current === null || current.key !== key) {
          await flush();
          batch = { table, columns, key, rows: [], bytes: 0 };
        }
        batch!.rows.push(values);
        batch!.bytes += text.length;
        seen[name] = (seen[name] ?? 0) + 1;
        if (batch!.rows.length >= insertRows || batch!.bytes >= insertBytes) await flush();
      }
      await flush();
      if (end === null) throw invalid('the backup is truncated (no end line)');

      for (const [table, rows] of deferred) await updateDeferred(tx, table, rows);
      await resetSequences(
        tx,
        catalog.filter((t) => t.name in seen),
      );

      const expected = end.counts;
      if (!isObject(expected)) throw invalid('the end line has no counts');
      for (const name of new Set([...Object.keys(expected), ...Object.keys(seen)])) {
        if (expected[name] !== (seen[name] ?? 0)) {
          throw invalid(
            `the end line counts ${String(expected[name])} rows of ${name}, the file holds ${seen[name] ?? 0}`,
          );
        }
      }
      for (const name of Object.keys(seen)) {
        const { rows } = await tx.executeQuery<{ n: string }>(
          CompiledQuery.raw(`SELECT count(*)::text AS n FROM ${quote(name)}`),
        );
        if (Number(rows[0]?.n) !== seen[name]) {
          throw invalid(
            `${name} holds ${rows[0]?.n} rows after the restore, the backup ${seen[name]}`,
          );
        }
      }
      const chain = await verifyEventChain(tx);
      if (!chain.ok)
        throw invalid(
          `the restored event log is broken at event ${chain.broken?.id}: ${chain.broken?.reason}`,
        );
      if (typeof end.lastEventHash === 'string' && end.lastEventHash !== chain.lastHash) {
        throw invalid('the last event is not the one the end line names');
      }
      return { tables: seen, lastEventHash: chain.lastHash };
    });
  } finally {
    await lines.return?.(undefined);
    if (typeof input === 'string' && 'destroy' in source)
      (source as NodeJS.ReadableStream & { destroy(): void }).destroy();
  }
}

function checkHeader(
  header: Row | null,
  codeVersion: number,
  invalid: (reason: string) => DomainError,
): asserts header is Row & BackupHeader {
  if (header === null || header.format !== backupFormat)
    throw invalid('not an Accord backup (the first line is not its header)');
  if (header.version !== backupVersion) {
    throw invalid(
      `backup format version ${String(header.version)} is not one this version reads (${backupVersion})`,
    );
  }
  const schemaVersion = header.schemaVersion;
  if (typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion) || schemaVersion < 0) {
    throw invalid('the header has no schema version');
  }
  if (schemaVersion > codeVersion) {
    throw invalid(
      `the backup is of schema version ${schemaVersion}, newer than this version knows (${codeVersion}): upgrade first`,
    );
  }
}

/** The lines of a gzip-compressed stream, numbered from 1; gzip and size errors become `invalid`. */
async function* readLines(
  source: NodeJS.ReadableStream,
  invalid: (reason: string) => DomainError,
): AsyncGenerator<{ text: string; number: number }> {
  const gunzip = createGunzip();
  source.on('error', (error: Error) => gunzip.destroy(error));
  source.pipe(gunzip);
  gunzip.setEncoding('utf8');
  let rest = '';
  let number = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<string>) {
      rest += chunk;
      let newline = rest.indexOf('\n');
      while (newline !== -1) {
        number++;
        const text = rest.slice(0, newline);
        rest = rest.slice(newline + 1);
        yield { text, number };
        newline = rest.indexOf('\n');
      }
      if (rest.length > (number === 0 ? maxHeaderChars : maxLineChars)) {
        throw invalid(
          number === 0 ? 'not an Accord backup (no header line)' : `line ${number + 1} is too long`,
        );
      }
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
      const truncated = code === 'Z_BUF_ERROR' || /unexpected end/i.test((error as Error).message);
      throw invalid(
        truncated
          ? 'the backup is truncated (the compressed data ends early)'
          : 'not a gzip-compressed Accord backup',
      );
    }
    throw error;
  } finally {
    gunzip.destroy();
  }
  if (rest !== '') yield { text: rest, number: number + 1 };
}

function parseJson(text: string, number: number, invalid: (reason: string) => DomainError): Row {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid(
      number === 1
        ? 'not an Accord backup (the first line is not JSON)'
        : `line ${number} is not JSON (truncated?)`,
    );
  }
  if (!isObject(value)) throw invalid(`line ${number} is not a JSON object`);
  return value;
}

function isObject(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function insertBatch(
  db: Kysely<Schema>,
  table: Table,
  columns: Column[],
  rows: unknown[][],
): Promise<void> {
  const params: unknown[] = [];
  const tuples = rows.map((values) => {
    const placeholders = values.map((value, i) => {
      params.push(value);
      return `$${params.length}::${columns[i]!.type}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  const names = columns.map((c) => quote(c.name)).join(', ');
  const text = `INSERT INTO ${quote(table.name)} (${names}) VALUES ${tuples.join(', ')}`;
  await db.executeQuery(CompiledQuery.raw(text, params));
}

/** Sets the columns left out in the first pass (agreements.current_version_id), 500 rows at a time. */
async function updateDeferred(db: Kysely<Schema>, table: Table, rows: unknown[][]): Promise<void> {
  const keys = table.primaryKey;
  const sets = table.deferred;
  const columns = [...keys, ...sets];
  const alias = columns.map((_, i) => `c${i}`);
  for (let start = 0; start < rows.length; start += insertRows) {
    const params: unknown[] = [];
    const tuples = rows.slice(start, start + insertRows).map((values) => {
      const placeholders = values.map((value, i) => {
        params.push(value);
        return `$${params.length}::${columns[i]!.type}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    const assignments = sets.map((c, i) => `${quote(c.name)} = v.c${keys.length + i}`).join(', ');
    const match = keys.map((c, i) => `t.${quote(c.name)} = v.c${i}`).join(' AND ');
    const text = `UPDATE ${quote(table.name)} AS t SET ${assignments} FROM (VALUES ${tuples.join(', ')}) AS v (${alias.join(', ')}) WHERE ${match}`;
    await db.executeQuery(CompiledQuery.raw(text, params));
  }
}

/** Each sequence continues after the largest id restored (or starts at 1). */
async function resetSequences(db: Kysely<Schema>, tables: Table[]): Promise<void> {
  for (const table of tables) {
    for (const column of table.columns) {
      if (column.sequence === null) continue;
      const text = `SELECT setval($1::regclass, COALESCE(max(${quote(column.name)}), 0) + 1, false) FROM ${quote(table.name)}`;
      await db.executeQuery(CompiledQuery.raw(text, [column.sequence]));
    }
  }
}

/** How a column is read for the file: the same JSON on both engines, without loss. */
function readExpression(column: Column): string {
  const name = `t.${quote(column.name)}`;
  if (column.category === 'A') return `to_jsonb(${name}::text[])`;
  switch (column.typname) {
    case 'timestamptz':
      return `to_char(${name} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
    case 'timestamp':
      return `to_char(${name}, 'YYYY-MM-DD"T"HH24:MI:SS.US')`;
    case 'date':
      return `to_char(${name}, 'YYYY-MM-DD')`;
    case 'json':
    case 'jsonb':
    case 'bool':
    case 'int2':
    case 'int4':
    case 'text':
    case 'varchar':
      return name;
    default:
      // int8 (ids beyond 2^53), numeric, and anything else: its text, cast back on restore.
      return `${name}::text`;
  }
}

/** A value from the file as a query parameter (text, cast to the column's type in the query). */
function toParameter(
  column: Column,
  value: unknown,
  invalid?: (reason: string) => DomainError,
  line?: number,
): string | null {
  if (value === null || value === undefined) {
    // JSON null in a NOT NULL json column is the JSON value null, not SQL NULL.
    return value === null &&
      column.notNull &&
      (column.typname === 'jsonb' || column.typname === 'json')
      ? 'null'
      : null;
  }
  if (column.typname === 'jsonb' || column.typname === 'json') return JSON.stringify(value);
  if (column.category === 'A') {
    if (!Array.isArray(value))
      throw invalid?.(`line ${line}: ${column.name} is not an array`) ?? new Error('not an array');
    return arrayLiteral(value);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw invalid?.(`line ${line}: ${column.name} holds an object`) ?? new Error('not a scalar');
}

/** A PostgreSQL array literal: `{"a","b\"c",NULL}`. */
function arrayLiteral(values: unknown[]): string {
  const items = values.map((v) => {
    if (v === null || v === undefined) return 'NULL';
    if (Array.isArray(v)) return arrayLiteral(v);
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    return `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  });
  return `{${items.join(',')}}`;
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

async function appliedSchemaVersion(db: Kysely<Schema>): Promise<number> {
  const row = await db
    .selectFrom('schema_migrations')
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}

/** The tables to back up, in foreign-key order, with their columns, primary keys and second-pass columns. */
async function readCatalog(db: Kysely<Schema>): Promise<Table[]> {
  const columns = await sql<{
    table: string;
    column: string;
    type: string;
    typname: string;
    category: string;
    generated: boolean;
    not_null: boolean;
    sequence: string | null;
  }>`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
      t.typname, t.typcategory::text AS category, a.attgenerated::text <> '' AS generated,
      a.attnotnull AS not_null, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS sequence
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_type t ON t.oid = a.atttypid
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`.execute(db);
  const keys = await sql<{ table: string; column: string }>`
    SELECT c.relname AS table, a.attname AS column
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k (attnum, ord)
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
    WHERE i.indisprimary AND n.nspname = current_schema()
    ORDER BY c.relname, k.ord`.execute(db);
  const references = await sql<{ table: string; column: string; references: string }>`
    SELECT c.relname AS table, a.attname AS column, r.relname AS references
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_class r ON r.oid = k.confrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    CROSS JOIN LATERAL unnest(k.conkey) AS col (attnum)
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = col.attnum
    WHERE k.contype = 'f' AND n.nspname = current_schema()`.execute(db);

  const tables = new Map<string, Table>();
  for (const c of columns.rows) {
    if (excludedTables.has(c.table)) continue;
    let table = tables.get(c.table);
    if (table === undefined) {
      table = { name: c.table, columns: [], byName: new Map(), primaryKey: [], deferred: [] };
      tables.set(c.table, table);
    }
    const column: Column = {
      name: c.column,
      type: c.type,
      typname: c.typname,
      category: c.category,
      generated: c.generated,
      notNull: c.not_null,
      sequence: c.sequence,
    };
    table.columns.push(column);
    table.byName.set(column.name, column);
  }
  for (const k of keys.rows) {
    const table = tables.get(k.table);
    const column = table?.byName.get(k.column);
    if (table && column) table.primaryKey.push(column);
  }
  const known: readonly string[] = backupTableOrder;
  const ordered = [
    ...known.flatMap((name) => tables.get(name) ?? []),
    ...[...tables.values()]
      .filter((t) => !known.includes(t.name))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
  ];
  const position = new Map(ordered.map((t, i) => [t.name, i]));
  for (const r of references.rows) {
    const table = tables.get(r.table);
    const column = table?.byName.get(r.column);
    if (!table || !column || column.notNull) continue;
    if (
      (position.get(r.references) ?? -1) >= (position.get(r.table) ?? 0) &&
      !table.deferred.includes(column)
    ) {
      table.deferred.push(column);
    }
  }
  for (const table of ordered) {
    if (table.primaryKey.length === 0)
      throw new Error(`backup: table ${table.name} has no primary key to read it in order`);
  }
  return ordered;
}
