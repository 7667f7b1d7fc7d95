import { describe, expect, it } from 'vitest';
import { normaliseText } from '../core/text/source-text.ts';
import { readPlainText } from './read-plain-text.ts';

describe('readPlainText', () => {
  it('drops the BOM, turns CRLF into LF and gives no hints', () => {
    const bytes = new TextEncoder().encode(
      '\uFEFFJOINT STATEMENT\r\n\r\n1. The Parties shall meet.  \r\n-\r\n',
    );
    const source = readPlainText(bytes);
    expect(source).toEqual({
      text: 'JOINT STATEMENT\n\n1. The Parties shall meet.\n-',
      format: 'text',
      hints: [],
    });
    expect(normaliseText(source.text)).toBe(source.text);
  });

  it('keeps the layout of plain text for the structure parser to read', () => {
    // A Markdown parser would make "Article 1" a heading because of the "---" line.
    const source = readPlainText('Article 1\n---\nText');
    expect(source.text).toBe('Article 1\n---\nText');
  });
});
