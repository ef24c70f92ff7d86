// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { htmlToText } from '@/utils/extract/html-text';

const text = (html: string) => {
  const div = document.createElement('div');
  div.innerHTML = html;
  return htmlToText(div);
};

describe('htmlToText', () => {
  it('puts one block per line and collapses white space', () => {
    expect(text('<h2>見出し</h2><p>一つ目の  段落。\n続き</p><ul><li>項目A</li><li>項目B</li></ul>')).toBe(
      '見出し\n一つ目の 段落。 続き\n項目A\n項目B',
    );
  });
  it('breaks lines at <br>', () => expect(text('<p>一行目<br>二行目</p>')).toBe('一行目\n二行目'));
  it('separates table cells with tabs, rows with lines', () => {
    expect(
      text('<table><tr><th>観点</th><th>A</th></tr><tr><td>評価軸</td><td>継続率</td></tr></table>'),
    ).toBe('観点\tA\n評価軸\t継続率');
  });
  it('keeps code lines as written, through highlighter spans', () => {
    expect(
      text(
        '<pre><code><span class="k">def</span> <span class="f">read</span>(path):\n    <span>return</span> 1\n</code></pre>',
      ),
    ).toBe('def read(path):\n    return 1');
  });
  it('drops furigana readings and images', () => {
    expect(text('<p><ruby>虐待<rt>ぎゃくたい</rt></ruby>を防ぐ<img alt="x" src="a.png"></p>')).toBe(
      '虐待を防ぐ',
    );
  });
});
