// The same agreement read from text, Markdown, HTML and PDF gives the same register.
import { describe, expect, it } from 'vitest';
import { extractRegister } from '../src/core/extract-register.ts';
import { readSource } from '../src/readers/read-source.ts';
import { buildPdf, numberPages } from '../src/readers/__fixtures__/build-pdf.ts';
import { accordText } from './fixtures.ts';

interface Part {
  kind: 'title' | 'heading' | 'p' | 'li';
  text: string;
}

/** The Accord's plain-text layout as typed parts, the way its web page marks them up. */
function accordParts(): Part[] {
  const lines = accordText().split('\n');
  const parts: Part[] = [{ kind: 'title', text: `${lines[0]} ${lines[1]}` }];
  for (let i = 2; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '-') parts.push({ kind: 'li', text: lines[++i]!.trim() });
    else if (/^\d\.$/.test(line))
      parts.push({ kind: 'heading', text: `${line} ${lines[++i]!.trim()}` });
    else if (/^\d\. \S/.test(line)) parts.push({ kind: 'heading', text: line });
    else if (line) parts.push({ kind: 'p', text: line });
  }
  return parts;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function asHtml(parts: Part[]): string {
  const body = parts
    .map((p) => {
      if (p.kind === 'title') return `<h1>${escape(p.text)}</h1>`;
      if (p.kind === 'heading') return `<h2>${escape(p.text)}</h2>`;
      if (p.kind === 'li') return `<ul><li>${escape(p.text)}</li></ul>`;
      return `<p>${escape(p.text)}</p>`;
    })
    .join('\n');
  return `<!doctype html><html><head><title>Accord - GOV.UK</title></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav></header>
<main><div class="govspeak">${body}</div>
<h2>Related content</h2><ul><li><a href="/a">UK-Japan trade</a></li><li><a href="/b">Defence</a></li></ul></main>
<footer><p>All content is available under the Open Government Licence v3.0</p></footer></body></html>`;
}

function asMarkdown(parts: Part[]): string {
  return parts
    .map((p) =>
      p.kind === 'title'
        ? `# ${p.text}`
        : p.kind === 'heading'
          ? `## ${p.text}`
          : p.kind === 'li'
            ? `- ${p.text}`
            : p.text,
    )
    .join('\n\n');
}

async function asPdf(parts: Part[]): Promise<Uint8Array> {
  return buildPdf((doc) => {
    for (const p of parts) {
      if (p.kind === 'title') doc.fontSize(18).text(p.text).moveDown();
      else if (p.kind === 'heading') doc.fontSize(14).text(p.text).moveDown(0.5);
      else if (p.kind === 'li') doc.fontSize(11).text(`• ${p.text}`).moveDown(0.5);
      else doc.fontSize(11).text(p.text).moveDown(0.8);
    }
    numberPages(doc);
  });
}

const texts = (source: Awaited<ReturnType<typeof readSource>>) =>
  extractRegister(source, { signed: '2023-05-18' }).commitments.map((c) =>
    c.text.replace(/\s+/g, ' '),
  );

describe('one agreement, four formats', () => {
  const plain = extractRegister(accordText(), { signed: '2023-05-18' });
  const expected = plain.commitments.map((c) => c.text.replace(/\s+/g, ' '));

  it('reads the same commitments from the web page, without its navigation or footer', async () => {
    const parts = accordParts();
    const source = await readSource(new TextEncoder().encode(asHtml(parts)), {
      fileName: 'accord.html',
    });
    expect(source.text).not.toMatch(/Related content|Home|Open Government Licence/);
    const register = extractRegister(source, { signed: '2023-05-18' });
    expect(register.accord.title).toBe(plain.accord.title);
    expect(register.sections.map((s) => s.number)).toEqual(['1', '2', '3']);
    expect(texts(source)).toEqual(expected);
  });

  it('reads the same commitments from Markdown', async () => {
    const source = await readSource(new TextEncoder().encode(asMarkdown(accordParts())), {
      fileName: 'accord.md',
    });
    expect(texts(source)).toEqual(expected);
  });

  it('reads the same commitments from a PDF whose lines wrap and whose pages are numbered', async () => {
    const source = await readSource(await asPdf(accordParts()), { fileName: 'accord.pdf' });
    const got = texts(source);
    // PDF text can differ in a character or two (ligatures, dashes); the register must not.
    expect(got.length).toBe(expected.length);
    const same = got.filter((t, i) => t === expected[i]).length;
    expect(same / expected.length).toBeGreaterThan(0.95);
    const deadlines = extractRegister(source, { signed: '2023-05-18' }).commitments.flatMap((c) =>
      c.deadline?.date ? [c.deadline.date] : [],
    );
    expect(deadlines).toEqual(
      plain.commitments.flatMap((c) => (c.deadline?.date ? [c.deadline.date] : [])),
    );
  });
});
