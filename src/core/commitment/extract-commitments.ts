import type { AgreementDocument, BlockNode, SectionNode } from '../agreement/document.ts';
import { walkBlocks } from '../agreement/document.ts';
import { findCountryMentions, partyName } from '../agreement/parties.ts';
import type { Span } from '../text/span.ts';
import type { AcronymDefinition } from './acronyms.ts';
import type { Commitment, Mention } from './commitment.ts';
import { findDeadline } from './deadlines.ts';
import { findEntities } from './entities.ts';
import { classifyCommitment, findMarker, type MarkerMatch } from './markers-en.ts';
import { findJapaneseMarker } from './markers-ja.ts';
import { findTargets } from './targets.ts';
import { findTopics } from './topics.ts';

export interface ExtractOptions {
  signed: string | null;
  /** Party codes ("GB", "JP"): the actors when the parties speak as "we". */
  parties: string[];
  language: 'en' | 'ja';
  acronyms: readonly AcronymDefinition[];
  /** An alternation of party names for subject detection (regex source). */
  partyPattern: string;
}

interface Found {
  span: Span;
  marker: string;
  subject: { text: string; span: Span } | null;
  action: string;
  clause: number | null;
}

/**
 * Extracts the commitment register from a parsed agreement: sentence- or clause-level
 * commitments with span, section, actors, instruments, deadline, targets, topics, strength, kind.
 */
export function extractCommitments(
  document: AgreementDocument,
  options: ExtractOptions,
): Commitment[] {
  const { text } = document;
  const out: Commitment[] = [];
  const leadIns = new Map<
    string,
    { marker: MarkerMatch | null; subjectSpan: Span | null; hasItems: boolean }
  >();
  const blocksById = new Map<string, BlockNode>();
  for (const { block } of walkBlocks(document)) blocksById.set(block.id, block);
  for (const { block } of walkBlocks(document)) {
    if (block.kind === 'item' && block.leadInId) {
      const entry = leadIns.get(block.leadInId);
      if (entry) entry.hasItems = true;
      else
        leadIns.set(block.leadInId, leadInMarker(text, blocksById.get(block.leadInId)!, options));
    }
  }

  for (const { block, section } of walkBlocks(document)) {
    if (block.kind === 'signature' || block.kind === 'meta') continue;
    const lead = block.kind === 'item' && block.leadInId ? leadIns.get(block.leadInId) : undefined;
    block.sentences.forEach((sentence, index) => {
      const isLeadInLine =
        block.kind === 'leadIn' && index === block.sentences.length - 1 && leadIns.has(block.id);
      if (isLeadInLine && leadIns.get(block.id)?.marker) return;
      let found: Found[];
      // An item that ends with a colon introduces a sub-list: its items carry the commitments.
      const introducesSubList = /:\s*$/.test(text.slice(sentence.span.start, sentence.span.end));
      if (lead?.marker && index === 0 && !introducesSubList) {
        found = [
          {
            span: sentence.span,
            marker: lead.marker.marker,
            subject: lead.subjectSpan
              ? {
                  text: text.slice(lead.subjectSpan.start, lead.subjectSpan.end),
                  span: lead.subjectSpan,
                }
              : null,
            action: text.slice(sentence.span.start, sentence.span.end),
            clause: null,
          },
        ];
      } else {
        found =
          options.language === 'ja'
            ? findJapanese(text, sentence.span)
            : findEnglish(text, sentence.span, options);
      }
      for (const f of found)
        out.push(buildCommitment(document, block, section, sentence, f, options));
    });
  }
  return out;
}

function leadInMarker(text: string, block: BlockNode, options: ExtractOptions) {
  const none = { marker: null, subjectSpan: null, hasItems: true };
  const last = block.sentences.at(-1);
  if (!last || options.language === 'ja') return none;
  const own = markerIn(text, last.span, options);
  if (own) return own;
  // "The Participants intend to ... . Focus areas for collaboration are intended to include:":
  // the list completes a commitment made earlier in the same lead-in.
  const lastText = text.slice(last.span.start, last.span.end);
  if (
    !/\b(?:will|shall|(?:is|are)\s+(?:intended|expected|planned|to\s+be)|intends?|plans?)\b[^:]*:\s*$/i.test(
      lastText,
    )
  )
    return none;
  for (const sentence of block.sentences.slice(0, -1).reverse()) {
    const found = markerIn(text, sentence.span, options);
    if (found) return found;
  }
  return none;
}

function markerIn(text: string, span: Span, options: ExtractOptions) {
  const marker = findMarker(text.slice(span.start, span.end), options.partyPattern);
  if (!marker) return null;
  return {
    marker,
    subjectSpan: { start: span.start + marker.subjectStart, end: span.start + marker.subjectEnd },
    hasItems: true,
  };
}

// Clause boundaries: a semicolon, or a conjunction after a comma, when a new subject follows.
const clauseBoundary = /;\s+|,\s+(?:and|but|while|whereas)\s+|\s+(?:and|but)\s+(?=(?:we|they)\b)/g;
// No `i` flag: it would make \p{Lu} match any letter.
const newSubject =
  /^(?:[Ww]e|[Tt]hey|[Bb]oth|[Ee]ach|[Tt]he\s+two|[Oo]ur\s+(?:two\s+)?countries|\p{Lu})/u;

function findEnglish(text: string, span: Span, options: ExtractOptions): Found[] {
  const sentence = text.slice(span.start, span.end);
  const clauses: Span[] = [];
  let start = 0;
  clauseBoundary.lastIndex = 0;
  for (let m = clauseBoundary.exec(sentence); m; m = clauseBoundary.exec(sentence)) {
    const next = m.index + m[0].length;
    if (!m[0].startsWith(';') && !newSubject.test(sentence.slice(next))) continue;
    clauses.push({ start, end: m.index });
    start = next;
  }
  clauses.push({ start, end: sentence.length });

  const found: Found[] = [];
  clauses.forEach((clause, i) => {
    const clauseText = sentence.slice(clause.start, clause.end);
    const marker = findMarker(clauseText, options.partyPattern);
    if (!marker || introducesList(clauseText.slice(marker.actionStart))) return;
    const subjectSpan = {
      start: span.start + clause.start + marker.subjectStart,
      end: span.start + clause.start + marker.subjectEnd,
    };
    found.push({
      span: {
        start: span.start + clause.start,
        end: span.start + trimEnd(sentence, clause.start, clause.end),
      },
      marker: marker.marker,
      subject: { text: marker.subject, span: subjectSpan },
      action: clauseText.slice(marker.actionStart),
      clause: i + 1,
    });
  });
  if (
    found.length === 1 &&
    clauses.length > 1 &&
    found[0]!.span.start === span.start &&
    found[0]!.span.end >= span.end - 1
  ) {
    found[0]!.span = span;
  }
  if (clauses.length === 1 || found.length === 0)
    return found.map((f) => ({
      ...f,
      span: clauses.length === 1 ? span : f.span,
      clause: clauses.length === 1 ? null : f.clause,
    }));
  return found;
}

/** A sentence ending with a colon ("we will deliver the following:") introduces commitments without being one. */
function introducesList(action: string): boolean {
  return /:\s*$/.test(action);
}

function findJapanese(text: string, span: Span): Found[] {
  const sentence = text.slice(span.start, span.end);
  const m = findJapaneseMarker(sentence);
  if (!m) return [];
  return [
    {
      span,
      marker: m.marker,
      subject: m.subject
        ? {
            text: m.subject,
            span: {
              start: span.start + m.subjectStart,
              end: span.start + m.subjectStart + m.subject.length,
            },
          }
        : null,
      action: sentence,
      clause: null,
    },
  ];
}

function trimEnd(s: string, start: number, end: number): number {
  let e = end;
  while (e > start && /[\s,;]/.test(s[e - 1]!)) e--;
  return e;
}

const sectionIndex = new WeakMap<AgreementDocument, Map<string, SectionNode>>();

function sectionsById(document: AgreementDocument): Map<string, SectionNode> {
  let index = sectionIndex.get(document);
  if (!index) {
    index = new Map(document.sections.map((s) => [s.id, s]));
    sectionIndex.set(document, index);
  }
  return index;
}

function buildCommitment(
  document: AgreementDocument,
  block: BlockNode,
  section: SectionNode | null,
  sentence: { id: string; span: Span },
  f: Found,
  options: ExtractOptions,
): Commitment {
  const { text } = document;
  const top = section?.parentId
    ? (sectionsById(document).get(section.parentId) ?? section)
    : section;
  const entities = findEntities(text, f.span.start, f.span.end, options.acronyms);
  const actors: Mention[] = [...partyActors(f, options), ...entities.actors];
  const { strength, kind } =
    options.language === 'ja' ? classifyJapanese(f) : classifyCommitment(f.marker, f.action);
  void block;
  return {
    id: f.clause === null ? sentence.id : `${sentence.id}__clause_${f.clause}`,
    section: top ? (top.number ?? top.id) : 'preamble',
    text: text.slice(f.span.start, f.span.end),
    span: f.span,
    sentence: { id: sentence.id, ...sentence.span },
    deadline: findDeadline(text, f.span.start, f.span.end, options.signed),
    actors: dedupeMentions(actors),
    instruments: entities.instruments,
    targets: findTargets(text, f.span.start, f.span.end),
    topics: findTopics(text.slice(f.span.start, f.span.end), section?.heading ?? ''),
    strength,
    kind,
    marker: f.marker,
  };
}

/** The parties behind the subject: named countries, or all parties for "we" and its kin. */
function partyActors(f: Found, options: ExtractOptions): Mention[] {
  if (!f.subject) return options.parties.map((code) => ({ value: partyName(code), span: f.span }));
  const named = findCountryMentions(f.subject.text);
  if (named.length > 0) {
    return named.map((m) => ({
      value: partyName(m.code),
      span: { start: f.subject!.span.start + m.start, end: f.subject!.span.start + m.end },
    }));
  }
  if (
    /^(?:\p{Lu}[\p{L}-]+\s+){0,4}(?:Ministry|Ministries|Department|Agency|Forces|Council|Commission|Office)\b/u.test(
      f.subject.text,
    )
  )
    return [];
  return options.parties.map((code) => ({ value: partyName(code), span: f.subject!.span }));
}

function classifyJapanese(f: Found) {
  const strength = /継続|引き続き|再確認|維持/.test(f.action)
    ? ('continuing' as const)
    : /検討|模索|議論/.test(f.action)
      ? ('exploratory' as const)
      : ('firm' as const);
  const kind = /(?:立ち上げ|設立|創設|発足|署名|締結)/.test(f.action)
    ? ('create_mechanism' as const)
    : /再確認/.test(f.action)
      ? ('reaffirm' as const)
      : ('action' as const);
  return { strength, kind };
}

function dedupeMentions(list: Mention[]): Mention[] {
  const seen = new Set<string>();
  return list.filter((m) => (seen.has(m.value) ? false : (seen.add(m.value), true)));
}
