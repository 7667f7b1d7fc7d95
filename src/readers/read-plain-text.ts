import type { SourceText } from '../core/text/source-text.ts';
import { normaliseText } from '../core/text/source-text.ts';
import { decodeText } from './decode-text.ts';

/**
 * Reads a plain-text agreement: decodes it and normalises it, with no hints, since the structure
 * parser infers the layout of plain text itself.
 *
 * @example readPlainText(new TextEncoder().encode('Article 1\r\n')).text // 'Article 1'
 */
export function readPlainText(input: Uint8Array | string): SourceText {
  const raw = typeof input === 'string' ? input : decodeText(input);
  return { text: normaliseText(raw), format: 'text', hints: [] };
}
