import { describe, expect, it } from 'vitest';
import { layOutBlocks } from './block-layout.ts';
import type { PdfLine } from './pdf-layout.ts';
import { dropPageFurniture, linesToBlocks, pageLines } from './pdf-layout.ts';

// Lines of an 11 pt body on a 451 pt column starting at x = 72, 13 pt apart unless told otherwise.
function lines(
  specs: readonly (string | { text: string; gap?: number; size?: number; page?: number })[],
): PdfLine[] {
  let y = 750;
  return specs.map((spec) => {
    const {
      text,
      gap = 13,
      size = 11,
      page = 1,
    } = typeof spec === 'string' ? { text: spec } : spec;
    y -= gap;
    return { text, page, x: 72, y, endX: 72 + text.length * size * 0.5, size };
  });
}

const layOut = (specs: Parameters<typeof lines>[0]): string[] =>
  layOutBlocks(linesToBlocks(lines(specs))).text.split('\n');

// A wrapped line: 90 characters at 5.5 pt, running to the right margin (72 + 495).
const full = (start: string, end = 'on'): string =>
  `${start} ${'x'.repeat(90 - start.length - end.length - 2)} ${end}`;

describe('pageLines', () => {
  it('joins items on one baseline, with a space where the gap is wide', () => {
    const item = { width: 30, size: 11, hasEOL: false };
    expect(
      pageLines(
        [
          { ...item, str: 'Article', x: 72, y: 700 },
          { ...item, str: '1', x: 110, y: 700, hasEOL: true },
          { ...item, str: 'Scope', x: 72, y: 687 },
        ],
        1,
      ).map((line) => line.text),
    ).toEqual(['Article 1', 'Scope']);
  });
});

describe('linesToBlocks', () => {
  it('removes a hyphen at a line end only when the next line goes on in lower case', () => {
    expect(layOut([full('The Parties shall', 'estab-'), 'lish a committee.'])).toEqual([
      `${full('The Parties shall', 'estab-').slice(0, -1)}lish a committee.`,
    ]);
    expect(layOut([full('The Parties shall meet in', 'Franco-'), 'German talks.'])).toEqual([
      `${full('The Parties shall meet in', 'Franco-')}German talks.`,
    ]);
  });

  it('keeps the hyphen of compounds the document writes whole, or that a prefix makes', () => {
    expect(layOut([full('We oppose', 'non-'), 'market practices.'])).toEqual([
      `${full('We oppose', 'non-')}market practices.`,
    ]);
    const compound = layOut([full('A state-sponsored', 'state-'), 'sponsored attack.']);
    expect(compound).toEqual([`${full('A state-sponsored', 'state-')}sponsored attack.`]);
  });

  it('does not take a dash or "(UK)" that starts a wrapped line for a list item', () => {
    expect(layOut([full('Prices rose in the', 'region'), '– the effects persist.'])).toEqual([
      `${full('Prices rose in the', 'region')} – the effects persist.`,
    ]);
    expect(layOut([full('The Department of the', 'Kingdom'), '(UK) shall report.'])).toEqual([
      `${full('The Department of the', 'Kingdom')} (UK) shall report.`,
    ]);
  });

  it('starts a block after a larger gap, and at a bullet or a number', () => {
    expect(
      layOut([
        full('First paragraph runs on'),
        'and ends.',
        { text: full('Second paragraph'), gap: 26 },
        'ends.',
        '– a dash item',
        '(b) a lettered item',
        '2. a numbered item',
      ]),
    ).toEqual([
      `${full('First paragraph runs on')} and ends.`,
      `${full('Second paragraph')} ends.`,
      '• a dash item',
      '(b) a lettered item',
      '2. a numbered item',
    ]);
  });

  it('ends a block at a line that stops where the next word would have fitted', () => {
    expect(
      layOut([full('A wrapped paragraph'), 'Article 2', 'The Parties shall cooperate.']),
    ).toEqual([`${full('A wrapped paragraph')} Article 2`, 'The Parties shall cooperate.']);
  });

  it('gives heading levels by font size, largest first', () => {
    const blocks = linesToBlocks(
      lines([
        { text: 'Agreement', size: 18, gap: 20 },
        { text: 'Part I', size: 14, gap: 20 },
        { text: full('Body text'), gap: 20 },
        'ends here.',
      ]),
    );
    expect(blocks.map((block) => [block.kind, block.level])).toEqual([
      ['heading', 1],
      ['heading', 2],
      ['paragraph', undefined],
    ]);
  });

  it('joins Chinese and Japanese lines without a space', () => {
    const japanese = '両国は、温室効果ガスの排出量を削減するため、'.repeat(4);
    const specs = [{ text: japanese.slice(0, 40) }, { text: '2030年までに協力する。' }];
    const blocks = linesToBlocks(lines(specs).map((line) => ({ ...line, endX: 567 })));
    expect(blocks.map((block) => block.text)).toEqual([
      `${japanese.slice(0, 40)}2030年までに協力する。`,
    ]);
  });
});

describe('dropPageFurniture', () => {
  it('drops page numbers and running headers at page edges, not the same words in the body', () => {
    const page = (number: number): PdfLine[] =>
      lines([
        { text: 'Joint Declaration', page: number, gap: 0 },
        ...['Body', 'Joint Declaration', 'More body', 'End'].map((text) => ({
          text: `${text} ${number}`,
          page: number,
          gap: 40,
        })),
        { text: `Page ${number} of 2`, page: number, gap: 500 },
      ]);
    const kept = dropPageFurniture([page(1), page(2)]).map((each) => each.map((line) => line.text));
    expect(kept).toEqual([
      ['Body 1', 'Joint Declaration 1', 'More body 1', 'End 1'],
      ['Body 2', 'Joint Declaration 2', 'More body 2', 'End 2'],
    ]);
  });
});
