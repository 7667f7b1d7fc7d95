import { describe, expect, it } from 'vitest';
import { decodeText, detectEncoding, firstInvalidUtf8Offset } from './decode-text.ts';
import { ReadError } from './read-error.ts';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function utf16(text: string, endian: 'le' | 'be', bom = true): Uint8Array {
  const units = (bom ? '\uFEFF' : '') + text;
  const bytes = new Uint8Array(units.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < units.length; i++)
    view.setUint16(i * 2, units.charCodeAt(i), endian === 'le');
  return bytes;
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ReadError) return error.code;
    throw error;
  }
  return undefined;
}

describe('decodeText', () => {
  it('decodes UTF-8 and drops the byte-order mark', () => {
    expect(decodeText(utf8('\uFEFFArticle 1 — 両国は'))).toBe('Article 1 — 両国は');
  });

  it('decodes UTF-16 in both byte orders when a byte-order mark says so', () => {
    const text = 'Article 2\r\nLes Parties s’engagent. 日本';
    expect(decodeText(utf16(text, 'le'))).toBe(text);
    expect(decodeText(utf16(text, 'be'))).toBe(text);
    expect(detectEncoding(utf16(text, 'be'))).toBe('utf-16be');
  });

  it('recognises UTF-16 without a byte-order mark by its NUL rhythm', () => {
    expect(decodeText(utf16('Article 3 applies.', 'le', false))).toBe('Article 3 applies.');
  });

  it('refuses invalid UTF-8 and names the first bad byte and its offset', () => {
    const bytes = new Uint8Array([...utf8('The Parties agree '), 0x93, ...utf8('shall'), 0x94]);
    expect(codeOf(() => decodeText(bytes))).toBe('bad_encoding');
    expect(() => decodeText(bytes)).toThrow('byte 0x93 at offset 18');
    expect(() => decodeText(bytes)).toThrow(/save it as UTF-8/);
  });

  it('finds invalid UTF-8 sequences exactly as TextDecoder rejects them', () => {
    expect(firstInvalidUtf8Offset(utf8('ok 日本 🌍'))).toBe(-1);
    expect(firstInvalidUtf8Offset(new Uint8Array([0x61, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8Offset(new Uint8Array([0x61, 0xed, 0xa0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8Offset(new Uint8Array([0x61, 0x62, 0xe6, 0x97]))).toBe(2);
  });

  it('refuses binary bytes: NUL bytes or many control characters', () => {
    expect(codeOf(() => decodeText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x14])))).toBe(
      'binary_file',
    );
    const controls = new Uint8Array(200).map((_, i) => (i % 3 === 0 ? 0x01 : 0x41));
    expect(codeOf(() => decodeText(controls))).toBe('binary_file');
  });

  it('refuses empty and white-space-only files', () => {
    expect(codeOf(() => decodeText(new Uint8Array()))).toBe('empty_file');
    expect(codeOf(() => decodeText(utf8('\uFEFF \r\n\t\n')))).toBe('empty_file');
  });

  it('writes one-line messages', () => {
    expect(() => decodeText(new Uint8Array([0, 1, 2, 3]))).toThrow(/^[^\n]+$/);
  });
});
