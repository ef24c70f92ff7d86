/**
 * Issue 16 end to end: two Chromium profiles with the built extension and one CouchDB-protocol
 * server (pouchdb-server, in memory, behind a proxy that can stop and start it for the browsers).
 * Sync is set up through the real Data tab on both; the host permission is granted the way a
 * person grants it without the prompt (see grantSyncPermission). Then: a clip travels A → B; a
 * cell note and a clip note edited on B reach A; offline edits on both end with one winner on
 * both and the other version offered, merged by hand on B and gone from A after the next sync; a
 * clip deleted on A while B edits it comes back; the server stopped and started; a wrong
 * password; and a clip made with no panel open reaches the server from the background.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipIdForUrl } from '../../utils/clip-id';
import {
  basicAuth,
  type CouchServer,
  type CuttableProxy,
  freshDatabaseName,
  startCouchServer,
  startProxy,
} from '../helpers/couch-server';
import {
  type Browser,
  clickToolbarButton,
  fixturePage,
  grantHostPermissionFromExtensionsPage,
  launchWithExtension,
  openPanelInTab,
  PageServer,
  readStore,
  writeStore,
} from './harness';

/** The few extension APIs the test calls in the extension's pages (no chrome types here). */
declare const chrome: {
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
  permissions: {
    contains(p: { origins: string[] }): Promise<boolean>;
    remove(p: { origins: string[] }): Promise<boolean>;
  };
  developerPrivate: {
    getExtensionInfo(id: string): Promise<{
      permissions: { runtimeHostPermissions?: { hosts: { host: string; granted: boolean }[] } };
    }>;
  };
};

const ARTICLE = '/entry/2026/11/20/route-sales';
/** What the panel shows (ja). */
const TEXT = {
  permission: 'サーバーへの接続が許可されていません',
  unreachable: 'サーバーに接続できません',
  unauthorized: 'ユーザー名かパスワードが違います（401）',
  last: '最終同期',
};

interface SyncStatus {
  lastSyncAt?: number;
  lastPushAt?: number;
  failure?: string;
  failures: number;
  otherVersions: number;
}

let couch: CouchServer;
let proxy: CuttableProxy;
let database: string;
let pages: PageServer;
let origin: string;
let a: Browser;
let b: Browser;
let panelA: Page;
let panelB: Page;

beforeAll(async () => {
  couch = await startCouchServer();
  proxy = await startProxy(couch.port);
  database = freshDatabaseName();
  const created = await fetch(`${couch.url}/${database}`, {
    method: 'PUT',
    headers: { Authorization: basicAuth(couch.admin) },
  });
  expect(created.status).toBe(201);
  pages = new PageServer().route(ARTICLE, { body: fixturePage('pages/route-sales-ja') });
  origin = await pages.start();
  [a, b] = await Promise.all([launchWithExtension(), launchWithExtension()]);
  [panelA, panelB] = await Promise.all([openPanelInTab(a), openPanelInTab(b)]);
});

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await pages?.stop();
  await proxy?.close();
  await couch?.stop();
});

/** The server as the browsers reach it (through the proxy, so it can be stopped for them). */
const serverUrl = () => proxy.url;

async function status(panel: Page): Promise<SyncStatus | undefined> {
  return panel.evaluate(
    async () => (await chrome.storage.local.get('syncStatus')).syncStatus as SyncStatus | undefined,
  );
}

/** Fills the Data tab's set-up and presses 保存して同期, as a person does. */
async function setUp(panel: Page, password = couch.admin.password): Promise<void> {
  await panel.locator('.tab-data').click();
  await panel.locator('.sync-server').fill(serverUrl());
  await panel.locator('.sync-database').fill(database);
  await panel.locator('.sync-user').fill(couch.admin.username);
  await panel.locator('.sync-password').fill(password);
  await panel.locator('.sync-save').click();
}

/** Presses 今すぐ同期 and waits for that sync to end; returns the status it left. */
async function syncNow(panel: Page): Promise<SyncStatus> {
  await panel.locator('.tab-data').click();
  const now = panel.locator('.sync-now');
  await expect.poll(() => now.isEnabled(), { timeout: 20_000 }).toBe(true);
  const before = JSON.stringify(await status(panel));
  await now.click();
  await expect
    .poll(async () => JSON.stringify(await status(panel)) !== before && (await now.isEnabled()), {
      timeout: 20_000,
    })
    .toBe(true);
  return (await status(panel))!;
}

const statusLine = (panel: Page) => panel.locator('.sync-status').textContent();

/** Opens a clip in the reader (Inbox). */
async function openClip(panel: Page, clipId: string): Promise<void> {
  await panel.locator('.tab-inbox').click();
  await panel.locator(`[data-clip-id="${clipId}"] .clip-open`).click();
  await panel.locator('.clip-note').waitFor();
}

async function writeNote(panel: Page, clipId: string, text: string): Promise<void> {
  await openClip(panel, clipId);
  await panel.locator('.clip-note').fill(text);
  await panel.locator('.clip-note').blur();
  await expect
    .poll(
      async () =>
        (await readStore<{ id: string; note: string }>(panel, 'clips')).find((c) => c.id === clipId)?.note,
    )
    .toBe(text);
}

const noteOf = async (panel: Page, clipId: string) =>
  (await readStore<{ id: string; note: string }>(panel, 'clips')).find((c) => c.id === clipId)?.note;

const clipId = () => clipIdForUrl(`${origin}${ARTICLE}`);

describe('two Chromium profiles, one server', () => {
  it('set up through the Data tab on both; a clip made on A appears on B', async () => {
    await Promise.all([
      grantHostPermissionFromExtensionsPage(a, 'http://127.0.0.1/*'),
      grantHostPermissionFromExtensionsPage(b, 'http://127.0.0.1/*'),
    ]);
    await setUp(panelA);
    await setUp(panelB);
    await expect.poll(async () => (await status(panelA))?.lastSyncAt).toBeTruthy();
    await expect.poll(async () => (await status(panelB))?.lastSyncAt).toBeTruthy();
    expect(await statusLine(panelA)).toContain(TEXT.last);

    const tab = await a.context.newPage();
    await tab.goto(`${origin}${ARTICLE}?utm_source=x`);
    await clickToolbarButton(a, tab);
    await expect
      .poll(async () => (await readStore<{ id: string }>(panelA, 'clips')).map((c) => c.id))
      .toEqual([clipId()]);
    await syncNow(panelA);
    await syncNow(panelB);
    const onB = await readStore<{ id: string; title: string }>(panelB, 'clips');
    expect(onB).toEqual([
      expect.objectContaining({ id: clipId(), title: expect.stringContaining('ルート営業') }),
    ]);
    const bodies = await readStore<{ id: string; html: string }>(panelB, 'bodies');
    expect(bodies[0]?.html).toContain('ルート営業');
    // B's Inbox shows it (the sync told the open panel to reload).
    await panelB.locator('.tab-inbox').click();
    await panelB.locator(`[data-clip-id="${clipId()}"]`).waitFor();
  });

  it("a board's cell note and a clip note edited on B reach A", async () => {
    const board = {
      id: 'board-1',
      title: 'ルート営業の比較',
      subjects: [{ id: 's1', name: 'ルート営業' }],
      aspects: [{ id: 'a1', name: '評価軸' }],
      cellNotes: {},
      cellSources: {},
      order: 'a0',
      updatedAt: Date.now(),
    };
    await writeStore(panelA, 'boards', [board]);
    await syncNow(panelA);
    await syncNow(panelB);
    await panelB.reload();
    await panelB.locator('[data-ready="true"]').waitFor();
    await panelB.locator('.tab-boards').click();
    await panelB.locator('.board-card .clip-open').click();
    await panelB.locator('.show-matrix').click();
    const cell = panelB.locator('[data-cell="a1:s1"] .cell-note');
    await cell.fill('継続率で比べる');
    await cell.blur();
    await writeNote(panelB, clipId(), 'Bで書いたメモ');
    await syncNow(panelB);
    await syncNow(panelA);
    const boards = await readStore<{ id: string; cellNotes: Record<string, Record<string, string>> }>(
      panelA,
      'boards',
    );
    expect(boards[0]?.cellNotes).toEqual({ a1: { s1: '継続率で比べる' } });
    expect(await noteOf(panelA, clipId())).toBe('Bで書いたメモ');
  });

  it('offline edits on both: one winner on both, the other version offered, merged on B, resolved on A', async () => {
    await proxy.cut();
    await writeNote(panelA, clipId(), 'Aでオフラインに書いた');
    await writeNote(panelB, clipId(), 'Bでオフラインに書いた');
    await proxy.restore();
    await syncNow(panelA);
    await syncNow(panelB);
    await syncNow(panelA);
    const winner = await noteOf(panelA, clipId());
    expect(await noteOf(panelB, clipId())).toBe(winner);
    const loser = winner === 'Aでオフラインに書いた' ? 'Bでオフラインに書いた' : 'Aでオフラインに書いた';
    for (const panel of [panelA, panelB]) {
      await openClip(panel, clipId());
      const offered = panel.locator('.clip-notes .other-version');
      await offered.waitFor();
      expect(await offered.locator('.other-version-mine .other-version-text').textContent()).toBe(winner);
      expect(await offered.locator('.other-version-theirs .other-version-text').textContent()).toBe(loser);
    }
    await panelB.locator('.clip-notes .other-version-merge').click();
    const merged = panelB.locator('.clip-notes .other-version-merged');
    expect(await merged.inputValue()).toBe(`${winner}\n\n${loser}`);
    await merged.fill(`${winner}／${loser}`);
    await panelB.locator('.clip-notes .other-version-save-merged').click();
    await panelB.locator('.clip-notes .other-version').waitFor({ state: 'detached' });
    expect(await noteOf(panelB, clipId())).toBe(`${winner}／${loser}`);
    await syncNow(panelB);
    await syncNow(panelA);
    expect(await noteOf(panelA, clipId())).toBe(`${winner}／${loser}`);
    await openClip(panelA, clipId());
    await panelA.locator('.clip-notes .other-version').waitFor({ state: 'detached' });
    expect((await status(panelA))?.otherVersions).toBe(0);
  });

  it('a clip deleted for good on A while B edits it comes back on A with the edit', async () => {
    await proxy.cut();
    // What emptying the Trash does (the clip and its article gone for good, marked in the sync's
    // change log as every write of Kurabe is: utils/change-log.ts), on A.
    await panelA.evaluate(
      (id) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('kurabe');
          open.onsuccess = () => {
            const tx = open.result.transaction(['clips', 'bodies', 'syncChanges'], 'readwrite');
            tx.objectStore('clips').delete(id);
            tx.objectStore('bodies').delete(id);
            tx.objectStore('syncChanges').put(Math.random(), `clip:${id}`);
            tx.objectStore('syncChanges').put(Math.random(), `body:${id}`);
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      clipId(),
    );
    await writeNote(panelB, clipId(), '消さないで');
    await proxy.restore();
    await syncNow(panelA);
    await syncNow(panelB);
    await syncNow(panelA);
    expect(await noteOf(panelA, clipId())).toBe('消さないで');
    const bodies = await readStore<{ id: string; html: string }>(panelA, 'bodies');
    expect(bodies.find((body) => body.id === clipId())?.html).toContain('ルート営業');
  });

  it('the server stopped: the status says so and nothing is lost; started again: the sync resumes', async () => {
    await proxy.cut();
    const failed = await syncNow(panelA);
    expect(failed.failure).toBe('unreachable');
    expect(await statusLine(panelA)).toContain(TEXT.unreachable);
    await proxy.restore();
    const ok = await syncNow(panelA);
    expect(ok).toMatchObject({ failures: 0 });
    expect(ok.failure).toBeUndefined();
  });

  it('a clip made with no panel open reaches the server from the background', async () => {
    // Every extension page of A closed: the panel in its tab and the side panel the click opened.
    const cdp = await a.context.browser()!.newBrowserCDPSession();
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { targetId: string; url: string }[];
    };
    for (const target of targetInfos)
      if (target.url.startsWith(`chrome-extension://${a.extensionId}/sidepanel.html`))
        await cdp.send('Target.closeTarget', { targetId: target.targetId });
    await cdp.detach();
    // A page clipped from the toolbar would open the side panel: the worker itself writes the
    // clip as the clip handler does (its change marks with it: utils/change-log.ts), then the alarm goes off (an unpacked extension may set one
    // a second away).
    const worker = a.context.serviceWorkers()[0] ?? (await a.context.waitForEvent('serviceworker'));
    const url = 'https://news.example/no-panel';
    const id = clipIdForUrl(url);
    await worker.evaluate(
      ([clipIdValue, pageUrl]) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('kurabe');
          open.onsuccess = () => {
            const tx = open.result.transaction(['clips', 'bodies', 'syncChanges'], 'readwrite');
            const at = Date.now();
            tx.objectStore('syncChanges').put(Math.random(), `clip:${clipIdValue}`);
            tx.objectStore('syncChanges').put(Math.random(), `body:${clipIdValue}`);
            tx.objectStore('clips').put({
              id: clipIdValue,
              normalizedUrl: pageUrl,
              url: pageUrl,
              title: 'パネルなしで',
              byline: '',
              siteName: 'news.example',
              lang: 'ja',
              publishedTime: '',
              excerpt: '',
              chars: 3,
              readingMinutes: 1,
              kind: 'article',
              note: '',
              noteKind: 'memo',
              tags: [],
              createdAt: at,
              clippedAt: at,
              updatedAt: at,
              lead: '本文だ',
            });
            tx.objectStore('bodies').put({ id: clipIdValue, html: '<p>本文だ</p>', text: '本文だ' });
            tx.oncomplete = () => {
              open.result.close();
              (
                globalThis as unknown as {
                  chrome: { alarms: { create(name: string, info: { when: number }): void } };
                }
              ).chrome.alarms.create('kurabe-sync', { when: Date.now() + 500 });
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      [id, url] as const,
    );
    await expect
      .poll(
        async () => {
          const res = await fetch(`${couch.url}/${database}/${encodeURIComponent(`clip:${id}`)}`, {
            headers: { Authorization: basicAuth(couch.admin) },
          });
          return res.status;
        },
        { timeout: 20_000 },
      )
      .toBe(200);
    // B takes it in at its next sync.
    await syncNow(panelB);
    expect((await readStore<{ id: string }>(panelB, 'clips')).map((c) => c.id)).toContain(id);
    panelA = await openPanelInTab(a);
  });

  it('the permission removed later: the status says so and nothing more is sent', async () => {
    // As chrome://extensions' "Remove" (or the extension's own call) takes it back.
    await panelB.evaluate(() => chrome.permissions.remove({ origins: ['http://127.0.0.1/*'] }));
    const before = (await fetch(`${couch.url}/${database}`, {
      headers: { Authorization: basicAuth(couch.admin) },
    }).then((res) => res.json())) as { update_seq: unknown };
    await writeNote(panelB, clipId(), '許可なしで書いた');
    const failed = await syncNow(panelB);
    expect(failed.failure).toBe('permission');
    await panelB.locator('.tab-data').click();
    expect(await statusLine(panelB)).toContain(TEXT.permission);
    const after = (await fetch(`${couch.url}/${database}`, {
      headers: { Authorization: basicAuth(couch.admin) },
    }).then((res) => res.json())) as { update_seq: unknown };
    expect(after.update_seq).toEqual(before.update_seq);
  });

  it('a wrong password: the status says so', async () => {
    await setUp(panelA, 'wrong-password');
    await expect.poll(() => statusLine(panelA), { timeout: 20_000 }).toContain(TEXT.unauthorized);
    expect((await status(panelA))?.failure).toBe('unauthorized');
  });
});
