/**
 * The text to index for full-text search: English as it is (PostgreSQL stems it); Japanese split
 * into words with Intl.Segmenter and joined with spaces, since PostgreSQL's parser does not
 * segment Japanese.
 *
 * @example searchText('重要鉱物の協力', 'ja') // '重要 鉱物 の 協力'
 */
export function searchText(text: string, language: string): string {
  if (language !== 'ja' && !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text))
    return text;
  const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });
  const words: string[] = [];
  for (const s of segmenter.segment(text)) if (s.isWordLike) words.push(s.segment);
  return words.join(' ');
}
