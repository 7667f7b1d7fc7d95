import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { SourceFormat, SourceText } from '../core/text/source-text.ts';
import { ReadError } from './read-error.ts';
import { readPlainText } from './read-plain-text.ts';

/** Options of readSource and readSourceFile. */
export interface ReadSourceOptions {
  /** Name of the file the bytes came from; its extension chooses the reader. */
  fileName?: string;
  /** The format, when known; it overrides the extension and sniffing. */
  format?: SourceFormat;
  /** Refuse larger input (too_large); default 20 MiB. */
  maxBytes?: number;
}

export const defaultMaxBytes = 20 * 1024 * 1024;

const formatsByExtension: Readonly<Record<string, SourceFormat>> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.pdf': 'pdf',
  '.akn': 'akn',
  '.xml': 'akn',
};

/**
 * Reads an agreement's bytes into normalised text with block hints, choosing the reader by the
 * given format, else the file name's extension, else the bytes themselves.
 *
 * @example (await readSource(bytes, { fileName: 'accord.md' })).format // 'markdown'
 */
export async function readSource(
  bytes: Uint8Array,
  options: ReadSourceOptions = {},
): Promise<SourceText> {
  refuseTooLarge(bytes.length, options.maxBytes);
  const format = options.format ?? formatOfFileName(options.fileName) ?? sniffFormat(bytes);
  switch (format) {
    case 'text':
      return readPlainText(bytes);
    // The other readers and their parsers load on first use: a server that never imports a PDF
    // never holds pdf.js in memory.
    case 'markdown':
      return (await import('./read-markdown.ts')).readMarkdown(bytes);
    case 'html':
      return (await import('./read-html.ts')).readHtml(bytes);
    case 'pdf':
      return (await import('./read-pdf.ts')).readPdf(bytes);
    case 'akn':
      return (await import('./read-akoma-ntoso.ts')).readAkomaNtoso(bytes);
    default:
      throw new ReadError(
        'unsupported_format',
        `unknown format "${String(format)}": use text, markdown, html or pdf`,
      );
  }
}

/**
 * Reads an agreement from a file, refusing missing files, directories and files over the size
 * limit before reading them, then reads it as readSource does.
 *
 * @example (await readSourceFile('fixtures/accord.pdf')).format // 'pdf'
 */
export async function readSourceFile(
  path: string,
  options: ReadSourceOptions = {},
): Promise<SourceText> {
  const size = await fileSize(path);
  refuseTooLarge(size, options.maxBytes);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw fileError(path, error);
  }
  return readSource(bytes, { fileName: path, ...options });
}

/**
 * Names the format that a file name's extension stands for, or undefined for other extensions.
 *
 * @example formatOfFileName('Accord.HTM') // 'html'
 */
export function formatOfFileName(fileName: string | undefined): SourceFormat | undefined {
  return fileName ? formatsByExtension[extname(fileName).toLowerCase()] : undefined;
}

/**
 * Guesses the format from the first bytes: the PDF signature, an Akoma Ntoso root, an HTML start,
 * else plain text.
 *
 * @example sniffFormat(new TextEncoder().encode('%PDF-1.7')) // 'pdf'
 */
export function sniffFormat(bytes: Uint8Array): SourceFormat {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (/^\s*%PDF-/.test(head)) return 'pdf';
  if (looksLikeAkomaNtoso(bytes)) return 'akn';
  const start = head
    .replace(/^(\uFEFF|\u00EF\u00BB\u00BF)/, '')
    .trimStart()
    .toLowerCase();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype html|<html)/.test(start)) return 'html';
  return 'text';
}

function refuseTooLarge(size: number, maxBytes = defaultMaxBytes): void {
  if (size > maxBytes) {
    throw new ReadError(
      'too_large',
      `file is ${formatMiB(size)}, over the ${formatMiB(maxBytes)} limit: split the agreement or raise the limit`,
    );
  }
}

function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MiB`;
}

async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      throw new ReadError(
        'not_a_file',
        `${path} is ${info.isDirectory() ? 'a directory' : 'not a regular file'}: give the path of the agreement's file`,
      );
    }
    return info.size;
  } catch (error) {
    throw fileError(path, error);
  }
}

function fileError(path: string, error: unknown): ReadError {
  if (error instanceof ReadError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new ReadError('file_not_found', `no file at ${path}: check the path and try again`, {
      cause: error,
    });
  }
  if (code === 'EISDIR') {
    return new ReadError(
      'not_a_file',
      `${path} is a directory: give the path of the agreement's file`,
      {
        cause: error,
      },
    );
  }
  // Other failures (no permission, I/O errors) are not the file's fault: let them through as they are.
  throw error;
}

/**
 * Whether bytes look like Akoma Ntoso XML (an `<akomaNtoso` root in the first kilobytes).
 *
 * @example looksLikeAkomaNtoso(Buffer.from('<akomaNtoso xmlns="...">')) // true
 */
export function looksLikeAkomaNtoso(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 4096));
  return /^\uFEFF?\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<([\w-]+:)?akomaNtoso[\s>]/.test(
    head,
  );
}
