/**
 * Japanese blog and comparison pages (tests/fixtures/extraction/ja-blogs/), built from the markup
 * of Hatena Blog, note, Ameblo, livedoor Blog, FC2, Qiita, Zenn and the WordPress themes common
 * in Japan (Cocoon, SWELL, JIN, AFFINGER, SANGO): the article's sentences stay (speech-bubble
 * words, 追記 notes, ruby base text once) and the page's chrome goes (目次, bubble avatars and
 * names, affiliate boxes and shop buttons, author boxes, 関連記事 cards, rankings, share rows,
 * 広告/PR labels, tags). Regression tests for general rules, not evidence of extraction quality.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractPage } from '@/utils/extract';
import { domAt } from '../helpers/fixtures';

const DIR = path.resolve(__dirname, '../fixtures/extraction/ja-blogs');

interface JaBlogExpectation {
  url: string;
  platform: string;
  kind: 'article' | 'bookmark';
  mustContain: string[];
  mustNotContain: string[];
  table?: { headers: string[]; rowHeaders: string[]; rows: number; cells: string[] };
}

const expected: Record<string, JaBlogExpectation> = JSON.parse(
  readFileSync(path.join(DIR, 'expected.json'), 'utf8'),
);
const windows: { close(): void }[] = [];
afterAll(() => {
  for (const win of windows) win.close();
});

it('has at least twelve Japanese blog pages and a comparison table', () => {
  expect(Object.keys(expected).length).toBeGreaterThanOrEqual(13);
  expect(Object.values(expected).some((e) => e.table)).toBe(true);
});

describe.each(Object.entries(expected))('%s', (slug, want) => {
  const dom = domAt(readFileSync(path.join(DIR, `${slug}.html`), 'utf8'), want.url);
  windows.push(dom.window);
  const page = extractPage(dom.window.document, want.url);

  it(`is kept as ${want.kind === 'article' ? 'an article' : 'a bookmark'}`, () =>
    expect(page.kind).toBe(want.kind));

  it.each(want.mustContain)('keeps “%s”', (sentence) => {
    expect(page.text).toContain(sentence);
  });

  it.each(want.mustNotContain)('drops “%s”', (boilerplate) => {
    expect(page.text).not.toContain(boilerplate);
  });

  if (want.table) {
    const table = want.table;
    it('keeps the comparison table whole, with its header cells', () => {
      const body = dom.window.document.createElement('div');
      body.innerHTML = page.html;
      const tables = body.querySelectorAll('table');
      expect(tables).toHaveLength(1);
      const th = [...tables[0]!.querySelectorAll('th')].map((c) => c.textContent?.trim());
      expect(th).toEqual([...table.headers, ...table.rowHeaders]);
      expect(tables[0]!.querySelectorAll('tr')).toHaveLength(table.rows);
      const cells = [...tables[0]!.querySelectorAll('td')].map((c) => c.textContent?.trim());
      for (const cell of table.cells) expect(cells).toContain(cell);
    });
  }
});
