/**
 * The two sanitizer engines (utils/sanitize.ts) side by side in real Chromium: the browser's own
 * HTML Sanitizer, which sanitizes clips in the page since it is six times faster there, and
 * DOMPurify, which sanitizes everything shown and every clip where the browser has no Sanitizer.
 * On every hostile vector's page and every fixture page they must give the same tree, and that
 * tree must hold nothing active (tests/e2e/sanitizer-comparison.ts; Firefox: firefox/).
 */
import { chromium, type Page, type Browser as PlainBrowser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { pageScript } from '../helpers/page-script';
import { CHROMIUM } from './harness';
import { compareSanitizerEngines } from './sanitizer-comparison';

let browser: PlainBrowser;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  page = await browser.newPage();
  await page.setContent('<!doctype html><title>sanitizers</title>');
  await page.addScriptTag({ content: await pageScript('tests/e2e/pages/sanitizers.ts') });
});

afterAll(async () => {
  await browser?.close();
});

compareSanitizerEngines('Chromium', () => ({
  native: () => page.evaluate(() => window.kurabeSanitizers.native),
  both: (html, baseUrl) => page.evaluate(([h, b]) => window.kurabeSanitizers.both(h!, b!), [html, baseUrl]),
}));
