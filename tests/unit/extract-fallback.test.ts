import { describe, expect, it } from 'vitest';
import { extractPage } from '@/utils/extract';
import { domAt } from '../helpers/fixtures';

const page = (body: string, head = '') =>
  `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>ルート営業の求人検索結果 | 比較サイト</title>
  <meta name="description" content="ルート営業の求人を比較できます。">${head}</head><body>${body}</body></html>`;

describe('pages without an article', () => {
  it('become a bookmark of title, URL and description', () => {
    const url = 'https://example.com/search?q=営業&utm_source=x#top';
    const dom = domAt(page('<nav><a href="/">ホーム</a></nav><ul><li><a href="/a">求人A</a></li></ul>'), url);
    const result = extractPage(dom.window.document, url);
    expect(result).toMatchObject({
      kind: 'bookmark',
      url: 'https://example.com/search?q=%E5%96%B6%E6%A5%AD',
      originalUrl: url,
      title: 'ルート営業の求人検索結果', // no declared site name: the short part after the bar goes
      excerpt: 'ルート営業の求人を比較できます。',
      text: 'ルート営業の求人を比較できます。',
      html: '',
      lang: 'ja',
      readingMinutes: 1,
    });
    expect(result.chars).toBe(16);
  });

  it('an empty page still gives a bookmark with the URL as its title', () => {
    const url = 'https://example.com/empty';
    const dom = domAt('<html><body></body></html>', url);
    expect(extractPage(dom.window.document, url)).toMatchObject({
      kind: 'bookmark',
      title: url,
      excerpt: '',
    });
  });

  it('a short real article is still an article', () => {
    const text =
      'ルート営業は既存の顧客と長期的な関係を築き、課題解決を通じて継続的な取引を狙う働き方です。'.repeat(3);
    const url = 'https://example.com/short';
    const dom = domAt(page(`<article><h1>短い記事</h1><p>${text}</p></article>`), url);
    const result = extractPage(dom.window.document, url);
    expect(result.kind).toBe('article');
    expect(result.text).toContain('継続的な取引を狙う働き方です。');
  });
});

describe('the command line, which lets Readability work on the page itself', () => {
  it("reads the page's language before Readability removes a root whose class names a header", () => {
    // Readability drops "unlikely candidates" from the root down, <html class="header-…"> too.
    const url = 'https://example.com/entry';
    const text = 'ルート営業は既存の顧客と長期的な関係を築き、課題解決を通じて継続的な取引を狙う働き方です。';
    const dom = domAt(
      `<!doctype html><html lang="ja" class="header-spacing"><head><title>ルート営業とは</title></head>
      <body><article><p>${text.repeat(4)}</p></article></body></html>`,
      url,
    );
    const doc = dom.window.document;
    const result = extractPage(doc, url, { consumeDocument: true });
    expect(doc.documentElement).toBeNull();
    expect(result).toMatchObject({ kind: 'article', lang: 'ja', title: 'ルート営業とは' });
    expect(result.text).toContain(text);
  });
});
