import { describe, expect, it } from 'vitest';
import { accordText, readAgreementFixture } from '../../test/fixtures.ts';
import { extractRegister } from './extract-register.ts';

const accord = extractRegister(accordText(), { signed: '2023-05-18' });
const find = (start: string) => accord.commitments.find((c) => c.text.startsWith(start));

describe('extractRegister on the Hiroshima Accord', () => {
  it('reads the title, the parties and the language', () => {
    expect(accord.accord).toEqual({
      title: 'The Hiroshima Accord: An enhanced UK-Japan global strategic partnership',
      signed: '2023-05-18',
      parties: ['GB', 'JP'],
      language: 'en',
    });
  });

  it('traces every commitment to its exact words', () => {
    const text = accordText();
    for (const c of accord.commitments) {
      expect(text.slice(c.span.start, c.span.end)).toBe(c.text);
      expect(c.span.start).toBeGreaterThanOrEqual(c.sentence.start);
      expect(c.span.end).toBeLessThanOrEqual(c.sentence.end);
    }
    expect(new Set(accord.commitments.map((c) => c.id)).size).toBe(accord.commitments.length);
  });

  it('takes each item of a "we will:" list as a commitment of its section', () => {
    const c = find('Launch a Department for Business and Trade (DBT)');
    expect(c).toMatchObject({
      id: 'sec_2__item_1__sent_1',
      section: '2',
      kind: 'create_mechanism',
      strength: 'firm',
    });
  });

  it('resolves "by the end of the year" against the signing date', () => {
    expect(find('Support progress of critical minerals')?.deadline).toMatchObject({
      date: '2023-12-31',
      precision: 'day',
      phrase: 'by the end of the year',
    });
  });

  it('reads "by 2050 at the latest" to the year, and targets beside it', () => {
    const c = find('Commit to holistically addressing energy security')!;
    expect(c.deadline).toMatchObject({
      date: '2050-12-31',
      precision: 'year',
      phrase: 'by 2050 at the latest',
    });
    expect(c.targets.map((t) => t.value)).toContain('net-zero GHG emissions');
    expect(find('Maintain our commitment to keeping a limit')!.targets.map((t) => t.value)).toEqual(
      ['1.5oC', 'net zero'],
    );
  });

  it('does not read a year that names a thing as a deadline', () => {
    expect(
      find('We will further cooperate in keeping with NATO’s commitment')?.deadline,
    ).toBeNull();
  });

  it('leaves out calls on third parties, welcomes, recognitions and one party’s position', () => {
    const texts = accord.commitments.map((c) => c.text);
    for (const not of [
      'We call on China',
      'We welcome the progress',
      'We recognise the importance of semiconductors',
      'The UK supports permanent seats',
      'Rishi Sunak',
    ]) {
      expect(texts.some((t) => t.startsWith(not))).toBe(false);
    }
  });

  it('keeps only the committing clause of a mixed sentence', () => {
    const c = find('we commit to continue to work together to address such behaviours');
    expect(c?.id).toMatch(/__clause_\d$/);
    expect(c?.text).toBe('we commit to continue to work together to address such behaviours.');
  });

  it('learns acronyms from the text and resolves them both ways', () => {
    const c = find('Launch a Department for Business and Trade (DBT)')!;
    expect(c.actors.map((a) => a.value)).toEqual(
      expect.arrayContaining([
        'United Kingdom',
        'Japan',
        'Department for Business and Trade (DBT)',
        'Ministry of Economy, Trade and Industry (METI)',
      ]),
    );
    expect(find('Commit to working closely together')!.instruments.map((i) => i.value)).toContain(
      'Comprehensive and Progressive Agreement for Trans-Pacific Partnership (CPTPP)',
    );
  });

  it('names instruments, topics and strength from the words', () => {
    const rise = find(
      'We will also work together to develop, by the end of the year at the latest',
    )!;
    expect(rise.instruments.map((i) => i.value)).toContain('Partnership for RISE');
    expect(rise.deadline?.date).toBe('2023-12-31');
    expect(find('Support progress of critical minerals')!.topics).toContain('critical minerals');
    expect(find('Use the upcoming Semiconductor Partnership')!.topics).toContain('semiconductors');
    expect(find('We will explore options')!.strength).toBe('exploratory');
    expect(find('Continue to partner closely on economic security')!.strength).toBe('continuing');
    expect(find('Reaffirm our commitment to the ultimate goal')!.kind).toBe('reaffirm');
  });
});

describe('extractRegister on other styles', () => {
  it('reads treaty-style "shall" with the party named as actor', () => {
    const r = extractRegister(
      'Article 1\nEach Party shall prepare a national report within two years.\nUkraine shall adopt the law by 2025.',
      {
        signed: '2024-01-10',
      },
    );
    expect(r.commitments.map((c) => [c.text, c.deadline?.date])).toEqual([
      ['Each Party shall prepare a national report within two years.', '2026-01-10'],
      ['Ukraine shall adopt the law by 2025.', '2025-12-31'],
    ]);
    expect(r.commitments[1]!.actors.map((a) => a.value)).toEqual(['Ukraine']);
  });

  it('reads an MOU’s "The Participants intend to" and the verb-led items of its lists', () => {
    const r = extractRegister(
      readAgreementFixture('full/08_us-uk-technology-prosperity-deal-mou_2025-09-18.txt'),
      { signed: '2025-09-18' },
    );
    expect(r.accord.parties).toEqual(['US', 'GB']);
    expect(
      r.commitments.some((c) => c.text.startsWith('establishing joint Flagship Research programs')),
    ).toBe(true);
    expect(
      r.commitments.find((c) =>
        c.text.startsWith('The Participants intend to establish and convene'),
      ),
    ).toMatchObject({
      kind: 'create_mechanism',
      deadline: { date: null, phrase: 'within six months of the date this MOU becomes operative' },
    });
  });

  it('reads Japanese commitments, deadlines and parties', () => {
    const text =
      '日英共同声明\n我々は,重要鉱物に関する協力覚書を年内に署名する。\n我々は,進展を歓迎する。\n両国は,2050年までにネット・ゼロを目指す。';
    const r = extractRegister(text, { signed: '2023-05-18' });
    expect(r.accord).toMatchObject({ language: 'ja', parties: ['JP', 'GB'] });
    expect(r.commitments.map((c) => [c.text, c.deadline?.date, c.deadline?.precision])).toEqual([
      ['我々は,重要鉱物に関する協力覚書を年内に署名する。', '2023-12-31', 'day'],
      ['両国は,2050年までにネット・ゼロを目指す。', '2050-12-31', 'year'],
    ]);
    expect(r.commitments[0]!.topics).toContain('critical minerals');
    expect(r.commitments[1]!.targets.map((t) => t.value)).toEqual(['ネット・ゼロ']);
  });

  it('reports an invalid signing date and leaves relative deadlines unresolved', () => {
    const r = extractRegister('We will sign it by the end of the year.', { signed: '2023-02-30' });
    expect(r.diagnostics).toContain(
      'invalid signing date "2023-02-30": deadlines are left unresolved',
    );
    expect(r.commitments[0]!.deadline).toMatchObject({
      date: null,
      phrase: 'by the end of the year',
    });
  });
});
