import { createRequire } from 'node:module';

/** The part of pdfkit's API that the test fixtures use (pdfkit ships no types). */
export interface PdfKitDocument {
  fontSize(size: number): PdfKitDocument;
  text(text: string, options?: Record<string, unknown>): PdfKitDocument;
  text(text: string, x: number, y: number, options?: Record<string, unknown>): PdfKitDocument;
  moveDown(lines?: number): PdfKitDocument;
  addPage(): PdfKitDocument;
  rect(x: number, y: number, width: number, height: number): PdfKitDocument;
  fill(color: string): PdfKitDocument;
  switchToPage(index: number): PdfKitDocument;
  bufferedPageRange(): { start: number; count: number };
  page: { width: number; height: number; margins: { top: number; bottom: number } };
  on(event: 'data', listener: (chunk: Uint8Array) => void): PdfKitDocument;
  on(event: 'end', listener: () => void): PdfKitDocument;
  end(): void;
}
type PdfKitConstructor = new (options?: Record<string, unknown>) => PdfKitDocument;

const PDFDocument = createRequire(import.meta.url)('pdfkit') as PdfKitConstructor;

/**
 * Draws a PDF with pdfkit and returns its bytes, for tests of the PDF reader.
 *
 * @example await buildPdf((doc) => doc.text('Article 1'))
 */
export async function buildPdf(
  draw: (doc: PdfKitDocument) => void,
  options: Record<string, unknown> = {},
): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', margin: 72, bufferPages: true, ...options });
  const chunks: Uint8Array[] = [];
  doc.on('data', (chunk) => chunks.push(chunk));
  const ended = new Promise<void>((resolve) => doc.on('end', resolve));
  draw(doc);
  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}

/** Writes a centred page number at the foot of every page, as printed agreements do. */
export function numberPages(doc: PdfKitDocument): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index++) {
    doc.switchToPage(index);
    const { width, height, margins } = doc.page;
    margins.bottom = 0;
    doc
      .fontSize(9)
      .text(`${index + 1}`, 0, height - 40, { width, align: 'center', lineBreak: false });
  }
}
