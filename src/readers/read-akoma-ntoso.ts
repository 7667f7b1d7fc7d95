import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { placeholderClass, type AknRegisterData } from '../core/export/akn.ts';
import { normaliseText, type BlockHint, type SourceText } from '../core/text/source-text.ts';
import { decodeText } from './decode-text.ts';
import { ReadError } from './read-error.ts';

/** An Akoma Ntoso document read back: its text, and the register an Accord Tracker export carries. */
export interface AknDocument {
  source: SourceText;
  /** The proprietary register of an Accord Tracker export whose text is unchanged, else null. */
  register: AknRegisterData | null;
  /** Commitments marked in the text (`<inline name="commitment">`), with offsets into the text. */
  marked: { eid: string; start: number; end: number }[];
  /** The title (FRBRname or docTitle), the language (FRBRlanguage) and the parties (FRBRauthor). */
  title: string | null;
  language: 'en' | 'ja' | null;
  parties: string[];
  signed: string | null;
}

type XmlNode = Record<string, unknown>;

const hierarchyElements = new Set([
  'section',
  'subsection',
  'paragraph',
  'subparagraph',
  'point',
  'article',
  'chapter',
  'part',
  'title',
  'clause',
  'subclause',
  'division',
  'hcontainer',
  'level',
  'list',
  'alinea',
  'indent',
  'rule',
  'tome',
  'book',
]);
const lineElements = new Set([
  'p',
  'heading',
  'subheading',
  'blockContainer',
  'tblock',
  'longTitle',
]);

/**
 * Refuses XML that declares a document type: internal or external entities (billion laughs, XXE)
 * are never expanded, because no DOCTYPE is accepted at all.
 */
function refuseDoctype(xml: string): void {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml))
    throw new ReadError(
      'unsupported_format',
      'the XML declares a DOCTYPE or entities, which are refused (external entities, entity expansion): remove the DOCTYPE',
    );
}

/**
 * Reads an Akoma Ntoso 3.0 document: one line of text per block (`p`, a heading with its number,
 * a point's number with its first paragraph), commitments marked as `<inline name="commitment">`,
 * and, for an Accord Tracker export whose text is unchanged, the exact original text, hints and
 * register. A DOCTYPE is refused; so is XML that is not well formed or not Akoma Ntoso.
 *
 * @example parseAkomaNtoso(bytes).source.format // 'akn'
 */
export function parseAkomaNtoso(bytes: Uint8Array): AknDocument {
  const xml = decodeText(bytes);
  refuseDoctype(xml);
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new ReadError(
      'unsupported_format',
      `the XML is not well formed (line ${valid.err.line}): ${valid.err.msg}`,
    );
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: true,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    commentPropName: '#comment',
  });
  let tree: XmlNode[];
  try {
    tree = parser.parse(xml) as XmlNode[];
  } catch (error) {
    // The parser's own limits (tags nested too deeply, entity expansion) throw plain errors.
    throw new ReadError(
      'too_complex',
      `the XML cannot be read: ${(error as Error).message.split('\n')[0]}`,
      { cause: error },
    );
  }
  const root = tree.find((n) => tagOf(n) === 'akomaNtoso');
  if (!root)
    throw new ReadError(
      'unsupported_format',
      'not an Akoma Ntoso document: the root element is not <akomaNtoso>',
    );

  const lines: string[] = [];
  const hints: { kind: BlockHint['kind']; line: number; level?: number }[] = [];
  const marked: { eid: string; line: number; start: number; end: number }[] = [];
  let register: AknRegisterData | null = null;
  let title: string | null = null;
  let language: 'en' | 'ja' | null = null;
  let signed: string | null = null;
  const parties: string[] = [];
  let pendingNum: string | null = null;

  const collect = (nodes: XmlNode[], out: { text: string }) => {
    for (const node of nodes) {
      if ('#text' in node) {
        out.text += String(node['#text']);
        continue;
      }
      const tag = tagOf(node);
      if (!tag || tag === '#comment') continue;
      const attrs = attrsOf(node);
      const start = out.text.length;
      collect(childrenOf(node), out);
      if (
        tag === 'inline' &&
        attrs.name === 'commitment' &&
        attrs.eId &&
        !/__part_\d+$/.test(attrs.eId)
      )
        marked.push({ eid: attrs.eId, line: lines.length, start, end: out.text.length });
    }
  };
  const emit = (node: XmlNode, kind: BlockHint['kind'], level?: number, prefix = '') => {
    const out = { text: prefix };
    collect(childrenOf(node), out);
    hints.push({ kind, line: lines.length, ...(level ? { level } : {}) });
    lines.push(out.text);
  };

  const readMeta = (nodes: XmlNode[]) => {
    for (const node of nodes) {
      const tag = tagOf(node);
      const attrs = attrsOf(node);
      if (tag === 'FRBRname' && attrs.value) title ??= attrs.value;
      if (tag === 'FRBRlanguage' && attrs.language)
        language ??= attrs.language === 'jpn' || attrs.language === 'ja' ? 'ja' : 'en';
      if (
        tag === 'FRBRdate' &&
        attrs.name === 'signature' &&
        /^\d{4}-\d{2}-\d{2}$/.test(attrs.date ?? '')
      )
        signed ??= attrs.date!;
      if (tag === 'TLCOrganization' && attrs.eId && /^[a-z]{2}$/.test(attrs.eId))
        parties.push(attrs.eId.toUpperCase());
      if (tag === 'register' && attrs.encoding === 'json') {
        const out = { text: '' };
        collect(childrenOf(node), out);
        try {
          register = JSON.parse(out.text) as AknRegisterData;
        } catch {
          register = null;
        }
        continue;
      }
      if (tag) readMeta(childrenOf(node));
    }
  };

  const walk = (nodes: XmlNode[], context: { level: number; inPoint: boolean }) => {
    for (const node of nodes) {
      const tag = tagOf(node);
      if (!tag || tag === '#text' || tag === '#comment') continue;
      const children = childrenOf(node);
      const attrs = attrsOf(node);
      if (tag === 'meta') {
        readMeta(children);
        continue;
      }
      if (hierarchyElements.has(tag)) {
        const num = children.find((c) => tagOf(c) === 'num');
        const heading = children.find((c) => tagOf(c) === 'heading');
        const numText = num ? textOf(num) : null;
        const level =
          context.level +
          (tag === 'section' ||
          tag === 'subsection' ||
          tag === 'chapter' ||
          tag === 'part' ||
          tag === 'article'
            ? 1
            : 0);
        if (heading) emit(heading, 'heading', Math.max(1, level), numText ? `${numText} ` : '');
        else if (numText !== null) pendingNum = numText;
        walk(
          children.filter((c) => c !== num && c !== heading),
          { level, inPoint: tag === 'point' || tag === 'indent' || context.inPoint },
        );
        pendingNum = null;
        continue;
      }
      if (tag === 'p' || lineElements.has(tag)) {
        if (attrs.class === placeholderClass) continue;
        const isTitle = attrs.class === 'title' || children.some((c) => tagOf(c) === 'docTitle');
        const prefix = pendingNum !== null ? `${pendingNum} ` : '';
        pendingNum = null;
        emit(
          node,
          isTitle
            ? 'title'
            : context.inPoint
              ? 'item'
              : tag === 'heading'
                ? 'heading'
                : 'paragraph',
          undefined,
          prefix,
        );
        if (isTitle && title === null) title = lines.at(-1)!;
        continue;
      }
      walk(children, context);
    }
  };
  walk(childrenOf(root), { level: 0, inPoint: false });
  if (lines.length === 0)
    throw new ReadError(
      'unsupported_format',
      'the Akoma Ntoso document has no text in its preface, preamble, body or conclusions',
    );

  const exact = lines.join('\n');
  const data = register as AknRegisterData | null;
  if (data && createHash('sha256').update(exact).digest('hex') === data.sha256) {
    const offsets = lineOffsets(lines);
    return {
      source: { text: exact, format: 'akn', hints: data.hints, ...(title ? { title } : {}) },
      register: data,
      marked: marked.map((m) => ({
        eid: m.eid,
        start: offsets[m.line]! + m.start,
        end: offsets[m.line]! + m.end,
      })),
      title: data.agreement.title,
      language: data.agreement.language,
      parties: data.agreement.parties.map((p) => p.code),
      signed: data.agreement.signed,
    };
  }
  // Another tool's document (or an edited export): its text as the blocks say, spaces tidied.
  const tidy = lines.map((l) => l.replace(/\s+/g, ' ').trim());
  const kept = tidy.map((l, i) => ({ l, i })).filter((x) => x.l !== '');
  const text = normaliseText(kept.map((x) => x.l).join('\n'));
  const offsets = lineOffsets(kept.map((x) => x.l));
  const lineIndex = new Map(kept.map((x, n) => [x.i, n]));
  const blockHints: BlockHint[] = [];
  // Paragraph hints would split what the layout reader joins (lead-ins and their items): only
  // titles, headings and points are stated.
  for (const h of hints) {
    const n = lineIndex.get(h.line);
    if (h.kind === 'paragraph') continue;
    if (n === undefined) continue;
    blockHints.push({
      kind: h.kind,
      start: offsets[n]!,
      end: offsets[n]! + kept[n]!.l.length,
      ...(h.level ? { level: h.level } : {}),
    });
  }
  return {
    source: { text, format: 'akn', hints: blockHints, ...(title ? { title } : {}) },
    register: null,
    marked: [],
    title,
    language,
    parties,
    signed,
  };
}

/**
 * Reads an Akoma Ntoso document as the normalised text of an agreement with block hints.
 *
 * @example readAkomaNtoso(bytes).text
 */
export function readAkomaNtoso(bytes: Uint8Array): SourceText {
  return parseAkomaNtoso(bytes).source;
}

function lineOffsets(lines: string[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (const l of lines) {
    out.push(at);
    at += l.length + 1;
  }
  return out;
}

function tagOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@');
}
function childrenOf(node: XmlNode): XmlNode[] {
  const tag = tagOf(node);
  const value = tag ? node[tag] : undefined;
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}
function attrsOf(node: XmlNode): Record<string, string | undefined> {
  return (node[':@'] as Record<string, string> | undefined) ?? {};
}
function textOf(node: XmlNode): string {
  const out = { text: '' };
  const go = (nodes: XmlNode[]) => {
    for (const n of nodes) {
      if ('#text' in n) out.text += String(n['#text']);
      else go(childrenOf(n));
    }
  };
  go(childrenOf(node));
  return out.text;
}
