import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PdfKitDocument } from './__fixtures__/build-pdf.ts';
import { buildPdf, numberPages } from './__fixtures__/build-pdf.ts';
import { expectWellFormed, hinted } from './__fixtures__/expect-source-text.ts';
import { readPdf } from './read-pdf.ts';

const preamble =
  'The Government of the United Kingdom and the Government of Ruritania, hereinafter referred to as the Participants, recognising the importance of cooperation in the implementation of the Paris Agreement, have reached the following understanding on climate cooperation.';
const article =
  'The Participants shall establish a joint working group on the clean energy transition, which shall meet at least twice a year and report to ministers on the progress made in each of the areas of cooperation listed below.';
const final =
  'This Declaration shall take effect on the date of its signature and shall remain in effect for a period of five years, after which it may be renewed by mutual written consent of the Participants.';
const items = [
  'establish a joint working group by 31 December 2023;',
  'mobilise £50 million for adaptation finance by 2025, and report on its use every year to the parliaments of both Participants;',
  'publish a progress report every year.',
];

function drawDeclaration(doc: PdfKitDocument): void {
  doc.fontSize(20).text('Joint Declaration on Climate Cooperation').moveDown();
  doc.fontSize(11).text(preamble).moveDown();
  doc.text(article).moveDown();
  doc.text('The Participants intend to:');
  for (const item of items) doc.text(`• ${item}`);
  doc.moveDown();
  doc.addPage();
  doc.fontSize(14).text('Final Provisions').moveDown(0.5);
  doc.fontSize(11).text(final);
  numberPages(doc);
}

async function codeOf(bytes: Uint8Array): Promise<string | undefined> {
  try {
    await readPdf(bytes);
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('readPdf', () => {
  it('rejoins wrapped paragraphs, keeps bullets apart, drops page numbers, marks headings', async () => {
    const source = await readPdf(await buildPdf(drawDeclaration));
    expect(hinted(source)).toEqual([
      'heading1: Joint Declaration on Climate Cooperation',
      `paragraph: ${preamble}`,
      `paragraph: ${article}`,
      'paragraph: The Participants intend to:',
      ...items.map((item) => `item: • ${item}`),
      'heading2: Final Provisions',
      `paragraph: ${final}`,
    ]);
    expect(source.title).toBe('Joint Declaration on Climate Cooperation');
    expect(source.format).toBe('pdf');
    expectWellFormed(source);
  });

  it('gives back the paragraphs of a real agreement printed justified over several pages', async () => {
    const agreement = new URL(
      '../../fixtures/agreements/hiroshima-accord-2023.en.txt',
      import.meta.url,
    );
    // pdfkit's built-in fonts know only Windows-1252 characters.
    const paragraphs = readFileSync(agreement, 'utf8')
      .split('\n')
      .map((line) => line.trim().replace(/[^\x20-\x7E\xA0-\xFF‘’“”–—•€]/g, '?'))
      .filter((line) => line !== '');
    const bytes = await buildPdf((doc) => {
      doc.fontSize(11);
      for (const paragraph of paragraphs) doc.text(paragraph, { align: 'justify' }).moveDown(0.5);
      numberPages(doc);
    });
    const source = await readPdf(bytes);
    expect(source.text.split('\n')).toEqual(paragraphs);
    expectWellFormed(source);
  });

  it('drops a running header repeated at the top of every page', async () => {
    const bytes = await buildPdf((doc) => {
      drawDeclaration(doc);
      for (const index of [0, 1]) {
        doc.switchToPage(index);
        doc.page.margins.top = 0;
        doc.fontSize(8).text('UK–Ruritania Joint Declaration', 72, 30, { lineBreak: false });
      }
    });
    const source = await readPdf(bytes);
    expect(source.text).not.toContain('UK–Ruritania Joint Declaration');
    expect(source.text.split('\n')).toHaveLength(9);
  });

  it('takes the title from the document information when it is there', async () => {
    const bytes = await buildPdf(drawDeclaration, { info: { Title: 'Declaration (2023)' } });
    expect((await readPdf(bytes)).title).toBe('Declaration (2023)');
  });

  it('refuses a PDF without text (pdf_no_text)', async () => {
    const bytes = await buildPdf((doc) => {
      doc.rect(100, 100, 200, 100).fill('#336699');
    });
    expect(await codeOf(bytes)).toBe('pdf_no_text');
  });

  it('refuses a PDF with only a few letters, as scans with a stray text item give', async () => {
    expect(await codeOf(await buildPdf((doc) => doc.text('p. 1 ©')))).toBe('pdf_no_text');
  });

  it('refuses truncated PDF bytes quickly (pdf_corrupt)', async () => {
    const bytes = await buildPdf(drawDeclaration);
    for (const length of [20, 400, Math.floor(bytes.length / 2), bytes.length - 300]) {
      const started = performance.now();
      expect(await codeOf(bytes.slice(0, length))).toBe('pdf_corrupt');
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });

  it('refuses bytes that only pretend to be a PDF (pdf_corrupt)', async () => {
    expect(await codeOf(new TextEncoder().encode('%PDF-1.7\nnot really a PDF\n'))).toBe(
      'pdf_corrupt',
    );
  });

  it('refuses a PDF that needs a password (pdf_encrypted)', async () => {
    const bytes = await buildPdf(drawDeclaration, { userPassword: 'secret', pdfVersion: '1.7' });
    expect(await codeOf(bytes)).toBe('pdf_encrypted');
  });

  it('leaves the caller’s bytes usable', async () => {
    const bytes = await buildPdf(drawDeclaration);
    await readPdf(bytes);
    expect(bytes.byteLength).toBeGreaterThan(0);
    expect((await readPdf(bytes)).text).toContain('Final Provisions');
  });
});
