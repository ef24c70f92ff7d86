// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { declaredTypes, declaresNotArticle, isListingPage, proseShare } from '@/utils/extract/page-kind';

const docOf = (head: string, body = '') =>
  new DOMParser().parseFromString(
    `<!doctype html><html><head>${head}</head><body>${body}</body></html>`,
    'text/html',
  );

describe('declaredTypes', () => {
  it('reads og:type, JSON-LD types (in @graph too) and microdata', () => {
    const doc = docOf(
      '<meta property="og:type" content="product"><script type="application/ld+json">{"@graph":[{"@type":["Product","Thing"]},{"@type":"BreadcrumbList"}]}</script>',
      '<div itemscope itemtype="https://schema.org/Event"></div>',
    );
    expect(declaredTypes(doc).sort()).toEqual(['breadcrumblist', 'event', 'product', 'product', 'thing']);
  });
  it('survives broken JSON-LD', () => {
    expect(declaredTypes(docOf('<script type="application/ld+json">{oops</script>'))).toEqual([]);
  });
});

describe('declaresNotArticle', () => {
  it('is true for products, books, events, item lists and search pages', () => {
    for (const t of ['product', 'books.book', 'event', 'itemlist', 'searchresultspage'])
      expect(declaresNotArticle([t])).toBe(true);
  });
  it('is false when an article type is declared too (a review page that also marks up its product)', () => {
    expect(declaresNotArticle(['product', 'blogposting'])).toBe(false);
    expect(declaresNotArticle(['website'])).toBe(false);
  });
});

describe('proseShare', () => {
  it('counts sentences as prose and spec lines, prices and table rows as not', () => {
    const prose = '三か月使ってみて、電動ミルのよかった点と気になった点をまとめておきます。';
    expect(proseShare(prose)).toBe(1);
    expect(proseShare('本体質量\t1.2kg\n29,800円\n在庫あり\nカートに入れる')).toBe(0);
    expect(proseShare(`${prose}\n本体質量\t1.2kg`)).toBeGreaterThan(0.5);
  });
});

describe('isListingPage', () => {
  const product = '<meta property="og:type" content="product">';
  it('is a listing when declared a product and its text is a spec list', () => {
    expect(isListingPage(docOf(product), '本体質量\t1.2kg\n連続使用時間\t約40分\n送料無料')).toBe(true);
  });
  it('is an article when the declared product page holds prose (a long description or review)', () => {
    const text =
      'このミルは刃の軸がしっかりしていて、思っていたより粒がそろっていました。\n毎朝使っても手が疲れにくく、掃除も簡単です。';
    expect(isListingPage(docOf(product), text)).toBe(false);
  });
  it('is never a listing when nothing is declared, however list-like the text', () => {
    expect(isListingPage(docOf(''), '本体質量\t1.2kg\n送料無料')).toBe(false);
  });
});
