/**
 * 「下書きとして送る」 in Firefox ESR (the MV2 build, whose blog origins are in
 * optional_permissions): the Hatena blog set up in the Data tab, the permission prompt Firefox
 * shows from that click accepted in the browser's own window (its doorhanger, as the sync test
 * presses it), then a board sent as a draft to the AtomPub test double
 * (tests/servers/hatena-atompub.ts) and sent again: the same entry, updated, still a draft.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type HatenaDouble, startHatenaDouble } from '../../servers/hatena-atompub';
import {
  type Firefox,
  launchFirefox,
  openExtensionPage,
  poll,
  reloadExtensionPage,
} from '../firefox-harness';
import { readStore, writeStore } from '../harness';

const BOARD = {
  id: 'b-ff',
  title: 'CRM比較 <Firefox> & "引用"',
  subjects: [
    { id: 's-kintone', name: 'kintone' },
    { id: 's-sf', name: 'Salesforce' },
  ],
  aspects: [{ id: 'a-price', name: '料金' }],
  cellNotes: { 'a-price': { 's-kintone': '月額1,800円から', 's-sf': '要問い合わせ' } },
  cellSources: {},
  order: 'a0',
};

let hatena: HatenaDouble;
let firefox: Firefox;
let panel: Page;

beforeAll(async () => {
  hatena = await startHatenaDouble();
  firefox = await launchFirefox({ lang: 'ja' });
  panel = await openExtensionPage(firefox);
});

afterAll(async () => {
  await firefox?.close();
  await hatena?.stop();
});

/** The text of the first element matching `selector`, or '' while there is none. */
const text = (selector: string) =>
  panel.evaluate((s) => document.querySelector(s)?.textContent ?? '', selector);

it('sets the blog up (the prompt accepted in the browser window), sends a board as a draft, and updates the same entry', async () => {
  await writeStore(panel, 'boards', [{ ...BOARD, updatedAt: Date.now() }]);
  await reloadExtensionPage(panel);
  await panel.bringToFront();

  // Data tab: Hatena, the はてなID, the endpoint, the API key → 「接続を確認」.
  await panel.locator('.tab-data').click();
  await panel.select('.blog-kind', 'hatena');
  await panel.locator('.blog-user').fill(hatena.hatenaId);
  await panel.locator('.blog-address').fill(hatena.endpoint);
  await panel.locator('.blog-secret').fill(hatena.apiKey);
  await panel.locator('.blog-test').click();
  // Firefox asks for the blog's origin from that click: its doorhanger, whose button a person presses.
  await poll('the permission prompt', () =>
    firefox.chrome<boolean>(`!!document.getElementById('addon-webext-permissions-notification')`),
  );
  expect(hatena.received).toEqual([]);
  await firefox.chrome(`document.getElementById('addon-webext-permissions-notification').button.click()`);
  await poll('the connection test', async () => (await text('.blog-result')).includes('に接続できました'));
  expect(await text('.blog-result')).toContain('比べて書くブログ & Co <test>');
  expect(await panel.evaluate(() => (document.querySelector('.blog-secret') as HTMLInputElement).value)).toBe(
    '',
  );

  // The board's export panel → 「下書きとして送る」: one entry, a draft, the title separate.
  await panel.locator('.tab-boards').click();
  await panel.locator(`.board-card[data-board-id="${BOARD.id}"] .clip-open`).click();
  await panel.locator('.show-export').click();
  await panel.locator('.blog-draft-send').click();
  await poll('the draft', async () => (await text('.blog-draft-result')).includes('下書きを作成しました'));
  expect(hatena.entries.size).toBe(1);
  const [entry] = [...hatena.entries.values()];
  expect(entry).toMatchObject({ title: BOARD.title, contentType: 'text/x-markdown', draft: true });
  expect(entry!.content).toMatch(/^## 比較表/);
  expect(entry!.content).toContain('要問い合わせ');
  expect(hatena.received.find((r) => r.method === 'POST')!.headers['x-wsse']).toMatch(/^UsernameToken /);
  expect(
    await panel.evaluate(() => document.querySelector('.blog-draft-open')?.getAttribute('href') ?? ''),
  ).toBe(`${hatena.origin}/${hatena.hatenaId}/${hatena.blogId}/edit?entry=${entry!.id}`);
  const remembered = (
    await readStore<{ id: string; blogDrafts?: Record<string, { remoteId: string }> }>(panel, 'boards')
  ).find((b) => b.id === BOARD.id)?.blogDrafts?.[`hatena:${hatena.endpoint}`];
  expect(remembered?.remoteId).toBe(`${hatena.endpoint}/entry/${entry!.id}`);

  // Sent again: the same entry, read first, then updated — a draft still.
  await panel.locator('.blog-draft-send').click();
  await poll('the update', async () => (await text('.blog-draft-result')).includes('下書きを更新しました'));
  expect(hatena.entries.size).toBe(1);
  const puts = hatena.received.filter((r) => r.method === 'PUT');
  expect(puts).toHaveLength(1);
  expect(puts[0]!.body).toContain('<app:draft>yes</app:draft>');
  expect(hatena.entries.get(entry!.id)!.draft).toBe(true);
});
