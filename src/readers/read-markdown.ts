import type { Nodes, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { SourceText } from '../core/text/source-text.ts';
import type { Block } from './block-layout.ts';
import { cleanInline, layOutBlocks, markTitle } from './block-layout.ts';
import { decodeText } from './decode-text.ts';
import { ReadError } from './read-error.ts';

/**
 * Reads a Markdown agreement into the canonical layout: headings, paragraphs, list items (nested
 * lists flattened), block quotes and table rows, each on a line of its own, with inline markup
 * stripped and exact hints.
 *
 * @example readMarkdown('# Accord\n\n- *Fund* it').text // 'Accord\n• Fund it'
 */
export function readMarkdown(input: Uint8Array | string): SourceText {
  const raw = typeof input === 'string' ? input : decodeText(input);
  // YAML front matter is metadata, not text (CommonMark would read it as a rule and a heading).
  const markdown = raw.replace(/^\uFEFF?---\r?\n[\s\S]*?\r?\n(---|\.\.\.)[ \t]*(\r?\n|$)/, '');
  const root = fromMarkdown(markdown);
  const blocks = markTitle(root.children.flatMap((node) => blocksOf(node, markdown)));
  const { text, hints } = layOutBlocks(blocks);
  if (text === '') {
    throw new ReadError(
      'empty_file',
      'Markdown file has no text: choose the file that holds the agreement',
    );
  }
  const title = hints.find((hint) => hint.kind === 'title');
  return {
    text,
    format: 'markdown',
    hints,
    ...(title ? { title: text.slice(title.start, title.end) } : {}),
  };
}

function blocksOf(node: RootContent, source: string): Block[] {
  switch (node.type) {
    case 'heading':
      return [{ kind: 'heading', level: node.depth, text: inlineText(node) }];
    case 'paragraph':
      return tableRows(node, source) ?? [{ kind: 'paragraph', text: inlineText(node) }];
    case 'blockquote':
      return node.children.flatMap((child) => blocksOf(child, source));
    case 'list':
      return node.children.flatMap((item, index) => {
        const marker = node.ordered ? orderedMarker(item, source, (node.start ?? 1) + index) : '•';
        const own = item.children.filter((child) => child.type !== 'list');
        const nested = item.children.filter((child) => child.type === 'list');
        const words = own.map((child) => inlineText(child)).join(' ');
        return [
          { kind: 'item' as const, text: words, marker },
          ...nested.flatMap((child) => blocksOf(child, source)),
        ];
      });
    case 'code':
      return node.value.split('\n').map((line) => ({ kind: 'paragraph' as const, text: line }));
    case 'html':
      return [{ kind: 'paragraph', text: stripTags(node.value) }];
    default:
      return [];
  }
}

// The number as printed ("3." or "3)"), read from the source because mdast keeps only the start.
function orderedMarker(item: Nodes, source: string, fallback: number): string {
  const offset = item.position?.start.offset;
  const printed = offset === undefined ? null : /^\d{1,9}[.)]/.exec(source.slice(offset));
  return printed ? printed[0] : `${fallback}.`;
}

function inlineText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'break':
      return ' ';
    case 'image':
    case 'imageReference':
    case 'html':
    case 'definition':
      return '';
    case 'code':
      return node.value;
    default:
      return 'children' in node
        ? (node.children as readonly Nodes[]).map((child) => inlineText(child)).join('')
        : '';
  }
}

// CommonMark has no tables, so a GFM pipe table arrives as a paragraph: rebuild its rows.
function tableRows(node: Nodes, source: string): Block[] | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return undefined;
  const lines = source.slice(start, end).split(/\r?\n/);
  const delimiter = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
  if (lines.length < 2 || !lines.every((line) => line.includes('|'))) return undefined;
  if (!delimiter.test(lines[1] ?? '')) return undefined;
  return lines
    .filter((_, index) => index !== 1)
    .map((line) => ({ kind: 'paragraph' as const, text: tableCells(line).join(' | ') }));
}

function tableCells(row: string): string[] {
  const cells = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/);
  return cells
    .map((cell) => cleanInline(cellText(cell.replace(/\\\|/g, '|'))))
    .filter((cell) => cell !== '');
}

function cellText(cell: string): string {
  return fromMarkdown(cell)
    .children.map((child: RootContent) => inlineText(child))
    .join(' ');
}

function stripTags(html: string): string {
  return html.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<[^>]*>/g, ' ');
}
