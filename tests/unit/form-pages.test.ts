// Issue 13, item 8: a pricing page with a login box was kept as an 87-character article ending in
// 「メール パスワード」. Pages whose extracted text is their form's labels are bookmarks now, by a
// rule for every page (utils/extract/form-page.ts), while short articles stay articles.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPage } from '@/utils/extract';
import { domAt } from '../helpers/fixtures';

const NOT_ARTICLES = path.resolve(__dirname, '../fixtures/not-articles');
const fixture = (slug: string) => readFileSync(path.join(NOT_ARTICLES, slug, 'source.html'), 'utf8');

function extract(html: string, url: string) {
  const dom = domAt(html, url);
  try {
    return extractPage(dom.window.document, url);
  } finally {
    dom.window.close();
  }
}

describe('form pages become bookmarks with the page’s description', () => {
  it('a Japanese pricing page with a login form', () => {
    const page = extract(fixture('pricing-login-ja'), 'https://salesnote.example/pricing?utm_source=ad');
    expect(page).toMatchObject({
      kind: 'bookmark',
      url: 'https://salesnote.example/pricing',
      title: '料金プラン',
      siteName: 'セールスノート',
      lang: 'ja',
      html: '',
      excerpt:
        'セールスノートの料金プラン。フリー、チーム、ビジネスの3プランから選べます。14日間の無料トライアルあり。',
    });
    expect(page.text).not.toContain('パスワード');
  });

  it('an English sign-in page', () => {
    const page = extract(fixture('sign-in-en'), 'https://fieldbook.example/sign-in');
    expect(page).toMatchObject({
      kind: 'bookmark',
      title: 'Sign in – Fieldbook',
      lang: 'en',
      html: '',
      excerpt: 'Sign in to Fieldbook, the CRM for field sales teams.',
    });
  });

  it('a form of labels only, without a sign-in, once they are a quarter of the lines', () => {
    const html = `<!doctype html><html lang="ja"><head><title>資料請求</title>
      <meta name="description" content="資料請求のフォームです。"></head><body><main><article>
      <h1>資料請求</h1><p>下記のフォームに入力して送信してください。担当者から二営業日以内にご連絡します。</p>
      <form><p><label for="n">お名前</label></p><input id="n"><p><label for="c">会社名</label></p><input id="c">
      <p><label for="t">電話番号</label></p><input id="t" type="tel"><button>送信する</button></form>
      </article></main></body></html>`;
    expect(extract(html, 'https://example.com/request')).toMatchObject({
      kind: 'bookmark',
      excerpt: '資料請求のフォームです。',
    });
  });
});

describe('articles stay articles', () => {
  const sentence =
    'ルート営業は既存の顧客と長期的な関係を築き、課題解決を通じて継続的な取引を狙う働き方です。';

  it('a short article with a comment form under it (name and e-mail, no password)', () => {
    const html = `<!doctype html><html lang="ja"><head><title>短い記事</title></head><body>
      <article><h1>短い記事</h1><p>${sentence.repeat(3)}</p></article>
      <section id="respond"><h3>コメントを残す</h3><form><label for="a">名前</label><input id="a">
      <label for="m">メール</label><input id="m" type="email"><textarea aria-label="コメント"></textarea>
      <button>送信</button></form></section></body></html>`;
    const page = extract(html, 'https://example.com/short');
    expect(page.kind).toBe('article');
    expect(page.text).toContain('継続的な取引を狙う働き方です。');
  });

  it('a short article that speaks of passwords in its sentences, on a page with a login box', () => {
    const text = 'パスワードは長く、使い回さないことが大切です。メールで届く確認コードも併用しましょう。';
    const html = `<!doctype html><html lang="ja"><head><title>パスワードの話</title></head><body>
      <article><h1>パスワードの話</h1><p>${text.repeat(2)}</p><p>${sentence}</p></article>
      <aside><form><label for="e">メール</label><input id="e" type="email">
      <label for="p">パスワード</label><input id="p" type="password"><button>ログイン</button></form></aside>
      </body></html>`;
    const page = extract(html, 'https://example.com/passwords');
    expect(page.kind).toBe('article');
    expect(page.text).toContain('使い回さないことが大切です。');
  });

  it('a short article inside a button left open (its text is no label)', () => {
    const html = `<!doctype html><html lang="ja"><head><title>短い記事</title></head><body>
      <article><h1>短い記事</h1><p>${sentence.repeat(3)}</p><button><p>${sentence.repeat(3)}</p></article></body></html>`;
    expect(extract(html, 'https://example.com/button').kind).toBe('article');
  });

  it('a long article whose end holds a login form’s labels', () => {
    const html = `<!doctype html><html lang="ja"><head><title>長い記事</title></head><body><article>
      <h1>長い記事</h1>${`<p>${sentence.repeat(2)}</p>`.repeat(6)}
      <form><p><label for="e">メール</label> <label for="p">パスワード</label></p>
      <input id="e" type="email"><input id="p" type="password"><button>ログイン</button></form>
      </article></body></html>`;
    expect(extract(html, 'https://example.com/long').kind).toBe('article');
  });
});
