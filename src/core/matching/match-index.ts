import type { AcronymDefinition } from '../commitment/acronyms.ts';
import { learnAcronyms } from '../commitment/acronyms.ts';
import { classify } from '../commitment/entities.ts';
import type { Register } from '../extract-register.ts';
import { walkBlocks, type AgreementDocument } from '../agreement/document.ts';
import { parseAgreement } from '../agreement/parse-agreement.ts';
import type { BlockHint } from '../text/source-text.ts';
import { splitSentences } from '../text/sentences.ts';
import { keyOf, termsOf, wordTokens } from './terms.ts';

/** What matching needs to know of one commitment (from a register, or from stored rows). */
export interface MatchCommitment {
  id: string;
  text: string;
  span: { start: number; end: number };
  /** The heading of its section, and the other sentences of its paragraph or item: context. */
  heading?: string | null | undefined;
  context?: string | undefined;
  deadline?: { date: string | null; phrase: string } | null | undefined;
  /** Named bodies and instruments, as the register gives them ("Long Form (ACR)"). */
  actors?: readonly string[] | undefined;
  instruments?: readonly string[] | undefined;
  topics?: readonly string[] | undefined;
}

export interface MatchSource {
  /** The agreement's normalised text: acronyms and term rarity are learned from it. */
  text: string;
  signed: string | null;
  commitments: readonly MatchCommitment[];
}

/** A name the agreement uses: an acronym with its long form, or a named body or instrument. */
export interface Entity {
  label: string;
  /** A named body (who acts), an instrument (what is created or used), or another defined term. */
  kind: 'body' | 'instrument' | 'term';
  /** Case-sensitive short form ("METI"), if any. */
  short: string | null;
  /** The long form as a sequence of term keys ("ministry economy trade industry"). */
  keys: string[];
  /** Inverse frequency among the commitments (rarer names weigh more). */
  idf: number;
  /** The short form as a word, any case (plural allowed), compiled once. */
  pattern: RegExp | null;
}

export interface IndexedCommitment {
  commitment: MatchCommitment;
  /** Term key → weighted frequency (text 1, heading and context less). */
  tf: Map<string, number>;
  length: number;
  /** Surface form of each key in the commitment's own words, for reasons. */
  surfaces: Map<string, string>;
  entities: Entity[];
  topics: string[];
}

export interface MatchIndex {
  signed: string | null;
  commitments: IndexedCommitment[];
  /** Inverse document frequency of each key over the agreement's sentences. */
  idf: Map<string, number>;
  defaultIdf: number;
  averageLength: number;
  topicIdf: Map<string, number>;
  entities: Entity[];
  /** Names found in more than a fifth of the commitments (the parties) are not signals. */
  commonEntityIdf: number;
  /** Term key → the commitments (by position) that hold it, with the term's weighted frequency. */
  postings: Map<string, { at: number; tf: number }[]>;
  /** Entity → the commitments (by position) that name it. */
  named: Map<Entity, number[]>;
}

const headingWeight = 0.5;
const contextWeight = 0.3;

/**
 * Builds the matching index of an agreement: term statistics from all its sentences, and for each
 * commitment its weighted terms, the names it shares with the agreement's vocabulary and its
 * topics. Pure: the same input gives the same index.
 *
 * @example buildMatchIndex(matchSourceOfRegister(extractRegister(text))).commitments.length
 */
export function buildMatchIndex(source: MatchSource): MatchIndex {
  const sentences = splitSentences(source.text).map((s) => source.text.slice(s.start, s.end));
  const df = new Map<string, number>();
  for (const sentence of sentences) {
    const { words, phrases } = termsOf(sentence);
    for (const key of new Set([...words, ...phrases].map((t) => t.key)))
      df.set(key, (df.get(key) ?? 0) + 1);
  }
  const n = Math.max(sentences.length, source.commitments.length, 1);
  const idf = new Map<string, number>();
  for (const [key, count] of df) idf.set(key, idfOf(n, count));
  const defaultIdf = idfOf(n, 0.5);

  const entities = learnEntities(source, learnAcronyms(source.text));
  const commitments = source.commitments.map((c) => indexCommitment(c, entities));
  // Entity and topic rarity among the commitments.
  const entityCount = new Map<Entity, number>();
  for (const c of commitments)
    for (const e of c.entities) entityCount.set(e, (entityCount.get(e) ?? 0) + 1);
  const m = Math.max(commitments.length, 1);
  for (const e of entities) e.idf = idfOf(m, entityCount.get(e) ?? 0.5);
  const topicCount = new Map<string, number>();
  for (const c of commitments)
    for (const t of c.topics) topicCount.set(t, (topicCount.get(t) ?? 0) + 1);
  const topicIdf = new Map([...topicCount].map(([t, count]) => [t, idfOf(m, count)]));
  const averageLength = commitments.reduce((sum, c) => sum + c.length, 0) / m || 1;
  const commonEntityIdf = idfOf(m, m / 5);
  const postings = new Map<string, { at: number; tf: number }[]>();
  const named = new Map<Entity, number[]>();
  commitments.forEach((c, at) => {
    for (const [key, tf] of c.tf) {
      const list = postings.get(key);
      if (list) list.push({ at, tf });
      else postings.set(key, [{ at, tf }]);
    }
    for (const e of c.entities) named.set(e, [...(named.get(e) ?? []), at]);
  });
  return {
    postings,
    named,
    signed: source.signed,
    commitments,
    idf,
    defaultIdf,
    averageLength,
    topicIdf,
    entities,
    commonEntityIdf,
  };
}

/** BM25's inverse document frequency, never negative. */
function idfOf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

function indexCommitment(c: MatchCommitment, entities: Entity[]): IndexedCommitment {
  const tf = new Map<string, number>();
  const surfaces = new Map<string, string>();
  let length = 0;
  const add = (text: string, weight: number, keepSurface: boolean) => {
    const { words, phrases } = termsOf(text);
    for (const t of [...words, ...phrases]) {
      tf.set(t.key, (tf.get(t.key) ?? 0) + weight);
      if (keepSurface && !surfaces.has(t.key)) surfaces.set(t.key, t.surface);
    }
    length += words.length * weight;
  };
  add(c.text, 1, true);
  if (c.heading) add(c.heading, headingWeight, false);
  if (c.context) add(c.context, contextWeight, false);
  const own = ` ${[...wordTokens(c.text)].map((w) => keyOf(w.word) ?? '').join(' ')} `;
  const named = new Set([...(c.actors ?? []), ...(c.instruments ?? [])].map(normaliseName));
  const mine = entities.filter(
    (e) =>
      named.has(normaliseName(e.label)) ||
      (e.short !== null && c.text.includes(e.short) && hasShortForm(c.text, e)) ||
      (e.keys.length > 0 && own.includes(` ${e.keys.join(' ')} `)),
  );
  return { commitment: c, tf, length, surfaces, entities: mine, topics: [...(c.topics ?? [])] };
}

/**
 * The agreement's names: the acronyms it defines and the named bodies and instruments of its
 * commitments, each once, with its long form as term keys.
 */
function learnEntities(source: MatchSource, acronyms: AcronymDefinition[]): Entity[] {
  const byLabel = new Map<string, Entity>();
  const put = (label: string, short: string | null, long: string) => {
    const keys = [...wordTokens(long)].map((w) => keyOf(w.word)).filter((k) => k !== null);
    // A one-word long form ("Partnership") is too common to be a name on its own.
    if (keys.length < 2 && short === null) return;
    const id = normaliseName(label);
    if (!byLabel.has(id))
      byLabel.set(id, {
        label,
        kind: classify(long) ?? 'term',
        short,
        keys: keys.length >= 2 ? keys : [],
        idf: 0,
        pattern: short
          ? new RegExp(`(?<![\\p{L}\\p{N}])(${escape(short)})s?(?![\\p{L}\\p{N}])`, 'giu')
          : null,
      });
  };
  for (const a of acronyms) put(`${a.long} (${a.short})`, a.short, a.long);
  for (const c of source.commitments)
    for (const name of [...(c.actors ?? []), ...(c.instruments ?? [])]) {
      const withShort = /^(.*)\s+\(([^()]+)\)$/.exec(name);
      if (withShort) put(name, withShort[2]!, withShort[1]!);
      else put(name, null, name);
    }
  return [...byLabel.values()];
}

/** Whether a text holds the entity's short form exactly as defined. */
function hasShortForm(text: string, e: Entity): boolean {
  for (const m of text.matchAll(e.pattern!)) if (m[1] === e.short) return true;
  return false;
}

function normaliseName(name: string): string {
  return name.toLowerCase().replace(/\s+/g, ' ').trim();
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The section heading and the other sentences of the block, for each sentence id. */
function sentenceContexts(
  document: AgreementDocument,
): Map<string, { heading: string | null; context: string }> {
  const text = document.text;
  const contexts = new Map<string, { heading: string | null; context: string }>();
  for (const { block, section } of walkBlocks(document)) {
    const heading = section?.heading ?? null;
    for (const sentence of block.sentences)
      contexts.set(sentence.id, {
        heading,
        context: block.sentences
          .filter((s) => s.id !== sentence.id)
          .map((s) => text.slice(s.span.start, s.span.end))
          .join(' '),
      });
  }
  return contexts;
}

/**
 * The matching view of an extracted register: each commitment with its section heading and the
 * other sentences of its block as context.
 *
 * @example matchSourceOfRegister(extractRegister(text, { signed: '2023-05-18' })).commitments[0].id
 */
export function matchSourceOfRegister(register: Register): MatchSource {
  const contexts = sentenceContexts(register.document);
  return {
    text: register.document.text,
    signed: register.accord.signed,
    commitments: register.commitments.map((c) => {
      const where = contexts.get(c.sentence.id);
      return {
        id: c.id,
        text: c.text,
        span: { start: c.span.start, end: c.span.end },
        heading: where?.heading ?? null,
        context: where?.context ?? '',
        deadline: c.deadline ? { date: c.deadline.date, phrase: c.deadline.phrase } : null,
        actors: c.actors.map((m) => m.value),
        instruments: c.instruments.map((m) => m.value),
        topics: c.topics,
      };
    }),
  };
}

/** A stored commitment, as the matching view of stored rows needs it. */
export interface StoredCommitment extends Omit<MatchCommitment, 'heading' | 'context'> {
  /** The id of the sentence it sits in (for its heading and neighbours), if known. */
  sentenceId: string | null;
}

/**
 * The matching view of a stored agreement version: the text is parsed again (pure, fast) for the
 * headings and neighbouring sentences, so stored and freshly extracted registers match alike.
 */
export function matchSourceOfStored(
  text: string,
  hints: readonly BlockHint[],
  signed: string | null,
  commitments: readonly StoredCommitment[],
): MatchSource {
  const contexts = sentenceContexts(parseAgreement(text, [...hints]).document);
  return {
    text,
    signed,
    commitments: commitments.map(({ sentenceId, ...c }) => {
      const where = sentenceId ? contexts.get(sentenceId) : undefined;
      return { ...c, heading: where?.heading ?? null, context: where?.context ?? '' };
    }),
  };
}
