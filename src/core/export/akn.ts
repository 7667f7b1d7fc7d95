import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { AgreementDocument, BlockNode, SectionNode } from '../agreement/document.ts';
import { parseAgreement } from '../agreement/parse-agreement.ts';
import type { BlockHint } from '../text/source-text.ts';

/** The Akoma Ntoso 3.0 namespace. */
export const aknNamespace = 'http://docs.oasis-open.org/legaldocml/ns/akn/3.0';
/** The namespace of Accord Tracker's proprietary metadata (the register, for an exact re-import). */
export const accordNamespace = 'https://accord-tracker.invalid/akn/1';

/** A commitment as the Akoma Ntoso export carries it (in the text and in the proprietary metadata). */
export interface AknCommitment {
  eid: string;
  section: string;
  sentence_eid: string | null;
  span_start: number;
  span_end: number;
  text: string;
  deadline_date: string | null;
  deadline_precision: string | null;
  deadline_phrase: string | null;
  actors: unknown[];
  instruments: unknown[];
  targets: unknown[];
  topics: string[];
  strength: string;
  kind: string;
  origin: string;
  state: string;
}

/** What the Akoma Ntoso export is made from. */
export interface AknSource {
  agreement: {
    slug: string;
    title: string;
    signed: string | null;
    place: string | null;
    language: 'en' | 'ja';
    source_url: string | null;
    parties: { code: string; name: string }[];
    created: string;
  };
  text: string;
  format: string;
  hints: BlockHint[];
  sha256: string;
  versionNumber: number;
  sections: {
    eid: string;
    number: string | null;
    heading: string | null;
    parent_eid: string | null;
  }[];
  commitments: AknCommitment[];
  /** The day of the export (FRBRManifestation date). */
  today: string;
}

/** The proprietary metadata an export carries, read back by the Akoma Ntoso reader. */
export interface AknRegisterData {
  sha256: string;
  format: string;
  hints: BlockHint[];
  agreement: AknSource['agreement'];
  sections: AknSource['sections'];
  commitments: AknCommitment[];
}

/** The class of the empty paragraph that stands in for a missing mainBody: not a line of the text. */
export const placeholderClass = 'accord-placeholder';

const lang3 = { en: 'eng', ja: 'jpn' } as const;

type Line = { start: number; end: number; text: string };
type Role =
  | { kind: 'title' }
  | { kind: 'heading'; section: SectionNode }
  | { kind: 'block'; block: BlockNode; section: SectionNode | null }
  | { kind: 'signature' }
  | { kind: 'other' };

/**
 * Writes an agreement as an Akoma Ntoso 3.0 `<doc name="jointStatement">`: FRBR identification,
 * a preface with the title, the preamble, a mainBody of sections (subsections, paragraphs and
 * points), and conclusions with the signatures. Every line of the text is one block, so the reader
 * rebuilds the exact text; each active commitment is an `<inline name="commitment">` with its id.
 * The register itself rides along in `<proprietary>` for an exact re-import.
 *
 * @example akomaNtoso(source).startsWith('<?xml') // true
 */
export function akomaNtoso(source: AknSource): string {
  const { text } = source;
  const { document } = parseAgreement(text, source.hints);
  const lines = splitLines(text);
  const roles = classify(document, lines);
  const a = source.agreement;
  const date = a.signed ?? a.created;
  const country = a.parties.length === 1 ? a.parties[0]!.code.toLowerCase() : 'int';
  const work = `/akn/${country}/doc/jointStatement/${date}/${a.slug}`;
  const expression = `${work}/${lang3[a.language]}@${date}`;

  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(aknNamespace, 'akomaNtoso');
  const doc = root.ele('doc', { name: 'jointStatement' });
  const meta = doc.ele('meta');
  const identification = meta.ele('identification', { source: '#accordTracker' });
  const frbr = (
    name: string,
    self: string,
    uri: string,
    when: string,
    whenName: string,
    authors: string[],
  ) => {
    const el = identification.ele(name);
    el.ele('FRBRthis', { value: self });
    el.ele('FRBRuri', { value: uri });
    el.ele('FRBRdate', { date: when, name: whenName });
    for (const author of authors) el.ele('FRBRauthor', { href: author });
    return el;
  };
  const parties = a.parties.map((p) => `#${p.code.toLowerCase()}`);
  const w = frbr(
    'FRBRWork',
    `${work}/!main`,
    work,
    date,
    a.signed ? 'signature' : 'generation',
    parties.length ? parties : ['#accordTracker'],
  );
  w.ele('FRBRcountry', { value: country });
  w.ele('FRBRname', { value: a.title });
  const e = frbr(
    'FRBRExpression',
    `${expression}/!main`,
    expression,
    date,
    a.signed ? 'signature' : 'generation',
    ['#accordTracker'],
  );
  e.ele('FRBRversionNumber', { value: String(source.versionNumber) });
  e.ele('FRBRlanguage', { language: lang3[a.language] });
  const m = frbr(
    'FRBRManifestation',
    `${expression}/!main.xml`,
    `${expression}.akn`,
    source.today,
    'export',
    ['#accordTracker'],
  );
  m.ele('FRBRformat', { value: 'application/akn+xml' });
  const references = meta.ele('references', { source: '#accordTracker' });
  references.ele('TLCOrganization', {
    eId: 'accordTracker',
    href: '/ontology/organization/accordTracker',
    showAs: 'Accord Tracker',
  });
  references.ele('TLCConcept', {
    eId: 'commitment',
    href: '/ontology/concept/accordTracker/commitment',
    showAs: 'Commitment',
  });
  for (const p of a.parties)
    references.ele('TLCOrganization', {
      eId: p.code.toLowerCase(),
      href: `/ontology/organization/${p.code.toLowerCase()}`,
      showAs: p.name,
    });
  const data: AknRegisterData = {
    sha256: source.sha256,
    format: source.format,
    hints: source.hints,
    agreement: a,
    sections: source.sections,
    commitments: source.commitments,
  };
  meta
    .ele('proprietary', { source: '#accordTracker' })
    .ele(accordNamespace, 'register', { encoding: 'json' })
    .txt(JSON.stringify(data));

  // Commitment spans, non-overlapping, in text order.
  const spans: { start: number; end: number; eid: string }[] = [];
  for (const c of [...source.commitments]
    .filter((c) => c.state === 'active')
    .sort((x, y) => x.span_start - y.span_start)) {
    const last = spans.at(-1);
    if (!last || c.span_start >= last.end)
      spans.push({ start: c.span_start, end: c.span_end, eid: c.eid });
  }
  const parts = new Map<string, number>();
  const inlineText = (parent: XMLBuilder, start: number, end: number) => {
    let at = start;
    for (const s of spans) {
      if (s.end <= start || s.start >= end) continue;
      const from = Math.max(s.start, start);
      const to = Math.min(s.end, end);
      if (from > at) parent.txt(text.slice(at, from));
      const n = (parts.get(s.eid) ?? 0) + 1;
      parts.set(s.eid, n);
      parent
        .ele('inline', {
          name: 'commitment',
          eId: n === 1 ? aknId(s.eid) : `${aknId(s.eid)}__part_${n}`,
          refersTo: '#commitment',
          class: 'commitment',
        })
        .txt(text.slice(from, to));
      at = to;
    }
    if (end > at) parent.txt(text.slice(at, end));
    return parent;
  };
  const p = (parent: XMLBuilder, line: Line, attrs: Record<string, string> = {}) =>
    inlineText(parent.ele('p', attrs), line.start, line.end);

  type Phase = 'preface' | 'preamble' | 'mainBody' | 'conclusions';
  const order: Phase[] = ['preface', 'preamble', 'mainBody', 'conclusions'];
  const inBody = (r: Role) => r.kind === 'heading' || (r.kind === 'block' && r.section !== null);
  const firstBody = roles.findIndex(inBody);
  const lastBody = roles.map(inBody).lastIndexOf(true);
  const firstBlock = roles.findIndex((r) => r.kind === 'block');
  // The phase of each line: the document order is fixed (preface, preamble, mainBody,
  // conclusions), so a line never goes back to an earlier part.
  const phases: Phase[] = [];
  let phase: Phase = 'preface';
  roles.forEach((role, i) => {
    let want: Phase;
    if (firstBody >= 0 && i > lastBody && (role.kind === 'signature' || phase === 'conclusions'))
      want = 'conclusions';
    else if (inBody(role)) want = 'mainBody';
    else if (role.kind === 'block') want = 'preamble';
    else if (role.kind === 'title' || firstBlock < 0 || i < firstBlock) want = 'preface';
    else if (role.kind === 'signature' && firstBody < 0) want = 'conclusions';
    else want = phase;
    if (order.indexOf(want) < order.indexOf(phase)) want = phase;
    phases.push((phase = want));
  });
  // The schema needs a mainBody: without sections, the preamble's lines make it.
  if (!phases.includes('mainBody'))
    phases.forEach((ph, i) => {
      if (ph === 'preamble') phases[i] = 'mainBody';
    });
  let container: XMLBuilder | null = null;
  let opened: Phase | null = null;
  const sectionElements = new Map<string, XMLBuilder>();
  let current: XMLBuilder | null = null; // the section element lines go into
  const open = (next: Phase): XMLBuilder => {
    if (opened === next && container) return container;
    if (next === 'conclusions' && opened !== 'mainBody' && !phases.includes('mainBody'))
      doc.ele('mainBody').ele('p', { class: placeholderClass });
    opened = next;
    container = doc.ele(next);
    current = null;
    return container;
  };
  lines.forEach((line, i) => {
    const role = roles[i]!;
    const want = phases[i]!;
    const box = open(want);
    if (want === 'preface') {
      if (role.kind === 'title') box.ele('p', { class: 'title' }).ele('docTitle').txt(line.text);
      else p(box, line);
      return;
    }
    if (want === 'preamble') {
      p(box, line, role.kind === 'block' ? { eId: aknId(role.block.id) } : {});
      return;
    }
    if (want === 'conclusions') {
      if (role.kind === 'signature') box.ele('p').ele('signature').txt(line.text);
      else p(box, line);
      return;
    }
    // mainBody
    if (role.kind === 'heading') {
      const s = role.section;
      const parent = (s.parentId && sectionElements.get(s.parentId)) || box;
      const el = parent.ele(s.level === 2 ? 'subsection' : 'section', { eId: aknId(s.id) });
      sectionElements.set(s.id, el);
      current = el;
      const prefix = s.headingSpan ? text.slice(line.start, s.headingSpan.start) : '';
      if (
        prefix.trim() !== '' &&
        prefix === `${prefix.trimEnd()} ` &&
        !/\s/.test(prefix.trimEnd())
      ) {
        el.ele('num').txt(prefix.trimEnd());
        inlineText(el.ele('heading'), line.start + prefix.length, line.end);
      } else inlineText(el.ele('heading'), line.start, line.end);
      return;
    }
    let holder: XMLBuilder = current ?? box;
    if (role.kind === 'block' && role.section) {
      const known = sectionElements.get(role.section.id);
      if (known) holder = known;
      else {
        holder = box.ele('section', { eId: aknId(role.section.id) });
        sectionElements.set(role.section.id, holder);
      }
      current = holder;
    }
    if (role.kind === 'block' && role.block.kind === 'item') {
      const point = holder.ele('point', { eId: aknId(role.block.id) });
      const marker = role.block.marker?.text;
      if (marker && line.text.startsWith(`${marker} `) && !/\s/.test(marker)) {
        point.ele('num').txt(marker);
        inlineText(point.ele('content').ele('p'), line.start + marker.length + 1, line.end);
      } else p(point.ele('content'), line);
      return;
    }
    const attrs: Record<string, string> =
      role.kind === 'block' ? { eId: aknId(role.block.id) } : {};
    p(holder.ele('paragraph', attrs).ele('content'), line);
  });
  if (opened === null || (!phases.includes('mainBody') && opened !== 'conclusions'))
    doc.ele('mainBody').ele('p', { class: placeholderClass });
  return root.end({ prettyPrint: false });
}

/** An id that XML accepts as an NCName-like eId (letters, digits, _ and -). */
export function aknId(id: string): string {
  const clean = id.replace(/[^\p{L}\p{N}_.-]/gu, '_');
  return /^[\p{L}_]/u.test(clean) ? clean : `_${clean}`;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (const t of text.split('\n')) {
    out.push({ start, end: start + t.length, text: t });
    start += t.length + 1;
  }
  return out;
}

function classify(document: AgreementDocument, lines: Line[]): Role[] {
  const roles: Role[] = lines.map(() => ({ kind: 'other' }));
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid]!.start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  for (const span of document.title?.spans ?? [])
    for (let i = lineAt(span.start); i <= lineAt(Math.max(span.start, span.end - 1)); i++)
      roles[i] = { kind: 'title' };
  for (const block of document.preamble)
    roles[lineAt(block.span.start)] =
      block.kind === 'signature' ? { kind: 'signature' } : { kind: 'block', block, section: null };
  for (const section of document.sections) {
    if (section.headingSpan)
      roles[lineAt(section.headingSpan.start)] = { kind: 'heading', section };
    for (const block of section.blocks)
      roles[lineAt(block.span.start)] =
        block.kind === 'signature' ? { kind: 'signature' } : { kind: 'block', block, section };
  }
  for (const s of document.signatories) roles[lineAt(s.span.start)] = { kind: 'signature' };
  return roles;
}
