import { parseAgreement } from './agreement/parse-agreement.ts';
import { findCountry, findCountryMentions } from './agreement/parties.ts';
import type { AgreementDocument } from './agreement/document.ts';
import { learnAcronyms } from './commitment/acronyms.ts';
import type { Commitment } from './commitment/commitment.ts';
import { extractCommitments } from './commitment/extract-commitments.ts';
import { parseSigned } from './commitment/deadlines.ts';
import { detectLanguage, type Language } from './text/language.ts';
import type { SourceText } from './text/source-text.ts';

export type { Language };

export interface RegisterOptions {
  /** Signing date YYYY-MM-DD; deadlines are resolved against it. */
  signed?: string;
  language?: Language;
  /** Party codes or names given by the user; detected from the text when absent. */
  parties?: string[];
  title?: string;
}

export interface SectionSummary {
  id: string;
  number: string | null;
  heading: string | null;
  parent: string | null;
}

export interface Register {
  accord: { title: string | null; signed: string | null; parties: string[]; language: Language };
  sections: SectionSummary[];
  commitments: Commitment[];
  document: AgreementDocument;
  diagnostics: string[];
}

/**
 * Parses an agreement's normalised text and extracts its commitment register. Total: never throws;
 * problems (an invalid signing date, no sections) are reported in `diagnostics`.
 *
 * @example extractRegister('We will launch a dialogue by the end of the year.', { signed: '2023-05-18' }).commitments[0].deadline?.date // '2023-12-31'
 */
export function extractRegister(
  source: SourceText | string,
  options: RegisterOptions = {},
): Register {
  const text = typeof source === 'string' ? source : source.text;
  const hints = typeof source === 'string' ? [] : source.hints;
  const { document, diagnostics } = parseAgreement(text, hints);
  const language = options.language ?? detectLanguage(text);
  const signed = options.signed && parseSigned(options.signed) ? options.signed : null;
  if (options.signed && !signed)
    diagnostics.push(`invalid signing date "${options.signed}": deadlines are left unresolved`);
  const title =
    options.title ??
    document.title?.text ??
    (typeof source === 'string' ? null : (source.title ?? null));
  const parties = options.parties?.length
    ? options.parties.map((p) => findCountry(p)?.code ?? p)
    : detectParties(document, title);
  const acronyms = learnAcronyms(text);
  const commitments = extractCommitments(document, {
    signed,
    parties,
    language,
    acronyms,
    partyPattern: partyPattern(text),
  });
  return {
    accord: { title, signed, parties, language },
    sections: document.sections.map((s) => ({
      id: s.id,
      number: s.number,
      heading: s.heading,
      parent: s.parentId,
    })),
    commitments,
    document,
    diagnostics,
  };
}

/** Parties from the title, else the signatures, else the first paragraphs. */
function detectParties(document: AgreementDocument, title: string | null): string[] {
  const sources = [
    title ?? '',
    document.signatories.map((s) => s.role ?? '').join('\n'),
    ...document.preamble
      .filter((b) => b.kind === 'paragraph' || b.kind === 'leadIn')
      .slice(0, 2)
      .map((b) => document.text.slice(b.span.start, b.span.end)),
  ];
  for (const source of sources) {
    const codes = [...new Set(findCountryMentions(source).map((m) => m.code))];
    if (codes.length > 0) return codes;
  }
  // Else the countries the text names most: at least three times and half as often as the first.
  const counts = new Map<string, number>();
  for (const m of findCountryMentions(document.text))
    counts.set(m.code, (counts.get(m.code) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const top = ranked[0]?.[1] ?? 0;
  return ranked.filter(([, n]) => n >= 3 && n >= top / 2).map(([code]) => code);
}

/** An alternation of the country names this text mentions, for subject detection. */
function partyPattern(text: string): string {
  const names = new Set(findCountryMentions(text).map((m) => text.slice(m.start, m.end)));
  const list = [...names].filter((n) => /^[\p{Lu}]/u.test(n)).sort((a, b) => b.length - a.length);
  const alt = list.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const country = alt.length ? `(?:${alt.join('|')})` : '(?!)';
  // "the UK and Japan", "France and the United States", "the Government of Japan"
  return `(?:(?:[Tt]he\\s+)?(?:[Gg]overnments?\\s+of\\s+(?:the\\s+)?)?${country}(?:\\s*(?:,|and|&)\\s*(?:[Tt]he\\s+)?${country})*)`;
}
