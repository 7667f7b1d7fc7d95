import { describe, expect, it } from 'vitest';
import { accordText, readAgreementFixture } from '../../../test/fixtures.ts';
import { parseAgreement } from './parse-agreement.ts';

describe('parseAgreement on the seed layout', () => {
  const { document } = parseAgreement(accordText());
  const slice = (s: { start: number; end: number }) => document.text.slice(s.start, s.end);

  it('reads a title that continues after a colon', () => {
    expect(document.title?.text).toBe(
      'The Hiroshima Accord: An enhanced UK-Japan global strategic partnership',
    );
  });

  it('reads numbered sections whose number stands alone on the line before the heading', () => {
    expect(document.sections.map((s) => [s.id, s.number, s.heading?.slice(0, 30)])).toEqual([
      ['sec_1', '1', 'Interoperable, Resilient, and '],
      ['sec_2', '2', 'Economic Prosperity and Securi'],
      ['sec_3', '3', 'Leading International Efforts '],
    ]);
  });

  it('reads each item after a lone "-" line, linked to the lead-in that introduces the list', () => {
    const items = document.sections.map((s) => s.blocks.filter((b) => b.kind === 'item').length);
    expect(items).toEqual([9, 11, 9]);
    const sec2 = document.sections[1]!;
    const item5 = sec2.blocks.find((b) => b.id === 'sec_2__item_5')!;
    expect(slice(item5.span)).toMatch(/^Support progress of critical minerals/);
    expect(item5.leadInId).toBe('sec_2__intro_1');
    expect(slice(sec2.blocks[0]!.span)).toMatch(/we will:$/);
  });

  it('gives sentences stable Akoma Ntoso-style ids', () => {
    const item = document.sections[1]!.blocks.find((b) => b.id === 'sec_2__item_5')!;
    expect(item.sentences.map((s) => s.id)).toEqual([
      'sec_2__item_5__sent_1',
      'sec_2__item_5__sent_2',
    ]);
    expect(slice(item.sentences[1]!.span)).toMatch(/^This MOC will cement/);
  });

  it('reads signature lines as signatories, not text', () => {
    expect(document.signatories.map((s) => [s.name, s.role])).toEqual([
      ['Rishi Sunak', 'Prime Minister of the United Kingdom'],
      ['Kishida Fumio', 'Prime Minister of Japan'],
    ]);
  });

  it('keeps the preamble paragraphs before the first section', () => {
    expect(document.preamble.filter((b) => b.kind === 'paragraph')).toHaveLength(6);
  });
});

describe('parseAgreement on other layouts', () => {
  it.each([
    ['•', '• Launch a dialogue.\n• Establish a fund.'],
    ['-', '- Launch a dialogue.\n- Establish a fund.'],
    ['*', '* Launch a dialogue.\n* Establish a fund.'],
    ['numbered', '1. Launch a dialogue.\n2. Establish a fund.'],
    ['lettered', '(a) Launch a dialogue.\n(b) Establish a fund.'],
  ])('reads %s bullets as items of the lead-in list', (_name, list) => {
    const text = `Joint Statement\nThe two sides will:\n${list}\nBoth sides welcomed the visit.`;
    const { document } = parseAgreement(text);
    const items = document.preamble.filter((b) => b.kind === 'item');
    expect(items.map((b) => text.slice(b.span.start, b.span.end))).toEqual([
      'Launch a dialogue.',
      'Establish a fund.',
    ]);
    expect(
      items.every((b) => b.leadInId === document.preamble.find((x) => x.kind === 'leadIn')?.id),
    ).toBe(true);
  });

  it('reads a number alone on its line as the number of the heading below it', () => {
    const text =
      'Joint Statement\nWe meet today.\n1.\nDefence and Security\nWe will:\n-\nLaunch a dialogue.\n2.\nTrade\nWe will:\n-\nSign it.';
    const { document } = parseAgreement(text);
    expect(document.sections.map((s) => [s.id, s.number, s.heading])).toEqual([
      ['sec_1', '1', 'Defence and Security'],
      ['sec_2', '2', 'Trade'],
    ]);
    expect(
      document.sections[1]!.blocks.map((b) => [b.kind, text.slice(b.span.start, b.span.end)]),
    ).toEqual([
      ['leadIn', 'We will:'],
      ['item', 'Sign it.'],
    ]);
  });

  it('reads a paragraph-numbered communiqué as numbered paragraphs under unnumbered headings', () => {
    const text =
      'Preamble\n1. We, the Leaders of the Group, met in Rome.\nUkraine\n2. We will support Ukraine.\n3. We will continue to act.';
    const { document } = parseAgreement(text);
    expect(document.preamble.map((b) => [b.kind, b.marker?.text])).toEqual([['paragraph', '1.']]);
    expect(document.sections).toHaveLength(1);
    expect(document.sections[0]!.heading).toBe('Ukraine');
    expect(document.sections[0]!.blocks.map((b) => [b.id, b.kind, b.marker?.text])).toEqual([
      ['sec_1__para_1', 'paragraph', '2.'],
      ['sec_1__para_2', 'paragraph', '3.'],
    ]);
  });

  it('reads roman-numbered headings with unnumbered subheadings as subsections', () => {
    const { document } = parseAgreement(
      readAgreementFixture('full/08_us-uk-technology-prosperity-deal-mou_2025-09-18.txt'),
    );
    const top = document.sections.filter((s) => s.level === 1).map((s) => s.id);
    expect(top.slice(0, 3)).toEqual(['sec_I', 'sec_II', 'sec_III']);
    const sub = document.sections.find((s) => s.heading === 'Accelerating AI Innovation');
    expect(sub).toMatchObject({ level: 2, parentId: 'sec_II' });
  });

  it('joins hard-wrapped lines of a paragraph', () => {
    const text =
      'Title Here\nWe will strengthen our\npartnership and deepen\ncooperation.\nWe welcome this.';
    const { document } = parseAgreement(text);
    const para = document.preamble[0]!;
    expect(text.slice(para.span.start, para.span.end)).toBe(
      'We will strengthen our\npartnership and deepen\ncooperation.',
    );
  });

  it('never throws and reports a text with no sections', () => {
    for (const text of ['', ' ', '\n\n', '-', '1.', 'Title', ':::', '•\n•\n•']) {
      const result = parseAgreement(text);
      expect(result.document.text).toBe(text);
    }
    expect(parseAgreement('We will act.').diagnostics[0]).toMatch(/no section headings/);
  });
});
