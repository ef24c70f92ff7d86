import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  clickToolbarButton,
  EXTENSION_DIR,
  fixturePage,
  launchWithExtension,
  openPanelInTab,
  PageServer,
  ROOT,
  readClips,
  SidePanel,
} from './harness';

const ARTICLE_PATH = '/entry/2026/11/20/route-sales';
const SCREENSHOTS = path.join(ROOT, '.tmp/screenshots');

let server: PageServer;
let origin: string;
let browser: Browser;
let sidePanel: SidePanel;
let panelTab: Page;
let tab: Page;

beforeAll(async () => {
  if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(
      'No built extension in .output/chrome-mv3: run `npm run build` before the end-to-end tests.',
    );
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = new PageServer().route(ARTICLE_PATH, { body: fixturePage('pages/route-sales-ja') });
  origin = await server.start();
  browser = await launchWithExtension({ lang: 'ja' });
  tab = await browser.context.newPage();
});

afterAll(async () => {
  await sidePanel?.close();
  await browser?.close();
  await server?.stop();
});

describe('clipping the sample article with the toolbar button', () => {
  it('opens the side panel, which shows the new clip live', async () => {
    await tab.goto(`${origin}${ARTICLE_PATH}?utm_source=twitter#what`);
    await clickToolbarButton(browser, tab);
    sidePanel = await SidePanel.waitFor(browser);
    expect(sidePanel.url).toBe(`chrome-extension://${browser.extensionId}/sidepanel.html`);

    const title = await sidePanel.waitForValue<string>(
      `document.querySelector('.clip-card.is-new .clip-title')?.textContent`,
    );
    expect(title).toContain('ルート営業と営業の違いを理解するための基本');
    const meta = await sidePanel.evaluate<string>(
      `document.querySelector('.clip-card.is-new .clip-meta').textContent`,
    );
    expect(meta).toContain('サトルンの比較ノート');
    expect(meta).toContain('2026/11/20'); // the published date, in the UI's language
    expect(meta).toMatch(/[\d,]+字/);
    expect(meta).toMatch(/約\d+分/);
    const status = await sidePanel.waitForValue<string>(
      `document.querySelector('[data-status="saved"]')?.textContent`,
    );
    expect(status).toContain('保存しました');
    // The screenshot a person looks at: the real side panel, in Japanese.
    await sidePanel.screenshot(path.join(SCREENSHOTS, 'sidepanel-inbox-ja.png'));
  });

  it('stored one clip with the article, not the boilerplate', async () => {
    panelTab = await openPanelInTab(browser);
    const clips = await readClips(panelTab);
    expect(clips).toHaveLength(1);
    expect(clips[0]).toMatchObject({
      normalizedUrl: `${origin}${ARTICLE_PATH}`,
      url: `${origin}${ARTICLE_PATH}?utm_source=twitter#what`,
      title: 'ルート営業と営業の違いを理解するための基本',
      kind: 'article',
    });
    expect(clips[0]!.text).toContain('ルート営業とは既存の顧客を中心に');
    expect(clips[0]!.text).not.toContain('スポンサーリンク');
    expect(clips[0]!.text).not.toContain('コメントを書く');
  });

  it('opens the clip in the reader view with its source link', async () => {
    await panelTab.locator('.clip-card .clip-open').first().click();
    const reader = panelTab.locator('article.reader');
    await reader.waitFor();
    expect(await reader.locator('h1').textContent()).toBe('ルート営業と営業の違いを理解するための基本');
    const headings = await reader.locator('.reader-body h2').allTextContents();
    expect(headings).toEqual(['ルート営業とは何か', '営業一般の手法との違い', '現場の実例とよくある誤解']);
    expect(await reader.locator('.reader-body table td').allTextContents()).toContain(
      '継続率・顧客満足度・年間購買額',
    );
    const source = reader.locator('a.source-link');
    expect(await source.getAttribute('href')).toBe(`${origin}${ARTICLE_PATH}?utm_source=twitter#what`);
    expect(await source.getAttribute('rel')).toBe('noopener noreferrer');
    // The lazy image is held back behind a placeholder until asked for.
    expect(await reader.locator('.reader-body img').count()).toBe(0);
    expect(await reader.locator('.image-placeholder').first().textContent()).toContain(
      'ルート営業の訪問サイクルの図',
    );
    await panelTab.setViewportSize({ width: 420, height: 900 });
    await panelTab.screenshot({ path: path.join(SCREENSHOTS, 'sidepanel-reader-ja.png') });
    // Night reading: the dark theme follows the system and avoids pure white on black.
    await panelTab.emulateMedia({ colorScheme: 'dark' });
    const colors = await panelTab.evaluate(() => {
      const style = getComputedStyle(document.body);
      return { background: style.backgroundColor, text: style.color };
    });
    expect(colors.background).not.toBe('rgb(0, 0, 0)');
    expect(colors.text).not.toBe('rgb(255, 255, 255)');
    expect(colors.background).toBe('rgb(29, 30, 34)');
    await panelTab.screenshot({ path: path.join(SCREENSHOTS, 'sidepanel-reader-ja-dark.png') });
    await panelTab.emulateMedia({ colorScheme: 'light' });
  });

  it('a re-clip keeps one clip and the side panel says it was updated', async () => {
    const before = (await readClips(panelTab))[0]!;
    await tab.goto(`${origin}${ARTICLE_PATH}?utm_medium=social`);
    await clickToolbarButton(browser, tab);
    const status = await sidePanel.waitForValue<string>(
      `document.querySelector('[data-status="updated"]')?.textContent`,
    );
    expect(status).toMatch(/\d+\/\d+\/\d+にクリップ済み — 更新しました。/);
    expect(await sidePanel.evaluate<number>(`document.querySelectorAll('.clip-card').length`)).toBe(1);
    const clips = await readClips(panelTab);
    expect(clips).toHaveLength(1);
    expect(clips[0]!.id).toBe(before.id);
    expect(clips[0]!.createdAt).toBe(before.createdAt);
    expect(clips[0]!.clippedAt).toBeGreaterThan(before.clippedAt);
  });
});
