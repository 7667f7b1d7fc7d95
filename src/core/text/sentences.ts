import type { Span } from './span.ts';

// Words that end with a period without ending a sentence ("Mr. Smith", "No. 5", "e.g. trade").
const abbreviations = new Set(
  (
    'mr mrs ms dr prof st no nos art arts para paras sec vol p pp fig e.g i.e etc vs cf ' +
    'approx incl jan feb mar apr jun jul aug sep sept oct nov dec gov sen rep jr sr ' +
    'inc ltd co corp dept min amb gen lt col capt adm hon rt op est'
  ).split(' '),
);

// After a dotted acronym ("U.S."), these words start a new sentence; other capitals continue it.
const sentenceStarters = new Set(
  'The We Our This These That Those It Its In As Both They Their He She Today Together Through To Under With Building Recognising Recognizing'.split(
    ' ',
  ),
);

const closers = '"\'”’)]」』）】';
const cjkTerminators = '。！？';

/**
 * Splits `text[start, end)` into sentence spans (English and Japanese punctuation), trimming
 * surrounding whitespace. Every character of the range belongs to exactly one sentence or is
 * whitespace between sentences.
 *
 * @example splitSentences('We will. We shall.', 0, 18) // [{start:0,end:8},{start:9,end:18}]
 */
export function splitSentences(text: string, start = 0, end = text.length): Span[] {
  const spans: Span[] = [];
  let sentenceStart = skipSpace(text, start, end);
  let i = sentenceStart;
  while (i < end) {
    const ch = text[i]!;
    if (cjkTerminators.includes(ch)) {
      let j = i + 1;
      while (j < end && closers.includes(text[j]!)) j++;
      pushSpan(text, spans, sentenceStart, j);
      sentenceStart = skipSpace(text, j, end);
      i = sentenceStart;
      continue;
    }
    if (ch === '.' || ch === '!' || ch === '?') {
      let j = i + 1;
      while (j < end && (text[j] === '.' || text[j] === '!' || text[j] === '?')) j++;
      while (j < end && closers.includes(text[j]!)) j++;
      if (j >= end || (isSpace(text[j]!) && endsSentence(text, sentenceStart, i, j, end))) {
        pushSpan(text, spans, sentenceStart, j);
        sentenceStart = skipSpace(text, j, end);
        i = sentenceStart;
        continue;
      }
      i = j;
      continue;
    }
    i++;
  }
  if (sentenceStart < end) pushSpan(text, spans, sentenceStart, end);
  return spans;
}

function endsSentence(
  text: string,
  from: number,
  dot: number,
  after: number,
  end: number,
): boolean {
  if (text[dot] !== '.') return startsLikeSentence(text, skipSpace(text, after, end), end);
  const next = skipSpace(text, after, end);
  if (next >= end) return true;
  if (!startsLikeSentence(text, next, end)) return false;
  // The word before the period.
  let w = dot;
  while (w > from && !isSpace(text[w - 1]!) && text[w - 1] !== '(') w--;
  const word = text.slice(w, dot);
  const lower = word.toLowerCase();
  if (abbreviations.has(lower)) return false;
  // Initials ("Joseph R. Biden") and dotted acronyms ("U.S.", "D.C.").
  if (/^[A-Z]$/.test(word)) return false;
  if (/^(?:[A-Za-z]\.)+[A-Za-z]$/.test(word)) {
    const nextWord = /^[\p{L}]+/u.exec(text.slice(next, Math.min(end, next + 30)))?.[0] ?? '';
    return sentenceStarters.has(nextWord);
  }
  // A bare list number "1." at the start of a sentence is not an ending.
  if (/^\d{1,3}$/.test(word) && w === from) return false;
  return true;
}

function startsLikeSentence(text: string, pos: number, end: number): boolean {
  if (pos >= end) return true;
  const ch = text[pos]!;
  return /[\p{Lu}\p{N}"'“‘(\[•\-–\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(ch);
}

function pushSpan(text: string, spans: Span[], start: number, end: number): void {
  let e = end;
  while (e > start && isSpace(text[e - 1]!)) e--;
  if (e > start) spans.push({ start, end: e });
}

function skipSpace(text: string, i: number, end: number): number {
  while (i < end && isSpace(text[i]!)) i++;
  return i;
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\n' || ch === '\t' || ch === '\u00A0' || ch === '\u3000';
}
