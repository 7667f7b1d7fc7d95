import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { SourceText } from '../core/text/source-text.ts';
import type { Block } from './block-layout.ts';
import { cleanInline, layOutBlocks, markTitle } from './block-layout.ts';
import { decodeLegacyText, decodeText } from './decode-text.ts';
import { ReadError } from './read-error.ts';

// Page furniture, never part of an agreement's text.
const junkSelectors = [
  'head',
  'title',
  'meta',
  'link',
  'nav',
  'header',
  'footer',
  'aside',
  'script',
  'style',
  'noscript',
  'form',
  'button',
  'svg',
  'template',
  'iframe',
  'object',
  'canvas',
  'select',
  'textarea',
  'dialog',
  '[hidden]',
  '[aria-hidden="true"]',
  '[role="navigation"]',
  '[role="banner"]',
  '[role="contentinfo"]',
  '[role="complementary"]',
  '[role="search"]',
];
const headingTags = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
const blockTags = new Set([
  ...headingTags,
  ...['ADDRESS', 'ARTICLE', 'BLOCKQUOTE', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIELDSET'],
  ...['FIGCAPTION', 'FIGURE', 'HR', 'LI', 'MAIN', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY'],
  ...['TABLE', 'TBODY', 'THEAD', 'TFOOT', 'TR', 'TD', 'TH', 'UL', 'CENTER', 'CAPTION', 'BR'],
]);

/**
 * Reads an HTML page into the canonical layout, keeping only the agreement's content (the page's
 * `<main>` or `<article>`, else what Readability finds, else the body) without navigation,
 * link lists and other page furniture.
 *
 * @example readHtml('<main><h1>Accord</h1><p>Text</p></main>').text // 'Accord\nText'
 */
export function readHtml(input: Uint8Array | string): SourceText {
  const html = typeof input === 'string' ? input : decodeHtml(input);
  try {
    return readDocument(html);
  } catch (error) {
    // The DOM and the walks over it recurse: elements nested thousands deep overflow the stack.
    if (error instanceof RangeError)
      throw new ReadError(
        'too_complex',
        'page is nested too deeply to read (thousands of levels): save the agreement as plain text or PDF',
        { cause: error },
      );
    throw error;
  }
}

function readDocument(html: string): SourceText {
  const document = parseDocument(html);
  // Markup whose every element sits in a <template> (inert, never shown) leaves no page at all.
  if (!document.documentElement) throw noText();
  const pageTitle = cleanInline(document.querySelector('title')?.textContent ?? '');
  removeJunk(document);
  const root = document.querySelector('main, [role="main"], article');
  let blocks = root
    ? withOuterHeading(blocksOf(root), root, document)
    : readableBlocks(html, document);
  // Removing furniture can take the root with it in odd markup (an <html> inside a <template>).
  const body = document.documentElement ? document.body : null;
  if (blocks.length === 0 && body) blocks = blocksOf(body);
  const { text, hints } = layOutBlocks(markTitle(dropEmptySections(blocks)));
  if (text === '') throw noText();
  const heading = hints.find((hint) => hint.kind === 'title');
  const title = heading ? text.slice(heading.start, heading.end) : pageTitle;
  return { text, format: 'html', hints, ...(title ? { title } : {}) };
}

// HTML may declare a legacy charset; UTF-8 (the default) stays strict through decodeText.
function decodeHtml(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  const declared = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (!declared || ['utf-8', 'utf8', 'unicode-1-1-utf-8'].includes(declared)) {
    return decodeText(bytes);
  }
  return decodeLegacyText(bytes, declared) ?? decodeText(bytes);
}

// linkedom loses content when a fragment has no <html> element: give it a whole document.
function noText(): ReadError {
  return new ReadError(
    'html_no_text',
    'page has no text left once navigation, scripts and page furniture are removed: save the page that holds the agreement itself, or a PDF of it',
  );
}

function parseDocument(html: string): Document {
  if (/<html[\s>]/i.test(html)) {
    const { document } = parseHTML(html);
    // An <html> where the parser does not expect it (inside a <template>) leaves no root element:
    // read the markup as a body instead.
    if (document.documentElement && document.body) return document;
  }
  const body = html.replace(/<!doctype[^>]*>|<\/?(html|head|body)\b[^>]*>/gi, '');
  return parseHTML(`<!DOCTYPE html><html><body>${body}</body></html>`).document;
}

function removeJunk(document: Document): void {
  for (const element of Array.from(document.querySelectorAll(junkSelectors.join(', ')))) {
    // A header inside the article (its title and date) is content, unlike the site's banner.
    const keep =
      element.tagName === 'HEADER' &&
      element.parentElement?.closest('main, article, [role="main"]') &&
      element.querySelector('h1, h2, h3, h4, h5, h6');
    if (!keep) element.remove();
  }
  for (const element of Array.from(document.querySelectorAll('[style]'))) {
    if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test(element.getAttribute('style') ?? '')) {
      element.remove();
    }
  }
  for (const list of Array.from(document.querySelectorAll('ul, ol'))) {
    if (isLinkList(list)) list.remove();
  }
}

// Navigation, breadcrumbs and "related content" are lists whose every item is only a link.
function isLinkList(list: Element): boolean {
  const items = Array.from(list.children).filter((child) => child.tagName === 'LI');
  return (
    items.length > 0 &&
    items.every((item) => {
      const links = Array.from(item.querySelectorAll('a'));
      const linkText = links.map((link) => link.textContent ?? '').join('');
      const ownText = (item.textContent ?? '').replace(/[\s|·•›>»/,-]+/g, '');
      return links.length > 0 && ownText === linkText.replace(/[\s|·•›>»/,-]+/g, '');
    })
  );
}

// Some pages put the <h1> in a banner above <main>: keep it as the page's first heading.
function withOuterHeading(blocks: Block[], root: Element, document: Document): Block[] {
  const h1 = document.querySelector('h1');
  if (!h1 || root.contains(h1) || root.querySelector('h1')) return blocks;
  return [{ kind: 'heading', level: 1, text: textOf(h1) }, ...blocks];
}

// Readability finds the article in pages without <main>, but it turns the <h1> into an <h2> or
// drops it: read the <h1> first and put it back at the top.
function readableBlocks(html: string, cleaned: Document): Block[] {
  const h1 = cleanInline(cleaned.querySelector('h1')?.textContent ?? '');
  const document = parseDocument(html);
  removeJunk(document);
  let content: Node | null | undefined;
  try {
    content = new Readability<Node>(document, { serializer: (node) => node }).parse()?.content;
  } catch (error) {
    // Readability refuses documents it cannot walk (a page whose <html> sits inside a
    // <template>): no article then; the body is read instead. Deep nesting still surfaces.
    if (error instanceof RangeError) throw error;
    return [];
  }
  if (!content || content.nodeType !== 1) return [];
  const blocks = blocksOf(content as Element);
  if (h1 === '') return blocks;
  const first = blocks[0];
  const rest =
    first && first.kind === 'heading' && cleanInline(first.text) === h1 ? blocks.slice(1) : blocks;
  return [{ kind: 'heading', level: 1, text: h1 }, ...rest];
}

// Removing furniture can leave headings over nothing at the end ("Related content"): drop them.
function dropEmptySections(blocks: readonly Block[]): Block[] {
  const kept = blocks.filter((block) => cleanInline(block.text) !== '');
  while (kept.length > 0 && kept[kept.length - 1]?.kind === 'heading') kept.pop();
  return kept;
}

function blocksOf(container: Element): Block[] {
  const blocks: Block[] = [];
  let inline = '';
  const flush = (): void => {
    if (inline.trim() !== '') blocks.push({ kind: 'paragraph', text: inline });
    inline = '';
  };
  for (const node of Array.from(container.childNodes)) {
    if (node.nodeType === 3) inline += node.textContent ?? '';
    if (node.nodeType !== 1) continue;
    const element = node as Element;
    const tag = element.tagName;
    if (!blockTags.has(tag)) {
      inline += textOf(element);
      continue;
    }
    flush();
    blocks.push(...elementBlocks(element, tag));
  }
  flush();
  return blocks;
}

function elementBlocks(element: Element, tag: string): Block[] {
  if (headingTags.has(tag)) {
    return [{ kind: 'heading', level: Number(tag.slice(1)), text: textOf(element) }];
  }
  switch (tag) {
    case 'UL':
    case 'OL':
      return listBlocks(element);
    case 'TABLE':
      return Array.from(element.querySelectorAll('tr')).map((row) => ({
        kind: 'paragraph' as const,
        text: Array.from(row.children)
          .map((cell) => cleanInline(textOf(cell)))
          .filter((cell) => cell !== '')
          .join(' | '),
      }));
    case 'PRE':
      return (element.textContent ?? '')
        .split('\n')
        .map((line) => ({ kind: 'paragraph' as const, text: line }));
    case 'HR':
    case 'BR':
      return [];
    default:
      // <br> splits a paragraph into lines, as blocksOf treats it like a block boundary.
      return blocksOf(element);
  }
}

function listBlocks(list: Element): Block[] {
  const ordered = list.tagName === 'OL';
  let number = Number(list.getAttribute('start') ?? '1') || 1;
  const blocks: Block[] = [];
  for (const item of Array.from(list.children)) {
    if (item.tagName !== 'LI') continue;
    const value = Number(item.getAttribute('value') ?? '');
    if (value > 0) number = value;
    const marker = ordered ? `${number}.` : '•';
    number++;
    const nested = Array.from(item.children).filter((child) =>
      ['UL', 'OL'].includes(child.tagName),
    );
    blocks.push({ kind: 'item', marker, text: textOf(item, new Set(nested)) });
    for (const child of nested) blocks.push(...listBlocks(child));
  }
  return blocks;
}

// The text of an element as one run: block children and <br> become spaces, images vanish.
function textOf(element: Element, skip: ReadonlySet<Element> = new Set()): string {
  let text = '';
  for (const node of Array.from(element.childNodes)) {
    if (node.nodeType === 3) text += node.textContent ?? '';
    if (node.nodeType !== 1 || skip.has(node as Element)) continue;
    const child = node as Element;
    text += blockTags.has(child.tagName) ? ` ${textOf(child, skip)} ` : textOf(child, skip);
  }
  return text;
}
