/**
 * Sync in Firefox ESR (the MV2 build, which lists the server's origins in optional_permissions):
 * set up through the Data tab with the permission prompt Firefox shows (its doorhanger in the
 * browser's own window, reached through the chrome scope as the toolbar button is) first cancelled
 * — the panel says why sync does not start, nothing is kept, nothing reaches the server — then
 * accepted; a clip made here reaches the server, a clip another device put there arrives, and one note
 * edited on both devices gives one winner on both with the other version offered here.
 */
// The other device's library (Kurabe's own code on node) lives in fake-indexeddb.
import 'fake-indexeddb/auto';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clipIdForUrl } from '../../../utils/clip-id';
import {
  basicAuth,
  type CouchServer,
  createFreshDatabase,
  startCouchServer,
} from '../../helpers/couch-server';
import { localPouch, nodePouch } from '../../helpers/pouch-node';
import {
  clickToolbarButton,
  type Firefox,
  launchFirefox,
  openExtensionPage,
  openTab,
  poll,
  textOf,
} from '../firefox-harness';
import { fixturePage, PageServer, readStore } from '../harness';

const ARTICLE = '/entry/2026/11/20/route-sales';

let couch: CouchServer;
let database: string;
let pages: PageServer;
let origin: string;
let firefox: Firefox;
let panel: Page;

beforeAll(async () => {
  couch = await startCouchServer();
  database = await createFreshDatabase(couch);
  pages = new PageServer().route(ARTICLE, { body: fixturePage('pages/route-sales-ja') });
  origin = await pages.start();
  firefox = await launchFirefox({ lang: 'ja' });
  panel = await openExtensionPage(firefox);
});

afterAll(async () => {
  await firefox?.close();
  await pages?.stop();
  await couch?.stop();
});

const docOnServer = async (id: string) =>
  (
    await fetch(`${couch.url}/${database}/${encodeURIComponent(id)}`, {
      headers: { Authorization: basicAuth(couch.admin) },
    })
  ).status;

/** Fills the Data tab's set-up and presses 保存して同期, as a person does. */
async function saveSetUp(): Promise<void> {
  await panel.bringToFront();
  await panel.locator('.tab-data').click();
  await panel.locator('.sync-server').fill(couch.url);
  await panel.locator('.sync-database').fill(database);
  await panel.locator('.sync-user').fill(couch.admin.username);
  await panel.locator('.sync-password').fill(couch.admin.password);
  await panel.locator('.sync-save').click();
}

const PROMPT = `document.getElementById('addon-webext-permissions-notification')`;

it('the permission prompt cancelled: a message, no set-up kept, no permission, nothing on the server', async () => {
  await saveSetUp();
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

  // Read in the extension page, where `browser` is Firefox's extension API.
  const origin = `${new URL(couch.url).origin}/*`;
  const held = (await panel.evaluate(
    `(async () => ({
      stored: await browser.storage.local.get(['syncConfig', 'syncStatus']),
      permitted: await browser.permissions.contains({ origins: [${JSON.stringify(origin)}] }),
    }))()`,
  )) as { stored: Record<string, unknown>; permitted: boolean };
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

it('set up again, the prompt accepted; a clip made here reaches the server', async () => {
  await saveSetUp();
  // Firefox asks again: the main button of its doorhanger, which a person presses.
  await poll('the permission prompt', () => firefox.chrome<boolean>(`!!${PROMPT}`));
  await firefox.chrome(`${PROMPT}.button.click()`);
  await poll('the first sync', async () =>
    (await textOf(panel, '.sync-status')).includes('最終同期') ? true : undefined,
  );

  const tab = await openTab(firefox, `${origin}${ARTICLE}`);
  await clickToolbarButton(firefox, tab);
  const id = clipIdForUrl(`${origin}${ARTICLE}`);
  await poll('the clip', async () =>
    (await readStore<{ id: string }>(panel, 'clips')).some((c) => c.id === id),
  );
  // The panel syncs 5 s after the change; the background pushes too: either way it gets there.
  await poll('the clip on the server', async () => (await docOnServer(`clip:${id}`)) === 200, 30_000);
  expect(await docOnServer(`body:${id}`)).toBe(200);
});

/** The other device: Kurabe's own sync on node, its library in fake-indexeddb. */
interface OtherDevice {
  db: Awaited<ReturnType<typeof import('../../../utils/db').openKurabeDB>>;
  sync: () => Promise<unknown>;
}
let other: OtherDevice;
const OTHER_URL = 'https://news.example/from-the-desk';

/** The sync's stored status (storage.local), as JSON: its times are to the millisecond. */
const storedStatus = () =>
  panel.evaluate(
    `browser.storage.local.get('syncStatus').then(({ syncStatus }) => JSON.stringify(syncStatus ?? null))`,
  ) as Promise<string>;

/** Presses 今すぐ同期 and waits for a sync to end (this one, or the change's own that was running). */
async function pressSyncNow(): Promise<void> {
  await panel.bringToFront();
  await panel.locator('.tab-data').click();
  const before = await storedStatus();
  await panel.locator('.sync-now').click();
  // The status line says the time to the minute; the stored status changes with every sync.
  await poll('Sync now to end', async () =>
    (await storedStatus()) !== before &&
    (await panel.$eval('.sync-now', (button) => !(button as HTMLButtonElement).disabled))
      ? true
      : undefined,
  );
}

it('a clip another device put on the server arrives at Sync now', async () => {
  const { openKurabeDB, saveClip } = await import('../../../utils/db');
  const { syncOnce } = await import('../../../utils/sync/mirror');
  const { deriveBodyFromHtml } = await import('../../../utils/backup');
  const { JSDOM } = await import('jsdom');
  const { document } = new JSDOM('').window;
  const db = await openKurabeDB();
  const local = localPouch();
  const remote = nodePouch(`${couch.url}/${database}`, { skip_setup: true, auth: couch.admin });
  other = { db, sync: () => syncOnce(db, local, remote, (html) => deriveBodyFromHtml(html, document)) };
  await saveClip(db, {
    kind: 'article',
    url: OTHER_URL,
    originalUrl: OTHER_URL,
    title: '机で書いた記事',
    byline: '',
    siteName: 'news.example',
    lang: 'ja',
    publishedTime: '',
    modifiedTime: '',
    excerpt: '',
    html: '<p>机の本文</p>',
    text: '机の本文',
    chars: 4,
    readingMinutes: 1,
  });
  await other.sync();
  await panel.bringToFront();
  // The clip of the test before brought the panel to its Inbox: Sync now is on the Data tab.
  await panel.locator('.tab-data').click();
  await panel.locator('.sync-now').click();
  const id = clipIdForUrl(OTHER_URL);
  await poll('the clip from the other device', async () =>
    (await readStore<{ id: string; title: string }>(panel, 'clips')).find((c) => c.id === id),
  );
  const bodies = await readStore<{ id: string; html: string }>(panel, 'bodies');
  expect(bodies.find((body) => body.id === id)?.html).toBe('<p>机の本文</p>');
});

it('one note edited on both devices: one winner on both, the other version offered here', async () => {
  const { updateClipNotes } = await import('../../../utils/db');
  const id = clipIdForUrl(OTHER_URL);
  // The other device writes first and syncs; this one has not seen it when its person writes.
  await updateClipNotes(other.db, id, { note: '机で書いたメモ' });
  await other.sync();
  await panel.bringToFront();
  await panel.locator('.tab-inbox').click();
  await panel.locator(`[data-clip-id="${id}"] .clip-open`).click();
  await panel.locator('.clip-note').fill('ノートPCで書いたメモ');
  await panel.$eval('.clip-note', (note) => (note as HTMLTextAreaElement).blur());
  await poll('the note saved here', async () =>
    (await readStore<{ id: string; note: string }>(panel, 'clips')).some(
      (c) => c.id === id && c.note === 'ノートPCで書いたメモ',
    ),
  );
  // The change's own sync (a few seconds later) or Sync now: either brings the conflict here.
  await pressSyncNow();
  await pressSyncNow();
  await other.sync();
  const here = (await readStore<{ id: string; note: string }>(panel, 'clips')).find((c) => c.id === id)?.note;
  const there = (await other.db.get('clips', id))?.note;
  expect([here, there]).toEqual([here, here]);
  expect(['机で書いたメモ', 'ノートPCで書いたメモ']).toContain(here);
  const loser = here === '机で書いたメモ' ? 'ノートPCで書いたメモ' : '机で書いたメモ';
  await panel.locator('.tab-inbox').click();
  await panel.locator(`[data-clip-id="${id}"] .clip-open`).click();
  await poll('the other version offered', async () =>
    (await panel.$('.clip-notes .other-version')) ? true : undefined,
  );
  expect(await textOf(panel, '.clip-notes .other-version-mine .other-version-text')).toBe(here);
  expect(await textOf(panel, '.clip-notes .other-version-theirs .other-version-text')).toBe(loser);
  expect(await textOf(panel, '.clip-notes .other-version-title')).toBe('別の端末での変更');
});
