import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type Browser,
  clickToolbarButton,
  fixturePage,
  launchWithExtension,
  markdownOf,
  openPanelInTab,
  PageServer,
  readClips,
  SidePanel,
} from './harness';

let server: PageServer;
let origin: string;
let browser: Browser;
let tab: Page;

beforeAll(async () => {
  // The page's own tab may load nothing: whatever reaches the server later came from Kurabe.
  server = new PageServer().route('/hostile', {
    body: fixturePage('hostile'),
    headers: { 'content-security-policy': "default-src 'none'" },
  });
  origin = await server.start();
  browser = await launchWithExtension({ lang: 'ja' });
  tab = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('clips a hostile page, shows it and follows its links without a single request', async () => {
  await tab.goto(`${origin}/hostile`);
  await tab.waitForLoadState('load');
  await new Promise((r) => setTimeout(r, 300));
  server.requests.length = 0; // from here on, any request is the extension's doing

  await clickToolbarButton(browser, tab);
  const sidePanel = await SidePanel.waitFor(browser);
  await sidePanel.waitForValue<string>(
    `document.querySelector('.clip-card.is-new .clip-title')?.textContent`,
  );
  await sidePanel.close();

  const panel = await openPanelInTab(browser);
  await panel.locator('.clip-card .clip-open').first().click();
  await panel.locator('article.reader').waitFor();
  expect(await panel.locator('.reader-body').textContent()).toContain(
    'a good team needs both kinds of people',
  );
  expect(await panel.locator('.reader-body img').count()).toBe(0);
  const links = panel.locator('.reader-body a');
  expect(await links.count()).toBeGreaterThan(0);
  for (let i = 0; i < (await links.count()); i++) await links.nth(i).click({ force: true });
  await new Promise((r) => setTimeout(r, 500));

  expect(server.requests).toEqual([]);
  expect(browser.context.pages().map((p) => p.url())).not.toContain(expect.stringContaining('/beacon/'));

  const [clip] = await readClips(panel);
  expect(clip).toBeDefined();
  const findings = await panel.evaluate((html) => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const found: string[] = [];
    for (const el of doc.body.querySelectorAll('*')) {
      if (/^(SCRIPT|STYLE|IFRAME|OBJECT|EMBED|FORM|SVG|MATH|LINK|META|BASE|VIDEO|AUDIO)$/i.test(el.tagName))
        found.push(el.tagName);
      for (const attr of el.attributes) {
        if (/^on/i.test(attr.name) || attr.name === 'style') found.push(`${el.tagName}[${attr.name}]`);
        if (/^\s*(javascript|vbscript|data:text)/i.test(attr.value))
          found.push(`${el.tagName}[${attr.name}=${attr.value}]`);
      }
    }
    return found;
  }, clip!.html);
  expect(findings).toEqual([]);
  expect(markdownOf(clip!.html)).not.toMatch(/javascript:|vbscript:/i);
});
