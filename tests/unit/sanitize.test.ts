// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractPage } from '@/utils/extract';
import { articleMarkdown } from '@/utils/markdown';
import { readerHtml } from '@/utils/reader-html';
import { articleSanitizer, sanitizeArticle, sanitizeHtml } from '@/utils/sanitize';
import { domAt } from '../helpers/fixtures';

const BASE = 'https://example.com/post/1';
const clean = (html: string) => sanitizeHtml(html, BASE);

/** Anything that could run code or make a request from Kurabe's pages. */
const ACTIVE =
  /<(script|style|iframe|object|embed|form|input|button|svg|math|video|audio|link|meta|base)\b|\son\w+\s*=|javascript:|url\(/i;

describe('sanitizeHtml', () => {
  it.each([
    ['<img src=x onerror="alert(1)">', '<img src="https://example.com/post/x">'],
    ['<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href=" JAVASCRIPT:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="data:text/html,<b>x</b>">x</a>', '<a>x</a>'],
    ['<a href="/a?b=1">x</a>', '<a href="https://example.com/a?b=1">x</a>'],
    ['<a href="mailto:a@example.com">x</a>', '<a href="mailto:a@example.com">x</a>'],
    ['<p style="background:url(/x.png)">t</p>', '<p>t</p>'],
    ['<iframe src="/x"></iframe><p>t</p>', '<p>t</p>'],
    ['<form action="/x"><input value=1></form>', ''],
    ['<svg><script>alert(1)</script></svg>', ''],
    ['<math><mtext><script>alert(1)</script></mtext></math>', ''],
    ['<object data="/x"></object><embed src="/y">', ''],
    ['<video src="/v.mp4" poster="/p.png"></video>', ''],
    ['<p id="x" class="entry-content">t</p>', '<p>t</p>'],
    ['<pre><code class="language-ts hljs">x</code></pre>', '<pre><code class="language-ts">x</code></pre>'],
  ])('%s → %s', (input, output) => {
    expect(clean(input)).toBe(output);
  });

  it('keeps only web URLs in srcset, made absolute', () => {
    const out = clean('<img src="/a.png" srcset="/a-1x.png 1x, javascript:alert(1) 2x, /a-3x.png 3x">');
    expect(out).toContain('srcset="https://example.com/a-1x.png 1x, https://example.com/a-3x.png 3x"');
    expect(out).not.toContain('javascript');
  });

  it('keeps raster data: images but not SVG ones', () => {
    expect(clean('<img src="data:image/png;base64,AAAA">')).toContain('data:image/png');
    expect(clean('<img src="data:image/svg+xml;base64,AAAA">')).toBe('<img>');
  });
});

describe('a hostile page', () => {
  const html = readFileSync(path.resolve(__dirname, '../fixtures/hostile/source.html'), 'utf8');
  const dom = domAt(html, 'http://127.0.0.1:9/hostile.html');
  const page = extractPage(dom.window.document, 'http://127.0.0.1:9/hostile.html');

  it('is clipped as an article', () => {
    expect(page.kind).toBe('article');
    expect(page.text).toContain('a good team needs both kinds of people');
  });

  it('stores no script, handler, style, frame, form or javascript: URL', () => {
    expect(page.html).not.toMatch(ACTIVE);
    expect(articleMarkdown(page.html, dom.window.document)).not.toMatch(/javascript:/i);
  });

  it('shows remote images only on request, and links without opener or referrer', () => {
    const placeholder = (alt: string) => `[${alt}]`;
    const hidden = readerHtml(
      page.html,
      page.url,
      { showImages: false, placeholder },
      dom.window as unknown as Window & typeof globalThis,
    );
    expect(hidden.html).not.toContain('<img');
    expect(hidden.hiddenImages).toBeGreaterThan(0);
    expect(hidden.html).toContain('[tracking pixel]');
    const shown = readerHtml(
      page.html,
      page.url,
      { showImages: true, placeholder },
      dom.window as unknown as Window & typeof globalThis,
    );
    expect(shown.html).toContain('<img');
    expect(shown.html).toContain('referrerpolicy="no-referrer"');
    const container = dom.window.document.createElement('div');
    container.innerHTML = shown.html;
    for (const a of container.querySelectorAll('a')) {
      if (a.hasAttribute('href')) {
        expect(a.getAttribute('rel')).toBe('noopener noreferrer');
        expect(a.getAttribute('target')).toBe('_blank');
        expect(a.getAttribute('href')).toMatch(/^https?:/);
      }
    }
    expect(shown.html).not.toMatch(ACTIVE);
  });

  it('sanitizes again when shown, even if the stored HTML was tampered with', () => {
    const tampered = `${page.html}<img src=x onerror="alert(1)"><script>alert(2)</script>`;
    const out = readerHtml(tampered, page.url, { showImages: true, placeholder: () => '' });
    expect(out.html).not.toMatch(/onerror|<script/);
  });
});

describe('sanitizeArticle', () => {
  const article = (win: Window & typeof globalThis) => {
    const el = win.document.createElement('div');
    el.innerHTML = '<p onclick="alert(1)">本文<script>alert(2)</script><a href="/a">リンク</a></p>';
    return el;
  };

  it('uses DOMPurify where the browser has no HTML Sanitizer (jsdom)', () => {
    const win = new JSDOM('').window as unknown as Window & typeof globalThis;
    expect(articleSanitizer(win)).toBe('dompurify');
    expect(sanitizeArticle(article(win), BASE, win).innerHTML).toBe(
      '<p>本文<a href="https://example.com/a">リンク</a></p>',
    );
  });

  it('falls back to DOMPurify when the browser’s Sanitizer refuses the configuration', () => {
    const win = new JSDOM('').window as unknown as Window & typeof globalThis;
    // An implementation that has the API but rejects this configuration.
    (win as unknown as { Sanitizer: unknown }).Sanitizer = class {
      constructor() {
        throw new TypeError('unknown configuration member');
      }
    };
    Object.defineProperty(win.Element.prototype, 'setHTML', {
      value: () => {
        throw new Error('not to be called');
      },
    });
    expect(articleSanitizer(win)).toBe('dompurify');
    expect(sanitizeArticle(article(win), BASE, win).innerHTML).toBe(
      '<p>本文<a href="https://example.com/a">リンク</a></p>',
    );
  });
});
