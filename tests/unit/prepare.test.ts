// @vitest-environment jsdom
import { JSDOM } from 'jsdom';
import { describe, expect, it, vi } from 'vitest';
import {
  disarmClobbering,
  findComputedHidden,
  HIDDEN_MARK,
  markCodeLanguages,
  markHidden,
  normalizePreLineBreaks,
  prepareForReadability,
  removeBoilerplate,
  removeHidden,
  removeShareLinks,
  resolveLazyImages,
  splitBrParagraphs,
} from '@/utils/extract/prepare';
import { htmlIn } from '../helpers/dom';

const body = (html: string) => htmlIn('body', html);
const PIXEL = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';

describe('resolveLazyImages', () => {
  it.each(['data-src', 'data-original', 'data-lazy-src'])('takes %s over a placeholder', (attr) => {
    const root = body(`<img src="${PIXEL}" ${attr}="/real.jpg">`);
    resolveLazyImages(root);
    expect(root.querySelector('img')?.getAttribute('src')).toBe('/real.jpg');
  });
  it('keeps a real src over data-src', () => {
    const root = body('<img src="/shown.jpg" data-src="/other.jpg">');
    resolveLazyImages(root);
    expect(root.querySelector('img')?.getAttribute('src')).toBe('/shown.jpg');
  });
  it('takes data-srcset and drops loading=lazy', () => {
    const root = body('<img data-srcset="/a.jpg 1x, /b.jpg 2x" loading="lazy">');
    resolveLazyImages(root);
    expect(root.querySelector('img')?.getAttribute('srcset')).toBe('/a.jpg 1x, /b.jpg 2x');
    expect(root.querySelector('img')?.hasAttribute('loading')).toBe(false);
  });
  it('replaces a placeholder with the <noscript> fallback', () => {
    const root = body(
      `<figure><img src="${PIXEL}" class="lazyload" alt="図"><noscript><img src="/real.jpg" alt="図"></noscript></figure>`,
    );
    resolveLazyImages(root);
    expect([...root.querySelectorAll('img')].map((i) => i.getAttribute('src'))).toEqual(['/real.jpg']);
    expect(root.querySelector('noscript')).toBeNull();
  });
  it('moves a <picture> source onto its placeholder image', () => {
    const root = body(
      `<picture><source srcset="/p.webp 1x, /p2.webp 2x"><img src="${PIXEL}" alt="p"></picture>`,
    );
    resolveLazyImages(root);
    expect(root.querySelector('img')?.getAttribute('src')).toBe('/p.webp');
    expect(root.querySelector('img')?.getAttribute('srcset')).toBe('/p.webp 1x, /p2.webp 2x');
  });
});

describe('markCodeLanguages', () => {
  it.each([
    ['<pre><code class="language-ts">x</code></pre>', 'ts'],
    ['<pre><code class="lang-js">x</code></pre>', 'js'],
    ['<pre data-lang="Ruby"><code>x</code></pre>', 'ruby'],
    ['<div class="highlight highlight-source-python"><pre>x</pre></div>', 'python'],
    ['<div class="highlight-go"><pre>x</pre></div>', 'go'],
    ['<pre class="brush: php">x</pre>', 'php'],
    ['<pre><code class="language-plaintext">x</code></pre>', null],
  ])('%s → %s', (html, lang) => {
    const root = body(html);
    markCodeLanguages(root);
    expect(root.querySelector('pre')?.getAttribute('data-kurabe-lang') ?? null).toBe(lang);
  });
});

describe('normalizePreLineBreaks', () => {
  it('turns <br> inside code into line breaks', () => {
    const root = body('<pre><code>a = 1<br>b = 2<br/>c = 3</code></pre>');
    normalizePreLineBreaks(root);
    expect(root.querySelector('pre')?.textContent).toBe('a = 1\nb = 2\nc = 3');
  });
  it('joins one-element-per-line highlighters with line breaks', () => {
    const root = body('<pre><code><div class="line">x = 1</div><div class="line">y = 2</div></code></pre>');
    normalizePreLineBreaks(root);
    expect(root.querySelector('pre')?.textContent).toBe('x = 1\ny = 2');
  });
  it('leaves ordinary code alone', () => {
    const root = body('<pre><code>x = 1\n<span>y</span> = 2</code></pre>');
    normalizePreLineBreaks(root);
    expect(root.querySelector('pre')?.innerHTML).toBe('<code>x = 1\n<span>y</span> = 2</code>');
  });
});

describe('removeHidden', () => {
  it.each([
    '<div hidden>x</div>',
    '<div aria-hidden="true">x</div>',
    '<div style="display: none">x</div>',
    '<span style="color:red;visibility:hidden">x</span>',
    `<div ${HIDDEN_MARK}>x</div>`,
  ])('removes %s', (html) => {
    const root = body(`<p>keep</p>${html}`);
    removeHidden(root);
    expect(root.textContent).toBe('keep');
  });
  it('keeps what is visible', () => {
    const root = body('<div style="display:block">a</div><div aria-hidden="false">b</div>');
    removeHidden(root);
    expect(root.textContent).toBe('ab');
  });
});

describe('findComputedHidden and markHidden', () => {
  it('find the elements a stylesheet hides and mark them in a clone, the live page left as it was', () => {
    document.body.innerHTML =
      '<style>.promo{display:none}</style><p>本文の段落です。本文の段落です。本文の段落です。本文の段落です。</p>' +
      '<svg><g class="promo"><path></path></g></svg><div class="promo"><span>広告</span><b>広告</b></div><ul><li>一</li><li class="promo">二</li></ul><p>終</p>';
    const before = document.body.innerHTML;
    const hidden = findComputedHidden(document);
    expect(document.body.innerHTML).toBe(before);
    // Positions in tree order (style 0, p 1, svg 2, g 3, path 4, div 5, span 6, b 7, ul 8, li 9,
    // li 10): the hidden div's children and the SVG's are counted, not visited.
    expect(hidden).toEqual([5, 10]);
    const clone = document.cloneNode(true) as Document;
    markHidden(clone, hidden);
    expect(Array.from(clone.querySelectorAll(`[${HIDDEN_MARK}]`), (el) => el.outerHTML)).toEqual([
      '<div class="promo" data-kurabe-hidden=""><span>広告</span><b>広告</b></div>',
      '<li class="promo" data-kurabe-hidden="">二</li>',
    ]);
    expect(clone.querySelector('p:last-of-type')?.hasAttribute(HIDDEN_MARK)).toBe(false);
  });
  it('does not mark a hidden part that holds most of the text (a collapsed article)', () => {
    document.body.innerHTML = `<p>冒頭</p><div style="display:none">${'続きの本文。'.repeat(50)}</div>`;
    expect(findComputedHidden(document)).toEqual([]);
  });
});

describe('findComputedHidden reads only the style of what the browser rendered', () => {
  // Asking for the style of a part the browser skips (a closed <details>, content-visibility,
  // until-found, a shadow host's light children) makes it style the part then and fetch its
  // background images: the page would see the click (tests/e2e/no-request.test.ts).
  const PAGE = `<style>.promo{display:none}</style>
    <p>${'本文の段落です。'.repeat(30)}</p>
    <details><summary class="shown">要約</summary><div class="promo unread">畳まれた広告</div><p class="unread">畳まれた本文<span class="unread">です</span></p><summary class="unread">二つ目</summary></details>
    <details open><summary class="shown">開いた要約</summary><div class="promo open-promo">開いた広告</div></details>
    <div class="shown" style="content-visibility:hidden"><div class="promo unread">広告</div></div>
    <div class="shown" style="content-visibility:auto"><p class="unread">画面の外かもしれない</p></div>
    <div hidden="until-found"><p class="unread">見つかるまで隠れる本文</p></div>
    <div class="shown" id="open-host"><p class="unread">差し込まれない</p></div>
    <div class="shown" id="closed-host"><p class="unread">閉じた影の子</p></div>
    <div class="promo hidden-part"><p class="unread">隠れた部分の子</p></div>
    <p class="shown">終わり</p>`;

  function load() {
    document.body.innerHTML = PAGE;
    document.getElementById('open-host')!.attachShadow({ mode: 'open' }).innerHTML = '<p>影</p>';
    const closed = document.getElementById('closed-host')!.attachShadow({ mode: 'closed' });
    closed.innerHTML = '<slot></slot>';
    // What an extension sees (chrome.dom.openOrClosedShadowRoot): closed roots too.
    const shadowRootOf = (el: Element) => (el.id === 'closed-host' ? closed : el.shadowRoot);
    return shadowRootOf;
  }

  function readWhile(find: () => number[]): { hidden: number[]; read: Set<Element> } {
    const read = new Set<Element>();
    const original = window.getComputedStyle.bind(window);
    const spy = vi.spyOn(window, 'getComputedStyle').mockImplementation((el, pseudo) => {
      read.add(el);
      return original(el, pseudo);
    });
    try {
      return { hidden: find(), read };
    } finally {
      spy.mockRestore();
    }
  }

  it.each([
    ['by the hiding rules', false],
    ['by every element', true],
  ])('%s: never the inside of a skipped part, and the same parts found', (_, readEveryElement) => {
    const shadowRootOf = load();
    const { hidden, read } = readWhile(() =>
      findComputedHidden(document, { readEveryElement, shadowRootOf }),
    );
    expect(Array.from(document.querySelectorAll('.unread')).filter((el) => read.has(el))).toEqual([]);
    // The elements around them are read as usual (when the rules ask, or every element).
    if (readEveryElement)
      for (const el of document.querySelectorAll('.shown')) expect(read.has(el)).toBe(true);
    const all = document.body.getElementsByTagName('*');
    expect(hidden.map((i) => all[i]!.className)).toEqual(['promo open-promo', 'promo hidden-part']);
  });

  it('without the closed roots, treats only open shadow hosts as hosts', () => {
    load();
    const { read } = readWhile(() => findComputedHidden(document, { readEveryElement: true }));
    expect(read.has(document.querySelector('#open-host > p')!)).toBe(false);
    // A page's own script cannot see a closed root: its light children look like any others.
    expect(read.has(document.querySelector('#closed-host > p')!)).toBe(true);
  });

  it('reads nothing when the page hides or defers all of its body', () => {
    for (const style of ['display:none', 'content-visibility:hidden']) {
      document.body.innerHTML = `<div class="a">x</div><p style="display:none">y</p>`;
      document.body.setAttribute('style', style);
      const { hidden, read } = readWhile(() => findComputedHidden(document, { readEveryElement: true }));
      expect(hidden).toEqual([]);
      expect(Array.from(read, (el) => el.tagName)).toEqual(['HTML', 'BODY']);
    }
    document.body.removeAttribute('style');
  });
});

describe('hidden="until-found"', () => {
  it('is text to keep: found-in-page content, unlike hidden', () => {
    const root = body('<p>keep</p><div hidden="until-found">found</div><div hidden>gone</div>');
    removeHidden(root);
    expect(root.textContent).toBe('keepfound');
    const prepared = body('<p>keep</p><div hidden="UNTIL-FOUND">found</div><div hidden="">gone</div>');
    prepareForReadability(prepared);
    expect(prepared.textContent).toBe('keepfound');
  });
});

describe('removeBoilerplate', () => {
  const article = `<article><h1>T</h1><p>${'本文です。'.repeat(60)}</p></article>`;
  it.each([
    ['<div class="share-buttons">シェア</div>', 'a share bar'],
    ['<div class="related-entries">関連記事</div>', 'related entries'],
    ['<section id="comments">コメント</section>', 'comments'],
    ['<div class="newsletter-signup">登録</div>', 'a newsletter box'],
    ['<aside class="ad-container">Advertisement</aside>', 'an ad slot'],
    ['<div class="ad">スポンサーリンク</div>', 'an ad'],
    ['<nav>メニュー</nav>', 'navigation'],
    ['<div role="complementary">サイド</div>', 'a complementary region'],
    ['<footer>© site</footer>', 'the page footer'],
    [
      '<ul><li><a href="/1">一</a></li><li><a href="/2">二</a></li><li><a href="/3">三</a></li></ul>',
      'a link list outside the article',
    ],
  ])('%s is removed (%s)', (html) => {
    const root = body(`${html}${article}`);
    removeBoilerplate(root);
    expect(root.textContent?.startsWith('T')).toBe(true);
  });
  it('keeps a wrapper that holds the article, whatever its name', () => {
    const root = body(`<div class="has-comments">${article}</div>`);
    removeBoilerplate(root);
    expect(root.querySelector('article')).not.toBeNull();
  });
  it('keeps a footer and a link list inside the article', () => {
    const root = body(
      `<article><p>${'本文です。'.repeat(60)}</p><ul><li><a href="/a">参考A</a></li><li><a href="/b">参考B</a></li><li><a href="/c">参考C</a></li></ul><footer>著者: 中嶋</footer></article>`,
    );
    removeBoilerplate(root);
    expect(root.textContent).toContain('参考B');
    expect(root.textContent).toContain('著者: 中嶋');
  });
});

describe('boxes headed as lists of other posts', () => {
  it.each(['最新のブログ記事(新着順)', '新着記事', '過去のエントリ', 'Recent posts'])(
    'removes the list a "%s" heading heads, keeping the article',
    (heading) => {
      const text = '本文です。'.repeat(60);
      const root = body(
        `<div class="main"><p>${text}</p><div class="side"><h3>${heading}</h3><ul><li><a href="/1">和柄背景画像フリー素材</a></li><li><a href="/2">SVGのローディングアイコン</a></li></ul></div></div>`,
      );
      prepareForReadability(root);
      expect(root.textContent).toContain(text);
      expect(root.textContent).not.toContain('和柄背景画像');
      expect(root.textContent).not.toContain(heading);
    },
  );
});

describe('splitBrParagraphs', () => {
  it('turns <br><br> runs into paragraphs and keeps single <br>s', () => {
    const root = body(
      '<div class="article-text">第一段落です。<br><br>第二段落の一行目<br>二行目です。<br> <br>第三段落です。</div>',
    );
    splitBrParagraphs(root);
    const ps = [...root.querySelectorAll('.article-text > p')].map((p) => p.innerHTML);
    expect(ps).toEqual(['第一段落です。', '第二段落の一行目<br>二行目です。', '第三段落です。']);
  });
  it('keeps blocks in between as blocks', () => {
    const root = body('<div>前の段落。<br><br><h2>見出し</h2>後の段落。<br><br>最後。</div>');
    splitBrParagraphs(root);
    expect([...root.querySelector('div')!.children].map((c) => `${c.tagName}:${c.textContent}`)).toEqual([
      'P:前の段落。',
      'H2:見出し',
      'P:後の段落。',
      'P:最後。',
    ]);
  });
  it('leaves blocks without a <br><br> run alone', () => {
    const root = body('<div>一行目<br>二行目</div>');
    splitBrParagraphs(root);
    expect(root.innerHTML).toBe('<div>一行目<br>二行目</div>');
  });
});

describe('prepareForReadability', () => {
  it('applies every rule in one walk', () => {
    const root = body(
      `<nav>メニュー</nav><div hidden>隠し</div><article><p>${'本文です。'.repeat(40)}</p>` +
        `<img src="${PIXEL}" data-src="/a.jpg"><div class="share-bar">シェア</div>` +
        '<div class="highlight-python"><pre>x = 1<br>y = 2</pre></div>' +
        '<div class="text">一段落目。<br><br>二段落目。</div>' +
        `<noscript><img src="/n.jpg"></noscript></article>`,
    );
    prepareForReadability(root);
    expect(root.textContent).not.toMatch(/メニュー|隠し|シェア/);
    expect([...root.querySelectorAll('img')].map((i) => i.getAttribute('src'))).toEqual(['/a.jpg', '/n.jpg']);
    expect(root.querySelector('pre')?.getAttribute('data-kurabe-lang')).toBe('python');
    expect(root.querySelector('pre')?.textContent).toBe('x = 1\ny = 2');
    expect([...root.querySelectorAll('.text > p')].map((p) => p.textContent)).toEqual([
      '一段落目。',
      '二段落目。',
    ]);
  });
});

describe('removeShareLinks', () => {
  it('removes a block of share links whatever its name', () => {
    const root = body(
      '<p>本文の段落。</p><div><center><a href="whatsapp://send?text=x">Whatsapp</a> <a href="https://www.facebook.com/sharer/sharer.php?u=x">Facebook</a> <a href="https://b.hatena.ne.jp/entry/x">はてブ</a></center></div><p>続き。</p>',
    );
    removeShareLinks(root);
    expect(root.textContent).toBe('本文の段落。続き。');
  });
  it('keeps a paragraph that only mentions one share link', () => {
    const root = body(
      '<p>記事は<a href="https://twitter.com/intent/tweet?text=x">ツイート</a>で紹介されました。読者の反応も多く、議論が続いています。</p>',
    );
    removeShareLinks(root);
    expect(root.textContent).toContain('ツイート');
  });
});

describe('disarmClobbering', () => {
  it('takes off the names and ids that could shadow a form’s or the document’s own properties', () => {
    const doc = new JSDOM(
      `<body><article><p id="keep">本文</p><ol><li id="fn1">注</li></ol>
      <div><form name="getElementById"><input name="parentNode">123<img id="nextElementSibling" src="a.png">
      <select id="childNodes"></select></form></div><input form="f" name="attributes">
      <form><input name="tagName"><input id="parentNode"><textarea id="children"></textarea></form>
      <img name="querySelectorAll" src="b.png"><iframe name="body"></iframe></article></body>`,
    ).window.document;
    disarmClobbering(doc);
    expect(doc.querySelectorAll('[name]')).toHaveLength(0);
    expect(doc.querySelector('form img')!.hasAttribute('id')).toBe(false);
    expect(doc.querySelector('select')!.hasAttribute('id')).toBe(false);
    // A form whose tagName is shadowed by a control is still known as a form.
    expect(doc.querySelectorAll('form input[id], form textarea[id]')).toHaveLength(0);
    expect(doc.forms[1]!.tagName).toBe('FORM');
    // Ids elsewhere (footnote targets, anchors) are kept: only form controls and named embeds lose theirs.
    expect(doc.getElementById('keep')?.textContent).toBe('本文');
    expect(doc.getElementById('fn1')).not.toBeNull();
  });
});
