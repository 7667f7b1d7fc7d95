import { describe, expect, it } from 'vitest';
import { calendarDay, daysOverdue, isOverdue } from './overdue.ts';
import type { Status } from './status.ts';

const item = (deadline: string | null, status: Status | null = 'in_progress') => ({
  deadline,
  status,
});

describe('isOverdue', () => {
  it('is true once the deadline is strictly before today and nothing is achieved', () => {
    expect(isOverdue(item('2024-06-30'), '2024-07-01')).toBe(true);
    expect(isOverdue(item('2024-06-30', null), '2025-01-01')).toBe(true);
    expect(isOverdue(item('2024-06-30', 'off_track'), '2025-01-01')).toBe(true);
  });

  it('is false on the deadline day itself', () => {
    expect(isOverdue(item('2024-06-30'), '2024-06-30')).toBe(false);
  });

  it('is false before the deadline', () => {
    expect(isOverdue(item('2024-06-30'), '2024-01-01')).toBe(false);
  });

  it('is false once achieved, superseded or not applicable', () => {
    for (const s of ['achieved', 'superseded', 'not_applicable'] as const) {
      expect(isOverdue(item('2020-01-01', s), '2024-01-01')).toBe(false);
    }
  });

  it('is false without a deadline or with an invalid date', () => {
    expect(isOverdue(item(null), '2024-01-01')).toBe(false);
    expect(isOverdue(item('2023-02-30'), '2024-01-01')).toBe(false);
    expect(isOverdue(item('soon'), '2024-01-01')).toBe(false);
    expect(isOverdue(item('2020-01-01'), 'today')).toBe(false);
  });
});

describe('daysOverdue', () => {
  it('counts whole days from the deadline to today, across months and leap days', () => {
    expect(daysOverdue(item('2024-06-30'), '2024-07-10')).toBe(10);
    expect(daysOverdue(item('2024-02-28'), '2024-03-01')).toBe(2);
  });

  it('is 0 when not overdue, including on the deadline day', () => {
    expect(daysOverdue(item('2024-06-30'), '2024-06-30')).toBe(0);
    expect(daysOverdue(item('2024-06-30', 'achieved'), '2024-12-31')).toBe(0);
  });
});

describe('calendarDay', () => {
  it('reads the day a date or a timestamp starts with', () => {
    expect(calendarDay('2024-03-01')).toBe('2024-03-01');
    expect(calendarDay('2024-03-01T23:59:59Z')).toBe('2024-03-01');
  });

  it('gives null for days that do not exist or for non-dates', () => {
    for (const x of ['2023-02-29', '2024-13-01', '24-03-01', '', null, 20240301]) {
      expect(calendarDay(x)).toBeNull();
    }
  });
});
