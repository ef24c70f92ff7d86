/**
 * Issue 16, "the worker stopped mid-replication, then resumed": a library of CLIPS clips is
 * pushed by the background (Chrome's MV3 worker, no panel open, woken by the sync alarm); once the
 * first documents have reached the server, the worker is stopped (`Target.closeTarget` on its
 * `service_worker` target: DevTools' "Stop", what Chrome's idle timeout does), while the rest is
 * still on the way. Then the alarm wakes a new worker, whose push resumes: every clip and every
 * article ends on the server, each once (one document per clip, its first revision, no conflict:
 * nothing written twice), and the status the panel shows afterwards is true (no failure, nothing
 * pending). PouchDB's replication is checkpointed (docs/sync.md): the resumed push starts from
 * the last checkpoint the stopped one wrote on the server, which the test reads.
 *
 * Parallel-safe: its own server, proxy, database, pages server and profile, on free ports.
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
  grantHostPermissionFromExtensionsPage,
  launchWithExtension,
  openPanelInTab,
  writeStore,
} from './harness';

/** The few extension APIs the test calls in the extension's pages (no chrome types here). */
declare const chrome: {
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
  alarms: { create(name: string, info: { when: number }): void };
};

/** Enough clips (each with an article) that the push takes many batches of PouchDB's 100. */
const CLIPS = 3000;

interface SyncStatus {
  lastSyncAt?: number;
  lastPushAt?: number;
  failure?: string;
  failures: number;
  pending: number;
}

let couch: CouchServer;
let proxy: CuttableProxy;
let database: string;
let browser: Browser;
let panel: Page | undefined;

beforeAll(async () => {
  couch = await startCouchServer();
  proxy = await startProxy(couch.port);
});

/**
 * A new database on the server and a new browser profile: each attempt of the test starts from
 * nothing (a retry after a failure would otherwise find the first attempt's clips on the server).
 */
async function freshStart(): Promise<void> {
  await browser?.close();
  database = freshDatabaseName();
  const created = await fetch(`${couch.url}/${database}`, {
    method: 'PUT',
    headers: { Authorization: basicAuth(couch.admin) },
  });
  expect(created.status).toBe(201);
  browser = await launchWithExtension();
}

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await couch?.stop();
});

/** The server's documents, straight from the server (not through the proxy). */
async function serverGet<T>(pathAndQuery: string): Promise<T> {
  const res = await fetch(`${couch.url}/${database}${pathAndQuery}`, {
    headers: { Authorization: basicAuth(couch.admin) },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

interface AllDocs {
  rows: { id: string; value: { rev: string } }[];
}

const clipDocsOnServer = async (): Promise<number> =>
  (
    await serverGet<AllDocs>(
      `/_all_docs?startkey=${encodeURIComponent('"clip:"')}&endkey=${encodeURIComponent('"clip:\uffff"')}`,
    )
  ).rows.length;

/** The library: CLIPS clips of distinct pages, each with a short article. */
function library(): { clips: object[]; bodies: object[] } {
  const at = Date.UTC(2026, 11, 1);
  const clips: object[] = [];
  const bodies: object[] = [];
  for (let i = 0; i < CLIPS; i++) {
    const url = `https://blog.example/entry/${i}`;
    const id = clipIdForUrl(url);
    const text = `${i}番目の記事。ルート営業の継続率を比べる。`.repeat(8);
    clips.push({
      id,
      normalizedUrl: url,
      url,
      title: `記事 ${i}`,
      byline: '',
      siteName: 'blog.example',
      lang: 'ja',
      publishedTime: '',
      excerpt: '',
      chars: text.length,
      readingMinutes: 1,
      kind: 'article',
      note: '',
      noteKind: 'memo',
      tags: [],
      createdAt: at + i,
      clippedAt: at + i,
      updatedAt: at + i,
      lead: text,
    });
    bodies.push({ id, html: `<p>${text}</p>`, text });
  }
  return { clips, bodies };
}

/** The extension's running service worker target, if any (browser-wide DevTools session). */
async function workerTarget(): Promise<string | undefined> {
  const cdp = await browser.context.browser()!.newBrowserCDPSession();
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { targetId: string; type: string; url: string }[];
    };
    return targetInfos.find(
      (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${browser.extensionId}/`),
    )?.targetId;
  } finally {
    await cdp.detach();
  }
}

/** Closes every page of the extension (a panel open would sync on the alarm itself). */
async function closeExtensionPages(): Promise<void> {
  for (const page of browser.context.pages())
    if (page.url().startsWith(`chrome-extension://${browser.extensionId}/`)) await page.close();
  panel = undefined;
}

/**
 * Sets the sync alarm to go off in a moment, from an extension page that runs no sync of its own
 * (the manifest, opened in a tab: an extension page with the extension's APIs) and is closed at
 * once: the alarm wakes the worker, or starts a new one, with no panel open, so the background
 * pushes. (A panel would sync itself when it opens, and again on the alarm.)
 */
async function alarmSoon(): Promise<void> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/manifest.json`);
  await page.evaluate(() => chrome.alarms.create('kurabe-sync', { when: Date.now() + 1000 }));
  await page.close();
}

interface Checkpoint {
  _id: string;
  last_seq?: number | string;
  history?: { session_id: string; last_seq: number | string }[];
}

/**
 * The replication checkpoints in the device's replica (PouchDB's IndexedDB database, its
 * `local-store`), read from an extension page that runs no sync: PouchDB writes one after each
 * batch it has pushed, with the sequence reached and the sessions that reached it.
 */
async function localCheckpoints(): Promise<Checkpoint[]> {
  const page = await browser.context.newPage();
  try {
    await page.goto(`chrome-extension://${browser.extensionId}/manifest.json`);
    const docs = await page.evaluate(
      () =>
        new Promise<Checkpoint[]>((resolve, reject) => {
          const open = indexedDB.open('_pouch_kurabe-sync');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const request = open.result.transaction('local-store').objectStore('local-store').getAll();
            request.onsuccess = () => {
              open.result.close();
              resolve(request.result as Checkpoint[]);
            };
            request.onerror = () => reject(request.error);
          };
        }),
    );
    return docs.filter((doc) => doc.last_seq !== undefined);
  } finally {
    await page.close();
  }
}

async function status(page: Page): Promise<SyncStatus | undefined> {
  return page.evaluate(
    async () => (await chrome.storage.local.get('syncStatus')).syncStatus as SyncStatus | undefined,
  );
}

describe('the worker stopped mid-replication, then resumed', () => {
  it('resumes from its checkpoint: every clip on the server, none twice, the status true', async () => {
    // Set-up through the Data tab with an empty library (the permission granted as in
    // sync-two-profiles.test.ts: the extensions page's own call, then the set-up's real request).
    await freshStart();
    panel = await openPanelInTab(browser);
    await grantHostPermissionFromExtensionsPage(browser, 'http://127.0.0.1/*');
    await panel.locator('.tab-data').click();
    await panel.locator('.sync-server').fill(proxy.url);
    await panel.locator('.sync-database').fill(database);
    await panel.locator('.sync-user').fill(couch.admin.username);
    await panel.locator('.sync-password').fill(couch.admin.password);
    await panel.locator('.sync-save').click();
    await expect.poll(async () => (await status(panel!))?.lastSyncAt, { timeout: 20_000 }).toBeTruthy();

    // The library arrives (written as Kurabe writes it, change marks included), every page closes.
    const { clips, bodies } = library();
    for (let i = 0; i < CLIPS; i += 500) {
      await writeStore(panel, 'clips', clips.slice(i, i + 500), { keep: true });
      await writeStore(panel, 'bodies', bodies.slice(i, i + 500), { keep: true });
    }
    await closeExtensionPages();
    expect(await clipDocsOnServer()).toBe(0);

    // The alarm: the background pushes. Stopped once the first clips are on the server.
    await alarmSoon();
    await expect.poll(clipDocsOnServer, { timeout: 60_000, interval: 50 }).toBeGreaterThan(0);
    const target = await workerTarget();
    expect(target).toBeDefined();
    const cdp = await browser.context.browser()!.newBrowserCDPSession();
    await cdp.send('Target.closeTarget', { targetId: target! });
    await cdp.detach();
    await expect.poll(workerTarget).toBeUndefined();
    const atStop = await clipDocsOnServer();
    // Mid-way: the stop took the push before its end (nothing more arrives with no worker).
    expect(atStop).toBeLessThan(CLIPS);
    // The checkpoint the stopped push left: where the next push starts.
    // (The set-up's sync left one of the pull from the server, empty then: sequence 0.)
    const mid = (await localCheckpoints()).find((c) => Number(c.last_seq) > 0);
    expect(mid).toBeDefined();
    const upAtStop = proxy.bytes.up;

    // The alarm again (Chrome's next one, brought forward): a new worker resumes the push.
    const resumedAt = Date.now();
    await alarmSoon();
    await expect.poll(clipDocsOnServer, { timeout: 120_000, interval: 250 }).toBe(CLIPS);
    // The push's own status (read from a page that runs no sync): done, no failure.
    const manifest = await browser.context.newPage();
    await manifest.goto(`chrome-extension://${browser.extensionId}/manifest.json`);
    await expect
      .poll(async () => {
        const s = await status(manifest);
        return (s?.lastPushAt ?? 0) > resumedAt && s?.failure === undefined && s?.pending === 0;
      })
      .toBe(true);
    await manifest.close();

    // Every clip and article once: one document each, its first revision, no conflict.
    const all = await serverGet<AllDocs & { total_rows: number }>('/_all_docs');
    const ids = all.rows.map((row) => row.id);
    const onServer = new Set(ids);
    expect(onServer.size).toBe(ids.length);
    const missing = (clips as { id: string }[]).filter(
      (clip) => !onServer.has(`clip:${clip.id}`) || !onServer.has(`body:${clip.id}`),
    );
    expect(missing).toEqual([]);
    expect(all.rows.filter((row) => row.id.startsWith('clip:') || row.id.startsWith('body:')).length).toBe(
      2 * CLIPS,
    );
    expect(all.rows.every((row) => row.value.rev.startsWith('1-'))).toBe(true);
    const conflicted = await serverGet<{ rows: { doc?: { _conflicts?: string[] } }[] }>(
      '/_all_docs?include_docs=true&conflicts=true',
    );
    expect(conflicted.rows.filter((row) => row.doc?._conflicts?.length)).toEqual([]);
    // The changes feed lists each document once (a document written twice is listed at its last
    // change, but its revision would not be the first: checked above).
    const changes = await serverGet<{ results: { id: string }[] }>('/_changes');
    expect(changes.results.length).toBe(ids.length);
    // The resumed push went on from that checkpoint: a session of its own after the stopped one's.
    const end = (await localCheckpoints()).find((c) => c._id === mid!._id);
    expect(Number(end?.last_seq)).toBeGreaterThan(Number(mid!.last_seq));
    expect(end?.history?.map((h) => h.session_id)).toContain(mid!.history![0]!.session_id);
    expect(end!.history![0]!.session_id).not.toBe(mid!.history![0]!.session_id);
    console.log(
      `worker-stop: ${atStop} of ${CLIPS} clips on the server at the stop (checkpoint seq ${mid!.last_seq}); ` +
        `${proxy.bytes.up - upAtStop} bytes sent after it`,
    );

    // The panel's status line, after the sync it runs when it opens: no failure, nothing pending.
    const openedAt = Date.now();
    panel = await openPanelInTab(browser);
    await panel.locator('.tab-data').click();
    await expect
      .poll(
        async () => {
          const s = await status(panel!);
          return (
            s !== undefined && s.failure === undefined && s.pending === 0 && (s.lastSyncAt ?? 0) > openedAt
          );
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    const line = panel.locator('.sync-status');
    await expect.poll(() => line.textContent(), { timeout: 30_000 }).toMatch(/^最終同期: /);
    expect(await line.textContent()).not.toContain('未送信');
    expect(await line.textContent()).not.toContain('できません');
  }, 400_000); // the sum of its waits: a guard against a hang, not a speed budget (npm run bench)
});
