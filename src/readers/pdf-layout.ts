import type { Block } from './block-layout.ts';
import { cleanInline, isCjk } from './block-layout.ts';

/** One run of text on a PDF page, in PDF space (origin bottom-left), as pdf.js reports it. */
export interface PdfTextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Font size from the text matrix. */
  size: number;
  hasEOL: boolean;
}

/** A line rebuilt from the text items that share a baseline. */
export interface PdfLine {
  text: string;
  page: number;
  x: number;
  y: number;
  endX: number;
  size: number;
}

const pageNumber = /^(page\s+)?[-–—]?\s*(\d{1,4}|[ivxlc]{1,7})\s*[-–—]?(\s*(of|\/)\s*\d{1,4})?$/i;
const glyphBullet = /^[•▪◦‣●○■□·]\s*|^[–—*-]\s+/;
// Dashes and numbers also start wrapped lines of running text ("… insecurity\n– the effects").
const weakBullet = /^[–—*-]\s|^[\d(]|^[a-z]\)/;
// "1.", "2.3)", "(a)", "(iv)", "(B)", "a)"; not "(UK)", which starts many a wrapped line.
const enumeration =
  /^(\d{1,3}(\.\d{1,3})*[.)]|\((\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6}|[A-Z])\)|[a-z]\))\s+/;

/**
 * Rebuilds the lines of one page from its text items, joining items on the same baseline.
 *
 * @example pageLines([{ str: 'Article', x: 72, y: 700, width: 35, size: 11, hasEOL: true }], 1)[0]?.text // 'Article'
 */
export function pageLines(items: readonly PdfTextItem[], page: number): PdfLine[] {
  const lines: PdfLine[] = [];
  let line: PdfLine | undefined;
  let lineEnded = false;
  for (const item of items) {
    const blank = item.str.trim() === '';
    const sameLine =
      line && !lineEnded && Math.abs(item.y - line.y) <= 0.4 * Math.max(item.size, line.size);
    if (line && sameLine) {
      const gap = item.x - line.endX;
      const spaced = /\s$/.test(line.text) || /^\s/.test(item.str);
      if (!spaced && gap > 0.15 * item.size) line.text += ' ';
      line.text += item.str;
      if (!blank) {
        line.endX = Math.max(line.endX, item.x + item.width);
        line.size = Math.max(line.size, item.size);
      }
    } else if (!blank) {
      line = {
        text: item.str,
        page,
        x: item.x,
        y: item.y,
        endX: item.x + item.width,
        size: item.size,
      };
      lines.push(line);
    }
    lineEnded = item.hasEOL;
  }
  return lines
    .map((each) => ({ ...each, text: cleanInline(each.text) }))
    .filter((each) => each.text !== '');
}

/**
 * Drops running headers, footers and page numbers: lines among the two top or bottom lines of a
 * page that are page numbers or repeat at the same height on several pages (the outermost line
 * also when only its digits change, as in "Page 3 of 9").
 *
 * @example dropPageFurniture([[{ text: '1', page: 1, x: 290, y: 30, endX: 295, size: 9 }]]) // [[]]
 */
export function dropPageFurniture(pages: readonly PdfLine[][]): PdfLine[][] {
  const edges = new Set<PdfLine>();
  const outermost = new Set<PdfLine>();
  for (const lines of pages) {
    const byHeight = [...lines].sort((a, b) => b.y - a.y);
    for (const line of [...byHeight.slice(0, 2), ...byHeight.slice(-2)]) edges.add(line);
    for (const line of [byHeight[0], byHeight[byHeight.length - 1]]) if (line) outermost.add(line);
  }
  const digitsAside = (line: PdfLine): string => line.text.toLowerCase().replace(/\d+/g, '#');
  const same = (a: PdfLine, b: PdfLine): boolean =>
    a.text === b.text ||
    (outermost.has(a) && outermost.has(b) && digitsAside(a) === digitsAside(b));
  const repeatsOn = Math.max(2, Math.ceil(pages.length / 2));
  const isRunning = (line: PdfLine): boolean => {
    if (line.text.length > 120) return false;
    const pagesWithIt = new Set(
      [...edges]
        .filter((other) => Math.abs(other.y - line.y) <= 3 && same(other, line))
        .map((other) => other.page),
    );
    return pagesWithIt.size >= repeatsOn;
  };
  return pages.map((lines) =>
    lines.filter((line) => !edges.has(line) || (!pageNumber.test(line.text) && !isRunning(line))),
  );
}

/**
 * Groups lines into blocks: lines with the normal line gap and the same size make one paragraph;
 * a larger gap, a change of size, a bullet, or a previous line that stopped short starts a new
 * block; short blocks in a larger font than the body become headings.
 *
 * @example linesToBlocks([]) // []
 */
export function linesToBlocks(lines: readonly PdfLine[]): Block[] {
  const bodySize = dominantSize(lines);
  const normalGap = lineGap(lines, bodySize);
  const fullLinesByPage = new Map<number, PdfLine[]>();
  for (const line of lines) {
    if (line.text.split(' ').length < 3) continue;
    const onPage = fullLinesByPage.get(line.page);
    if (onPage) onPage.push(line);
    else fullLinesByPage.set(line.page, [line]);
  }
  // The right margin of a line's column: how far the full lines that start where it starts reach.
  const rightEdge = (line: PdfLine): number =>
    (fullLinesByPage.get(line.page) ?? [])
      .filter((other) => Math.abs(other.x - line.x) <= 3)
      .reduce((edge, other) => Math.max(edge, other.endX), line.endX);
  const groups: PdfLine[][] = [];
  let previous: PdfLine | undefined;
  for (const line of lines) {
    const group = groups[groups.length - 1];
    if (!group || !previous || startsBlock(previous, line, normalGap, rightEdge(previous))) {
      groups.push([line]);
    } else {
      group.push(line);
    }
    previous = line;
  }
  const headingSizes = [...new Set(groups.map((group) => round(group[0]?.size ?? 0)))]
    .filter((size) => size > bodySize * 1.15)
    .sort((a, b) => b - a);
  const compounds = new Set(
    lines.flatMap((line) => line.text.toLowerCase().match(/\p{L}+-\p{L}+/gu) ?? []),
  );
  return groups.map((group) => toBlock(group, headingSizes, compounds));
}

function startsBlock(
  previous: PdfLine,
  line: PdfLine,
  normalGap: number,
  rightEdge: number,
): boolean {
  if (Math.abs(previous.size - line.size) > 0.5) return true;
  if (line.page === previous.page) {
    const drop = previous.y - line.y;
    if (drop <= 0 || drop > Math.max(normalGap * 1.25, normalGap + 0.3 * line.size)) return true;
  } else if (/[.:;]$/.test(previous.text) && /^[\p{Lu}\p{N}]/u.test(line.text)) {
    // Over a page break there is no gap to measure: a finished sentence ends the block, since
    // splitting a paragraph in two does less harm than running a heading into it.
    return true;
  }
  // A wrapped line runs to the margin; a line that stops where the next word would have fitted ends a block.
  const charWidth = (line.endX - line.x) / Math.max(1, line.text.length);
  const firstWord = /^\S+/.exec(line.text)?.[0] ?? '';
  // Letters are wider than the line's average (spaces, "i", "l"): leave a margin of error.
  const wordWidth = charWidth * (1.15 * firstWord.length + 1);
  const fits = previous.endX + wordWidth < rightEdge - 2 * charWidth;
  if (fits && !isCjk(previous.text.slice(-1))) return true;
  // After a finished sentence, a short line in capitals with no final stop stands alone ("Trade").
  const short = line.endX < rightEdge - 10 * charWidth;
  const sentenceEnded = /[.:;!?]$/.test(previous.text);
  if (sentenceEnded && short && /^\p{Lu}/u.test(line.text) && !/[.,;:!?]$/.test(line.text)) {
    return true;
  }
  if (!glyphBullet.test(line.text) && !enumeration.test(line.text)) return false;
  const wrapped = /[\p{L}\p{N}]$/u.test(previous.text) && !fits;
  return !(weakBullet.test(line.text) && wrapped);
}

function toBlock(
  group: readonly PdfLine[],
  headingSizes: readonly number[],
  compounds: ReadonlySet<string>,
): Block {
  let text = '';
  for (const line of group) text = joinLines(text, line.text, compounds);
  const level = headingSizes.indexOf(round(group[0]?.size ?? 0)) + 1;
  if (level > 0 && group.length <= 3 && text.length <= 200) {
    return { kind: 'heading', level: Math.min(level, 6), text };
  }
  const bullet = glyphBullet.exec(text);
  if (bullet) return { kind: 'item', marker: '•', text: text.slice(bullet[0].length) };
  const number = enumeration.exec(text);
  if (number?.[1]) return { kind: 'item', marker: number[1], text: text.slice(number[0].length) };
  return { kind: 'paragraph', text };
}

// A hyphen at a line end followed by a lower-case letter is taken as hyphenation and removed,
// unless the document writes that same compound with its hyphen elsewhere, or the first part is a
// prefix that English writes with a hyphen ("non-market") and no syllable break produces.
const hyphenatedPrefix = /^(non|self|cross|well|high|low|long|short|full|half|all)-/i;
function joinLines(text: string, next: string, compounds: ReadonlySet<string>): string {
  if (text === '') return next;
  // CJK text and web addresses ("https://example.org/long-\npath") wrap without a space.
  if (isCjk(text.slice(-1)) || isCjk(next.charAt(0)) || /:\/\/\S*[/-]$/.test(text)) {
    return text + next;
  }
  if (/\p{L}-$/u.test(text) && /^[\p{Lu}\p{N}]/u.test(next)) return text + next;
  if (/\p{L}-$/u.test(text) && /^\p{Ll}/u.test(next)) {
    const compound = `${/\p{L}+-$/u.exec(text)?.[0] ?? ''}${/^\p{L}+/u.exec(next)?.[0] ?? ''}`;
    const kept = compounds.has(compound.toLowerCase()) || hyphenatedPrefix.test(compound);
    return kept ? text + next : text.slice(0, -1) + next;
  }
  return `${text} ${next}`;
}

function dominantSize(lines: readonly PdfLine[]): number {
  const chars = new Map<number, number>();
  for (const line of lines)
    chars.set(round(line.size), (chars.get(round(line.size)) ?? 0) + line.text.length);
  return [...chars].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10;
}

// The usual distance between baselines in body text: the most frequent gap no larger than 1.6
// times the font size (larger gaps are paragraph spacing).
function lineGap(lines: readonly PdfLine[], bodySize: number): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < lines.length; i++) {
    const [a, b] = [lines[i - 1], lines[i]];
    if (!a || !b || a.page !== b.page || round(a.size) !== bodySize || round(b.size) !== bodySize)
      continue;
    const gap = round(a.y - b.y);
    if (gap >= bodySize * 0.8 && gap <= bodySize * 1.6) counts.set(gap, (counts.get(gap) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? bodySize * 1.2;
}

function round(value: number): number {
  return Math.round(value * 2) / 2;
}
