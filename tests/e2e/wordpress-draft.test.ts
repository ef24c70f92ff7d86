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

declare const chrome: {
  permissions: { contains(p: { origins: string[] }): Promise<boolean> };
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
};

// The committed screenshot is rewritten only when asked (KURABE_SCREENS, as the other e2e files):
// a plain \`npm test\` leaves the clone as it was.
const SCREENSHOT = process.env.KURABE_SCREENS
  ? path.join(ROOT, 'docs/screenshots/issue17/wordpress-editor.png')
  : path.join(ROOT, '.tmp/screenshots/wordpress-editor.png');

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
  modified_gmt: string;
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

/**
 * The route-sales board of the outline fixtures, its clips tagged, written into the extension's
 * database; `as` gives it another id and title (a second board with the same clips).
 */
async function seedBoard(panel: Page, as?: { id: string; title: string }) {
  const fixture = routeSalesBoard();
  const { clips, quotes } = fixture;
  const board = as ? { ...fixture.board, ...as } : fixture.board;
  const placements = list(fixture.placements).map((p) =>
    as ? { ...p, id: `${as.id}-${p.id}`, boardId: as.id } : p,
  );
  const tagged = list(clips).map((clip, i) => ({
    ...clip,
    // Two tags the site has (one in another case), one it does not.
    tags: i === 0 ? ['比較', 'saas'] : ['比較', 'まだ無いタグ'],
  }));
  await writeStore(panel, 'boards', [board]);
  await writeStore(panel, 'clips', tagged);
  await writeStore(panel, 'quotes', list(quotes));
  await writeStore(panel, 'placements', placements);
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

/** The admin's request to the site's REST API (what a person does on the blog meanwhile). */
async function onTheBlog(route: string, init: RequestInit & { query?: Record<string, string> } = {}) {
  const { query, ...rest } = init;
  const res = await fetch(wp.rest(route, query), {
    ...rest,
    headers: { Authorization: wp.authorization(), 'Content-Type': 'application/json' },
  });
  expect(res.status).toBe(200);
  // Read to the end: a body left unread keeps php -S's connection paused in Node's fetch (undici),
  // which then fails an assertion of its own when the server closes it at the end of the file.
  return (await res.json()) as unknown;
}

/**
 * Presses 下書きとして送る and waits until `selector` (the result, the question or the error) says
 * `text`: each step below ends differently from the one before, so what an earlier send left
 * cannot pass for it. Returns that element's text.
 */
async function sendFromPanel(panel: Page, selector: string, text: string): Promise<string> {
  await panel.click('.blog-draft-send');
  await expect
    .poll(() =>
      panel
        .locator(selector)
        .textContent()
        .catch(() => null),
    )
    .toContain(text);
  return (await panel.locator(selector).textContent()) ?? '';
}

/**
 * Fills the Data tab's set-up for the WordPress site, presses 接続を確認 and waits until the set-up
 * is saved with this password (an earlier set-up's message reads the same); returns the message.
 */
async function setUpWordPress(panel: Page, applicationPassword: string): Promise<string> {
  await panel.click('.tab-data');
  await panel.locator('.blog-kind').selectOption('wordpress');
  await panel.fill('.blog-user', wp.admin.username);
  await panel.fill('.blog-address', wp.url);
  await panel.fill('.blog-secret', applicationPassword);
  await panel.click('.blog-test');
  await expect
    .poll(() =>
      panel.evaluate(async () => {
        const { blogConfigs } = await chrome.storage.local.get('blogConfigs');
        return (blogConfigs as { config: { applicationPassword?: string } }[] | undefined)?.map(
          (b) => b.config.applicationPassword,
        );
      }),
    )
    .toEqual([applicationPassword]);
  await expect.poll(() => panel.locator('.blog-test').textContent()).toBe('接続を確認');
  return (await panel.locator('.blog-result').textContent()) ?? '';
}

it('through the panel: a revoked application password, a draft edited on the blog, a post published meanwhile, a draft deleted on the blog', async () => {
  const panel = await openPanelInTab(browser);
  const board = await seedBoard(panel, { id: 'b-blog-changes', title: 'ブログ側の変化を試す比較' });
  const openExport = async () => {
    await panel.click('.tab-boards');
    await panel.locator(`.board-card[data-board-id="${board.id}"] .clip-open`).click();
    await panel.click('.show-export');
    await panel.locator('.blog-draft-send').waitFor();
  };
  const remembered = async () =>
    (
      await readStore<{ id: string; blogDrafts?: Record<string, { remoteId: string }> }>(panel, 'boards')
    ).find((b) => b.id === board.id)?.blogDrafts?.[`wordpress:${wp.url}`];

  // An application password the person made for Kurabe, then revoked on the site (Users →
  // Profile → Application Passwords → Revoke): the send says to check it; nothing is created.
  const revocable = await wp.php<{ password: string; uuid: string }>(`
    [$password, $item] = WP_Application_Passwords::create_new_application_password(${wp.admin.id}, ['name' => 'Kurabe (revoked)']);
    return ['password' => $password, 'uuid' => $item['uuid']];`);
  expect(await setUpWordPress(panel, revocable.password)).toContain('に接続できました');
  expect(
    await wp.php<boolean>(
      `return WP_Application_Passwords::delete_application_password(${wp.admin.id}, ${JSON.stringify(revocable.uuid)});`,
    ),
  ).toBe(true);
  const before = await postCount();
  await openExport();
  const refusedText = await sendFromPanel(
    panel,
    '.blog-draft-error',
    'ユーザー名かキーを受け付けませんでした',
  );
  expect(refusedText).toContain('アプリケーションパスワード');
  expect(refusedText).toContain('コピーボタンも使えます');
  expect(refusedText).not.toContain(revocable.password);
  expect(await postCount()).toBe(before);
  expect(await remembered()).toBeUndefined();

  // A new application password, set up again: the send creates the draft.
  expect(await setUpWordPress(panel, wp.admin.applicationPassword)).toContain('に接続できました');
  await openExport();
  await sendFromPanel(panel, '.blog-draft-result', '下書きを作成しました。');
  const id = (await remembered())!.remoteId;
  expect(await postCount()).toBe(before + 1);
  const sent = await readPost(id);
  expect(sent.status).toBe('draft');

  // Edited on the blog right after the send (no wait: within the same second is caught too):
  // Kurabe asks; 「やめる」 leaves the blog's text; 「上書きする」 writes the board's.
  await onTheBlog(`/wp/v2/posts/${id}`, {
    method: 'POST',
    body: JSON.stringify({
      content: '<!-- wp:paragraph -->\n<p>ブログで書き足した</p>\n<!-- /wp:paragraph -->',
    }),
  });
  await sendFromPanel(
    panel,
    '.blog-draft-question',
    'ブログで編集されています。Kurabe の内容で上書きしますか',
  );
  expect((await readPost(id)).content.raw).toContain('ブログで書き足した');
  await panel.click('.blog-draft-cancel');
  await expect.poll(() => panel.locator('.blog-draft-question').count()).toBe(0);
  expect((await readPost(id)).content.raw).toContain('ブログで書き足した');
  await sendFromPanel(panel, '.blog-draft-question', 'ブログで編集されています');
  await panel.click('.blog-draft-confirm');
  await expect
    .poll(() => panel.locator('.blog-draft-result').textContent())
    .toContain('下書きを更新しました。');
  expect((await readPost(id)).content.raw).toBe(sent.content.raw);
  expect(await postCount()).toBe(before + 1);

  // Published on the blog between two sends: said, with no offer to overwrite; the post unchanged.
  await onTheBlog(`/wp/v2/posts/${id}`, { method: 'POST', body: JSON.stringify({ status: 'publish' }) });
  const published = await readPost(id);
  expect(published.status).toBe('publish');
  const notDraft = await sendFromPanel(panel, '.blog-draft-error', 'もう下書きではありません');
  expect(notDraft).toContain('上書きしませんでした');
  expect(await panel.locator('.blog-draft-confirm').count()).toBe(0);
  const after = await readPost(id);
  expect(after).toMatchObject({ status: 'publish', modified_gmt: published.modified_gmt });
  expect(after.content.raw).toBe(published.content.raw);
  expect(after.title.raw).toBe(published.title.raw);

  // Deleted on the blog (moved to the trash): Kurabe offers a new draft, and makes one when told.
  await onTheBlog(`/wp/v2/posts/${id}`, { method: 'DELETE' });
  await sendFromPanel(panel, '.blog-draft-question', '削除されています。新しい下書きを作りますか');
  expect(await postCount()).toBe(before + 1);
  await panel.click('.blog-draft-confirm');
  await expect
    .poll(() => panel.locator('.blog-draft-result').textContent())
    .toContain('下書きを作成しました。');
  const fresh = (await remembered())!.remoteId;
  expect(fresh).not.toBe(id);
  expect(await readPost(fresh)).toMatchObject({
    status: 'draft',
    title: { raw: 'ブログ側の変化を試す比較' },
  });
  expect((await readPost(id)).status).toBe('trash');
  expect(await postCount()).toBe(before + 2);
});
