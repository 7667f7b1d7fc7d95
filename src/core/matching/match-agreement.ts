import { extractRegister, type RegisterOptions } from '../extract-register.ts';
import type { SourceText } from '../text/source-text.ts';
import { findItemDate } from './item-date.ts';
import { buildMatchIndex, matchSourceOfRegister } from './match-index.ts';
import { matchText, type Match } from './match-text.ts';

export interface MatchJson {
  matches: {
    commitment: { id: string; text: string; span: { start: number; end: number } };
    score: number;
    reason: string;
  }[];
}

/**
 * Removes leading `# key: value` header lines (the labelled-item format) so that only the item's
 * own words are matched.
 *
 * @example stripHeader('# source: x\n# title: y\n\nBody') // 'Body'
 */
export function stripHeader(text: string): string {
  return text.replace(/^(?:#[ \t]*[\w-]+:[^\n]*\n)+\s*/, '');
}

/**
 * Which commitments of an agreement a text advances, best first: the agreement's register is
 * extracted, indexed and matched against the text. `published` defaults to a date the text gives
 * near its start. No database: this is what `accord match` runs.
 *
 * @example matchAgainstAgreement(item, agreement, { signed: '2023-05-18' })[0]?.commitment.id
 */
export function matchAgainstAgreement(
  item: string,
  agreement: SourceText | string,
  options: RegisterOptions & { published?: string | null; limit?: number } = {},
): Match[] {
  const register = extractRegister(agreement, options);
  const index = buildMatchIndex(matchSourceOfRegister(register));
  const body = stripHeader(item);
  return matchText(index, body, {
    published: options.published ?? findItemDate(body),
    limit: options.limit ?? 10,
  });
}

/** The `accord match --format json` shape (a public contract). */
export function toMatchJson(matches: readonly Match[]): MatchJson {
  return {
    matches: matches.map((m) => ({
      commitment: {
        id: m.commitment.id,
        text: m.commitment.text,
        span: { start: m.commitment.span.start, end: m.commitment.span.end },
      },
      score: m.score,
      reason: m.reason,
    })),
  };
}
