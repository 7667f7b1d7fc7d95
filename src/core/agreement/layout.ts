import type { BlockHint } from '../text/source-text.ts';
import type { Span } from '../text/span.ts';

/** A block as read from the page layout, before sections are assembled. */
export interface LayoutBlock {
  kind: 'title' | 'heading' | 'paragraph' | 'item' | 'signature' | 'meta';
  span: Span;
  marker: { text: string; span: Span } | null;
  /** The printed number of a heading or numbered paragraph ("2", "IV", "b"). */
  number: string | null;
  /** Heading level from markup, when known. */
  level: number | null;
}

const bulletOnly = /^[-•*–—·▪◦●○■□➢►>]$/;
const bulletPrefix = /^([•*·▪◦●○■□➢►]|[-–—](?=\s))\s+/;
const numberOnly = /^(\d{1,3}|[IVXLC]{1,7}|[A-Z])[.)]$/;
// "1. ", "2.3 ", "IV. ", "A. ", "(a) ", "a) ", "(iv) ", "(3) "
const numberPrefix =
  /^(?:(\d{1,3}(?:\.\d{1,3})*(?=[.)])|\d{1,3}(?:\.\d{1,3})+)[.)]?\s+(?=\S)|([IVXLC]{1,7})[.)]\s+|([A-Z])\.\s+|\(([a-z]{1,2}|[ivx]{1,5}|\d{1,3})\)\s+|([a-z])\)\s+)/;
const signatureLine =
  /^(\p{Lu}[\p{L}.'’\- ]{1,60}?)\s+[–—-]\s+((?:the\s+)?(?:Prime Minister|President|Vice[- ]President|Minister|Secretary|Chancellor|Ambassador|Premier|King|Queen|Emperor|Governor|Chair(?:man|woman|person)?|Director|Head)\b.*)$/iu;
const metaLine =
  /^(?:(?:published|updated|last updated|released|from|date)\b.{0,60}|(?:press release|policy paper|news story|speech|guidance|transcript|correspondence)|this was published under .*|\[edit\].*|平成\d+年\d+月\d+日.*|令和\d+年\d+月\d+日.*|\d{4}年\d{1,2}月\d{1,2}日.*|\d{1,2} \p{L}+ \d{4}|\p{L}+ \d{1,2}, \d{4})$/iu;
const sentenceEnd = /[.!?。！？]["'”’)」』]*$/;

/**
 * Reads the layout of a normalised text: which lines are headings, paragraphs, list items,
 * signatures; joins hard-wrapped lines; honours a reader's block hints where given.
 */
export function readLayout(text: string, hints: readonly BlockHint[] = []): LayoutBlock[] {
  const lines = splitLines(text);
  const blocks: LayoutBlock[] = [];
  let pending: { text: string; span: Span; bullet: boolean } | null = null;
  let hintIndex = 0;
  let lastContentLine = lines.length - 1;
  while (
    lastContentLine >= 0 &&
    bulletOnly.test(text.slice(lines[lastContentLine]!.start, lines[lastContentLine]!.end))
  )
    lastContentLine--;

  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!;
    while (hintIndex < hints.length && hints[hintIndex]!.end <= line.start) hintIndex++;
    const hint =
      hintIndex < hints.length && hints[hintIndex]!.start <= line.start
        ? hints[hintIndex]
        : undefined;
    const content = text.slice(line.start, line.end);

    if (!hint && bulletOnly.test(content)) {
      pending = { text: content, span: line, bullet: true };
      continue;
    }
    if (!hint && numberOnly.test(content)) {
      pending = { text: content, span: line, bullet: false };
      continue;
    }

    let marker: LayoutBlock['marker'] = null;
    let number: string | null = null;
    let start = line.start;
    let bullet = false;
    const b = bulletPrefix.exec(content);
    const n = b ? null : numberPrefix.exec(content);
    if (b) {
      marker = { text: b[1]!, span: { start: line.start, end: line.start + b[1]!.length } };
      start = line.start + b[0].length;
      bullet = true;
    } else if (n) {
      const raw = n[0].trimEnd();
      marker = { text: raw, span: { start: line.start, end: line.start + raw.length } };
      number = (n[1] ?? n[2] ?? n[3] ?? n[4] ?? n[5])!;
      start = line.start + n[0].length;
      bullet = n[4] !== undefined || n[5] !== undefined;
    } else if (pending) {
      marker = { text: pending.text, span: pending.span };
      bullet = pending.bullet;
      if (!pending.bullet) number = pending.text.replace(/[.)]$/, '');
    }
    pending = null;
    const span = { start, end: line.end };
    const body = text.slice(span.start, span.end);

    const prev = blocks.at(-1);
    if (
      !marker &&
      !hint &&
      prev &&
      (prev.kind === 'paragraph' || prev.kind === 'item') &&
      !/[.:;!?。！？]["'”’)]*$/.test(text.slice(prev.span.start, prev.span.end)) &&
      /^[\p{Ll}(]/u.test(body)
    ) {
      prev.span = { start: prev.span.start, end: span.end };
      continue;
    }

    const hasNext = li < lastContentLine;
    let kind: LayoutBlock['kind'];
    if (hint?.kind === 'title' || hint?.kind === 'heading') kind = hint.kind;
    else if (hint?.kind === 'item') kind = 'item';
    else if (signatureLine.test(body) && body.length < 160) kind = 'signature';
    else if (!marker && metaLine.test(body) && body.length < 120) kind = 'meta';
    else if (hint?.kind === 'paragraph') kind = 'paragraph';
    else if (bullet) kind = 'item';
    else if (hasNext && isHeadingLike(body) && !continuesOnNextLine(text, lines[li + 1]))
      kind = 'heading';
    else kind = marker ? 'item' : 'paragraph';

    blocks.push({ kind, span, marker, number, level: hint?.level ?? null });
  }
  markNumberedParagraphs(text, blocks);
  return blocks;
}

/** A numbered block is a list item only inside a list; elsewhere it is a numbered paragraph. */
function markNumberedParagraphs(text: string, blocks: LayoutBlock[]): void {
  let inList = false;
  for (const block of blocks) {
    const body = text.slice(block.span.start, block.span.end);
    if (block.kind === 'item' && block.number !== null && !/^[a-z]+$|^[ivx]+$/.test(block.number)) {
      if (!inList && block.marker && /^\d/.test(block.marker.text)) block.kind = 'paragraph';
    }
    if (block.kind === 'paragraph' || block.kind === 'item') {
      inList = block.kind === 'item' || body.endsWith(':');
    } else if (block.kind !== 'signature') {
      inList = false;
    }
  }
}

/** A line whose next line starts in lowercase is the first line of a wrapped paragraph. */
function continuesOnNextLine(text: string, next: Span | undefined): boolean {
  return next !== undefined && /^[\p{Ll}(]/u.test(text.slice(next.start, next.end));
}

/** Short, unpunctuated lines that start with a capital (or are short Japanese lines) are headings. */
export function isHeadingLike(body: string): boolean {
  if (body.length === 0 || body.length > 150) return false;
  if (/\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}/u.test(body)) {
    return body.length <= 40 && !/[。、，,]/.test(body) && !sentenceEnd.test(body);
  }
  if (sentenceEnd.test(body) || /[,;:]$/.test(body)) return false;
  if (!/^[\p{Lu}\p{N}"'“‘(]/u.test(body)) return false;
  const words = body.split(/\s+/).length;
  return words <= 18;
}

function splitLines(text: string): Span[] {
  const lines: Span[] = [];
  let pos = 0;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    let s = pos;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) lines.push({ start: s, end: e });
    if (nl === -1) break;
    pos = nl + 1;
  }
  return lines;
}
