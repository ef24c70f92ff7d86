// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import {
  bestSource,
  markFootnotes,
  normalizeHeadings,
  removeChromeLines,
  removeEmptyWrappers,
  removeLeadingMeta,
  removeTitleHeading,
  resolveSrcsets,
} from '@/utils/extract/tidy';
import { htmlToMarkdown } from '@/utils/markdown';
import { htmlIn } from '../helpers/dom';

const article = (html: string) => htmlIn('div', html);

describe('removeTitleHeading', () => {
  it('removes a first heading that repeats the title, Japanese included', () => {
    const a = article('<h1>ルート営業と営業の違い</h1><p>本文</p>');
    removeTitleHeading(a, 'ルート営業と営業の違い');
    expect(a.innerHTML).toBe('<p>本文</p>');
  });
  it('matches across width and spacing differences', () => {
    const a = article('<h2>ＡＢＣ　比較</h2><p>本文</p>');
    removeTitleHeading(a, 'ABC 比較');
    expect(a.querySelector('h2')).toBeNull();
  });
  it('keeps a heading that is a section, not the title', () => {
    const a = article('<h2>ルート営業とは何か</h2><p>本文</p>');
    removeTitleHeading(a, 'ルート営業と営業の違いを理解するための基本');
    expect(a.querySelector('h2')).not.toBeNull();
  });
});

describe('normalizeHeadings', () => {
  it('makes ## the top level when the article has h1s', () => {
    const a = article('<h1>A</h1><h2>B</h2><h3>C</h3><h6>D</h6>');
    normalizeHeadings(a);
    expect([...a.children].map((h) => h.tagName)).toEqual(['H2', 'H3', 'H4', 'H6']);
  });
  it('leaves articles that start at h2 alone', () => {
    const a = article('<h2>B</h2><h3>C</h3>');
    normalizeHeadings(a);
    expect([...a.children].map((h) => h.tagName)).toEqual(['H2', 'H3']);
  });
});

describe('srcset', () => {
  it.each([
    ['a-480.jpg 480w, a-960.jpg 960w, a-1920.jpg 1920w', 'a-960.jpg'],
    ['a-1920.jpg 1920w, a-2560.jpg 2560w', 'a-1920.jpg'],
    ['a-2000.jpg 2000w, a-3000.jpg 3000w', 'a-2000.jpg'],
    ['a.jpg 1x, a@2x.jpg 2x, a@3x.jpg 3x', 'a@2x.jpg'],
    ['a.jpg', 'a.jpg'],
    [
      'https://cdn.example/a.jpg?w=400,h=300 400w, https://cdn.example/b.jpg 800w',
      'https://cdn.example/b.jpg',
    ],
  ])('%s → %s', (srcset, best) => expect(bestSource(srcset)).toBe(best));

  it('replaces srcset with the one source', () => {
    const a = article('<img src="s.jpg" srcset="s.jpg 480w, m.jpg 960w" sizes="50vw">');
    resolveSrcsets(a);
    expect(a.innerHTML).toBe('<img src="m.jpg">');
  });
});

describe('footnotes', () => {
  const html =
    '<p>本文<sup id="fnref-1"><a href="#fn-1">1</a></sup>と続き<sup><a href="#fn-2">2</a></sup>。</p>' +
    '<section class="footnotes"><ol><li id="fn-1">最初の注。<a href="#fnref-1">↩</a></li><li id="fn-2">次の注。</li></ol></section>';
  it('marks references and notes, and drops the back links', () => {
    const a = article(html);
    markFootnotes(a);
    expect([...a.querySelectorAll('sup')].map((s) => s.getAttribute('data-kurabe-fn-ref'))).toEqual([
      '1',
      '2',
    ]);
    expect([...a.querySelectorAll('li')].map((li) => li.getAttribute('data-kurabe-fn'))).toEqual(['1', '2']);
    expect(a.querySelector('li')?.textContent).toBe('最初の注。');
  });
  it('become Markdown footnotes', () => {
    const a = article(html);
    markFootnotes(a);
    expect(htmlToMarkdown(a)).toBe('本文[^1]と続き[^2]。\n\n[^1]: 最初の注。\n[^2]: 次の注。');
  });
  it('leaves in-page links that are not footnotes alone', () => {
    const a = article('<p><a href="#section-2">2章</a></p><h2 id="section-2">2章</h2>');
    markFootnotes(a);
    expect(a.querySelector('[data-kurabe-fn-ref]')).toBeNull();
  });
});

describe('removeEmptyWrappers', () => {
  it('removes wrappers with nothing to read or see, keeps images and breaks', () => {
    const a = article('<div><span> </span><p></p></div><p>本文</p><div><img src="x.png"></div><p><br></p>');
    removeEmptyWrappers(a);
    expect(a.innerHTML).toBe('<p>本文</p><div><img src="x.png"></div><p><br></p>');
  });
});

describe('removeLeadingMeta', () => {
  it('removes byline and date lines before the first real paragraph', () => {
    const a = article(
      '<div><p>By Scott Gordon</p><p>Published Nov 18, 2019 at 4:07 PM</p></div><time datetime="2026-11-20">2026年11月20日</time>' +
        `<p>${'The jury took fifteen minutes to reach its verdict in the case. '.repeat(3)}</p><p>Updated at 5:36 PM</p>`,
    );
    removeLeadingMeta(a, 'Scott Gordon');
    expect(a.textContent).not.toMatch(/Scott Gordon|Published|2026年/);
    expect(a.textContent).toContain('Updated at 5:36 PM'); // after the first paragraph: text, not metadata
  });
  it.each(['公開日：2026/11/20', '发布时间：2022-06-02 13:48', '文・中嶋 悟', 'November 20, 2026'])(
    'removes “%s”',
    (line) => {
      const a = article(`<p>${line}</p><p>${'本文の段落です。'.repeat(20)}</p>`);
      removeLeadingMeta(a, '');
      expect(a.querySelectorAll('p')).toHaveLength(1);
    },
  );
  it('keeps a short lead sentence that is not metadata', () => {
    const a = article(`<p>まず結論から言います。</p><p>${'本文の段落です。'.repeat(20)}</p>`);
    removeLeadingMeta(a, '中嶋 悟');
    expect(a.querySelectorAll('p')).toHaveLength(2);
  });
});

describe('removeChromeLines', () => {
  const body = '<p>The council voted on Tuesday to keep the library open for another year.</p>';
  it.each([
    ['a photo credit', '<p>Photo: Gene J. Puskar</p>'],
    ['a Japanese photo credit', '<p>写真：ロイター</p>'],
    ['an author note', '<p>Phil Helsel is a reporter for NBC News.</p>'],
    [
      'a contributors line',
      '<p>Associated Press writers Alan Fram and Zeke Miller contributed to this report.</p>',
    ],
    [
      'a newsletter promotion',
      '<p>Sign up for The Morning today to get the free daily newsletter in your inbox.</p>',
    ],
    ['a one-line teaser', '<p>Related post: <a href="/x">Pickled Brussels Sprouts Recipe</a></p>'],
    ['a Japanese teaser', '<p>関連記事：<a href="/x">冬の温泉めぐり</a></p>'],
    ['a link to the previous post', '<p>前の記事 ≪：<a href="/p">CSS3で作ったテキストアニメーション</a></p>'],
    ['a link to the next post', '<p>次の記事 ≫：<a href="/n">faviconをアニメーションさせる</a></p>'],
    ['an English next-post link', '<p>Next post: <a href="/n">Winter hot springs</a></p>'],
    [
      'a breadcrumb line',
      '<p><a href="/">HOME</a>　＞　<a href="/seminar">イベント・セミナー情報</a>　＞ NSF 2019</p>',
    ],
    ['a Chinese breadcrumb line', '<div><a href="/">首页</a> &gt; <a href="/news">新闻</a> &gt; 正文</div>'],
    ['an ad link marked [PR]', '<div><a href="/ad">[PR]　英単語を忘却曲線アプリで覚える方法</a></div>'],
    [
      'a request for corrections',
      '<p><a href="/contact">間違いの指摘をしていただける方はメール、あるいはTwitter/FBでお願いします(クリック)</a></p>',
    ],
    ['an English request for corrections', '<p>Spot an error? Let us know at corrections@example.com</p>'],
    ["the comments' state", '<p>Comments are closed.</p>'],
    [
      'a byline with the posting time',
      '<p><span>By.KJ : 2019年04月04日 09:00</span> <a href="/rss">購読</a></p>',
    ],
  ])('removes %s', (_, line) => {
    const a = article(body + line);
    removeChromeLines(a);
    expect(a.innerHTML).toBe(body);
  });
  it("removes a related box's label left as the article's last line, not one with text after it", () => {
    const a = article(`${body}<div><p>関連ニュース</p></div>`);
    removeChromeLines(a);
    expect(a.innerHTML).toBe(`${body}<div></div>`);
    const kept = `${body}<p>関連記事</p><ul><li>冬の温泉めぐり</li></ul>`;
    const b = article(kept);
    removeChromeLines(b);
    expect(b.innerHTML).toBe(kept);
  });
  it('removes a caption repeated by a gallery, keeping the first', () => {
    const figure = '<figure><img src="a.jpg"><figcaption>Unsold cars at a dealership.</figcaption></figure>';
    const a = article(body + figure + figure);
    removeChromeLines(a);
    expect(a.querySelectorAll('figcaption')).toHaveLength(1);
  });
  it('keeps sentences of the article that only mention photos, reporters or newsletters', () => {
    const kept = [
      '<p>The photo shows the river after the flood; the credit goes to a local student.</p>',
      '<p>She said the reporter who covered the case for a decade deserves the award, and many agreed.</p>',
      '<p>The newsletter, she said, reached ten thousand readers before the paper closed it.</p>',
      // Prose that names a copyright owner or the next article is no chrome line.
      '<p>播客在使用其它音乐时，一定要获得版权所有者或制作者的许可。</p>',
      '<p>The copyright holder asked the next article in the series to be withdrawn.</p>',
      '<p>次の記事では、前の記事で触れた設定を詳しく見ていきます。</p>',
      // A sentence that starts at the top page or with PR is prose, not a trail or an ad.
      '<p>トップページから設定画面を開き、通知を切り替えます。</p>',
      '<p>PR担当者によれば、発売は来月になるという。</p>',
      '<p>読者から間違いの指摘を受け、編集部は記事を訂正した。</p>',
      '<p>Comments are closed on the site, he said, because moderating them cost too much.</p>',
      '<p>By the time the report came out on 2019年4月4日, the price had fallen by half again.</p>',
    ].join('');
    const a = article(kept);
    removeChromeLines(a);
    expect(a.innerHTML).toBe(kept);
  });
});
