export const languages = ['en', 'ja'] as const;
export type Language = (typeof languages)[number];

/**
 * Detects English or Japanese from the share of kana and kanji among the letters.
 *
 * @example detectLanguage('日英両国は協力する。') // 'ja'
 */
export function detectLanguage(text: string): Language {
  const sample = text.slice(0, 20_000);
  const cjk = sample.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu)?.length ?? 0;
  const latin = sample.match(/[A-Za-z]/g)?.length ?? 0;
  return cjk > 0 && cjk >= latin * 0.25 ? 'ja' : 'en';
}
