// Search queries for the service benchmark: words, pairs, quoted phrases and Japanese words taken
// from the bundled texts with a fixed seed, so that every run asks the same varied questions
// (rare and frequent words alike).
import { fixtureTexts } from '../corpus.ts';

const stop = new Set(
  'about above after again against also among been before being between both could during each from further have having here into itself more most other over same shall should some such than that their them then there these they this those through under until very were what when where which while with within would your will'.split(
    ' ',
  ),
);

/** `count` search queries (deterministic). */
export function searchTerms(count: number): string[] {
  const texts = fixtureTexts();
  const english = texts.filter((t) => !/[\p{Script=Hiragana}]/u.test(t));
  const japanese = texts.filter((t) => /[\p{Script=Hiragana}]/u.test(t));
  const words = [
    ...new Set(
      english
        .join(' ')
        .toLowerCase()
        .match(/\b[a-z]{5,}\b/g)
        ?.filter((w) => !stop.has(w)),
    ),
  ];
  const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });
  const jaWords = [
    ...new Set(
      [...segmenter.segment(japanese.join('\n'))]
        .filter((s) => s.isWordLike && s.segment.length >= 2 && /\p{Script=Han}/u.test(s.segment))
        .map((s) => s.segment),
    ),
  ];
  const sentences = english.join('\n').split(/(?<=[.;])\s+/);
  let seed = 20_260_101;
  const random = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  const pick = <T>(list: T[]): T => list[random(list.length)]!;
  const terms: string[] = [];
  for (let i = 0; terms.length < count; i++) {
    const kind = i % 20;
    if (kind < 11) terms.push(pick(words));
    else if (kind < 16) terms.push(`${pick(words)} ${pick(words)}`);
    else if (kind < 18) {
      const phrase = pick(sentences).match(/\b[a-z]{4,} [a-z]{4,}\b/i)?.[0];
      terms.push(phrase ? `"${phrase}"` : pick(words));
    } else if (kind === 18) terms.push(`${pick(words)} or ${pick(words)}`);
    else terms.push(jaWords.length > 0 ? pick(jaWords) : pick(words));
  }
  return terms;
}
