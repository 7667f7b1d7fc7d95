/**
 * Writes CSV (RFC 4180): fields with commas, quotes or line breaks are quoted. A field that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with an apostrophe.
 *
 * @example csvLine(['a', 'b,c', '=1+1']) // "a,\"b,c\",'=1+1"
 */
export function csvLine(fields: readonly (string | number | null | undefined)[]): string {
  return fields.map((f) => csvField(f)).join(',');
}

function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
