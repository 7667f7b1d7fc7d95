import type { Status } from './status.ts';

/** What deciding overdue needs: a deadline (YYYY-MM-DD) and the current status, if any. */
export interface DeadlineFact {
  deadline: string | null;
  status: Status | null;
}

const dayMs = 86_400_000;
const dayPattern = /^(\d{4})-(\d{2})-(\d{2})/;
// Statuses that stop the clock: the work is done or no longer asked of the party.
const settled: ReadonlySet<unknown> = new Set<Status>(['achieved', 'superseded', 'not_applicable']);

/**
 * Reads the calendar day (YYYY-MM-DD) a date or ISO timestamp starts with, or null when it names no real day.
 *
 * @example
 * calendarDay('2024-03-01T10:00:00Z'); // '2024-03-01'
 * calendarDay('2024-02-30'); // null
 * calendarDay(undefined); // null
 */
export function calendarDay(value: unknown): string | null {
  return epochDay(value) === null ? null : (value as string).slice(0, 10);
}

function epochDay(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = dayPattern.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  // Date.UTC rolls 02-30 over to March; a round trip catches days that do not exist.
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return null;
  }
  return Math.round(date.getTime() / dayMs);
}

/**
 * Tells whether a deadline has passed (strictly before today) without the item being achieved, superseded or not applicable; false on the deadline day itself and for missing or invalid dates.
 *
 * @example
 * isOverdue({ deadline: '2024-06-30', status: 'in_progress' }, '2024-07-01'); // true
 * isOverdue({ deadline: '2024-06-30', status: 'in_progress' }, '2024-06-30'); // false
 * isOverdue({ deadline: '2024-06-30', status: 'achieved' }, '2025-01-01'); // false
 */
export function isOverdue(item: DeadlineFact, today: string): boolean {
  return daysOverdue(item, today) > 0;
}

/**
 * Counts the whole days an item is overdue (today minus deadline), or 0 when it is not overdue.
 *
 * @example
 * daysOverdue({ deadline: '2024-06-30', status: null }, '2024-07-10'); // 10
 * daysOverdue({ deadline: '2024-06-30', status: 'achieved' }, '2024-07-10'); // 0
 */
export function daysOverdue(item: DeadlineFact, today: string): number {
  if (typeof item !== 'object' || item === null || settled.has(item.status)) return 0;
  const deadline = epochDay(item.deadline);
  const now = epochDay(today);
  if (deadline === null || now === null) return 0;
  return Math.max(0, now - deadline);
}
