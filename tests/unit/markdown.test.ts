// @vitest-environment jsdom

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlToMarkdown } from '@/utils/markdown';
import { renderMarkdown } from '@/utils/markdown-render';
import { htmlIn } from '../helpers/dom';

const body = (html: string) => htmlIn('div', html);

describe('htmlToMarkdown', () => {
  it('writes ATX headings, lists, quotes and links', () => {
    const md = htmlToMarkdown(
      body(
        '<h2>評価軸</h2><ul><li>継続率</li><li>顧客満足度</li></ul><blockquote><p>信頼の積み上げ</p></blockquote><p><a href="https://a.example/x">出典</a></p>',
      ),
    );
    expect(md).toBe(
      '## 評価軸\n\n-   継続率\n-   顧客満足度\n\n> 信頼の積み上げ\n\n[出典](https://a.example/x)',
    );
  });

  it('writes GFM tables, the first row as the header', () => {
    const md = htmlToMarkdown(
      body(
        '<table><thead><tr><th>観点</th><th>ルート営業</th></tr></thead><tbody><tr><td>評価軸</td><td>継続率 | 満足度</td></tr></tbody></table>',
      ),
    );
    expect(md).toBe('| 観点 | ルート営業 |\n| --- | --- |\n| 評価軸 | 継続率 \\| 満足度 |');
  });

  it('writes a header row for tables without thead and pads short rows', () => {
    const md = htmlToMarkdown(body('<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>'));
    expect(md).toBe('| a | b |\n| --- | --- |\n| c |  |');
  });

  it('fences code with its language and keeps line breaks', () => {
    const md = htmlToMarkdown(
      body('<pre data-kurabe-lang="ts"><code>const a = 1;\nconst b = 2;</code></pre>'),
    );
    expect(md).toBe('```ts\nconst a = 1;\nconst b = 2;\n```');
    expect(htmlToMarkdown(body('<pre><code class="language-bash">echo hi</code></pre>'))).toBe(
      '```bash\necho hi\n```',
    );
  });

  it('lengthens the fence when the code holds backticks', () => {
    expect(htmlToMarkdown(body('<pre><code>a ``` b</code></pre>'))).toBe('````\na ``` b\n````');
  });

  it('writes strikethrough and images with alt text', () => {
    expect(
      htmlToMarkdown(body('<p><del>旧価格</del> <img src="https://a.example/i.png" alt="図1"></p>')),
    ).toBe('~~旧価格~~ ![図1](https://a.example/i.png)');
  });

  it('drops furigana readings', () => {
    expect(htmlToMarkdown(body('<p><ruby>子供<rp>(</rp><rt>こども</rt><rp>)</rp></ruby>への配慮</p>'))).toBe(
      '子供への配慮',
    );
  });

  it('round-trips through marked: same headings, list items, table cells and code', () => {
    const html =
      '<h2>比較</h2><p>本文です。</p><ol><li>一つ目</li><li>二つ目</li></ol><table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table><pre data-kurabe-lang="js"><code>let x = 1;</code></pre>';
    const rendered = body(renderMarkdown(htmlToMarkdown(body(html))));
    const original = body(html);
    const texts = (root: HTMLElement, selector: string) =>
      [...root.querySelectorAll(selector)].map((e) => e.textContent?.trim());
    for (const selector of ['h2', 'p', 'li', 'th', 'td', 'pre code']) {
      expect(texts(rendered, selector), selector).toEqual(texts(original, selector));
    }
  });
});

describe('page text in an article’s Markdown stays text', () => {
  const ADDRESSES = [
    'someone@example.com',
    'first.last+tag@sub.example.co.jp',
    'mailto:someone@example.com',
    'MAILTO:a@b.example',
    'xmpp:user@jabber.example/res',
    'www.example.com',
    'https://x.example/a_b*c*',
    'HTTP://X.EXAMPLE',
    'ftp://x.example/f',
  ];

  it('makes no link of an address in the text; the page’s own links stay links', () => {
    const text = ADDRESSES.join(' / ');
    const md = htmlToMarkdown(
      body(
        `<h2>${text}</h2><p>${text}</p><ul><li>${text}</li></ul><table><tr><td>${text}</td></tr></table><p><a href="mailto:x@y.example">x@y.example</a></p>`,
      ),
    );
    const root = htmlIn('div', renderMarkdown(md));
    expect([...root.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.textContent])).toEqual([
      ['mailto:x@y.example', 'x@y.example'],
    ]);
    // A table's one row is its header row.
    for (const selector of ['h2', 'p', 'li', 'th'])
      expect(root.querySelector(selector)?.textContent).toBe(text);
  });

  it('whatever text the page has around them (property)', () => {
    const piece = fc.oneof(
      fc.constantFrom(
        ...ADDRESSES,
        ' ',
        '、',
        '。',
        '(',
        ')',
        '<',
        '>',
        '[',
        ']',
        '!',
        '*',
        '_',
        '`',
        ':',
        '@',
        '.',
        '/',
        'a',
        '語',
      ),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        const paragraph = document.createElement('p');
        paragraph.textContent = text;
        const md = htmlToMarkdown(htmlIn('div', paragraph.outerHTML));
        const root = htmlIn('div', renderMarkdown(md));
        expect(root.querySelectorAll('a, img'), md).toHaveLength(0);
      }),
      { numRuns: 500 },
    );
  });
});
