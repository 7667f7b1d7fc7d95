import type { BlockHint } from './api.ts';

/** A block of an agreement's text as the reader lays it out; offsets into the text. */
export interface TextBlock {
  kind: 'title' | 'heading' | 'paragraph' | 'item';
  start: number;
  end: number;
  level: number;
}

const bulletOnly = /^[-•*–—·▪◦●○■□➢►>]$/;
const numberedHeading = /^(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,7}|[A-Z])[.)]?\s+\S/;
const sentenceEnd = /[.!?。！？:：;；]["'”’)」』]*$/;

/**
 * Lays out the normalised text line by line (one block per line): the reader's hints when the
 * import gave some (HTML, Markdown), otherwise the layout of plain text: opening lines without
 * a sentence end are the title, numbered short lines are headings, a line after a lone bullet
 * is a list item.
 */
export function layoutText(text: string, hints: readonly BlockHint[]): TextBlock[] {
  const blocks: TextBlock[] = [];
  let offset = 0;
  let bullet = false;
  let opening = true;
  let hintIndex = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    const end = start + line.length;
    offset = end + 1;
    const content = line.trim();
    if (content === '') continue;
    while (hintIndex < hints.length && hints[hintIndex]!.end <= start) hintIndex++;
    const hint = hints[hintIndex];
    if (hint && hint.start <= start) {
      blocks.push({ kind: hint.kind, start, end, level: hint.level ?? 2 });
      continue;
    }
    if (hints.length === 0 && bulletOnly.test(content)) {
      bullet = true;
      continue;
    }
    let kind: TextBlock['kind'] = 'paragraph';
    if (bullet) kind = 'item';
    else if (opening && !sentenceEnd.test(content.replace(/:$/, '')) && content.length < 160)
      kind = 'title';
    else if (numberedHeading.test(content) && !sentenceEnd.test(content) && content.length < 200)
      kind = 'heading';
    if (kind !== 'title') opening = false;
    bullet = false;
    blocks.push({ kind, start, end, level: kind === 'title' ? 1 : 2 });
  }
  return blocks;
}

export interface Segment<T> {
  text: string;
  start: number;
  mark: T | null;
}

/** Cuts [start, end) of the text into plain and marked segments (overlaps keep the first mark). */
export function segments<T extends { span: { start: number; end: number } }>(
  text: string,
  start: number,
  end: number,
  marks: readonly T[],
): Segment<T>[] {
  const inside = marks
    .filter((m) => m.span.end > start && m.span.start < end)
    .sort((a, b) => a.span.start - b.span.start);
  const out: Segment<T>[] = [];
  let at = start;
  for (const m of inside) {
    const s = Math.max(m.span.start, at);
    const e = Math.min(m.span.end, end);
    if (e <= s) continue;
    if (s > at) out.push({ text: text.slice(at, s), start: at, mark: null });
    out.push({ text: text.slice(s, e), start: s, mark: m });
    at = e;
  }
  if (at < end) out.push({ text: text.slice(at, end), start: at, mark: null });
  return out;
}
