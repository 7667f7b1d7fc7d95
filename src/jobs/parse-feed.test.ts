import { describe, expect, it } from 'vitest';
import { FeedParseError, guidKey, normaliseUrl, parseFeedItems, plain } from './parse-feed.ts';

describe('parseFeedItems', () => {
  it('reads RSS 2.0 items with markup reduced to text', () => {
    const feed =
      parseFeedItems(`<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><language>en-gb</language>
      <item><title>A &amp; B</title><link>https://gov.example/a</link><guid>a-1</guid>
      <pubDate>Mon, 30 Oct 2023 10:00:00 GMT</pubDate><description>&lt;p&gt;Signed a &lt;b&gt;MoC&lt;/b&gt;.&lt;/p&gt;</description></item>
      </channel></rss>`);
    expect(feed).toMatchObject({ format: 'rss', title: 'News' });
    expect(feed.items).toEqual([
      {
        guid: 'a-1',
        url: 'https://gov.example/a',
        title: 'A & B',
        summary: 'Signed a MoC.',
        published: '2023-10-30',
        language: 'en',
      },
    ]);
  });

  it('reads Atom entries (alternate link, summary, updated)', () => {
    const feed =
      parseFeedItems(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
      <entry><id>tag:gov.example,2024:1</id><title>Cyber partnership</title>
      <link rel="alternate" href="https://gov.example/cyber"/><updated>2024-01-18T09:00:00Z</updated>
      <summary>UK and Japan agree a Memorandum.</summary></entry></feed>`);
    expect(feed.format).toBe('atom');
    expect(feed.items[0]).toMatchObject({
      guid: 'tag:gov.example,2024:1',
      url: 'https://gov.example/cyber',
      published: '2024-01-18',
      summary: 'UK and Japan agree a Memorandum.',
    });
  });

  it('reads RDF (RSS 1.0) items with dc:date, and JSON Feed items', () => {
    const rdf = parseFeedItems(`<?xml version="1.0"?>
      <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://mofa.example/"><title>MOFA</title></channel>
      <item rdf:about="https://mofa.example/press/1"><title>日英外相会談</title><link>https://mofa.example/press/1</link>
      <description>両外相は協力を確認した。</description><dc:date>2023-12-05</dc:date></item></rdf:RDF>`);
    expect(rdf.format).toBe('rdf');
    expect(rdf.items[0]).toMatchObject({
      url: 'https://mofa.example/press/1',
      published: '2023-12-05',
      language: 'ja',
    });
    const json = parseFeedItems(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'J',
        items: [
          {
            id: '7',
            url: 'https://x.example/7',
            title: 'T',
            content_text: 'Body',
            date_published: '2024-05-17T10:00:00Z',
          },
        ],
      }),
    );
    expect(json.items[0]).toMatchObject({
      guid: '7',
      url: 'https://x.example/7',
      published: '2024-05-17',
    });
  });

  it('refuses what is not a feed, and skips items with neither guid nor link', () => {
    expect(() => parseFeedItems('<html><body>Not a feed</body></html>')).toThrow(FeedParseError);
    expect(() => parseFeedItems('<rss><channel><item><title>Br')).toThrow(FeedParseError);
    const feed = parseFeedItems(
      '<rss version="2.0"><channel><title>T</title><item><title>No id</title></item></channel></rss>',
    );
    expect(feed.items).toEqual([]);
  });
});

describe('dedupe keys', () => {
  it('normalises addresses: scheme, www, case, fragment, tracking parameters, trailing slash', () => {
    expect(normaliseUrl('HTTPS://www.Gov.uk/news/a/?utm_source=rss&b=2&a=1#top')).toBe(
      'gov.uk/news/a?a=1&b=2',
    );
    expect(normaliseUrl('http://gov.uk/news/a')).toBe(normaliseUrl('https://www.gov.uk/news/a/'));
    expect(normaliseUrl('javascript:alert(1)')).toBeNull();
  });

  it('keeps URN and address guids global, scopes bare ones to the feed host', () => {
    expect(guidKey('tag:gov.uk,2023:1', 'https://a.example/feed')).toBe('tag:gov.uk,2023:1');
    expect(guidKey('https://www.gov.uk/a/', 'https://a.example/feed')).toBe('gov.uk/a');
    expect(guidKey('1234', 'https://a.example/feed')).toBe('a.example#1234');
    expect(guidKey(null, 'https://a.example/feed')).toBeNull();
  });

  it('reduces markup to text without leaking scripts', () => {
    expect(plain('<p>One</p><script>alert(1)</script><p>Two &#x2013; three&nbsp;&amp;</p>')).toBe(
      'One\nTwo – three &',
    );
  });
});
