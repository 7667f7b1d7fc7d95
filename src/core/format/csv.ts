/**
 * Writes CSV (RFC 4180): fields with commas, quotes or line breaks are quoted. A field that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with an apostrophe; so is a
 * field that already starts with apostrophes before such a character, so that `unneutralise`
 * gives back exactly what was written.
 *
 * @example csvLine(['a', 'b,c', '=1+1']) // "a,\"b,c\",'=1+1"
 */
export function csvLine(fields: readonly (string | number | null | undefined)[]): string {
  return fields.map((f) => csvField(f)).join(',');
}

const formulaStart = /^'*[=+\-@\t\r]/;

function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && formulaStart.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Undoes the formula neutralisation of csvLine on a field read back: one leading apostrophe
 * before a formula character is dropped.
 *
 * @example unneutralise("'=1+1") // '=1+1'
 */
export function unneutralise(field: string): string {
  return field.startsWith("'") && formulaStart.test(field.slice(1)) ? field.slice(1) : field;
}

/** A CSV record and the line it started on (1-based), as parseCsv yields them. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Thrown for CSV that is not well formed (an unterminated quote, a stray quote). */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/**
 * Parses CSV (RFC 4180, LF or CRLF line ends, an optional BOM) from chunks of text as they
 * arrive, yielding one record at a time, so that memory stays flat however long the file is.
 * Empty lines are skipped. A field longer than `maxField` characters is refused.
 *
 * @example for await (const r of parseCsv(['a,"b\nc"\n'])) r.fields // ['a', 'b\nc']
 */
export async function* parseCsv(
  chunks: AsyncIterable<string> | Iterable<string>,
  options: { maxField?: number } = {},
): AsyncGenerator<CsvRecord> {
  const maxField = options.maxField ?? 1_000_000;
  let fields: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let afterQuote = false; // a quoted field just closed
  let line = 1;
  let recordLine = 1;
  let first = true;
  let pendingQuote = false; // a quote at the end of a chunk: closing, or the first of a pair
  let pendingCr = false;
  const endRecord = (): CsvRecord | null => {
    fields.push(field);
    const record = { line: recordLine, fields };
    fields = [];
    field = '';
    afterQuote = false;
    const empty = record.fields.length === 1 && record.fields[0] === '';
    return empty ? null : record;
  };
  for await (let chunk of chunks) {
    if (first) {
      chunk = chunk.replace(/^\uFEFF/, '');
      first = false;
    }
    let i = 0;
    if (pendingQuote) {
      pendingQuote = false;
      if (chunk[0] === '"') {
        field += '"';
        i = 1;
      } else {
        quoted = false;
        afterQuote = true;
      }
    }
    if (pendingCr) {
      pendingCr = false;
      if (chunk[0] === '\n') i = Math.max(i, 1);
    }
    for (; i < chunk.length; i++) {
      const ch = chunk[i]!;
      if (quoted) {
        if (ch === '"') {
          if (i + 1 === chunk.length) {
            pendingQuote = true;
          } else if (chunk[i + 1] === '"') {
            field += '"';
            i++;
          } else {
            quoted = false;
            afterQuote = true;
          }
        } else {
          if (ch === '\n') line++;
          field += ch;
          if (field.length > maxField)
            throw new CsvSyntaxError(`a field is longer than ${maxField} characters`, recordLine);
        }
        continue;
      }
      if (ch === ',') {
        fields.push(field);
        field = '';
        afterQuote = false;
      } else if (ch === '\n' || ch === '\r') {
        const record = endRecord();
        if (record) yield record;
        if (ch === '\r') {
          if (i + 1 === chunk.length) pendingCr = true;
          else if (chunk[i + 1] === '\n') i++;
        }
        line++;
        recordLine = line;
      } else if (ch === '"') {
        if (field !== '' || afterQuote)
          throw new CsvSyntaxError('a quote inside an unquoted field', line);
        quoted = true;
      } else {
        if (afterQuote) throw new CsvSyntaxError('text after a closing quote', line);
        field += ch;
        if (field.length > maxField)
          throw new CsvSyntaxError(`a field is longer than ${maxField} characters`, recordLine);
      }
    }
  }
  if (pendingQuote) {
    quoted = false;
    afterQuote = true;
  }
  if (quoted) throw new CsvSyntaxError('a quoted field is not closed', recordLine);
  if (field !== '' || fields.length > 0 || afterQuote) {
    const record = endRecord();
    if (record) yield record;
  }
}
