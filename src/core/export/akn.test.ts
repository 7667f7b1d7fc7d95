import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readAgreementFixture } from '../../../test/fixtures.ts';
import { parseAkomaNtoso } from '../../readers/read-akoma-ntoso.ts';
import { readSource } from '../../readers/read-source.ts';
import { extractRegister } from '../extract-register.ts';
import { akomaNtoso, type AknSource } from './akn.ts';
import { hasXmllint, validateAkn } from './xmllint.ts';

const fixtures = [
  'hiroshima-accord-2023.en.txt',
  ...readdirSync(new URL('../../../fixtures/agreements/full', import.meta.url)).map(
    (f) => `full/${f}`,
  ),
  ...readdirSync(new URL('../../../fixtures/agreements/openings', import.meta.url)).map(
    (f) => `openings/${f}`,
  ),
];

function sourceOf(text: string, slug: string): AknSource {
  const register = extractRegister(text, {});
  return {
    agreement: {
      slug,
      title: register.accord.title ?? slug,
      signed: register.accord.signed,
      place: null,
      language: register.accord.language,
      source_url: null,
      parties: register.accord.parties.map((code) => ({ code, name: code })),
      created: '2026-01-01',
    },
    text,
    format: 'text',
    hints: [],
    sha256: createHash('sha256').update(text).digest('hex'),
    versionNumber: 1,
    sections: register.sections.map((s) => ({
      eid: s.id,
      number: s.number,
      heading: s.heading,
      parent_eid: s.parent,
    })),
    commitments: register.commitments.map((c) => ({
      eid: c.id,
      section: c.section,
      sentence_eid: c.sentence.id,
      span_start: c.span.start,
      span_end: c.span.end,
      text: c.text,
      deadline_date: c.deadline?.date ?? null,
      deadline_precision: c.deadline?.precision ?? null,
      deadline_phrase: c.deadline?.phrase ?? null,
      actors: c.actors,
      instruments: c.instruments,
      targets: c.targets,
      topics: c.topics,
      strength: c.strength,
      kind: c.kind,
      origin: 'extracted',
      state: 'active',
    })),
    today: '2026-11-25',
  };
}

const registerKey = (text: string, hints: Parameters<typeof extractRegister>[0]) =>
  JSON.stringify(
    extractRegister(typeof hints === 'string' ? text : hints).commitments.map((c) => [
      c.id,
      c.span,
      c.section,
      c.deadline?.date ?? null,
    ]),
  );

describe('Akoma Ntoso export', () => {
  const exported = fixtures.map((name) => {
    const text = readAgreementFixture(name).replace(/\n+$/, '');
    const source = sourceOf(text, name.replace(/\W+/g, '-'));
    return { name, text, source, xml: akomaNtoso(source) };
  });

  it('reads back to the exact text, and every commitment is marked with its id', () => {
    for (const e of exported) {
      const doc = parseAkomaNtoso(Buffer.from(e.xml));
      expect(doc.source.text, e.name).toBe(e.text);
      expect(doc.register, e.name).not.toBeNull();
      expect(
        doc.marked.map((m) => [m.start, m.end]),
        e.name,
      ).toEqual(e.source.commitments.map((c) => [c.span_start, c.span_end]));
    }
  });

  it('re-extracts the same register from the text alone (another tool’s document)', () => {
    for (const e of exported) {
      const foreign = e.xml.replace(/<proprietary[\s\S]*?<\/proprietary>/, '');
      const doc = parseAkomaNtoso(Buffer.from(foreign));
      expect(doc.register).toBeNull();
      // Without the exact text in the metadata, spaces are tidied and blank lines dropped.
      const tidy = e.text
        .split('\n')
        .map((l) => l.replace(/\s+/g, ' ').trim())
        .filter((l) => l !== '')
        .join('\n');
      expect(doc.source.text, e.name).toBe(tidy);
      expect(registerKey(tidy, doc.source), e.name).toBe(registerKey(tidy, tidy));
    }
  });

  it('is read by readSource from an .xml or .akn file, or by its content', async () => {
    const bytes = Buffer.from(exported[0]!.xml);
    for (const options of [{ fileName: 'accord.akn' }, { fileName: 'accord.xml' }, {}])
      expect((await readSource(bytes, options)).format).toBe('akn');
  });

  it('validates against the official Akoma Ntoso 3.0 schema (xmllint)', (context) => {
    if (!hasXmllint()) {
      if (process.env.CI)
        throw new Error('xmllint is missing in CI: apt-get install libxml2-utils');
      console.warn('SKIPPED: xmllint is not installed (apt-get install libxml2-utils)');
      context.skip();
    }
    expect(validateAkn(exported.map((e) => ({ name: e.name, xml: e.xml })))).toBe('');
  });
});

describe('hostile XML', () => {
  const refused = (xml: string) => () => parseAkomaNtoso(Buffer.from(xml));

  it('refuses external entities (XXE)', () => {
    expect(
      refused(
        '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><akomaNtoso><doc><mainBody><p>&x;</p></mainBody></doc></akomaNtoso>',
      ),
    ).toThrow(/DOCTYPE/);
  });

  it('refuses a billion-laughs payload at once', () => {
    const lol = Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`,
    ).join('');
    const started = performance.now();
    expect(
      refused(
        `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${lol}]><akomaNtoso><doc><mainBody><p>&lol9;</p></mainBody></doc></akomaNtoso>`,
      ),
    ).toThrow(/DOCTYPE/);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('refuses XML that is not well formed or not Akoma Ntoso', () => {
    expect(refused('<akomaNtoso><doc><p>open</doc>')).toThrow(/not well formed/);
    expect(refused('<html><body><p>x</p></body></html>')).toThrow(/not an Akoma Ntoso document/);
  });
});
