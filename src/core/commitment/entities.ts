import type { Span } from '../text/span.ts';
import type { AcronymDefinition } from './acronyms.ts';
import type { Mention } from './commitment.ts';

// Head nouns of named bodies (actors) and of named instruments; the head of a name is its last
// keyword before the first "of/for/on/with" ("Ministry of Economy ...", "Partnership for RISE").
const bodyHeads = new Set(
  'Ministry Ministries Department Agency Forces Force Office Commission Council Bank Organisation Organization Institute Institutes Secretariat Service Services Authority Administration Corps Guard Navy Army Government Parliament Union Nations Centre Center Laboratory Laboratories Foundation Corporation Police Board Court Assembly Cabinet Embassy Group'.split(
    ' ',
  ),
);
const instrumentHeads = new Set(
  'Agreement Agreements Partnership Partnerships Dialogue Dialogues Programme Programmes Program Programs Memorandum Arrangement Arrangements Treaty Convention Framework Initiative Initiatives Compact Mechanism Consultations Consultation Strategy Declaration Charter Plan Roadmap Accord Protocol Forum Fund Facility Alliance Coalition Network Platform Taskforce Task Committee Package Exchange Challenge Scheme Corridor Fellowship Fellowships Summit Action Pact'.split(
    ' ',
  ),
);
// International organisations texts of the genre name without defining them.
const knownBodies: Record<string, string> = {
  NATO: 'North Atlantic Treaty Organization',
  UN: 'United Nations',
  UNSC: 'UN Security Council',
  WTO: 'World Trade Organization',
  IMF: 'International Monetary Fund',
  OECD: 'Organisation for Economic Co-operation and Development',
  ASEAN: 'Association of Southeast Asian Nations',
  IAEA: 'International Atomic Energy Agency',
  WHO: 'World Health Organization',
  APEC: 'Asia-Pacific Economic Cooperation',
  G7: 'G7',
  G20: 'G20',
  EU: 'European Union',
  Quad: 'Quad',
  IEA: 'International Energy Agency',
  IRENA: 'International Renewable Energy Agency',
  UNFCCC: 'UN Framework Convention on Climate Change',
};
const connectors = new Set([
  'of',
  'for',
  'and',
  'on',
  'the',
  'with',
  '&',
  'de',
  'du',
  'des',
  'against',
]);

export interface Entities {
  actors: Mention[];
  instruments: Mention[];
}

/**
 * Finds the named bodies (actors) and named instruments in `text[start, end)`: capitalised names
 * with a body or instrument head noun, acronyms the text defines (resolved to "Long Form (ACR)"),
 * and well-known international organisations.
 */
export function findEntities(
  text: string,
  start: number,
  end: number,
  acronyms: readonly AcronymDefinition[],
): Entities {
  const actors: Mention[] = [];
  const instruments: Mention[] = [];
  const slice = text.slice(start, end);
  const byLong = new Map(acronyms.map((a) => [a.long.toLowerCase(), a]));
  const byShort = new Map(acronyms.map((a) => [a.short, a]));

  const annotated = new Set<number>();
  const named: Span[] = [];
  for (const chain of capitalisedChains(slice)) {
    const name = chain.text;
    const kind = classify(name);
    if (!kind) continue;
    named.push(chain);
    // "Nuclear Non-Proliferation Treaty (NPT)": the parenthesised acronym names the same thing.
    const after = /^\s*\(([A-Z][A-Za-z0-9&-]{1,11})\)/.exec(slice.slice(chain.end));
    const acronym = byLong.get(name.toLowerCase()) ?? (after ? byShort.get(after[1]!) : undefined);
    if (after) annotated.add(chain.end + after[0].indexOf('(') + 1);
    const value = acronym ? `${acronym.long} (${acronym.short})` : name;
    push(kind === 'body' ? actors : instruments, value, {
      start: start + chain.start,
      end: start + chain.end,
    });
  }
  for (const m of slice.matchAll(
    /(?<![\p{L}\p{N}-])([A-Z][A-Za-z0-9&]*[A-Z0-9][a-z]?s?|Quad)(?![\p{L}\p{N}])/gu,
  )) {
    const token = m[1]!;
    if (annotated.has(m.index) || named.some((n) => m.index >= n.start && m.index < n.end))
      continue;
    const span = { start: start + m.index, end: start + m.index + token.length };
    const def = byShort.get(token) ?? byShort.get(token.replace(/s$/, ''));
    if (def) {
      const kind = classify(def.long);
      if (kind) push(kind === 'body' ? actors : instruments, `${def.long} (${def.short})`, span);
      continue;
    }
    const known = knownBodies[token];
    if (known) push(actors, known === token ? token : `${known} (${token})`, span);
  }
  return { actors: dedupe(actors), instruments: dedupe(instruments) };
}

/** 'body', 'instrument' or null for a capitalised name, from its head noun. */
export function classify(name: string): 'body' | 'instrument' | null {
  const words = name.split(/[\s,]+/).filter(Boolean);
  const cut = words.findIndex((w, i) => i > 0 && /^(of|for|on|with|against)$/.test(w));
  const headZone = cut === -1 ? words : words.slice(0, cut);
  for (let i = headZone.length - 1; i >= 0; i--) {
    const w = headZone[i]!.replace(/[’']s$/, '');
    const last = w.split('-').at(-1)!;
    if (instrumentHeads.has(last)) return 'instrument';
    if (bodyHeads.has(last)) return 'body';
  }
  return null;
}

function capitalisedChains(s: string): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  const tokens = [...s.matchAll(/(?:[A-Z]\.){2,}|[\p{L}\p{N}][\p{L}\p{N}’'&-]*|,/gu)];
  let i = 0;
  while (i < tokens.length) {
    if (!isCapital(tokens[i]![0])) {
      i++;
      continue;
    }
    let j = i;
    let lastCapital = i;
    while (j + 1 < tokens.length) {
      const next = tokens[j + 1]!;
      const gap = s.slice(tokens[j]!.index + tokens[j]![0].length, next.index);
      if (/[()"“”:;.\n–—]/.test(gap)) break;
      if (isCapital(next[0])) {
        lastCapital = j + 1;
        j++;
      } else if (
        (connectors.has(next[0]) || next[0] === ',') &&
        j + 2 < tokens.length &&
        (isCapital(tokens[j + 2]![0]) ||
          (connectors.has(tokens[j + 2]![0]) && !/^(and|,)$/.test(next[0])))
      ) {
        j++;
      } else break;
    }
    const first = tokens[i]!;
    const last = tokens[lastCapital]!;
    let startIndex = first.index;
    let text = s
      .slice(startIndex, last.index + last[0].length)
      .replace(/[.’']+$/, '')
      .replace(/’s$/, '');
    // A leading article or sentence-initial verb is not part of the name.
    const lead = /^(?:(?:The|A|An|This|These|Our|Its|Their)\s+|\S+[’']s\s+)/.exec(text);
    if (lead) {
      startIndex += lead[0].length;
      text = text.slice(lead[0].length);
    }
    if (text.split(/\s+/).length >= 2)
      out.push({ text, start: startIndex, end: startIndex + text.length });
    i = lastCapital + 1;
  }
  return out;
}

function isCapital(word: string): boolean {
  return /^[\p{Lu}\p{N}]/u.test(word) && !/^\d+$/.test(word);
}

function push(list: Mention[], value: string, span: Span): void {
  list.push({ value, span });
}

function dedupe(list: Mention[]): Mention[] {
  const seen = new Set<string>();
  const key = (v: string) => v.replace(/\s*\([^)]*\)$/, '').toLowerCase();
  // Prefer the form that carries its acronym.
  const sorted = [...list].sort(
    (a, b) => Number(b.value.endsWith(')')) - Number(a.value.endsWith(')')),
  );
  const keep = new Set(
    sorted.filter((m) => (seen.has(key(m.value)) ? false : (seen.add(key(m.value)), true))),
  );
  return list.filter((m) => keep.has(m));
}
