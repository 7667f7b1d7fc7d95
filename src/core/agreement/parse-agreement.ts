import type { BlockHint } from '../text/source-text.ts';
import { splitSentences } from '../text/sentences.ts';
import type { Span } from '../text/span.ts';
import type { AgreementDocument, BlockKind, BlockNode, SectionNode } from './document.ts';
import { isHeadingLike, readLayout, type LayoutBlock } from './layout.ts';

export interface ParseResult {
  document: AgreementDocument;
  diagnostics: string[];
}

interface Container {
  prefix: string;
  blocks: BlockNode[];
  counters: Map<string, number>;
}

const idPart: Record<BlockKind, string> = {
  paragraph: 'para',
  leadIn: 'intro',
  item: 'item',
  signature: 'sig',
  meta: 'meta',
};

/**
 * Parses a normalised agreement text into title, preamble, numbered sections with headings,
 * lead-ins, items and sentences, each with a stable Akoma Ntoso-style id. Total: never throws.
 *
 * @example parseAgreement('Title\nWe will act.').document.preamble[0].sentences[0].id // 'preamble__para_1__sent_1'
 */
export function parseAgreement(text: string, hints: readonly BlockHint[] = []): ParseResult {
  const diagnostics: string[] = [];
  const layout = readLayout(text, hints);
  const title = findTitle(text, layout);

  const preamble: Container = { prefix: 'preamble', blocks: [], counters: new Map() };
  const sections: SectionNode[] = [];
  const sectionContainers = new Map<SectionNode, Container>();
  const usedIds = new Set<string>(['preamble']);
  const firstNumbered = layout.findIndex((b) => b.kind === 'heading' && b.number !== null);
  const rankOf = new Map(layout.map((b, i) => [b, headingRank(b, i, firstNumbered)]));
  const ranks = layout.filter((b) => b.kind === 'heading').map((b) => rankOf.get(b)!);
  const topRank = ranks.length > 0 ? Math.min(...ranks) : 1;
  let current: Container = preamble;
  let currentTop: SectionNode | null = null;
  let topOrdinal = 0;
  const subsectionCounts = new Map<string, number>();

  for (const block of layout) {
    if (block.kind === 'title') continue;
    if (block.kind === 'heading') {
      const heading = text.slice(block.span.start, block.span.end);
      if (/^preamble$/i.test(heading)) {
        current = preamble;
        currentTop = null;
        continue;
      }
      const rank = rankOf.get(block)!;
      const isSub = rank > topRank && currentTop !== null;
      let id: string;
      if (isSub) {
        const parent = currentTop!;
        const n = (subsectionCounts.get(parent.id) ?? 0) + 1;
        subsectionCounts.set(parent.id, n);
        id = unique(usedIds, `${parent.id}__subsec_${block.number ? slug(block.number) : n}`);
      } else {
        topOrdinal++;
        id = unique(usedIds, `sec_${block.number ? slug(block.number) : topOrdinal}`);
      }
      const section: SectionNode = {
        id,
        number: block.number,
        heading,
        headingSpan: block.span,
        level: isSub ? 2 : 1,
        parentId: isSub ? currentTop!.id : null,
        blocks: [],
      };
      sections.push(section);
      if (!isSub) currentTop = section;
      current = { prefix: id, blocks: section.blocks, counters: new Map() };
      sectionContainers.set(section, current);
      continue;
    }
    addBlock(text, current, block);
  }

  linkLeadIns(text, preamble.blocks);
  for (const c of sectionContainers.values()) linkLeadIns(text, c.blocks);

  const signatories = [...preamble.blocks, ...sections.flatMap((s) => s.blocks)]
    .filter((b) => b.kind === 'signature')
    .map((b) => {
      const line = text.slice(b.span.start, b.span.end);
      const m = /^(.+?)\s+[–—-]\s+(.+)$/.exec(line);
      return { name: (m?.[1] ?? line).trim(), role: m?.[2]?.trim() ?? null, span: b.span };
    });

  if (sections.length === 0)
    diagnostics.push('no section headings found: the whole text is read as preamble');
  return {
    document: { text, title, preamble: preamble.blocks, sections, signatories },
    diagnostics,
  };
}

function addBlock(text: string, container: Container, block: LayoutBlock): void {
  let kind: BlockKind =
    block.kind === 'item'
      ? 'item'
      : block.kind === 'signature'
        ? 'signature'
        : block.kind === 'meta'
          ? 'meta'
          : 'paragraph';
  const body = text.slice(block.span.start, block.span.end);
  if (kind === 'paragraph' && /:\s*$/.test(body)) kind = 'leadIn';
  const n = (container.counters.get(idPart[kind]) ?? 0) + 1;
  container.counters.set(idPart[kind], n);
  const id = `${container.prefix}__${idPart[kind]}_${n}`;
  const sentences =
    kind === 'signature' || kind === 'meta'
      ? []
      : splitSentences(text, block.span.start, block.span.end).map((span, i) => ({
          id: `${id}__sent_${i + 1}`,
          span,
        }));
  container.blocks.push({
    id,
    kind,
    span: block.span,
    marker: block.marker,
    sentences,
    leadInId: null,
  });
}

/** Items that follow a lead-in (with only items between) belong to its list. */
function linkLeadIns(text: string, blocks: BlockNode[]): void {
  let leadIn: string | null = null;
  for (const block of blocks) {
    if (block.kind === 'leadIn') leadIn = block.id;
    else if (block.kind === 'item') block.leadInId = leadIn;
    else if (block.kind !== 'signature') leadIn = null;
  }
  void text;
}

function findTitle(text: string, layout: LayoutBlock[]): AgreementDocument['title'] {
  const hinted = layout.find((b) => b.kind === 'title');
  if (hinted) {
    return { text: text.slice(hinted.span.start, hinted.span.end), spans: [hinted.span] };
  }
  // The title is the first heading-like line(s) before any paragraph; a line ending with a colon
  // continues on the next ("The X Accord:" / "An enhanced partnership").
  for (let i = 0; i < layout.length; i++) {
    const block = layout[i]!;
    if (block.kind === 'meta') continue;
    const body = text.slice(block.span.start, block.span.end);
    const next = layout[i + 1];
    if (block.kind === 'paragraph' && body.endsWith(':') && body.length < 120 && next) {
      const nextBody = text.slice(next.span.start, next.span.end);
      if (next.kind === 'heading' || isHeadingLike(nextBody)) {
        block.kind = 'title';
        next.kind = 'title';
        return { text: `${body} ${nextBody}`, spans: [block.span, next.span] };
      }
    }
    if (block.kind === 'heading' && !block.number && !/^preamble$/i.test(body)) {
      block.kind = 'title';
      return { text: body, spans: [block.span] };
    }
    return null;
  }
  return null;
}

/** 1 for numbered headings or markup level, 2 for unnumbered headings once numbering has begun. */
function headingRank(block: LayoutBlock, index: number, firstNumbered: number): number {
  if (block.level !== null) return block.level;
  if (block.number !== null) return /\./.test(block.number) ? 2 : 1;
  return firstNumbered !== -1 && index > firstNumbered ? 2 : 1;
}

function slug(number: string): string {
  return number.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x';
}

function unique(used: Set<string>, id: string): string {
  let candidate = id;
  for (let n = 2; used.has(candidate); n++) candidate = `${id}_${n}`;
  used.add(candidate);
  return candidate;
}

export type { Span };
