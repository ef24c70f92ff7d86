import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { routeSalesBoard } from '../fixtures/outline/boards';
import { startWordPress, type WordPressServer } from '../servers/wordpress';
import {
  type Browser,
  grantHostPermissionFromExtensionsPage,
  launchWithExtension,
  openPanelInTab,
  ROOT,
  readStore,
  writeStore,
} from './harness';

/**
 * 「下書きとして送る」 end to end: the built extension in Chromium sets up a real WordPress
 * (Debian's 6.1 under php -S, tests/servers/wordpress.ts) from the Data tab, sends a board from
 * its export panel as a draft (tags the site has, picked from the clips' tags), sends it again
 * (the same post, updated), and the draft is opened in WordPress's block editor, where every
 * block must be valid — not only present in what REST returns.
 */

declare const chrome: { permissions: { contains(p: { origins: string[] }): Promise<boolean> } };

const SCREENSHOT = path.join(ROOT, 'docs/screenshots/issue17/wordpress-editor.png');

/** The WordPress server's origin as a match pattern (patterns take no port). */
const BLOG_ORIGIN = 'http://127.0.0.1/*';

let wp: WordPressServer;
let browser: Browser;
beforeAll(async () => {
  wp = await startWordPress({ title: 'Kurabe 比較ブログ', tags: ['比較', 'SaaS', '営業'] });
  browser = await launchWithExtension({ lang: 'ja' });
  // The host permission: 「接続を確認」 and 「下書きとして送る」 ask for the site's origin from the
  // click, and Chrome's prompt cannot be answered in a test (browser UI no DevTools target
  // reaches). The origin is granted as a person does from chrome://extensions (harness.ts
  // grantHostPermissionFromExtensionsPage): granted, not active, until the set-up's own request
  // from its click — checked below.
  await grantHostPermissionFromExtensionsPage(browser, BLOG_ORIGIN);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await wp?.stop();
});

interface Post {
  id: number;
  status: string;
  title: { raw: string };
  content: { raw: string };
  tags: number[];
}

async function readPost(id: string | number): Promise<Post> {
  const res = await fetch(wp.rest(`/wp/v2/posts/${id}`, { context: 'edit' }), {
    headers: { Authorization: wp.authorization() },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Post;
}

const postCount = () =>
  wp.php<number>(
    "return count(get_posts(['post_type' => 'post', 'post_status' => 'any,trash', 'numberposts' => -1, 'fields' => 'ids']));",
  );

const list = <T>(items: Iterable<T> | ReadonlyMap<string, T>): T[] =>
  items instanceof Map ? [...items.values()] : [...(items as Iterable<T>)];

/** The route-sales board of the outline fixtures, its clips tagged, written into the extension's database. */
async function seedBoard(panel: Page) {
  const { board, placements, clips, quotes } = routeSalesBoard();
  const tagged = list(clips).map((clip, i) => ({
    ...clip,
    // Two tags the site has (one in another case), one it does not.
    tags: i === 0 ? ['比較', 'saas'] : ['比較', 'まだ無いタグ'],
  }));
  await writeStore(panel, 'boards', [board]);
  await writeStore(panel, 'clips', tagged);
  await writeStore(panel, 'quotes', list(quotes));
  await writeStore(panel, 'placements', list(placements));
  await panel.reload();
  await panel.locator('[data-ready="true"]').waitFor();
  return board;
}

interface EditorBlock {
  name: string;
  isValid: boolean;
  innerBlocks: EditorBlock[];
}

it('a board is sent as a draft from the export panel, updated on the second send, and opens in the block editor with every block valid', async () => {
  const panel = await openPanelInTab(browser);
  const board = await seedBoard(panel);
  const permitted = () => panel.evaluate((o) => chrome.permissions.contains({ origins: [o] }), BLOG_ORIGIN);
  expect(await permitted()).toBe(false);

  // Data tab: WordPress, the user, the site, the application password → 「接続を確認」.
  await panel.click('.tab-data');
  await panel.locator('.blog-kind').selectOption('wordpress');
  await panel.fill('.blog-user', wp.admin.username);
  await panel.fill('.blog-address', wp.url);
  await panel.fill('.blog-secret', wp.admin.applicationPassword);
  await panel.click('.blog-test');
  await expect.poll(() => panel.locator('.blog-result').textContent()).toContain('Kurabe 比較ブログ');
  // 接続を確認's own permissions.request, from the click, made the origin active.
  expect(await permitted()).toBe(true);
  expect(await panel.locator('.blog-result').textContent()).toBe(
    '「Kurabe 比較ブログ」に接続できました。このブログを保存しました。',
  );
  // The key is kept in storage.local, not in the page and not in the database.
  expect(await panel.locator('.blog-secret').inputValue()).toBe('');

  // The board's export panel: the tags the site has, then 「下書きとして送る」.
  const before = await postCount();
  await panel.click('.tab-boards');
  await panel.click('.board-card .clip-open');
  await panel.click('.show-export');
  await panel.click('.blog-draft-check-tags');
  const tagBoxes = panel.locator('.blog-draft-tags label');
  await expect.poll(() => tagBoxes.allTextContents()).toEqual(['比較', 'SaaS']);
  await tagBoxes.filter({ hasText: '比較' }).locator('input').check();
  await tagBoxes.filter({ hasText: 'SaaS' }).locator('input').check();
  await panel.click('.blog-draft-send');
  await expect
    .poll(() => panel.locator('.blog-draft-result').textContent())
    .toContain('下書きを作成しました。');

  const stored = (
    await readStore<{ id: string; blogDrafts?: Record<string, { remoteId: string; editUrl: string }> }>(
      panel,
      'boards',
    )
  ).find((b) => b.id === board.id)!;
  const remembered = stored.blogDrafts?.[`wordpress:${wp.url}`];
  expect(remembered?.remoteId).toMatch(/^\d+$/);
  const id = remembered!.remoteId;
  expect(await panel.locator('.blog-draft-open').getAttribute('href')).toBe(
    `${wp.url}/wp-admin/post.php?post=${id}&action=edit`,
  );
  const post = await readPost(id);
  expect(post).toMatchObject({ status: 'draft', title: { raw: 'ルート営業 vs 営業一般' } });
  const tagIds = Object.fromEntries(wp.tags.map((t) => [t.name, t.id]));
  expect([...post.tags].sort()).toEqual([tagIds.比較, tagIds.SaaS].sort());
  expect(post.content.raw).toContain('<!-- wp:table -->');
  expect(await postCount()).toBe(before + 1);

  // A note changes on the board (its comparison table); sending again updates the same post.
  await panel.click('.show-matrix');
  const cell = panel.locator('[data-cell="a-info:s-route"] .cell-note');
  await cell.fill('購買履歴を読む（追記）');
  await cell.press('Tab');
  await panel.click('.show-export');
  await expect.poll(() => panel.locator('.export-markdown').inputValue()).toContain('購買履歴を読む（追記）');
  await panel.click('.blog-draft-send');
  await expect
    .poll(() => panel.locator('.blog-draft-result').textContent())
    .toContain('下書きを更新しました。');
  expect((await readPost(id)).content.raw).toContain('購買履歴を読む（追記）');
  expect(await postCount()).toBe(before + 1);

  // The draft in WordPress's block editor, as the administrator.
  const editor = await browser.context.newPage();
  await editor.setViewportSize({ width: 1280, height: 800 });
  await editor.goto(`${wp.url}/wp-login.php`);
  await editor.fill('#user_login', wp.admin.username);
  await editor.fill('#user_pass', wp.admin.password);
  await editor.click('#wp-submit');
  await editor.waitForURL(/\/wp-admin\//);
  await editor.goto(remembered!.editUrl);
  await editor.waitForFunction(
    () => {
      const wpGlobal = (window as unknown as { wp?: { data?: { select(store: string): unknown } } }).wp;
      const blocks = (
        wpGlobal?.data?.select('core/block-editor') as { getBlocks(): unknown[] } | undefined
      )?.getBlocks();
      return Array.isArray(blocks) && blocks.length > 0;
    },
    undefined,
    { timeout: 60_000 },
  );
  const blocks = await editor.evaluate(() => {
    type Block = { name: string; isValid: boolean; innerBlocks: Block[] };
    const wpGlobal = (
      window as unknown as { wp: { data: { select(store: string): { getBlocks(): Block[] } } } }
    ).wp;
    const strip = (b: Block): Block => ({
      name: b.name,
      isValid: b.isValid,
      innerBlocks: b.innerBlocks.map(strip),
    });
    return wpGlobal.data.select('core/block-editor').getBlocks().map(strip);
  });
  const all: EditorBlock[] = [];
  const walk = (list: EditorBlock[]) => {
    for (const block of list) {
      all.push(block);
      walk(block.innerBlocks);
    }
  };
  walk(blocks);
  expect(all.filter((b) => !b.isValid).map((b) => b.name)).toEqual([]);
  const names = new Set(all.map((b) => b.name));
  for (const name of [
    'core/heading',
    'core/paragraph',
    'core/list',
    'core/list-item',
    'core/quote',
    'core/table',
  ])
    expect(names).toContain(name);
  expect(names).not.toContain('core/freeform');
  expect(names).not.toContain('core/missing');

  // The editor as a person sees it: the welcome guide closed, the draft's title and first blocks.
  await editor.keyboard.press('Escape');
  await editor
    .locator('.edit-post-welcome-guide')
    .waitFor({ state: 'detached', timeout: 5_000 })
    .catch(() => undefined);
  await editor.locator('.wp-block-table').first().scrollIntoViewIfNeeded();
  mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await editor.screenshot({ path: SCREENSHOT });
  await editor.close();
});
