/**
 * The normalised text of an imported agreement, as every reader produces it.
 *
 * Offsets everywhere in the product (structure nodes, commitment spans) are UTF-16 code-unit
 * offsets into `text`, so that `text.slice(start, end)` is the exact words.
 */
export const sourceFormats = ['text', 'markdown', 'html', 'pdf', 'akn'] as const;
export type SourceFormat = (typeof sourceFormats)[number];

export const blockHintKinds = ['title', 'heading', 'item', 'paragraph'] as const;
export type BlockHintKind = (typeof blockHintKinds)[number];

/**
 * A reader's statement about a block of the normalised text, taken from the markup
 * (an `<h2>`, a `<li>`, a Markdown heading). The plain-text parser infers the same kinds
 * from layout when there are no hints.
 */
export interface BlockHint {
  kind: BlockHintKind;
  start: number;
  end: number;
  /** Heading level (1 = top) when the markup gives one. */
  level?: number;
}

export interface SourceText {
  /** Normalised text: NFC, LF line ends, no BOM, one block per line. */
  text: string;
  format: SourceFormat;
  /** Block hints from markup; empty for plain text. Sorted by `start`, non-overlapping. */
  hints: BlockHint[];
  /** A title given by the markup (`<title>`, `<h1>`, PDF metadata), if any. */
  title?: string;
}

// C0 controls other than tab and newline, and DEL; built from code points so that the source
// file itself holds no control characters.
const controlCharacters = new RegExp(
  `[${String.fromCharCode(0)}-${String.fromCharCode(8)}${String.fromCharCode(11)}${String.fromCharCode(12)}${String.fromCharCode(14)}-${String.fromCharCode(31)}${String.fromCharCode(127)}]`,
  'g',
);

/**
 * Normalises raw text the same way for every reader: NFC, LF line ends, no BOM, no NUL or other
 * C0 controls except tab and newline, no trailing spaces on lines, no leading or trailing blank lines.
 *
 * @example normaliseText('\uFEFFa \r\nb') // 'a\nb'
 */
export function normaliseText(raw: string): string {
  return raw
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029]/g, '\n')
    .replace(controlCharacters, '')
    .normalize('NFC')
    .replace(/[ \t\u00A0]+$/gm, '')
    .replace(/^\n+/, '')
    .replace(/\n+$/, '');
}
