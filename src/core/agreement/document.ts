import type { Span } from '../text/span.ts';

export const blockKinds = ['paragraph', 'leadIn', 'item', 'signature', 'meta'] as const;
export type BlockKind = (typeof blockKinds)[number];

export interface SentenceNode {
  /** Akoma Ntoso-style id, e.g. `sec_2__item_5__sent_1`. */
  id: string;
  span: Span;
}

/** A paragraph, lead-in ("... we will:"), list item, signature line or metadata line. */
export interface BlockNode {
  id: string;
  kind: BlockKind;
  /** The block's text without its list marker or number. */
  span: Span;
  /** The printed number or bullet ("3.", "(a)", "•", "-"), when the block has one. */
  marker: { text: string; span: Span } | null;
  sentences: SentenceNode[];
  /** For an item: the id of the lead-in that introduces its list, if any. */
  leadInId: string | null;
}

export interface SectionNode {
  id: string;
  /** The printed number ("1", "II", "A"), or null for a heading without one. */
  number: string | null;
  heading: string | null;
  headingSpan: Span | null;
  /** Heading level: 1 for sections, 2 for subsections inside a numbered section. */
  level: 1 | 2;
  /** The id of the enclosing section for a subsection. */
  parentId: string | null;
  blocks: BlockNode[];
}

export interface AgreementDocument {
  text: string;
  title: { text: string; spans: Span[] } | null;
  preamble: BlockNode[];
  sections: SectionNode[];
  /** Signature lines ("Rishi Sunak – Prime Minister of the United Kingdom"). */
  signatories: { name: string; role: string | null; span: Span }[];
}

/** Every block of the document in text order, with the section it belongs to (null: preamble). */
export function* walkBlocks(
  document: AgreementDocument,
): Generator<{ block: BlockNode; section: SectionNode | null }> {
  const all: { block: BlockNode; section: SectionNode | null }[] = [
    ...document.preamble.map((block) => ({ block, section: null })),
    ...document.sections.flatMap((section) => section.blocks.map((block) => ({ block, section }))),
  ];
  all.sort((a, b) => a.block.span.start - b.block.span.start);
  yield* all;
}
