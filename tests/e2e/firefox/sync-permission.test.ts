/**
 * Sync in Firefox ESR when the person says no: the Data tab's set-up asks for the server's host
 * permission, and the prompt Firefox shows (its doorhanger in the browser's own window, reached
 * through the chrome scope) is cancelled. The panel says why sync does not start, nothing of the
 * set-up is kept, no permission is held, and nothing reaches the server. (Chromium's prompt cannot
 * be answered from a headless test: docs/sync.md.)
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  basicAuth,
  type CouchServer,
  createFreshDatabase,
  startCouchServer,
} from '../../helpers/couch-server';
import { type Firefox, launchFirefox, openExtensionPage, poll, textOf } from '../firefox-harness';

let couch: CouchServer;
let database: string;
let firefox: Firefox;
let panel: Page;

beforeAll(async () => {
  couch = await startCouchServer();
  database = await createFreshDatabase(couch);
  firefox = await launchFirefox({ lang: 'ja' });
  panel = await openExtensionPage(firefox);
});

afterAll(async () => {
  await firefox?.close();
  await couch?.stop();
});

const PROMPT = `document.getElementById('addon-webext-permissions-notification')`;

it('the permission prompt cancelled: a message, no set-up kept, no permission, nothing on the server', async () => {
  await panel.bringToFront();
  await panel.locator('.tab-data').click();
  await panel.locator('.sync-server').fill(couch.url);
  await panel.locator('.sync-database').fill(database);
  await panel.locator('.sync-user').fill(couch.admin.username);
  await panel.locator('.sync-password').fill(couch.admin.password);
  await panel.locator('.sync-save').click();
  await poll('the permission prompt', () => firefox.chrome<boolean>(`!!${PROMPT}`));
  // The doorhanger's second button is Firefox's 「キャンセル」 (the request's "no").
  await firefox.chrome(`${PROMPT}.secondaryButton.click()`);
  await poll('the refusal message', async () =>
    (await textOf(panel, '.sync-error')).includes(
      'サーバーへの接続が許可されなかったため、同期は始まりません。',
    )
      ? true
      : undefined,
  );
  // The request's notification is gone with the answer (the panel may stay open for another
  // one: the page's own persistent-storage request).
  expect(
    await firefox.chrome<boolean>(
      `!!PopupNotifications.getNotification('addon-webext-permissions', gBrowser.selectedBrowser)`,
    ),
  ).toBe(false);

  const held = await panel.evaluate(async (server: string) => {
    const ext = (
      globalThis as unknown as {
        browser: {
          storage: { local: { get(keys: string[]): Promise<Record<string, unknown>> } };
          permissions: { contains(permissions: { origins: string[] }): Promise<boolean> };
        };
      }
    ).browser;
    const stored = await ext.storage.local.get(['syncConfig', 'syncStatus']);
    const origin = `${new URL(server).origin}/*`;
    return { stored, permitted: await ext.permissions.contains({ origins: [origin] }) };
  }, couch.url);
  expect(held.stored).toEqual({});
  expect(held.permitted).toBe(false);
  // No set-up, so no status line and no Sync now button.
  expect(await panel.$('.sync-status')).toBeNull();
  expect(await panel.$('.sync-now')).toBeNull();

  const info = await fetch(`${couch.url}/${database}`, {
    headers: { Authorization: basicAuth(couch.admin) },
  });
  expect(((await info.json()) as { doc_count: number }).doc_count).toBe(0);
});
