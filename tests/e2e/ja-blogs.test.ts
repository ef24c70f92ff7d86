/**
 * The Japanese blog and comparison fixtures (tests/fixtures/extraction/ja-blogs/) extracted in
 * real Chromium by the code the extension injects, with the pages' own layout: every sentence
 * that must stay stays, nothing of the boilerplate classes (目次, bubble avatars and names,
 * affiliate boxes and shop buttons, author boxes, 関連記事 cards, rankings, share rows, 広告/PR
 * labels, tags) is kept, the comparison table keeps its header cells, and the product page is a
 * bookmark.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser as PlainBrowser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pageScript } from '../helpers/page-script';
import { CHROMIUM, PageServer, ROOT } from './harness';

const DIR = path.join(ROOT, 'tests/fixtures/extraction/ja-blogs');
interface Expectation {
  kind: 'article' | 'bookmark';
  mustContain: string[];
  mustNotContain: string[];
  table?: { headers: string[]; rowHeaders: string[] };
}
const expected: Record<string, Expectation> = JSON.parse(
  readFileSync(path.join(DIR, 'expected.json'), 'utf8'),
);

let browser: PlainBrowser;
let server: PageServer;
let origin: string;
let code: string;

beforeAll(async () => {
  code = await pageScript('tests/e2e/pages/extract.ts');
  server = new PageServer();
  for (const slug of Object.keys(expected))
    server.route(`/${slug}/`, { body: readFileSync(path.join(DIR, `${slug}.html`), 'utf8') });
  origin = await server.start();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('extracts every Japanese blog fixture in Chromium as expected', async () => {
  expect(Object.keys(expected).length).toBeGreaterThanOrEqual(14);
  for (const [slug, want] of Object.entries(expected)) {
    const page = await browser.newPage();
    try {
      // Only this server answers: the fixtures' images and scripts point elsewhere.
      await page.route('**/*', (route) =>
        route.request().url().startsWith(origin) ? route.continue() : route.abort(),
      );
      await page.goto(`${origin}/${slug}/`, { waitUntil: 'load' });
      await page.addScriptTag({ content: code });
      const result = await page.evaluate(() => window.kurabeExtract());
      if (!result.ok) throw new Error(`${slug}: ${result.error}`);
      expect(result.page.kind, slug).toBe(want.kind);
      for (const sentence of want.mustContain) expect(result.page.text, slug).toContain(sentence);
      for (const boilerplate of want.mustNotContain)
        expect(result.page.text, slug).not.toContain(boilerplate);
      if (want.table) {
        const headers = await page.evaluate((html) => {
          const div = document.createElement('div');
          div.innerHTML = html;
          return [...div.querySelectorAll('table th')].map((th) => th.textContent?.trim());
        }, result.page.html);
        expect(headers, slug).toEqual([...want.table.headers, ...want.table.rowHeaders]);
      }
    } finally {
      await page.close();
    }
  }
}, 180_000);
