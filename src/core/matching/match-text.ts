import { findTopics } from '../commitment/topics.ts';
import { distance } from './item-date.ts';
import type { Entity, IndexedCommitment, MatchCommitment, MatchIndex } from './match-index.ts';
import { keyOf, termsOf, type Term } from './terms.ts';

export interface MatchOptions {
  /** When the item was published (YYYY-MM-DD), for the date signal. */
  published?: string | null | undefined;
  /** At most this many matches (default 10). */
  limit?: number;
  /** Leave out matches scoring below this (0..1, default: any relevance at all). */
  minScore?: number;
  /** Commitment ids never to suggest (dismissed before). */
  exclude?: ReadonlySet<string>;
}

export interface Match {
  commitment: MatchCommitment;
  /** 0..1, higher is better; monotonic in the raw relevance. */
  score: number;
  reason: string;
}

// BM25 parameters (the usual ones) and the weights of the other signals, in BM25 units.
const k1 = 1.2;
const b = 0.75;
// An instrument's name is specific evidence; a ministry's name appears in news of many kinds.
const entityWeight = { instrument: 4, term: 2, body: 1 } as const;
// The words of an instrument's name add specificity ("Global Combat Air Programme"); a ministry's
// long name does not.
const nameWordsWeight = { instrument: 0.5, term: 0.25, body: 0 } as const;
const bodyMention = 0.5;
const topicWeight = 0.6;
const leadWeight = 2;
const leadLength = 400;
// BM25 idf below which a word is too common in the agreement to be named in a reason (in about a
// fifth of its sentences or more).
const commonWordIdf = 1.7;
// raw / (raw + half): a raw relevance of `half` scores 0.5.
const half = 60;

interface Contribution {
  key: string;
  value: number;
  phrase: boolean;
}

/**
 * Ranks the commitments of an indexed agreement by how likely a text (a news item, a press
 * release, a pasted page) is evidence for them: BM25 over words and two-word phrases of the
 * commitment (its section heading and neighbours as weaker context), the agreement's own names
 * and acronyms, topics, and the item's date against the signing date and the deadline. Each match
 * carries a readable reason.
 *
 * @example matchText(index, 'UK and Japan sign critical minerals MoC', { published: '2023-10-30' })[0].reason
 */
export function matchText(index: MatchIndex, text: string, options: MatchOptions = {}): Match[] {
  const item = termsOf(text);
  const query = countsOf([...item.words, ...item.phrases]);
  const lead = text.slice(0, leadLength);
  // Each name the item uses, weighted by emphasis (in the headline or lead, or only further
  // down, and how often), with the term counts its mentions make up.
  const mentioned = new Map<Entity, { weight: number; counts: Map<string, number> }>();
  const positions = new Map<string, number[]>();
  item.words.forEach((w, i) => {
    const list = positions.get(w.key);
    if (list) list.push(i);
    else positions.set(w.key, [i]);
  });
  const lowerText = text.toLowerCase();
  for (const e of index.named.keys()) {
    if (e.idf < index.commonEntityIdf) continue;
    const { terms, places } = mentionsOf(text, lowerText, item.words, positions, e);
    if (places.length === 0) continue;
    const inLead = places.some((start) => start < leadLength);
    mentioned.set(e, {
      weight: (inLead ? 1 : bodyMention) * (1 + Math.log(places.length)),
      counts: countsOf(terms),
    });
  }
  // A name counts once, as a name: the words of its mentions are not counted again as relevance.
  const free = new Map(query);
  for (const { counts } of mentioned.values())
    for (const [key, n] of counts) free.set(key, (free.get(key) ?? 0) - n);
  for (const [key, n] of free) if (n < 1) free.delete(key);
  const leadTopics = new Set<string>(findTopics(lead));
  const bodyTopics = new Set<string>(findTopics(text));
  const published = options.published ?? null;

  // Accumulate over the postings of the item's terms and names: only commitments that share
  // something with the item are touched.
  const n = index.commitments.length;
  const relevance = new Float64Array(n);
  for (const [key, count] of free) {
    const list = index.postings.get(key);
    if (!list) continue;
    const weight = (1 + Math.log(count)) * (index.idf.get(key) ?? index.defaultIdf);
    for (const { at, tf } of list) relevance[at]! += weight * termScore(index, at, tf);
  }
  for (const [e, { weight }] of mentioned) {
    // A name is worth its rarity among the commitments, and the specificity of its words.
    const words = e.keys.reduce((sum, k) => sum + (index.idf.get(k) ?? index.defaultIdf), 0);
    const value = (entityWeight[e.kind] * e.idf + nameWordsWeight[e.kind] * words) * weight;
    for (const at of index.named.get(e) ?? []) relevance[at]! += value;
  }
  const scored: { at: number; raw: number }[] = [];
  for (let at = 0; at < n; at++) {
    const c = index.commitments[at]!;
    let base = relevance[at]!;
    for (const t of c.topics)
      if (bodyTopics.has(t))
        base += topicWeight * (index.topicIdf.get(t) ?? 0) * (leadTopics.has(t) ? 1 : 0.4);
    if (base <= 0 || options.exclude?.has(c.commitment.id)) continue;
    const deadline = c.commitment.deadline?.date ?? null;
    const factor = published === null ? 1 : dateSignal(index.signed, deadline, published).factor;
    scored.push({ at, raw: base * factor });
  }
  scored.sort((x, y) => y.raw - x.raw || x.at - y.at);
  const minScore = options.minScore ?? 0;
  const out: Match[] = [];
  for (const { at, raw } of scored) {
    if (out.length >= (options.limit ?? 10)) break;
    const score = Math.round((raw / (raw + half)) * 1000) / 1000;
    if (score <= 0 || score < minScore) break;
    const c = index.commitments[at]!;
    // Reasons only for what is shown.
    const shared = c.entities.filter((e) => mentioned.has(e));
    const nameKeys = new Set(shared.flatMap((e) => e.keys));
    const contributions: Contribution[] = [];
    for (const [key, count] of free) {
      const tf = c.tf.get(key);
      const surface = c.surfaces.get(key);
      if (!tf || !surface) continue;
      const parts = key.split(' ');
      if (parts.every((p) => nameKeys.has(p))) continue;
      if (parts.length > 1 && !/^[\p{L}\p{N}’'-]+[\s-][\p{L}\p{N}’'-]+$/u.test(surface)) continue;
      const value =
        (1 + Math.log(count)) * (index.idf.get(key) ?? index.defaultIdf) * termScore(index, at, tf);
      contributions.push({ key, value, phrase: parts.length > 1 });
    }
    const topics = c.topics.filter((t) => bodyTopics.has(t));
    const when = dateSignal(index.signed, c.commitment.deadline?.date ?? null, published).words;
    out.push({
      commitment: c.commitment,
      score,
      reason: reasonOf(index.idf, c, shared, contributions, topics, when),
    });
  }
  return out;
}

/** BM25's saturated, length-normalised term frequency. */
function termScore(index: MatchIndex, at: number, tf: number): number {
  const norm = k1 * (1 - b + (b * index.commitments[at]!.length) / index.averageLength);
  return (tf * (k1 + 1)) / (tf + norm);
}

/** Term counts; words of the headline and lead count double. */
function countsOf(terms: readonly Term[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of terms)
    counts.set(t.key, (counts.get(t.key) ?? 0) + (t.start < leadLength ? leadWeight : 1));
  return counts;
}

/**
 * The terms of each place the item names an entity: its long form's words in order (and the
 * phrases inside), or its short form as a word ("MOC", also written "MoC").
 */
function mentionsOf(
  text: string,
  lowerText: string,
  words: readonly Term[],
  positions: ReadonlyMap<string, number[]>,
  e: Entity,
): { terms: Term[]; places: number[] } {
  const found: Term[] = [];
  const places: number[] = [];
  const n = e.keys.length;
  for (const i of n >= 2 ? (positions.get(e.keys[0]!) ?? []) : []) {
    if (i + n > words.length) continue;
    let j = 1;
    while (j < n && words[i + j]!.key === e.keys[j]) j++;
    if (j < n) continue;
    places.push(words[i]!.start);
    for (let k = i; k < i + n; k++) {
      found.push(words[k]!);
      if (k > i) found.push({ ...words[k - 1]!, key: `${words[k - 1]!.key} ${words[k]!.key}` });
    }
  }
  if (e.short !== null && e.pattern && lowerText.includes(e.short.toLowerCase())) {
    for (const m of text.matchAll(e.pattern)) {
      const word = m[1]!;
      // "MOC" is also written "MoC": any case, as long as the word has two capitals.
      const exact =
        word === e.short || (e.short.length >= 3 && (word.match(/\p{Lu}/gu)?.length ?? 0) >= 2);
      if (!exact) continue;
      places.push(m.index);
      const key = keyOf(m[0]);
      if (key) found.push({ key, surface: m[0], start: m.index });
    }
  }
  return { terms: found, places };
}

/** How the item's date bears on a commitment: before signing weighs less, by the deadline more. */
function dateSignal(
  signed: string | null,
  deadline: string | null,
  published: string | null,
): { factor: number; words: string | null } {
  if (!published) return { factor: 1, words: null };
  const parts: string[] = [];
  let factor = 1;
  if (signed) {
    if (published < signed) {
      factor *= 0.5;
      parts.push(`published ${distance(published, signed)} before signing`);
    } else parts.push(`published ${distance(signed, published)} after signing`);
  } else parts.push(`published ${published}`);
  if (deadline && (!signed || published >= signed)) {
    if (published <= deadline) {
      factor *= 1.15;
      parts.push('before the deadline');
    } else {
      const late = (Date.parse(published) - Date.parse(deadline)) / 86_400_000;
      // Delivery is often reported soon after the deadline; much later it is weaker evidence.
      factor *= late <= 183 ? 1.05 : 0.9;
      parts.push(`${distance(deadline, published)} after the deadline`);
    }
  }
  return { factor, words: parts.join(', ') };
}

function reasonOf(
  idf: ReadonlyMap<string, number>,
  c: IndexedCommitment,
  shared: Entity[],
  contributions: Contribution[],
  topics: string[],
  when: string | null,
): string {
  const labels = [...shared]
    .sort((x, y) => y.idf - x.idf)
    .map((e) => e.short ?? shortLabel(e.label));
  // "UN" says nothing more next to "UN Security Council".
  const named = labels
    .filter((l, i) => !labels.some((other, j) => j !== i && other !== l && containsWord(other, l)))
    .slice(0, 2);
  // Phrases read better than single words: prefer them unless a word weighs much more.
  const weight = (x: Contribution) => x.value * (x.phrase ? 1.5 : 1);
  contributions.sort((x, y) => weight(y) - weight(x));
  const words: string[] = [];
  const used = new Set<string>();
  for (const { key, phrase } of contributions) {
    if (words.length >= 3 - Math.min(named.length, 1)) break;
    // A word found in many of the agreement's sentences ("Japan", "work") explains nothing.
    if (!phrase && (idf.get(key) ?? Infinity) < commonWordIdf && words.length + named.length > 0)
      continue;
    const parts = key.split(' ');
    if (parts.some((p) => used.has(p))) continue;
    const surface = c.surfaces.get(key)!;
    if (/^[\d\s]+$/.test(surface)) continue;
    parts.forEach((p) => used.add(p));
    words.push(`'${surface}'`);
  }
  const listed = [...named, ...words];
  const clauses: string[] = [];
  if (listed.length > 0) clauses.push(`mentions ${joinAnd(listed)}`);
  if (topics.length > 0 && listed.length < 2) clauses.push(`on ${joinAnd(topics.slice(0, 2))}`);
  if (when) clauses.push(when);
  return clauses.join('; ') || 'related wording';
}

function containsWord(text: string, word: string): boolean {
  return new RegExp(
    `(?<![\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`,
    'u',
  ).test(text);
}

function shortLabel(label: string): string {
  return label.length > 60 ? `${label.slice(0, 57)}…` : label;
}

function joinAnd(list: string[]): string {
  return list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
}
