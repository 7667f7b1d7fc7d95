import { getResolvedPDFJS } from 'unpdf';
import type { SourceText } from '../core/text/source-text.ts';
import { cleanInline, layOutBlocks } from './block-layout.ts';
import type { PdfLine, PdfTextItem } from './pdf-layout.ts';
import { dropPageFurniture, linesToBlocks, pageLines } from './pdf-layout.ts';
import { ReadError } from './read-error.ts';

type PdfJs = Awaited<ReturnType<typeof getResolvedPDFJS>>;
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

/** Options of readPdf. */
export interface ReadPdfOptions {
  /** Give up (pdf_corrupt) when the PDF takes longer than this to read; default 60 s. */
  timeoutMs?: number;
}

// Fewer letters than this is what scanned or broken PDFs yield ("1", a stray "©").
const minLetters = 20;

/**
 * Reads a PDF's text layer into the canonical layout: lines rebuilt from positioned text items,
 * wrapped lines joined into paragraphs, bullets as items, larger short lines as headings, and
 * running headers, footers and page numbers dropped.
 *
 * @example (await readPdf(bytes)).hints[0]?.kind // 'heading'
 */
export async function readPdf(
  bytes: Uint8Array,
  options: ReadPdfOptions = {},
): Promise<SourceText> {
  const pdfjs = await getResolvedPDFJS();
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  const task = pdfjs.getDocument({
    data: bytes.slice(),
    isEvalSupported: false,
    useSystemFonts: true,
    disableFontFace: true,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  const timeoutMs = options.timeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(pdfCorrupt(`reading it took longer than ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
  });
  try {
    const document = await Promise.race([task.promise, deadline]);
    const { pages, title } = await Promise.race([readPages(document), deadline]);
    return toSourceText(pages, title);
  } catch (error) {
    throw toReadError(error);
  } finally {
    clearTimeout(timer);
    await task.destroy().catch(() => undefined);
  }
}

async function readPages(document: PdfDocument): Promise<{ pages: PdfLine[][]; title: string }> {
  const pages: PdfLine[][] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    const items: PdfTextItem[] = [];
    for (const item of content.items) {
      if (!('str' in item)) continue;
      const [, , c = 0, d = 0, x = 0, y = 0] = item.transform as number[];
      items.push({
        str: item.str,
        x,
        y,
        width: item.width,
        size: Math.hypot(c, d),
        hasEOL: item.hasEOL,
      });
    }
    pages.push(pageLines(items, number));
    page.cleanup();
  }
  const { info } = await document.getMetadata().catch(() => ({ info: {} }));
  const metaTitle = (info as { Title?: unknown }).Title;
  const title = typeof metaTitle === 'string' ? cleanInline(metaTitle) : '';
  // Word processors fill the title with the file name when the author gave none.
  const madeUp = /^(microsoft word - |untitled)|\.(docx?|odt|rtf|pdf)$/i.test(title);
  return { pages, title: madeUp ? '' : title };
}

function toSourceText(pages: PdfLine[][], metaTitle: string): SourceText {
  const lines = dropPageFurniture(pages).flat();
  const { text, hints } = layOutBlocks(linesToBlocks(lines));
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < minLetters) {
    throw new ReadError(
      'pdf_no_text',
      `PDF has no text layer (${letters} letters found; it is probably scanned): run OCR on it or find a text version of the agreement`,
    );
  }
  const top = hints.find((hint) => hint.kind === 'heading' && hint.level === 1);
  const title = metaTitle || (top && top === hints[0] ? text.slice(top.start, top.end) : '');
  return { text, format: 'pdf', hints, ...(title ? { title } : {}) };
}

function toReadError(error: unknown): ReadError {
  if (error instanceof ReadError) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') {
    return new ReadError(
      'pdf_encrypted',
      'PDF is protected by a password: save an unprotected copy of it and try again',
      { cause: error },
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return pdfCorrupt(`${detail.replace(/\s+/g, ' ').replace(/\.$/, '')}`, error);
}

function pdfCorrupt(detail: string, cause?: unknown): ReadError {
  return new ReadError(
    'pdf_corrupt',
    `PDF is damaged or truncated (${detail}): download it again or re-export it from the original`,
    { cause },
  );
}
