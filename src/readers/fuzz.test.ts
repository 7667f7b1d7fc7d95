import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPdf } from './__fixtures__/build-pdf.ts';
import { isReadError } from './read-error.ts';
import { readAkomaNtoso } from './read-akoma-ntoso.ts';
import { readHtml } from './read-html.ts';
import { readMarkdown } from './read-markdown.ts';
import { readPdf } from './read-pdf.ts';
import { readPlainText } from './read-plain-text.ts';
import { readSource } from './read-source.ts';

// Every file reader, given any bytes, either reads them or fails with a ReadError (a stable code
// and one line for the user); never another exception, never a hang.

type Reader = (bytes: Uint8Array) => unknown;
const readers: Record<string, Reader> = {
  'plain text': readPlainText,
  markdown: readMarkdown,
  html: readHtml,
  'akoma ntoso': readAkomaNtoso,
  'any (sniffed)': (bytes) => readSource(bytes),
};

/** Reads, and returns what was thrown if it was not a ReadError (undefined when all is well). */
async function unexpected(read: Reader, bytes: Uint8Array): Promise<unknown> {
  try {
    await read(bytes);
    return undefined;
  } catch (error) {
    if (isReadError(error) && error.message.length > 0 && !error.message.includes('\n'))
      return undefined;
    return error;
  }
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

// Byte sequences that are not valid UTF-8: lone continuation bytes, overlong forms, surrogates
// encoded as UTF-8, truncated sequences, bytes that never occur, BOMs of other encodings.
const invalidUtf8 = fc.constantFrom(
  [0x80],
  [0xbf, 0xbf],
  [0xc0, 0x80],
  [0xc1, 0xbf],
  [0xe0, 0x80, 0x80],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xfe],
  [0xff],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x98],
  [0xff, 0xfe],
  [0xfe, 0xff],
  [0x00, 0x00, 0xfe, 0xff],
  [0x00],
);
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    'We will establish a dialogue by the end of the year.',
    '第1条 両国は、年内に対話を立ち上げる。',
    '\u202e\u200f\u200b\ufeff',
    '# heading\n- item\n-\n',
    '1. Article\n\n(a) item',
  ),
);
const mixedBytes = fc
  .array(
    fc.oneof(
      text.map(utf8),
      invalidUtf8.map((b) => Uint8Array.from(b)),
      fc.uint8Array({ maxLength: 64 }),
    ),
    {
      maxLength: 12,
    },
  )
  .map(concat);

const tag = fc.constantFrom(
  '<html>',
  '</html>',
  '<main>',
  '</main>',
  '<h1>',
  '</h2>',
  '<p>',
  '<li>',
  '<ul>',
  '<table><tr><td>',
  '<script>alert(1)</script>',
  '<style>p{}</style>',
  '<!--',
  '-->',
  '<![CDATA[',
  '<!DOCTYPE html>',
  '<?xml version="1.0"?>',
  '<a href="javascript:alert(1)">',
  '<img src=x onerror=alert(1)>',
  '<meta charset="shift_jis">',
  '<meta http-equiv="content-type" content="text/html; charset=x-unknown">',
  '&amp;',
  '&#0;',
  '&#xD800;',
  '&#x110000;',
  '&nbsp',
  '<',
  '>',
  '"',
  '<nav>',
  '<svg><foreignObject>',
  '<template>',
  '<br/>',
);
const tagSoup = fc
  .array(fc.oneof(tag, text), { maxLength: 40 })
  .map((parts) => utf8(parts.join('')));

const xmlBomb = [
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><akomaNtoso>&lol3;</akomaNtoso>',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><akomaNtoso><act>&xxe;</act></akomaNtoso>',
  '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><body><p>&lol;</p></body></act></akomaNtoso>',
  `<akomaNtoso>${'<p>'.repeat(5000)}x${'</p>'.repeat(5000)}</akomaNtoso>`,
  '<akomaNtoso><act><body><section eId="sec_1"><num>1</num><content><p>We will</p></content></section></body></act></akomaNtoso>',
  '<akomaNtoso><act><preface/><body/></act>',
];

describe('every file reader fails with a ReadError, never a crash', () => {
  for (const [name, read] of Object.entries(readers)) {
    test.prop([fc.uint8Array({ maxLength: 2048 })], { numRuns: 60 })(
      `${name}: random bytes`,
      async (bytes) => {
        expect(await unexpected(read, bytes)).toBeUndefined();
      },
    );
    test.prop([mixedBytes], { numRuns: 60 })(
      `${name}: text with invalid UTF-8, BOMs and control characters`,
      async (bytes) => {
        expect(await unexpected(read, bytes)).toBeUndefined();
      },
    );
    test.prop([tagSoup], { numRuns: 40 })(`${name}: malformed HTML and XML`, async (bytes) => {
      expect(await unexpected(read, bytes)).toBeUndefined();
    });
  }

  it.each(Object.entries(readers))(
    '%s: entity expansion, external entities and deep nesting',
    async (_name, read) => {
      for (const xml of xmlBomb) expect(await unexpected(read, utf8(xml))).toBeUndefined();
      const deepHtml = `<html><body><main>${'<div>'.repeat(20_000)}We will act.${'</div>'.repeat(20_000)}</main></body></html>`;
      expect(await unexpected(read, utf8(deepHtml))).toBeUndefined();
      expect(await unexpected(read, new Uint8Array(0))).toBeUndefined();
      expect(await unexpected(read, new Uint8Array(100_000))).toBeUndefined();
    },
    30_000,
  );

  describe('PDF', () => {
    let pdf: Uint8Array;
    beforeAll(async () => {
      pdf = await buildPdf((doc) => {
        doc.fontSize(18).text('Joint Statement').moveDown();
        doc
          .fontSize(11)
          .text('We will establish a dialogue on critical minerals by the end of 2024.');
        doc.addPage();
        doc.text('The Participants shall meet every year.');
      });
    });

    test.prop([fc.nat()], { numRuns: 25 })('truncated PDFs', async (cut) => {
      const bytes = pdf.slice(0, cut % pdf.length);
      expect(await unexpected(readPdf, bytes)).toBeUndefined();
    });

    test.prop(
      [
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 30,
        }),
      ],
      { numRuns: 25 },
    )('PDFs with bytes changed', async (flips) => {
      const bytes = pdf.slice();
      for (const [at, value] of flips) bytes[at % bytes.length] = value;
      expect(await unexpected(readPdf, bytes)).toBeUndefined();
    });

    test.prop([fc.uint8Array({ maxLength: 1024 })], { numRuns: 25 })(
      'a PDF signature followed by anything',
      async (tail) => {
        const bytes = concat([utf8('%PDF-1.7\n'), tail]);
        expect(await unexpected(readPdf, bytes)).toBeUndefined();
        expect(await unexpected((b) => readSource(b), bytes)).toBeUndefined();
      },
    );
  });
});
