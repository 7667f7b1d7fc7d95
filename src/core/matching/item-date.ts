const months = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
] as const;
const monthName =
  '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const patterns: { re: RegExp; read: (m: RegExpExecArray) => [number, number, number] }[] = [
  { re: /\b(\d{4})-(\d{2})-(\d{2})\b/, read: (m) => [+m[1]!, +m[2]!, +m[3]!] },
  {
    re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${monthName},?\\s+(\\d{4})\\b`, 'i'),
    read: (m) => [+m[3]!, monthOf(m[2]!), +m[1]!],
  },
  {
    re: new RegExp(`\\b${monthName}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i'),
    read: (m) => [+m[3]!, monthOf(m[1]!), +m[2]!],
  },
  { re: /(\d{4})年(\d{1,2})月(\d{1,2})日/, read: (m) => [+m[1]!, +m[2]!, +m[3]!] },
];

function monthOf(name: string): number {
  return months.indexOf(name.slice(0, 3).toLowerCase() as (typeof months)[number]) + 1;
}

/**
 * The date an item gives near its start ("October 11, 2023", "Published 19 December 2023",
 * "2023年10月11日"), as YYYY-MM-DD, or null: only a full date in the first 600 characters counts.
 *
 * @example findItemDate('PRESS RELEASE October 11, 2023\n...') // '2023-10-11'
 */
export function findItemDate(text: string): string | null {
  const head = text.slice(0, 600);
  let best: { index: number; date: string } | null = null;
  for (const { re, read } of patterns) {
    const m = re.exec(head);
    if (!m) continue;
    const [y, mo, d] = read(m);
    if (!isValid(y, mo, d)) continue;
    if (!best || m.index < best.index) best = { index: m.index, date: iso(y, mo, d) };
  }
  return best?.date ?? null;
}

function isValid(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function iso(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A readable distance between two dates: "5 months", "3 weeks", "2 days", "1 year and 2 months".
 *
 * @example distance('2023-05-18', '2023-10-30') // '5 months'
 */
export function distance(from: string, to: string): string {
  const days = Math.abs(Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days < 14) return plural(Math.round(days), 'day');
  if (days < 60) return plural(Math.round(days / 7), 'week');
  const totalMonths = Math.round(days / 30.44);
  if (totalMonths < 12) return plural(totalMonths, 'month');
  const years = Math.floor(totalMonths / 12);
  const rest = totalMonths % 12;
  return rest ? `${plural(years, 'year')} and ${plural(rest, 'month')}` : plural(years, 'year');
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** Whether a string is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m !== null && isValid(+m[1]!, +m[2]!, +m[3]!);
}
