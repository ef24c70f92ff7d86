/**
 * Issue 16, "permission not granted", in headless Chromium. The set-up asks for the server's host
 * permission with `permissions.request` from the click; Chrome shows its prompt, a browser-modal
 * dialog of the window the asking page is in. No DevTools target reaches that dialog, and nothing
 * on Chromium's command line answers it (ScopedTestDialogAutoConfirm and the permissions API's
 * SetAutoConfirmForTests are set only by Chromium's own C++ tests;
 * --apps-gallery-install-auto-confirm-for-tests is read by the Web Store installer only).
 *
 * What does answer it: the prompt closes with the window it belongs to, and Chrome treats that as
 * a person cancelling it (the request resolves false). So the set-up runs in a panel in a window
 * of its own; once it has asked, its tab is moved to the first window (`tabs.move`), the emptied
 * window closes with the prompt, and the set-up page, alive in the other window, gets its answer.
 *
 * Parallel-safe: its own profile, no server (nothing may be sent), a port nobody listens on.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/couch-server';
import { type Browser, launchWithExtension, openPanelInTab } from './harness';

declare const chrome: {
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
  permissions: { contains(p: { origins: string[] }): Promise<boolean> };
  tabs: {
    getCurrent(): Promise<{ id?: number; windowId: number } | undefined>;
    move(tabId: number, props: { windowId: number; index: number }): Promise<unknown>;
  };
  windows: {
    create(props: { url: string }): Promise<{ id?: number }>;
    getAll(): Promise<{ id?: number }[]>;
  };
};

const REFUSED = 'サーバーへの接続が許可されなかったため、同期は始まりません。';

let browser: Browser;
beforeAll(async () => {
  browser = await launchWithExtension();
});
afterAll(async () => {
  await browser?.close();
});

describe('the server permission not granted', () => {
  it('the prompt closed without a yes: the set-up says so, and nothing is saved or sent', async () => {
    const first: Page = await openPanelInTab(browser);
    const firstWindow = await first.evaluate(async () => (await chrome.tabs.getCurrent())!.windowId);
    const [asking] = await Promise.all([
      browser.context.waitForEvent('page'),
      first.evaluate(
        (url) => chrome.windows.create({ url }),
        `chrome-extension://${browser.extensionId}/sidepanel.html`,
      ),
    ]);
    await asking.locator('[data-ready="true"]').waitFor();
    const tab = await asking.evaluate(async () => (await chrome.tabs.getCurrent())!);
    expect(tab.windowId).not.toBe(firstWindow);

    const serverUrl = `http://127.0.0.1:${await freePort()}`;
    await asking.locator('.tab-data').click();
    await asking.locator('.sync-server').fill(serverUrl);
    await asking.locator('.sync-database').fill('kurabe');
    await asking.locator('.sync-user').fill('aiko');
    await asking.locator('.sync-password').fill('secret');
    await asking.locator('.sync-save').click();
    // Time for Chrome to put its prompt up (nothing tells a page it is up): a window closed
    // before its prompt exists takes no prompt with it, and the request would pend. The request
    // pends meanwhile: nothing granted, nothing said yet.
    await asking.waitForTimeout(2000);
    expect(await asking.locator('.sync-error').count()).toBe(0);

    // The asking tab leaves its window; the window, empty, closes, and its prompt with it.
    await first.evaluate(([tabId, windowId]) => chrome.tabs.move(tabId, { windowId, index: -1 }), [
      tab.id!,
      firstWindow,
    ] as const);
    await expect
      .poll(async () => (await first.evaluate(() => chrome.windows.getAll())).length, { timeout: 10_000 })
      .toBe(1);

    await expect
      .poll(() => asking.locator('.sync-error').allTextContents(), { timeout: 10_000 })
      .toContain(REFUSED);
    expect(
      await asking.evaluate((o) => chrome.permissions.contains({ origins: [o] }), 'http://127.0.0.1/*'),
    ).toBe(false);
    // Nothing saved: no set-up, no status line, no sync.
    expect((await asking.evaluate(() => chrome.storage.local.get('syncConfig'))).syncConfig).toBeUndefined();
    expect(await asking.locator('.sync-status').count()).toBe(0);
  });
});
