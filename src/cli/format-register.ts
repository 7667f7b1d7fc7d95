import type { Register } from '../core/extract-register.ts';
import { csvLine } from '../core/format/csv.ts';

const csvHeader = [
  'id',
  'section',
  'text',
  'start',
  'end',
  'deadline_date',
  'deadline_precision',
  'deadline_phrase',
  'actors',
  'instruments',
  'targets',
  'topics',
  'strength',
  'kind',
];

/** The register as CSV, one commitment a row; list attributes joined with "; ". */
export function registerCsv(register: Register): string {
  const rows = register.commitments.map((c) =>
    csvLine([
      c.id,
      c.section,
      c.text,
      c.span.start,
      c.span.end,
      c.deadline?.date,
      c.deadline?.precision,
      c.deadline?.phrase,
      c.actors.map((a) => a.value).join('; '),
      c.instruments.map((a) => a.value).join('; '),
      c.targets.map((a) => a.value).join('; '),
      c.topics.join('; '),
      c.strength,
      c.kind,
    ]),
  );
  return [csvLine(csvHeader), ...rows].join('\n') + '\n';
}

/** The register as an aligned table for a terminal of `width` columns, the text wrapped. */
export function registerTable(register: Register, width = 120): string {
  const { accord, commitments } = register;
  const head = [
    accord.title ?? '(untitled agreement)',
    [
      accord.signed ? `signed ${accord.signed}` : 'signing date unknown (give --signed)',
      accord.parties.length ? `parties ${accord.parties.join(', ')}` : 'parties unknown',
      `language ${accord.language}`,
      `${commitments.length} commitment${commitments.length === 1 ? '' : 's'}`,
    ].join(' · '),
  ];
  const columns = [
    { title: 'SECTION', get: (i: number) => commitments[i]!.section },
    { title: 'DEADLINE', get: (i: number) => deadlineCell(register, i) },
    { title: 'STRENGTH', get: (i: number) => commitments[i]!.strength },
    { title: 'KIND', get: (i: number) => commitments[i]!.kind.replace('_', ' ') },
  ];
  const widths = columns.map((col) =>
    Math.min(
      24,
      Math.max(col.title.length, ...commitments.map((_, i) => displayWidth(col.get(i)))),
    ),
  );
  const fixed = widths.reduce((a, b) => a + b + 2, 0);
  const textWidth = Math.max(30, width - fixed);
  const lines = [...head, ''];
  lines.push([...columns.map((c, k) => pad(c.title, widths[k]!)), 'COMMITMENT'].join('  '));
  commitments.forEach((c, i) => {
    const wrapped = wrap(c.text.replace(/\s+/g, ' '), textWidth);
    wrapped.forEach((line, n) => {
      const cells = columns.map((col, k) => pad(n === 0 ? col.get(i) : '', widths[k]!));
      lines.push([...cells, line].join('  ').trimEnd());
    });
  });
  return lines.join('\n') + '\n';
}

function deadlineCell(register: Register, i: number): string {
  const d = register.commitments[i]!.deadline;
  if (!d) return '';
  return d.date ?? `(${d.phrase})`.slice(0, 24);
}

function pad(s: string, width: number): string {
  const w = displayWidth(s);
  return w >= width ? s : s + ' '.repeat(width - w);
}

/** Wraps text at spaces (or anywhere, for Japanese) to lines of at most `width` columns. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const tokens = text.match(/\S+\s*|\s+/g) ?? [];
  for (const token of tokens.flatMap((t) => (displayWidth(t) > width ? [...t] : [t]))) {
    if (displayWidth(line + token.trimEnd()) > width && line) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += token;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines.length ? lines : [''];
}

/** Terminal columns of a string: East Asian wide characters take two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w +=
      /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}
