/**
 * The two sanitizer engines (utils/sanitize.ts) side by side in Firefox ESR: Firefox's own HTML
 * Sanitizer (`Element.setHTML`, Firefox 148+), which sanitizes a clip in the page when Kurabe's
 * extraction runs there, and DOMPurify, which sanitizes everything shown. The same comparison as
 * in Chromium (tests/e2e/sanitizer-comparison.ts): Firefox's implementation of the API is its own,
 * so what it keeps is checked here, not assumed from Chromium's.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll } from 'vitest';
import { pageScript } from '../../helpers/page-script';
import { type Firefox, launchFirefox } from '../firefox-harness';
import { compareSanitizerEngines } from '../sanitizer-comparison';

let firefox: Firefox;
let page: Page;

beforeAll(async () => {
  firefox = await launchFirefox({ extension: false });
  page = await firefox.browser.newPage();
  await page.setContent('<!doctype html><title>sanitizers</title>');
  await page.addScriptTag({ content: await pageScript('tests/e2e/pages/sanitizers.ts') });
});

afterAll(async () => {
  await firefox?.close();
});

compareSanitizerEngines('Firefox', () => ({
  native: () => page.evaluate(() => window.kurabeSanitizers.native),
  both: (html, baseUrl) => page.evaluate((h, b) => window.kurabeSanitizers.both(h, b), html, baseUrl),
}));
