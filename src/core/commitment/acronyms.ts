import type { Span } from '../text/span.ts';

export interface AcronymDefinition {
  short: string;
  long: string;
  /** Where the definition was read ("Ministry of Economy, Trade and Industry (METI)"). */
  span: Span;
}

const parenthesised = /\(([^()\n]{1,120})\)/g;

/**
 * Learns the acronyms an agreement defines for itself: "Long Name (LN)", "LN (Long Name)" and
 * "(hereinafter “LN”)", matched letter by letter in the manner of Schwartz and Hearst (2003).
 *
 * @example learnAcronyms('the Department for Business and Trade (DBT)')[0].long // 'Department for Business and Trade'
 */
export function learnAcronyms(text: string): AcronymDefinition[] {
  const found = new Map<string, AcronymDefinition>();
  for (const m of text.matchAll(parenthesised)) {
    const inner = m[1]!.trim();
    const hereinafter =
      /^hereinafter(?: referred to as)?(?: the)? ["“']?([^"”']{2,40})["”']?$/i.exec(inner);
    const open = m.index;
    const before = text.slice(Math.max(0, open - 300), open).replace(/\s+$/, '');
    const beforeStart = open - text.slice(Math.max(0, open - 300), open).length;
    if (hereinafter) {
      const short = hereinafter[1]!.trim();
      if (/^[A-Z]{2,10}s?$/.test(short)) {
        const long = matchLongForm(short, before);
        if (long)
          add(found, short, long.text, {
            start: beforeStart + long.offset,
            end: open + m[0].length,
          });
      }
      continue;
    }
    if (isShortForm(inner)) {
      const long = matchLongForm(inner, before);
      if (long)
        add(found, inner, long.text, { start: beforeStart + long.offset, end: open + m[0].length });
      continue;
    }
    // Reverse form: "RISE (Resilient and Inclusive Supply-chain Enhancement)".
    const prev = /([A-Z][A-Za-z0-9&-]{1,11})\s*$/.exec(before);
    if (
      prev &&
      isShortForm(prev[1]!) &&
      inner.split(/\s+/).length >= 2 &&
      matchLongForm(prev[1]!, inner)
    ) {
      add(found, prev[1]!, inner, { start: beforeStart + prev.index, end: open + m[0].length });
    }
  }
  return [...found.values()];
}

function add(found: Map<string, AcronymDefinition>, short: string, long: string, span: Span): void {
  if (!found.has(short)) found.set(short, { short, long, span });
}

function isShortForm(s: string): boolean {
  return (
    /^[A-Z][A-Za-z0-9&-]{1,11}$/.test(s) &&
    (s.match(/[A-Z]/g)?.length ?? 0) >= 2 &&
    !/^[IVXLC]+$/.test(s)
  );
}

/** The shortest run of words ending `before` whose letters spell `short` (S&H algorithm). */
function matchLongForm(short: string, before: string): { text: string; offset: number } | null {
  const maxWords = Math.min(short.length + 5, short.length * 2);
  const words = [...before.matchAll(/[^\s]+/g)];
  const first = words.length > maxWords ? words[words.length - maxWords]!.index : 0;
  const candidate = before.slice(first);
  const s = short.toLowerCase();
  const l = candidate.toLowerCase();
  let si = s.length - 1;
  let li = l.length - 1;
  while (si >= 0) {
    const c = s[si]!;
    if (!/[a-z0-9]/.test(c)) {
      si--;
      continue;
    }
    while (li >= 0 && (l[li] !== c || (si === 0 && li > 0 && /[\p{L}\p{N}]/u.test(l[li - 1]!))))
      li--;
    if (li < 0) return null;
    li--;
    si--;
  }
  const startIndex = li + 1;
  const text = candidate.slice(startIndex).replace(/[\s,–—-]+$/, '');
  if (text.length <= short.length || (text.split(/\s+/).length < 2 && !/-/.test(text))) return null;
  return { text, offset: first + startIndex };
}
