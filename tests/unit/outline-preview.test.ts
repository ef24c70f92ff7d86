// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { outlineHtml } from '@/utils/outline-preview';

const MARKDOWN = `# ルート営業 vs 営業一般

## 評価軸

> 継続率で評価されます。

出典[^1]

## 出典

[^1]: 「ルート営業の基本」 [https://example.com/a](https://example.com/a)
`;

describe('outlineHtml', () => {
  it('shows the outline’s own headings only (no English "Footnotes" heading), with its sources', () => {
    const doc = new DOMParser().parseFromString(outlineHtml(MARKDOWN), 'text/html');
    expect([...doc.querySelectorAll('h1, h2, h3')].map((h) => h.textContent)).toEqual([
      'ルート営業 vs 営業一般',
      '評価軸',
      '出典',
    ]);
    expect(doc.body.textContent).toContain('「ルート営業の基本」');
    expect(doc.body.textContent).not.toContain('Footnotes');
  });

  it('opens links in a new tab without opener or referrer, and keeps no script', () => {
    const html = outlineHtml(`${MARKDOWN}\n<script>alert(1)</script> [x](javascript:alert(1))\n`);
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const links = [...doc.querySelectorAll('a[href]')];
    expect(links.length).toBeGreaterThan(0);
    for (const a of links) {
      expect(a.getAttribute('href')).toMatch(/^https?:/);
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
    expect(doc.querySelector('script')).toBeNull();
  });

  it('leaves no dead link: markers are plain superscript numbers, sources a numbered list of web links', () => {
    const html = outlineHtml(
      `# T\n\n> 継続率で評価されます。[^1]\n\n出典[^1]と[^2]\n\n## 出典\n\n[^1]: 「A」 [https://example.com/a](https://example.com/a)\n[^2]: B — [https://example.com/b](https://example.com/b)\n`,
    );
    const doc = new DOMParser().parseFromString(html, 'text/html');
    expect(doc.querySelectorAll('a:not([href])')).toHaveLength(0);
    expect(html).not.toContain('↩');
    expect([...doc.querySelectorAll('sup')].map((s) => s.outerHTML)).toEqual([
      '<sup>1</sup>',
      '<sup>1</sup>',
      '<sup>2</sup>',
    ]);
    const sources = doc.querySelectorAll('ol > li');
    expect([...sources].map((li) => li.textContent?.trim())).toEqual([
      '「A」 https://example.com/a',
      'B — https://example.com/b',
    ]);
    expect([...doc.querySelectorAll('ol a')].map((a) => a.getAttribute('href'))).toEqual([
      'https://example.com/a',
      'https://example.com/b',
    ]);
  });
});
