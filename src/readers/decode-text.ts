import { ReadError } from './read-error.ts';

export const textEncodings = ['utf-8', 'utf-16le', 'utf-16be'] as const;
export type TextEncoding = (typeof textEncodings)[number];

// Only the start of a file is sampled to tell text from binary: enough for any real text file.
const sampleSize = 8 * 1024;
// Text files hold tabs, newlines and the odd stray control; a tenth of controls means binary.
const maxControlRatio = 0.1;

/**
 * Decodes the bytes of a text file (UTF-8 with or without BOM, UTF-16 with BOM) into a string
 * without the BOM, refusing empty, binary and wrongly encoded files with a ReadError.
 *
 * @example decodeText(new TextEncoder().encode('\uFEFFArticle 1')) // 'Article 1'
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length === 0) {
    throw new ReadError('empty_file', 'file is empty: choose the file that holds the agreement');
  }
  const encoding = detectEncoding(bytes);
  if (encoding === 'utf-8') {
    refuseBinaryBytes(bytes);
  }
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch (error) {
    throw encodingError(bytes, encoding, error);
  }
  if (encoding !== 'utf-8') {
    refuseBinaryText(text);
  }
  if (text.trim() === '') {
    throw new ReadError(
      'empty_file',
      'file holds only white space: choose the file that holds the agreement',
    );
  }
  return text;
}

/**
 * Decodes bytes in a legacy encoding named by its label (as an HTML page declares it), or returns
 * undefined when the label is unknown.
 *
 * @example decodeLegacyText(new Uint8Array([0x93, 0x41, 0x94]), 'windows-1252') // '“A”'
 */
export function decodeLegacyText(bytes: Uint8Array, label: string): string | undefined {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    return undefined;
  }
  const text = decoder.decode(bytes);
  if (decoder.encoding !== 'windows-1252') return text;
  // Node 20 decodes windows-1252 as ISO-8859-1: put back the characters 1252 has at 0x80-0x9F.
  return text.replace(/[\u0080-\u009F]/g, (c) => windows1252High.charAt(c.charCodeAt(0) - 0x80));
}

const windows1252High = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/** Names the encoding of text bytes from their byte-order mark, else from the pattern of NUL bytes, else UTF-8. */
export function detectEncoding(bytes: Uint8Array): TextEncoding {
  const [b0, b1, b2] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return 'utf-8';
  if (b0 === 0xff && b1 === 0xfe) return 'utf-16le';
  if (b0 === 0xfe && b1 === 0xff) return 'utf-16be';
  return guessUtf16WithoutBom(bytes) ?? 'utf-8';
}

// UTF-16 text in a Latin script has a NUL in every other byte; binary files do not keep that rhythm.
function guessUtf16WithoutBom(bytes: Uint8Array): TextEncoding | undefined {
  const length = Math.min(bytes.length, sampleSize) & ~1;
  if (length < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = length / 2;
  if (oddZeros > pairs * 0.9 && evenZeros === 0) return 'utf-16le';
  if (evenZeros > pairs * 0.9 && oddZeros === 0) return 'utf-16be';
  return undefined;
}

function refuseBinaryBytes(bytes: Uint8Array): void {
  const sample = bytes.subarray(0, sampleSize);
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const byte = sample[i] ?? 0;
    if (byte === 0) throw binaryError(`a NUL byte at offset ${i}`);
    if (isControl(byte)) controls++;
  }
  if (controls > sample.length * maxControlRatio) {
    throw binaryError(`${controls} control bytes in the first ${sample.length}`);
  }
}

function refuseBinaryText(text: string): void {
  const sample = text.slice(0, sampleSize);
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code === 0) throw binaryError(`a NUL character at position ${i}`);
    if (isControl(code)) controls++;
  }
  if (controls > sample.length * maxControlRatio) {
    throw binaryError(`${controls} control characters in the first ${sample.length}`);
  }
}

// C0 controls except tab, line feed, form feed, carriage return and escape; and DEL.
function isControl(code: number): boolean {
  return (code < 0x20 && ![0x09, 0x0a, 0x0c, 0x0d, 0x1b].includes(code)) || code === 0x7f;
}

function binaryError(evidence: string): ReadError {
  return new ReadError(
    'binary_file',
    `file is binary, not text (${evidence}): export the agreement as text, Markdown, HTML or PDF`,
  );
}

function encodingError(bytes: Uint8Array, encoding: TextEncoding, cause: unknown): ReadError {
  if (encoding !== 'utf-8') {
    return new ReadError(
      'bad_encoding',
      `file starts with a UTF-16 byte-order mark but is not valid ${encoding.toUpperCase()} text: save it as UTF-8 and try again`,
      { cause },
    );
  }
  const offset = firstInvalidUtf8Offset(bytes);
  const where =
    offset < 0
      ? ''
      : ` (byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} at offset ${offset})`;
  return new ReadError(
    'bad_encoding',
    `file is not UTF-8 text${where}: save it as UTF-8 and try again`,
    { cause },
  );
}

/** Returns the offset of the first byte that breaks UTF-8, or -1 when the bytes are valid UTF-8. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    // Allowed range of the first continuation byte (RFC 3629 table), then the count of continuations.
    let low = 0x80;
    let high = 0xbf;
    let count: number;
    if (lead >= 0xc2 && lead <= 0xdf) count = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      count = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      count = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k <= count; k++) {
      const next = bytes[i + k];
      if (next === undefined) return i;
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next < min || next > max) return i;
    }
    i += count + 1;
  }
  return -1;
}
