import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractPage } from '@/utils/extract';
import { articleMarkdown } from '@/utils/markdown';
import { renderMarkdown } from '@/utils/markdown-render';
import { domAt, FIXTURES_DIR, loadPageFixtures } from '../helpers/fixtures';

const fixtures = loadPageFixtures();
const doms: { close(): void }[] = [];
afterAll(() => {
  for (const dom of doms) dom.close();
});

function extract(html: string, url: string) {
  const dom = domAt(html, url);
  doms.push(dom.window);
  return { page: extractPage(dom.window.document, url), dom };
}

it('has the sample article and at least four more fixtures', () => {
  expect(fixtures.map((f) => f.slug)).toContain('route-sales-ja');
  expect(fixtures.length).toBeGreaterThanOrEqual(5);
});

describe.each(fixtures)('fixture $slug', ({ slug, html, expected }) => {
  const { page, dom } = extract(html, expected.url);
  const body = dom.window.document.createElement('div');
  body.innerHTML = page.html;
  // Made from the stored HTML, as the Markdown export makes it.
  const markdown = articleMarkdown(page.html, dom.window.document);

  it('is an article', () => expect(page.kind).toBe('article'));
  it('title', () => expect(page.title).toBe(expected.title));
  it('byline', () => expect(page.byline).toBe(expected.byline));
  it('site name', () => expect(page.siteName).toBe(expected.siteName));
  it('language', () => expect(page.lang).toBe(expected.lang));
  it('published time', () => expect(page.publishedTime).toBe(expected.publishedTime));
  it('modified time', () => expect(page.modifiedTime).toBe(expected.modifiedTime ?? ''));
  it('url', () => expect(page.url).toBe(expected.canonicalUrl ?? expected.url.replace(/#.*$/, '')));
  it('original url', () => expect(page.originalUrl).toBe(expected.url));

  it('keeps the sections', () => {
    const headings = [...body.querySelectorAll('h2')].map((h) => h.textContent?.trim());
    expect(headings).toEqual(expected.headings);
  });

  it.each(expected.mustContain)('keeps “%s”', (sentence) => {
    expect(page.text).toContain(sentence);
  });

  it.each(expected.mustNotContain)('drops “%s”', (boilerplate) => {
    expect(page.text).not.toContain(boilerplate);
    expect(markdown).not.toContain(boilerplate);
  });

  it('makes images absolute, lazy ones included', () => {
    const sources = [...body.querySelectorAll('img')].map((img) => img.getAttribute('src'));
    for (const src of expected.images) expect(sources).toContain(src);
    for (const src of sources) expect(src).toMatch(/^https?:\/\//);
  });

  it('makes links absolute', () => {
    const hrefs = [...body.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'));
    for (const href of expected.links) expect(hrefs).toContain(href);
    for (const href of hrefs) expect(href).toMatch(/^(https?:|mailto:)/);
  });

  if (expected.tableCells) {
    it('keeps the table as a table', () => {
      const cells = [...body.querySelectorAll('table td, table th')].map((c) => c.textContent?.trim());
      for (const cell of expected.tableCells ?? []) expect(cells).toContain(cell);
      expect(markdown).toMatch(/^\| .+ \|$/m);
    });
  }

  if (expected.codeLines) {
    it('keeps code lines as lines', () => {
      const lines = page.text.split('\n').map((l) => l.trim());
      for (const line of expected.codeLines ?? []) expect(lines).toContain(line);
    });
  }

  if (expected.codeLanguages) {
    it('keeps code blocks with their language', () => {
      for (const lang of expected.codeLanguages ?? []) expect(markdown).toContain(`\`\`\`${lang}\n`);
    });
  }

  it('text has one line per block and counts match it', () => {
    expect(page.text.split('\n').length).toBeGreaterThan(expected.headings.length + 3);
    expect(page.chars).toBe([...page.text.replace(/\s/g, '')].length);
    expect(page.readingMinutes).toBeGreaterThanOrEqual(1);
  });

  // Golden Markdown: regenerating it is a deliberate act (UPDATE_FIXTURES=1), reviewed in the diff.
  it('gives the expected Markdown', () => {
    const file = path.join(FIXTURES_DIR, slug, 'expected.md');
    if (process.env.UPDATE_FIXTURES === '1') writeFileSync(file, `${markdown}\n`);
    expect(
      existsSync(file),
      `${slug}/expected.md is missing: run UPDATE_FIXTURES=1 npm run test:unit, review it`,
    ).toBe(true);
    expect(`${markdown}\n`).toBe(readFileSync(file, 'utf8'));
  });

  it('Markdown round-trips through marked: same headings, paragraphs, list items, table cells, code', () => {
    const rendered = dom.window.document.createElement('div');
    rendered.innerHTML = renderMarkdown(markdown);
    for (const extra of rendered.querySelectorAll('[data-footnote-backref], #footnote-label')) extra.remove();
    // Furigana readings are left out of the Markdown on purpose; a footnote reference shows its number.
    const source = body.cloneNode(true) as Element;
    for (const reading of source.querySelectorAll('rt, rp')) reading.remove();
    for (const ref of source.querySelectorAll('sup[data-kurabe-fn-ref]'))
      ref.textContent = ref.getAttribute('data-kurabe-fn-ref');
    const texts = (root: Element, selector: string) =>
      [...root.querySelectorAll(selector)].map((e) => e.textContent?.replace(/\s+/g, ' ').trim());
    for (const selector of ['h2, h3, h4, h5, h6', 'th, td', 'pre']) {
      expect(texts(rendered, selector), selector).toEqual(texts(source, selector));
    }
    expect(texts(rendered, 'li:not([id^="footnote-"])')).toEqual(texts(source, 'li:not([data-kurabe-fn])'));
    // Footnotes are numbered by their first reference: compare them as a set.
    expect(texts(rendered, 'li[id^="footnote-"]').sort()).toEqual(texts(source, 'li[data-kurabe-fn]').sort());
    // Every paragraph of the article is a paragraph of the rendered Markdown.
    const paragraphs = new Set(texts(rendered, 'p'));
    for (const p of texts(source, 'p')) if (p) expect(paragraphs, p).toContain(p);
  });

  it('stores no active content', () => {
    expect(
      body.querySelectorAll('script, style, iframe, object, embed, form, svg, math, link, meta'),
    ).toHaveLength(0);
    for (const el of body.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        expect(attr.name, `${el.tagName} ${attr.name}`).not.toMatch(/^on|^style$/i);
        expect(attr.value, `${el.tagName} ${attr.name}`).not.toMatch(/^\s*javascript:/i);
      }
    }
  });
});
