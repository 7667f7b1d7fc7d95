import { describe, expect, it } from 'vitest';
import { findDeadline } from './deadlines.ts';

const signed = '2023-05-18';
const read = (text: string, s: string | null = signed) => {
  const d = findDeadline(text, 0, text.length, s);
  return d && { date: d.date, precision: d.precision, phrase: d.phrase };
};

describe('findDeadline (English)', () => {
  it('resolves "by the end of the year" to the signing year-end, to the day', () => {
    expect(read('through a MOC concerning critical minerals by the end of the year.')).toEqual({
      date: '2023-12-31',
      precision: 'day',
      phrase: 'by the end of the year',
    });
  });

  it('reads "by the end of the year at the latest" with its qualifier', () => {
    expect(read('develop, by the end of the year at the latest, the Partnership')?.date).toBe(
      '2023-12-31',
    );
  });

  it('resolves "by 2050" and "by 2050 at the latest" to the year-end, year precision', () => {
    expect(read('achieving net zero by 2050.')).toEqual({
      date: '2050-12-31',
      precision: 'year',
      phrase: 'by 2050',
    });
    expect(read('net-zero GHG emissions by 2050 at the latest, and')).toEqual({
      date: '2050-12-31',
      precision: 'year',
      phrase: 'by 2050 at the latest',
    });
  });

  it('adds a period to the signing date for "within two years"', () => {
    expect(read('conclude negotiations within two years.')).toMatchObject({
      date: '2025-05-18',
      precision: 'day',
    });
    expect(read('report within 90 days')).toMatchObject({ date: '2023-08-16', precision: 'day' });
    expect(read('within six months', '2023-08-31')).toMatchObject({ date: '2024-02-29' });
  });

  it('does not read a year that names a thing as a deadline', () => {
    expect(
      read('in keeping with NATO’s commitment in its 2022 Strategic Concept to strengthen'),
    ).toBeNull();
    expect(read('achievement of the 2030 Agenda for Sustainable Development')).toBeNull();
    expect(read('progress towards the SDGs by 2030 Agenda targets')).toBeNull();
  });

  it('reads explicit dates and months', () => {
    expect(read('by 30 June 2024')).toMatchObject({ date: '2024-06-30', precision: 'day' });
    expect(read('by June 30, 2024')).toMatchObject({ date: '2024-06-30', precision: 'day' });
    expect(read('by March 2025')).toMatchObject({ date: '2025-03-31', precision: 'month' });
    expect(read('by the end of March')).toMatchObject({ date: '2024-03-31', precision: 'month' });
    expect(read('by the end of 2025')).toMatchObject({ date: '2025-12-31', precision: 'day' });
    expect(read('by mid-2025')).toMatchObject({ date: '2025-06-30', precision: 'month' });
  });

  it('keeps vague phrases with no date', () => {
    expect(read('in the coming months')).toEqual({
      date: null,
      precision: null,
      phrase: 'in the coming months',
    });
    expect(read('at the earliest date')).toMatchObject({ date: null });
    expect(read('by early 2025')).toMatchObject({ date: null, phrase: 'by early 2025' });
  });

  it('treats future "in YEAR" and "next year" relative to signing, ignoring past years', () => {
    expect(read('hold the first meeting in 2024')).toMatchObject({
      date: '2024-12-31',
      precision: 'year',
    });
    expect(read('initiatives launched in 2021')).toBeNull();
    expect(read('convene next year')).toMatchObject({ date: '2024-12-31', precision: 'year' });
  });

  it('needs a signing date for relative phrases but keeps the phrase', () => {
    expect(read('by the end of the year', null)).toEqual({
      date: null,
      precision: null,
      phrase: 'by the end of the year',
    });
    expect(read('by 2030', null)).toMatchObject({ date: '2030-12-31' });
  });

  it('returns the first deadline in the text', () => {
    expect(read('by 2030, and net zero by 2050')?.phrase).toBe('by 2030');
  });
});

describe('findDeadline (Japanese)', () => {
  it('reads 年内に and 年末までに against the signing year', () => {
    expect(read('協力覚書を年内に署名する。')).toMatchObject({
      date: '2023-12-31',
      precision: 'day',
      phrase: '年内に',
    });
    expect(read('年末までに策定する')).toMatchObject({ date: '2023-12-31', precision: 'day' });
  });

  it('reads 2050年までに as a year deadline', () => {
    expect(read('2050年までにネット・ゼロを達成する')).toMatchObject({
      date: '2050-12-31',
      precision: 'year',
      phrase: '2050年までに',
    });
  });

  it('reads fiscal years and periods', () => {
    expect(read('2030年度までに')).toMatchObject({ date: '2031-03-31' });
    expect(read('2年以内に')).toMatchObject({ date: '2025-05-18' });
  });
});

describe('findDeadline edge cases', () => {
  it('does not take a date before the signing as a deadline', () => {
    expect(
      read('following our meeting on 3 March 2022, we will launch it', '2022-05-24'),
    ).toBeNull();
  });

  it('keeps a period counted from an undated event vague, and one counted from signing dated', () => {
    expect(
      read(
        'convene a group within six months of the date this MOU becomes operative.',
        '2025-09-18',
      ),
    ).toEqual({
      date: null,
      precision: null,
      phrase: 'within six months of the date this MOU becomes operative',
    });
    expect(read('within two years of the signing of this Accord', '2023-05-18')).toMatchObject({
      date: '2025-05-18',
    });
  });
});
