/**
 * Terms for relevance scoring: words lower-cased and lightly stemmed (English) or segmented with
 * Intl.Segmenter (Japanese), function words dropped, plus each pair of adjacent kept words as a
 * phrase term ("critical minerals").
 */

export interface Term {
  /** The stemmed key ("miner" for "minerals"); phrases join two keys with a space. */
  key: string;
  /** The words as written, for reasons ("critical minerals"). */
  surface: string;
  /** Offset of the first word in the text. */
  start: number;
}

export interface Terms {
  words: Term[];
  phrases: Term[];
}

// Function words and the genre's connective verbs; everything else is left to IDF weighting.
const stopwords = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before ' +
    'being below between both but by can could did do does doing down during each few for from ' +
    'further had has have having he her here hers herself him himself his how i if in into is it ' +
    'its itself just me more most my myself no nor not now of off on once only or other our ours ' +
    'ourselves out over own same she should so some such than that the their theirs them ' +
    'themselves then there these they this those through to too under until up upon very was we ' +
    'were what when where which while who whom why will with would you your yours yourself ' +
    'yourselves shall may might must including include includes within without across among ' +
    'amongst towards toward via per whether either neither yet ever already well like ' +
    'one two three four five six seven eight nine ten new said says say mr ms mrs dr'
  ).split(' '),
);

const japaneseParticle = /^[\p{Script=Hiragana}ー]{1,3}$/u;
const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

let segmenter: Intl.Segmenter | null = null;

/**
 * The word and phrase terms of a text, English and Japanese alike (a text may mix both).
 *
 * @example termsOf('Critical minerals cooperation').phrases.map((p) => p.surface) // ['Critical minerals', 'minerals cooperation']
 */
export function termsOf(text: string): Terms {
  const words: Term[] = [];
  const phrases: Term[] = [];
  let previous: (Term & { end: number }) | null = null;
  for (const token of wordTokens(text)) {
    const key = keyOf(token.word);
    if (key === null) {
      // A function word breaks a phrase only when it is not a short connector ("minister for trade").
      if (previous && token.start - previous.end > 12) previous = null;
      continue;
    }
    const term = {
      key,
      surface: token.word,
      start: token.start,
      end: token.start + token.word.length,
    };
    words.push(term);
    if (previous && !/[.;:!?。\n]/.test(text.slice(previous.end, token.start)))
      phrases.push({
        key: `${previous.key} ${key}`,
        surface: text.slice(previous.start, term.end),
        start: previous.start,
      });
    previous = term;
  }
  return { words, phrases };
}

/** The words of a text with their offsets: Latin words and numbers, and Japanese words. */
export function* wordTokens(text: string): Generator<{ word: string; start: number }> {
  for (const m of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}’'&-]*/gu)) {
    const word = m[0].replace(/[’'-]+$/, '');
    if (!cjk.test(word)) {
      yield* splitHyphenated(word, m.index);
      continue;
    }
    segmenter ??= new Intl.Segmenter('ja', { granularity: 'word' });
    for (const s of segmenter.segment(word))
      if (s.isWordLike) yield { word: s.segment, start: m.index + s.index };
  }
}

// "UK-Japan" and "public-private" are two words each; "Co-operation" is one ("cooperation").
function* splitHyphenated(word: string, start: number): Generator<{ word: string; start: number }> {
  if (/^(?:co|re|non|pre|post|multi|inter|sub|cross|anti)-/i.test(word) && !/-.*-/.test(word)) {
    yield { word: word.replace('-', ''), start };
    return;
  }
  let offset = 0;
  for (const part of word.split('-')) {
    if (part) yield { word: part, start: start + offset };
    offset += part.length + 1;
  }
}

/**
 * The key of a word: lower-cased and stemmed, or null for a function word, a lone digit or a
 * Japanese particle.
 *
 * @example keyOf('Semiconductors') // 'semiconductor'
 */
export function keyOf(word: string): string | null {
  if (cjk.test(word)) return japaneseParticle.test(word) ? null : word;
  const lower = word
    .toLowerCase()
    .replace(/[’']s$/, '')
    .replace(/[’']/g, '');
  if (lower.length < 2 || stopwords.has(lower) || /^\d{1,2}$/.test(lower)) return null;
  // Acronyms and numbers are kept whole ("AI", "G7", "2050").
  if (/\d/.test(lower) || /^[A-Z&]+s?$/.test(word)) return lower.replace(/s$/, '') || lower;
  return stem(lower);
}

const suffixes = [
  'isations',
  'izations',
  'isation',
  'ization',
  'ational',
  'ations',
  'ation',
  'ements',
  'ement',
  'ments',
  'ment',
  'ness',
  'ings',
  'ing',
  'ities',
  'ity',
  'ives',
  'ive',
  'ies',
  'ied',
  'ed',
  'es',
  'ers',
  'er',
  'ally',
  'ly',
  'al',
  'ate',
  's',
];

/**
 * A light suffix-stripping stemmer: enough to meet "establish", "established" and
 * "establishment", or "semiconductor" and "semiconductors", without a dictionary.
 *
 * @example stem('cooperation') === stem('cooperate') // true
 */
export function stem(word: string): string {
  let w = word;
  for (let round = 0; round < 2; round++) {
    const suffix = suffixes.find(
      (s) =>
        w.endsWith(s) &&
        w.length - s.length >= 4 &&
        !(s === 's' && /(?:ss|us|is)$/.test(w)) &&
        !(s === 'es' && !/(?:ch|sh|x|ss|zz)es$/.test(w)),
    );
    if (!suffix) break;
    w = w.slice(0, -suffix.length);
    if (suffix === 'ies' || suffix === 'ied' || suffix === 'ities') w += 'y';
  }
  return w.replace(/e$/, '');
}
