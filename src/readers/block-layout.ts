import type { BlockHint, BlockHintKind } from '../core/text/source-text.ts';
import { normaliseText } from '../core/text/source-text.ts';

/** One block of a document as a reader sees it in the markup, before layout. */
export interface Block {
  kind: BlockHintKind;
  /** The block's words; white space is collapsed when laid out. */
  text: string;
  /** Heading level (1 = top). */
  level?: number;
  /** List marker as printed ("•", "1.", "(a)"); only for items. */
  marker?: string;
}

/** The canonical layout of a document: one block per line, with exact hints. */
export interface LaidOutText {
  text: string;
  hints: BlockHint[];
}

// Chinese and Japanese text wraps without spaces, so a line break next to one of their characters
// joins the lines instead of becoming a space (as CSS does with segment breaks).
const cjk = '\\p{scx=Han}\\p{scx=Hiragana}\\p{scx=Katakana}\\u3000-\\u303F\\uFF00-\\uFFEF';
const cjkCharacter = new RegExp(`^[${cjk}]$`, 'u');
const cjkLineBreak = new RegExp(
  `(?<=[${cjk}])[ \\t]*\\r?\\n\\s*|[ \\t]*\\r?\\n\\s*(?=[${cjk}])`,
  'gu',
);

/** Tells whether a character is Chinese or Japanese, which joins a wrapped line without a space. */
export function isCjk(char: string): boolean {
  return cjkCharacter.test(char);
}

/**
 * Collapses white space to single spaces, trims, and drops control characters, so that an inline
 * run of text is one clean line in normalised form.
 *
 * @example cleanInline(' a\n\tb\u00A0 c ') // 'a b c'
 */
export function cleanInline(raw: string): string {
  return normaliseText(raw.replace(cjkLineBreak, '').replace(/\s+/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Writes blocks one per line ("• " before items) and returns the text with one hint per block
 * whose span is exactly the block's line; empty blocks are skipped.
 *
 * @example layOutBlocks([{ kind: 'item', text: 'Fund', marker: '•' }]).text // '• Fund'
 */
export function layOutBlocks(blocks: readonly Block[]): LaidOutText {
  const lines: string[] = [];
  const hints: BlockHint[] = [];
  let offset = 0;
  for (const block of blocks) {
    const words = cleanInline(block.text);
    if (words === '') continue;
    const marker = block.kind === 'item' ? cleanInline(block.marker ?? '•') : '';
    const line = marker === '' ? words : `${marker} ${words}`;
    const hint: BlockHint = { kind: block.kind, start: offset, end: offset + line.length };
    if (block.level !== undefined) hint.level = block.level;
    hints.push(hint);
    lines.push(line);
    offset += line.length + 1;
  }
  return { text: lines.join('\n'), hints };
}

/**
 * Marks the first level-1 heading as the document's title, the one block the markup names as such.
 *
 * @example markTitle([{ kind: 'heading', level: 1, text: 'Accord' }])[0]?.kind // 'title'
 */
export function markTitle(blocks: readonly Block[]): Block[] {
  const index = blocks.findIndex(
    (block) => block.kind === 'heading' && block.level === 1 && cleanInline(block.text) !== '',
  );
  return blocks.map((block, i) => (i === index ? { ...block, kind: 'title' } : block));
}
