import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  clickToolbarButton,
  fixturePage,
  launchWithExtension,
  openPanelInTab,
  PageServer,
  readClips,
  readStore,
  SidePanel,
} from './harness';
import { selectWords } from './pages/select-words';

const ARTICLE = '/entry/2026/11/20/route-sales';
const NO_ARTICLE = '/search';

let server: PageServer;
let origin: string;
let browser: Browser;
let tab: Page;
let panel: Page;

beforeAll(async () => {
  server = new PageServer().route(ARTICLE, { body: fixturePage('pages/route-sales-ja') }).route(NO_ARTICLE, {
    body: `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>求人検索 | 比較ナビ</title>
        <meta name="description" content="ルート営業の求人をまとめて比較できます。"></head>
        <body><nav><a href="/">ホーム</a> <a href="/jobs">求人</a></nav><form><input name="q"></form></body></html>`,
  });
  origin = await server.start();
  browser = await launchWithExtension({ lang: 'ja' });
  tab = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('ways in', () => {
  it('a selection clipped with the toolbar button becomes a quote with its sentence', async () => {
    await tab.goto(`${origin}${ARTICLE}`);
    await tab.evaluate(selectWords, { paragraphStart: '次に重要なのは', words: '過去の購買履歴' });
    await clickToolbarButton(browser, tab);
    const side = await SidePanel.waitFor(browser);
    const status = await side.waitForValue<string>(
      `document.querySelector('[data-status="saved"]')?.textContent`,
    );
    expect(status).toContain('選択範囲を引用として保存しました。');
    await side.close();

    panel = await openPanelInTab(browser);
    const quotes = await readStore<{ text: string; context: string; clipId: string }>(panel, 'quotes');
    expect(quotes.map((q) => [q.text, q.context])).toEqual([
      [
        '過去の購買履歴',
        'ルート営業は過去の購買履歴、サポート履歴、クレーム対応の記録などを総合して、次の一手を設計します。',
      ],
    ]);
    const [clip] = await readClips(panel);
    expect(quotes[0]!.clipId).toBe(clip!.id);

    await panel.locator('.clip-card .clip-open').first().click();
    expect(await panel.locator('.quote blockquote').allTextContents()).toEqual(['過去の購買履歴']);
    await panel.locator('.reader-nav .link-button').click();
  });

  it('shows the keyboard shortcut in the panel', async () => {
    expect(await panel.locator('.shortcut').textContent()).toContain('ショートカット: Alt+Shift+K');
  });
});

describe('ways out', () => {
  it('a chrome://version tab gets the message and nothing is stored', async () => {
    const before = (await readClips(panel)).length;
    const browserPage = await browser.context.newPage();
    await browserPage.goto('chrome://version');
    await clickToolbarButton(browser, browserPage);
    const side = await SidePanel.waitFor(browser);
    const message = await side.waitForValue<string>(`document.querySelector('[role="alert"]')?.textContent`);
    expect(message).toContain('このページはクリップできません');
    await side.close();
    expect(await readClips(panel)).toHaveLength(before);
    await browserPage.close();
  });

  it('a page with no article becomes a bookmark clip, with the message', async () => {
    await tab.goto(`${origin}${NO_ARTICLE}`);
    await clickToolbarButton(browser, tab);
    const side = await SidePanel.waitFor(browser);
    const message = await side.waitForValue<string>(
      `document.querySelector('[data-status="bookmark"]')?.textContent`,
    );
    expect(message).toContain('ブックマーク');
    await side.close();
    const bookmark = (await readClips(panel)).find((c) => c.normalizedUrl === `${origin}${NO_ARTICLE}`);
    expect(bookmark).toMatchObject({
      kind: 'bookmark',
      title: '求人検索',
      text: 'ルート営業の求人をまとめて比較できます。',
    });
  });

  it('delete → undo → delete → restore from the Trash → empty', async () => {
    // A tab in the background gets no animation frames: bring the panel's tab forward to use it.
    await panel.bringToFront();
    await panel.reload();
    await panel.locator('[data-ready="true"]').waitFor();
    const cards = panel.locator('.clip-card');
    const count = await cards.count();
    expect(count).toBe(2);
    const title =
      (await cards
        .first()
        .locator('.clip-title')
        .evaluate((el) => el.lastChild?.textContent)) ?? '';

    await cards.first().locator('.trash-button').click();
    await expect.poll(() => cards.count()).toBe(count - 1);
    expect(await panel.locator('.toast').textContent()).toContain(`「${title}」をゴミ箱へ移動しました。`);
    await panel.locator('.toast-action').click();
    await expect.poll(() => cards.count()).toBe(count);

    await cards.first().locator('.trash-button').click();
    await expect.poll(() => cards.count()).toBe(count - 1);
    await panel.locator('.open-trash').click();
    expect(await panel.locator('.trashed .clip-title').allTextContents()).toEqual([title]);
    await panel.locator('.trashed .restore').click();
    await panel.locator('.trash .empty').waitFor();
    await panel.locator('.reader-nav .link-button').click();
    await expect.poll(() => cards.count()).toBe(count);

    await cards.first().locator('.trash-button').click();
    await panel.locator('.open-trash').click();
    await panel.locator('.empty-trash').click();
    expect(await panel.locator('.confirm').textContent()).toContain('完全に削除しますか？');
    await panel.locator('.confirm-empty').click();
    await panel.locator('.trash .empty').waitFor();
    const clips = await readClips(panel);
    expect(clips).toHaveLength(count - 1);
    expect(clips.map((c) => c.title)).not.toContain(title);
  });
});
