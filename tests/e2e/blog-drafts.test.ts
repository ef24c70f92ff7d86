import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type HatenaDouble, startHatenaDouble } from '../servers/hatena-atompub';
import {
  type Browser,
  grantHostPermissionFromExtensionsPage,
  launchWithExtension,
  openPanelInTab,
  readStore,
  writeStore,
} from './harness';

/**
 * 「下書きとして送る」 in Chromium, against the Hatena Blog AtomPub test double
 * (tests/servers/hatena-atompub.ts, on 127.0.0.1): set the blog up in the Data tab (a wrong key
 * first: said, nothing saved, nothing created), send a board, send it again (the same entry,
 * updated), answer the question when the entry was edited on the blog, and send with a key the
 * blog no longer accepts (said; nothing created or changed; the copy button still works).
 *
 * The host permission: 「接続を確認」 and 「下書きとして送る」 call permissions.request for the blog's
 * origin from the click, which in Chrome opens a prompt no test can answer (browser UI that no
 * DevTools target reaches). The test grants the origin as a person does from chrome://extensions
 * (site access → add a site: developerPrivate.addHostPermission, harness.ts
 * grantHostPermissionFromExtensionsPage), the shipped build and manifest untouched; that leaves the
 * origin granted but not active until the extension's own request from the click makes it so —
 * which the test checks (permissions.contains false before 接続を確認, true after).
 */

const BOARD = {
  id: 'b-crm',
  title: 'CRM比較 <script>alert(1)</script> & "引用"',
  subjects: [
    { id: 's-kintone', name: 'kintone' },
    { id: 's-sf', name: 'Salesforce' },
  ],
  aspects: [{ id: 'a-price', name: '料金' }],
  cellNotes: { 'a-price': { 's-kintone': '月額1,800円から', 's-sf': '' } },
  cellSources: {},
  order: 'a0',
};
const CLIP = 'c-crm';
const HOSTILE_QUOTE = '--> <!-- wp:html --><script>alert(1)</script> & 「料金は月額」';

declare const chrome: { permissions: { contains(p: { origins: string[] }): Promise<boolean> } };

/** The blog double's origin as a match pattern (patterns take no port). */
const BLOG_ORIGIN = 'http://127.0.0.1/*';

let hatena: HatenaDouble;
let browser: Browser;

beforeAll(async () => {
  hatena = await startHatenaDouble();
  browser = await launchWithExtension({ lang: 'ja' });
  await grantHostPermissionFromExtensionsPage(browser, BLOG_ORIGIN);
});

afterAll(async () => {
  await browser?.close();
  await hatena?.stop();
});

const permitted = (panel: Page) =>
  panel.evaluate((origin) => chrome.permissions.contains({ origins: [origin] }), BLOG_ORIGIN);

async function seedBoard(panel: Page) {
  const now = Date.now();
  await writeStore(panel, 'boards', [{ ...BOARD, updatedAt: now }]);
  await writeStore(panel, 'clips', [
    {
      id: CLIP,
      normalizedUrl: 'https://crm.example/pricing',
      url: 'https://crm.example/pricing',
      title: 'CRMの料金 "比較" & <b>まとめ</b>',
      byline: '',
      siteName: 'crm.example',
      lang: 'ja',
      publishedTime: '',
      modifiedTime: '',
      excerpt: '',
      lead: HOSTILE_QUOTE,
      chars: 100,
      readingMinutes: 1,
      kind: 'article',
      note: '',
      noteKind: 'article',
      tags: ['CRM', '料金'],
      createdAt: now,
      clippedAt: now,
      updatedAt: now,
    },
  ]);
  await writeStore(panel, 'bodies', [{ id: CLIP, html: `<p>${HOSTILE_QUOTE}</p>`, text: HOSTILE_QUOTE }]);
  await writeStore(panel, 'quotes', [
    {
      id: 'q1',
      clipId: CLIP,
      text: HOSTILE_QUOTE,
      context: '',
      note: '',
      noteKind: 'article',
      createdAt: now,
    },
  ]);
  await writeStore(panel, 'placements', [
    {
      id: 'p1',
      boardId: BOARD.id,
      clipId: CLIP,
      quoteId: 'q1',
      aspectId: 'a-price',
      subjectId: 's-kintone',
      order: 'a0',
      note: '',
      noteKind: 'article',
    },
  ]);
}

/** Fills the set-up and presses 接続を確認; waits for the result that contains `expected`. */
async function setUpBlog(panel: Page, key: string, expected: string) {
  await panel.click('.tab-data');
  await panel.locator('.blog-settings').waitFor();
  await panel.selectOption('.blog-kind', 'hatena');
  await panel.fill('.blog-user', hatena.hatenaId);
  await panel.fill('.blog-address', hatena.endpoint);
  await panel.fill('.blog-secret', key);
  await panel.click('.blog-test');
  await expect.poll(() => panel.locator('.blog-result').textContent()).toContain(expected);
  // The key field is emptied after each test (the key never stays in the page).
  expect(await panel.locator('.blog-secret').inputValue()).toBe('');
}

async function openExport(panel: Page) {
  await panel.click('.tab-boards');
  await panel.locator(`.board-card[data-board-id="${BOARD.id}"] .clip-open`).click();
  await panel.click('.show-export');
  await panel.locator('.blog-draft').waitFor();
}

const storedBoard = async (panel: Page) =>
  (
    await readStore<{ id: string; blogDrafts?: Record<string, { remoteId: string; editUrl: string }> }>(
      panel,
      'boards',
    )
  ).find((b) => b.id === BOARD.id);

it('sets up a Hatena blog, sends a board as a draft, updates the same entry, asks before overwriting, and refuses a wrong key without losing anything', async () => {
  const panel = await openPanelInTab(browser);
  await seedBoard(panel);
  await panel.reload();
  await panel.locator('[data-ready="true"]').waitFor();
  // Not active at install, nor after chrome://extensions granted it: only the click's request is.
  expect(await permitted(panel)).toBe(false);

  // A wrong key: said in words to act on; nothing is saved, nothing is created.
  await setUpBlog(panel, 'wrong-key', 'APIキー');
  // 接続を確認's own permissions.request, from the click, made the origin active.
  expect(await permitted(panel)).toBe(true);
  expect(await panel.locator('.blog-list').count()).toBe(0);
  expect(hatena.entries.size).toBe(0);
  const storedLocal = await panel.evaluate('chrome.storage.local.get(null)');
  expect(JSON.stringify(storedLocal)).not.toContain('wrong-key');

  // The right key: the blog's title, read from the service document; the set-up is kept.
  await setUpBlog(panel, hatena.apiKey, '「比べて書くブログ & Co <test>」に接続できました');
  expect(await panel.locator('.blog-list .blog-item').count()).toBe(1);
  // The key is never written back into the page.
  expect(await panel.locator('.blog-secret').inputValue()).toBe('');

  // Send the board: one entry, a draft, Markdown with the title separate, the picked category.
  await openExport(panel);
  await panel.locator('.blog-draft-tags label', { hasText: '料金' }).locator('input').check();
  await panel.click('.blog-draft-send');
  await expect
    .poll(() => panel.locator('.blog-draft-result').textContent())
    .toContain('下書きを作成しました');
  expect(hatena.entries.size).toBe(1);
  const [entry] = [...hatena.entries.values()];
  expect(entry).toMatchObject({
    title: BOARD.title,
    contentType: 'text/x-markdown',
    draft: true,
    categories: ['料金'],
  });
  expect(entry!.content).toMatch(/^## 比較表/);
  expect(entry!.content).not.toMatch(/^# /m);
  expect(entry!.content).toContain('月額1,800円から');
  // The page's text arrived as text (escaped for Markdown, not as HTML).
  expect(entry!.content).toContain('&lt;script>alert(1)&lt;/script>');
  const firstPost = hatena.received.find((r) => r.method === 'POST')!;
  expect(firstPost.body).toContain('<app:draft>yes</app:draft>');
  expect(firstPost.headers['x-wsse']).toMatch(/^UsernameToken /);
  expect(firstPost.body).not.toContain(hatena.apiKey);
  const open = panel.locator('.blog-draft-open');
  expect(await open.textContent()).toBe('ブログで開く');
  expect(await open.getAttribute('href')).toBe(
    `${hatena.origin}/${hatena.hatenaId}/${hatena.blogId}/edit?entry=${entry!.id}`,
  );
  const remembered = await storedBoard(panel);
  const key = `hatena:${hatena.endpoint}`;
  expect(remembered?.blogDrafts?.[key]?.remoteId).toBe(`${hatena.endpoint}/entry/${entry!.id}`);

  // Send again: the same entry, read first, then updated (still a draft).
  await panel.click('.blog-draft-send');
  await expect
    .poll(() => panel.locator('.blog-draft-result').textContent())
    .toContain('下書きを更新しました');
  expect(hatena.entries.size).toBe(1);
  expect(hatena.received.filter((r) => r.method === 'PUT').length).toBe(1);
  expect(hatena.received.filter((r) => r.method === 'PUT')[0]!.body).toContain('<app:draft>yes</app:draft>');

  // Edited on the blog since: Kurabe asks, and overwrites only when told.
  hatena.editOnBlog(entry!.id, { content: 'はてなで書き足した' });
  await panel.click('.blog-draft-send');
  await panel.locator('.blog-draft-question').waitFor();
  expect(await panel.locator('.blog-draft-question').textContent()).toContain('ブログで編集されています');
  expect(hatena.entries.get(entry!.id)!.content).toBe('はてなで書き足した');
  await panel.click('.blog-draft-confirm');
  await expect
    .poll(() => panel.locator('.blog-draft-result').textContent())
    .toContain('下書きを更新しました');
  expect(hatena.entries.get(entry!.id)!.content).toMatch(/^## 比較表/);

  // A key the blog no longer accepts: the message, nothing created or changed, copy still works.
  await panel.evaluate(`(async () => {
    const { blogConfigs } = await chrome.storage.local.get('blogConfigs');
    for (const blog of blogConfigs) blog.config.apiKey = 'revoked-key';
    await chrome.storage.local.set({ blogConfigs });
  })()`);
  const before = JSON.stringify([...hatena.entries.values()]);
  await panel.click('.blog-draft-send');
  await panel.locator('.blog-draft-error').waitFor();
  const error = (await panel.locator('.blog-draft-error').textContent()) ?? '';
  expect(error).toContain('APIキー');
  expect(error).toContain('コピーボタンも使えます');
  expect(error).not.toContain('revoked-key');
  expect(JSON.stringify([...hatena.entries.values()])).toBe(before);
  // The copy button still works (the extension page writes the clipboard from the click; the
  // DevTools protocol cannot grant clipboard permissions to an extension's origin).
  await panel.click('.copy-markdown');
  await expect.poll(() => panel.locator('.export-message').textContent()).toBe('Markdownをコピーしました。');
});
