import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectWellFormed, hinted } from './__fixtures__/expect-source-text.ts';
import { ReadError } from './read-error.ts';
import { readHtml } from './read-html.ts';

const page = readFileSync(new URL('./__fixtures__/joint-statement.html', import.meta.url));

describe('readHtml', () => {
  it('keeps only the content of <main> of a GOV.UK-like page, in the canonical layout', () => {
    const source = readHtml(page);
    expect(hinted(source)).toEqual([
      'paragraph: Policy paper',
      'title1: UK–Ruritania Joint Statement on Climate Cooperation',
      'paragraph: Published 18 May 2023',
      'heading2: Preamble',
      'paragraph: The Government of the United Kingdom and the Government of Ruritania (“the Participants”) reaffirm their commitment to the Paris Agreement & its goals.',
      'heading2: Commitments',
      'paragraph: The Participants intend to:',
      'item: • establish a joint working group on clean energy by 31 December 2023;',
      'item: • mobilise £50 million for adaptation finance by 2025;',
      'item: • publish a progress report every year.',
      'heading3: Review',
      'paragraph: The working group will review progress annually.',
      'paragraph: Action | Deadline',
      'paragraph: Working group | 2023',
    ]);
    expect(source.title).toBe('UK–Ruritania Joint Statement on Climate Cooperation');
    expect(source.format).toBe('html');
    expectWellFormed(source);
  });

  it('leaves out navigation, breadcrumbs, related links, sidebars, buttons and the footer', () => {
    const { text } = readHtml(page);
    for (const furniture of [
      'Skip to main content',
      'cookies',
      'Benefits',
      'Search',
      'Home',
      'International',
      'Print this page',
      'Explore the topic',
      'Related content',
      'UK climate finance results',
      'Open Government Licence',
      'dataLayer',
      'icon',
    ]) {
      expect(text).not.toContain(furniture);
    }
  });

  it('falls back to Readability without <main>, keeping the <h1> it would drop', () => {
    const paragraph =
      'The Parties shall establish a joint committee, which shall meet at least once a year, to review the implementation of this Agreement and to report to the ministers of both Parties. ';
    const html = `<html><head><title>Accord - Ministry</title></head><body>
      <div id="menu"><a href="/">Home</a> <a href="/news">News</a></div>
      <div id="content"><h1>Accord on Fisheries</h1>
        <div class="text"><p>${paragraph.repeat(2)}</p><p>${paragraph}</p>
        <ol start="2"><li>The committee shall adopt its rules.</li><li value="5">It shall report.</li></ol></div>
      </div><div class="footer">© Ministry</div></body></html>`;
    const source = readHtml(html);
    expect(source.title).toBe('Accord on Fisheries');
    expect(hinted(source)[0]).toBe('title1: Accord on Fisheries');
    expect(source.text).toContain('2. The committee shall adopt its rules.\n5. It shall report.');
    expect(source.text).not.toContain('News');
    expectWellFormed(source);
  });

  it('reads text in divs without block children and decodes entities', () => {
    const source = readHtml(
      '<body><div>Article&nbsp;1 &mdash; <b>Scope</b></div><div><div>It applies &lt;here&gt;.</div></div></body>',
    );
    expect(source.text).toBe('Article 1 — Scope\nIt applies <here>.');
    expect(source.title).toBeUndefined();
    expectWellFormed(source);
  });

  it('takes the title from <title> when no <h1> is given', () => {
    const source = readHtml('<title>Accord</title><main><p>The Parties agree.</p></main>');
    expect(source.title).toBe('Accord');
    expect(hinted(source)).toEqual(['paragraph: The Parties agree.']);
  });

  it('refuses a page with no text left (html_no_text)', () => {
    const html =
      '<html><body><nav><a href="/">Home</a></nav><script>var a = 1;</script></body></html>';
    expect(() => readHtml(html)).toThrow(ReadError);
    expect(() => readHtml(html)).toThrow(expect.objectContaining({ code: 'html_no_text' }));
  });

  it('refuses markup whose root sits in a <template> with html_no_text, not a crash', () => {
    // Found by the readers' fuzz test: linkedom leaves such a document without a root element.
    for (const html of [
      '<template><html>',
      '<template><html><p>We will act.</p>',
      '<p>x<template><html><body>',
    ])
      expect(() => readHtml(html)).toThrow(expect.objectContaining({ code: 'html_no_text' }));
    expect(
      readHtml('<html><body><template><html></template><p>We will act.</p></body></html>').text,
    ).toBe('We will act.');
  });

  it('splits a paragraph at <br> and keeps an <h1> placed above <main>', () => {
    const source = readHtml(
      '<html><body><div class="banner"><h1>Accord</h1></div><main><p>Article 1<br>Scope<br><br>Text.</p></main></body></html>',
    );
    expect(hinted(source)).toEqual([
      'title1: Accord',
      'paragraph: Article 1',
      'paragraph: Scope',
      'paragraph: Text.',
    ]);
  });

  it('decodes a page in the legacy charset it declares', () => {
    const head = new TextEncoder().encode(
      '<html><head><meta charset="windows-1252"></head><body><main><p>',
    );
    const bytes = new Uint8Array([...head, 0x93, 0x41, 0x94, 0x20, 0xa3, 0x35]);
    expect(readHtml(bytes).text).toBe('“A” £5');
  });
});
