import type { Span } from '../text/span.ts';
import type { Deadline, DeadlinePrecision } from './commitment.ts';

const months = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const monthPattern =
  '(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.?';
const numberWords: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  eighteen: 18,
  twenty: 20,
  thirty: 30,
  a: 1,
  an: 1,
};
const countPattern =
  '(\\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|twenty|thirty|a|an)';
const unitPattern = '(days?|weeks?|months?|years?|decades?)';

interface Rule {
  pattern: RegExp;
  resolve: (
    m: RegExpExecArray,
    signed: SignedDate | null,
  ) => { date: string | null; precision: DeadlinePrecision | null } | 'skip';
}

interface SignedDate {
  year: number;
  month: number;
  day: number;
}

const vague = { date: null, precision: null } as const;

// Ordered: the first rule that matches at a position wins; longer phrasings come first.
const englishRules: Rule[] = [
  {
    // "by the end of the year", "by the end of this year", "by the end of next year", "by year-end"
    pattern:
      /\b(?:by|before|until|no later than) (?:the )?end of (?:(the|this|next) (year|decade)|(\d{4}))(?:,? at the latest)?|\bby (?:the )?(this |next )?year[- ]end\b|\bby end[- ](\d{4})\b/gi,
    resolve: (m, signed) => {
      const explicit = m[3] ?? m[5];
      if (explicit) return { date: `${explicit}-12-31`, precision: 'day' };
      if (!signed) return vague;
      const next = /next/i.test(m[1] ?? m[4] ?? '');
      if (/decade/i.test(m[2] ?? '')) {
        const end = Math.floor(signed.year / 10) * 10 + 9 + (next ? 10 : 0);
        return { date: `${end}-12-31`, precision: 'year' };
      }
      return { date: `${signed.year + (next ? 1 : 0)}-12-31`, precision: 'day' };
    },
  },
  {
    // "by the end of March 2024", "by end of June"
    pattern: new RegExp(
      `\\b(?:by|before|no later than) (?:the )?end of ${monthPattern}(?: (\\d{4}))?`,
      'gi',
    ),
    resolve: (m, signed) => monthEnd(m[1]!, m[2], signed),
  },
  {
    // "by 30 June 2024", "by June 30, 2024"
    pattern: new RegExp(
      `\\b(?:by|before|no later than|on) (?:(\\d{1,2}) ${monthPattern},? (\\d{4})|${monthPattern} (\\d{1,2}),? (\\d{4}))`,
      'gi',
    ),
    resolve: (m) => {
      const day = Number(m[1] ?? m[5]);
      const month = monthIndex(m[2] ?? m[4]!);
      const year = Number(m[3] ?? m[6]);
      if (month < 0 || day < 1 || day > daysIn(year, month)) return 'skip';
      return { date: iso(year, month, day), precision: 'day' };
    },
  },
  {
    // "by June 2024", "by mid-2025", "by the middle of 2025", "by summer 2024"
    pattern: new RegExp(
      `\\b(?:by|before|no later than) (?:${monthPattern} (\\d{4})|(?:the )?(mid|middle of|first half of|second half of)[- ]?(\\d{4}))`,
      'gi',
    ),
    resolve: (m, signed) => {
      if (m[1]) return monthEnd(m[1], m[2], signed);
      const year = Number(m[4]);
      if (/second/i.test(m[3]!)) return { date: `${year}-12-31`, precision: 'month' };
      return { date: `${year}-06-30`, precision: 'month' };
    },
  },
  {
    // "by 2050", "by 2050 at the latest", "no later than 2030", "before 2030". Not "by 2030 Agenda".
    // No `i` flag: it would make \p{Lu} match lowercase letters too.
    pattern:
      /\b([Bb]y|[Bb]efore|[Nn]o later than|[Uu]ntil|[Tt]hrough|[Uu]p to) (?:the year )?((?:19|20|21)\d{2})(?:\/\d{2,4})?(?!\s*(?:\p{Lu}|-\d|%))(?:,? at the latest)?/gu,
    resolve: (m) => {
      const year = Number(m[2]);
      if (/before/i.test(m[1]!)) return { date: `${year - 1}-12-31`, precision: 'year' };
      return { date: `${year}-12-31`, precision: 'year' };
    },
  },
  {
    // "within two years", "within 90 days", "within a year", "over the next five years"
    pattern: new RegExp(
      `\\b(?:within|in the next|over the next|during the next) (?:the next )?${countPattern} ${unitPattern}\\b`,
      'gi',
    ),
    resolve: (m, signed) => {
      if (!signed) return vague;
      const count = numberWords[m[1]!.toLowerCase()] ?? Number(m[1]);
      return { date: addPeriod(signed, count, m[2]!.toLowerCase()), precision: 'day' };
    },
  },
  {
    // "later this year", "this year", "next year", "in 2024" (a future year only)
    pattern:
      /\b(?:([Ll]ater|[Ee]arlier) )?([Tt]his|[Nn]ext) year\b|\b[Ii]n ((?:20|21)\d{2})\b(?!\s*\p{Lu})/gu,
    resolve: (m, signed) => {
      if (m[3]) {
        const year = Number(m[3]);
        if (!signed || year < signed.year) return 'skip';
        return { date: `${year}-12-31`, precision: 'year' };
      }
      if (!signed) return vague;
      return { date: `${signed.year + (/next/i.test(m[2]!) ? 1 : 0)}-12-31`, precision: 'year' };
    },
  },
  {
    // Vague: keep the phrase, no date.
    pattern:
      /\b(?:in the (?:coming|next few) (?:weeks|months|years)|at the earliest (?:possible )?(?:date|opportunity)|as (?:soon|early) as possible|in due course|in the near future|in the (?:near|medium|long) term|early next year|(?:by|in|before) (?:early|late) (?:next year|(?:19|20)\d{2})|by the time of the next [\p{L} ]{3,40}?(?:summit|meeting))\b/giu,
    resolve: () => vague,
  },
];

/**
 * Finds the first deadline in `text[start, end)` and resolves it against the signing date
 * (YYYY-MM-DD, optional): "by the end of the year" signed 2023-05-18 gives 2023-12-31 (day);
 * "by 2050" gives 2050-12-31 (year); "within two years" gives signing + 2 years; vague phrases
 * keep the phrase with a null date. A year that names a thing ("its 2022 Strategic Concept")
 * is not a deadline.
 *
 * @example findDeadline('Sign an MOC by the end of the year.', 0, 35, '2023-05-18')?.date // '2023-12-31'
 */
export function findDeadline(
  text: string,
  start: number,
  end: number,
  signed?: string | null,
): Deadline | null {
  const slice = text.slice(start, end);
  const signedDate = parseSigned(signed);
  let best: {
    index: number;
    length: number;
    value: { date: string | null; precision: DeadlinePrecision | null };
  } | null = null;
  for (const rule of englishRules) {
    rule.pattern.lastIndex = 0;
    for (let m = rule.pattern.exec(slice); m; m = rule.pattern.exec(slice)) {
      let value = rule.resolve(m, signedDate);
      if (value === 'skip') continue;
      // A date before the signing is history, not a deadline.
      if (value.date && signed && signedDate && value.date < signed) continue;
      let length = m[0].length;
      // "within six months of the date this MOU becomes operative": counted from an event the
      // text does not date, unless that event is the signing itself.
      const from = /^\s+(?:of|after|from|following)\s+[^,.;]{3,80}/.exec(
        slice.slice(m.index + length),
      );
      if (/^(?:within|in the next|over the next|during the next)/i.test(m[0]) && from) {
        length += from[0].length;
        if (!/\bsign(?:ing|ature|ed)\b/i.test(from[0])) value = vague;
      }
      if (!best || m.index < best.index) best = { index: m.index, length, value };
      break;
    }
  }
  const ja = findJapaneseDeadline(slice, signedDate);
  if (ja && (!best || ja.index < best.index)) best = ja;
  if (!best) return null;
  const span: Span = { start: start + best.index, end: start + best.index + best.length };
  return { ...best.value, phrase: text.slice(span.start, span.end), span };
}

function findJapaneseDeadline(
  slice: string,
  signed: SignedDate | null,
): {
  index: number;
  length: number;
  value: { date: string | null; precision: DeadlinePrecision | null };
} | null {
  const rules: [
    RegExp,
    (m: RegExpExecArray) => { date: string | null; precision: DeadlinePrecision | null } | 'skip',
  ][] = [
    [
      /(?:本年|今年)?(?:年内に|年末まで(?:に)?|本年中に|今年中に)/g,
      () => (signed ? { date: `${signed.year}-12-31`, precision: 'day' } : vague),
    ],
    [
      /(?:来年|翌年)(?:末まで(?:に)?|中に|内に)?/g,
      () => (signed ? { date: `${signed.year + 1}-12-31`, precision: 'year' } : vague),
    ],
    [
      /(\d{4})年(\d{1,2})月(\d{1,2})日(?:まで(?:に)?)/g,
      (m) => ({ date: iso(Number(m[1]), Number(m[2]) - 1, Number(m[3])), precision: 'day' }),
    ],
    [
      /(\d{4})年(\d{1,2})月(?:末)?まで(?:に)?/g,
      (m) => ({
        date: iso(Number(m[1]), Number(m[2]) - 1, daysIn(Number(m[1]), Number(m[2]) - 1)),
        precision: 'month',
      }),
    ],
    // Japanese fiscal years end on 31 March of the next calendar year.
    [
      /(\d{4})年度(?:末)?まで(?:に)?/g,
      (m) => ({ date: `${Number(m[1]) + 1}-03-31`, precision: 'day' }),
    ],
    [/(\d{4})年(?:末)?まで(?:に)?/g, (m) => ({ date: `${m[1]}-12-31`, precision: 'year' })],
    [
      /([0-9０-９]+|一|二|三|四|五|十)(年|か月|ヶ月|カ月)以内に/g,
      (m) => {
        if (!signed) return vague;
        const n = kanjiNumber(m[1]!);
        return { date: addPeriod(signed, n, m[2] === '年' ? 'years' : 'months'), precision: 'day' };
      },
    ],
    [/(?:今後数か月|近い将来|早期に|可能な限り早期に|速やかに)/g, () => vague],
  ];
  let best: {
    index: number;
    length: number;
    value: { date: string | null; precision: DeadlinePrecision | null };
  } | null = null;
  for (const [pattern, resolve] of rules) {
    pattern.lastIndex = 0;
    const m = pattern.exec(slice);
    if (!m) continue;
    const value = resolve(m);
    if (value === 'skip') continue;
    if (!best || m.index < best.index) best = { index: m.index, length: m[0].length, value };
  }
  return best;
}

/** Parses YYYY-MM-DD; returns null for absent or invalid dates. */
export function parseSigned(signed: string | null | undefined): SignedDate | null {
  if (!signed) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(signed);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]) - 1;
  const day = Number(m[3]);
  if (month < 0 || month > 11 || day < 1 || day > daysIn(year, month)) return null;
  return { year, month: month + 1, day };
}

function monthEnd(name: string, yearText: string | undefined, signed: SignedDate | null) {
  const month = monthIndex(name);
  let year = yearText ? Number(yearText) : null;
  if (year === null) {
    if (!signed) return vague;
    year = month + 1 >= signed.month ? signed.year : signed.year + 1;
  }
  return { date: iso(year, month, daysIn(year, month)), precision: 'month' as const };
}

function monthIndex(name: string): number {
  const lower = name.toLowerCase().replace(/\.$/, '');
  return months.findIndex((m) => m.startsWith(lower.slice(0, 3)));
}

function addPeriod(signed: SignedDate, count: number, unit: string): string {
  const u = unit.replace(/s$/, '');
  let { year, month, day } = signed;
  if (u === 'day' || u === 'week') {
    const d = new Date(Date.UTC(year, month - 1, day + count * (u === 'week' ? 7 : 1)));
    return d.toISOString().slice(0, 10);
  }
  const addMonths = u === 'month' ? count : u === 'year' ? count * 12 : count * 120;
  const total = month - 1 + addMonths;
  year += Math.floor(total / 12);
  month = (total % 12) + 1;
  day = Math.min(day, daysIn(year, month - 1));
  return iso(year, month - 1, day);
}

function kanjiNumber(s: string): number {
  const kanji: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 十: 10 };
  if (kanji[s]) return kanji[s];
  return Number(s.replace(/[０-９]/g, (c) => String(c.charCodeAt(0) - 0xff10)));
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
