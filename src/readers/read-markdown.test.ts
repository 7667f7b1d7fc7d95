import { describe, expect, it } from 'vitest';
import { expectWellFormed, hinted } from './__fixtures__/expect-source-text.ts';
import { readMarkdown } from './read-markdown.ts';

const markdown = [
  '# Joint Statement on *Climate* Cooperation',
  '',
  'The **Participants** reaffirm the [Paris Agreement](https://example.org/paris)',
  'and the `2030` goals. ![flag](flag.png)',
  '',
  '## Commitments',
  '',
  '- establish a *joint* working group',
  '  - meeting twice a year',
  '- mobilise __£50 million__',
  '',
  '3) report every year',
  '4) review in 2030',
  '',
  '> The Participants intend',
  '> to cooperate.',
  '',
  '| Action | Deadline |',
  '| --- | :---: |',
  '| **Fund** | 2030 |',
  '',
  '## 日本語',
  '',
  '両国は、2030年までに',
  '排出量を削減する。',
  '',
].join('\r\n');

describe('readMarkdown', () => {
  it('writes one block per line, strips inline markup and hints every block exactly', () => {
    const source = readMarkdown(new TextEncoder().encode(markdown));
    expect(source.text).toBe(
      [
        'Joint Statement on Climate Cooperation',
        'The Participants reaffirm the Paris Agreement and the 2030 goals.',
        'Commitments',
        '• establish a joint working group',
        '• meeting twice a year',
        '• mobilise £50 million',
        '3) report every year',
        '4) review in 2030',
        'The Participants intend to cooperate.',
        'Action | Deadline',
        'Fund | 2030',
        '日本語',
        '両国は、2030年までに排出量を削減する。',
      ].join('\n'),
    );
    expect(hinted(source)).toEqual([
      'title1: Joint Statement on Climate Cooperation',
      'paragraph: The Participants reaffirm the Paris Agreement and the 2030 goals.',
      'heading2: Commitments',
      'item: • establish a joint working group',
      'item: • meeting twice a year',
      'item: • mobilise £50 million',
      'item: 3) report every year',
      'item: 4) review in 2030',
      'paragraph: The Participants intend to cooperate.',
      'paragraph: Action | Deadline',
      'paragraph: Fund | 2030',
      'heading2: 日本語',
      'paragraph: 両国は、2030年までに排出量を削減する。',
    ]);
    expect(source.title).toBe('Joint Statement on Climate Cooperation');
    expect(source.format).toBe('markdown');
    expectWellFormed(source);
  });

  it('makes only the first level-1 heading the title', () => {
    const source = readMarkdown('# Accord\n\ntext\n\n# Annex\n');
    expect(hinted(source)).toEqual(['title1: Accord', 'paragraph: text', 'heading1: Annex']);
  });

  it('reads a paragraph with a lone dash line as a setext heading, as Markdown says', () => {
    expect(hinted(readMarkdown('Article 1\n-\n'))).toEqual(['heading2: Article 1']);
  });

  it('leaves YAML front matter out of the text', () => {
    const source = readMarkdown('---\r\ntitle: Accord\r\ndate: 2023-05-18\r\n---\r\n# Accord\r\n');
    expect(hinted(source)).toEqual(['title1: Accord']);
  });
});
