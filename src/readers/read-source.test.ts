import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceFormat } from '../core/text/source-text.ts';
import { normaliseText } from '../core/text/source-text.ts';
import { buildPdf } from './__fixtures__/build-pdf.ts';
import { expectWellFormed } from './__fixtures__/expect-source-text.ts';
import { formatOfFileName, readSource, readSourceFile, sniffFormat } from './read-source.ts';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

async function codeOf(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

// Raw input full of what normalisation removes: CR, NBSP, tabs, controls, decomposed accents.
const messy =
  'Accord de Genève\u0301\r\n\r\nLes\u00A0Parties\tconviennent\u0007 de  coopérer.\u2028Fin ';

describe('readSource', () => {
  it('gives normalised text from every reader', async () => {
    const pdf = await buildPdf((doc) => {
      doc.fontSize(18).text('Accord de Genève').moveDown();
      doc.fontSize(11).text('Les Parties conviennent de coopérer dans le domaine du climat.');
    });
    const inputs: [SourceFormat, Uint8Array][] = [
      ['text', utf8(messy)],
      ['markdown', utf8(`# ${messy}\r\n\r\n- ${messy}`)],
      ['html', utf8(`<main><h1>${messy}</h1><p>${messy}</p><ul><li>${messy}</li></ul></main>`)],
      ['pdf', pdf],
    ];
    for (const [format, bytes] of inputs) {
      const source = await readSource(bytes, { format });
      expect(source.format).toBe(format);
      expect(normaliseText(source.text)).toBe(source.text);
      expectWellFormed(source, { everyLine: format !== 'text' });
    }
  });

  it('chooses the reader by format, then by extension, then by sniffing the bytes', async () => {
    const markdown = utf8('# Accord\n\n- item');
    expect((await readSource(markdown, { fileName: 'accord.MD' })).format).toBe('markdown');
    expect((await readSource(markdown, { fileName: 'accord.md', format: 'text' })).format).toBe(
      'text',
    );
    expect((await readSource(markdown)).format).toBe('text');
    const html = utf8('\uFEFF<!DOCTYPE html><html><body><main><p>Accord</p></main></body></html>');
    expect((await readSource(html)).format).toBe('html');
    const pdf = await buildPdf((doc) => doc.text('The Parties shall cooperate on climate.'));
    expect((await readSource(pdf, { fileName: 'download' })).text).toBe(
      'The Parties shall cooperate on climate.',
    );
  });

  it('maps extensions and magic bytes to formats', () => {
    expect(
      ['a.txt', 'a.text', 'a.markdown', 'a.htm', 'a.xhtml', 'a.pdf', 'a.docx'].map(
        formatOfFileName,
      ),
    ).toEqual(['text', 'text', 'markdown', 'html', 'html', 'pdf', undefined]);
    expect(sniffFormat(utf8('%PDF-1.4\n'))).toBe('pdf');
    expect(sniffFormat(utf8('  <html lang="en">'))).toBe('html');
    expect(sniffFormat(utf8('<!-- saved --><!doctype HTML>'))).toBe('html');
    expect(sniffFormat(utf8('Article 1 mentions <html> tags'))).toBe('text');
  });

  it('refuses input over the size limit before parsing it (too_large)', async () => {
    const bytes = new Uint8Array(21 * 1024 * 1024).fill(0x41);
    bytes.set(utf8('%PDF-1.7'));
    const started = performance.now();
    expect(await codeOf(() => readSource(bytes))).toBe('too_large');
    expect(performance.now() - started).toBeLessThan(200);
    expect(await codeOf(() => readSource(utf8('small'), { maxBytes: 3 }))).toBe('too_large');
  });

  it('refuses Akoma Ntoso for now (unsupported_format)', async () => {
    expect(await codeOf(() => readSource(utf8('<akomaNtoso/>'), { format: 'akn' }))).toBe(
      'unsupported_format',
    );
  });

  it('refuses binary bytes with an unknown name, and empty input', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]);
    expect(await codeOf(() => readSource(zip, { fileName: 'accord.docx' }))).toBe('binary_file');
    expect(await codeOf(() => readSource(new Uint8Array(), { fileName: 'a.md' }))).toBe(
      'empty_file',
    );
  });
});

describe('readSourceFile', () => {
  let folder = '';
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'accord-readers-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads a file and picks the reader from its extension', async () => {
    const path = join(folder, 'statement.md');
    await writeFile(path, '## Commitments\r\n\r\n1. Fund the *plan*.\r\n');
    const source = await readSourceFile(path);
    expect(source.text).toBe('Commitments\n1. Fund the plan.');
    expect(source.format).toBe('markdown');
  });

  it('refuses a missing file (file_not_found) and a directory (not_a_file)', async () => {
    expect(await codeOf(() => readSourceFile(join(folder, 'missing.pdf')))).toBe('file_not_found');
    expect(await codeOf(() => readSourceFile(folder))).toBe('not_a_file');
  });

  it('refuses a huge file from its size alone (too_large)', async () => {
    const path = join(folder, 'huge.txt');
    await writeFile(path, '');
    await truncate(path, 512 * 1024 * 1024); // sparse: nothing is written or read
    const started = performance.now();
    expect(await codeOf(() => readSourceFile(path))).toBe('too_large');
    expect(performance.now() - started).toBeLessThan(200);
  });
});
