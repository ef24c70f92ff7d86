// @vitest-environment jsdom
// Sync with no panel open: the background pushes a clip made while every panel is closed, on the
// alarm and a few seconds after the change (entrypoints/background/sync.ts), to a real
// CouchDB-protocol server (pouchdb-server), with the browser's PouchDB (pouchdb-browser) on
// fake-indexeddb, as the worker runs it.
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startBackgroundSync } from '@/entrypoints/background/sync';
import { closeDB, getDB, saveClip } from '@/utils/db';
import { broadcast } from '@/utils/messages';
import { SYNC_ALARM, SYNC_CONFIG_KEY, SYNC_STATUS_KEY, type SyncStatus } from '@/utils/sync/runner';
import { basicAuth, type CouchServer, freshDatabaseName, startCouchServer } from '../helpers/couch-server';
import { makePage } from '../helpers/pages';
import { nodePouch } from '../helpers/pouch-node';

let server: CouchServer;
beforeAll(async () => {
  server = await startCouchServer();
}, 30_000);
afterAll(() => server?.stop());

let database: string;
beforeEach(async () => {
  fakeBrowser.reset();
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
  database = freshDatabaseName();
  const created = await fetch(`${server.url}/${database}`, {
    method: 'PUT',
    headers: { Authorization: basicAuth(server.admin) },
  });
  expect(created.status).toBe(201);
  await fakeBrowser.storage.local.set({
    [SYNC_CONFIG_KEY]: { serverUrl: server.url, database, ...server.admin },
  });
  // fakeBrowser leaves the permissions API to each test: here the server's origin was granted.
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation((async () => true) as never);
});

const onServer = async (id: string) =>
  (
    await nodePouch(`${server.url}/${database}`, { skip_setup: true, auth: server.admin }).allDocs({
      keys: [id],
    })
  ).rows[0];
const status = async () =>
  (await fakeBrowser.storage.local.get(SYNC_STATUS_KEY))[SYNC_STATUS_KEY] as SyncStatus | undefined;

describe('the background pushes what was clipped while no panel is open', () => {
  it('on the alarm', async () => {
    startBackgroundSync();
    const { clip } = await saveClip(await getDB(), makePage({ url: 'https://news.example/alarm' }));
    expect(await onServer(`clip:${clip.id}`)).toMatchObject({ error: 'not_found' });
    await fakeBrowser.alarms.onAlarm.trigger({
      name: SYNC_ALARM,
      scheduledTime: Date.now(),
      persistAcrossSessions: false,
    });
    await vi.waitFor(async () => expect(await onServer(`clip:${clip.id}`)).toHaveProperty('value.rev'), {
      timeout: 10_000,
    });
    expect(await onServer(`body:${clip.id}`)).toHaveProperty('value.rev');
    await vi.waitFor(async () =>
      expect(await status()).toMatchObject({ failures: 0, pending: 0, lastPushAt: expect.any(Number) }),
    );
    // A push is not a sync: nothing came in, so "last synced" is not claimed.
    expect((await status())?.lastSyncAt).toBeUndefined();
  });

  it('a few seconds after the clip (its event), with no alarm', async () => {
    startBackgroundSync();
    const { clip } = await saveClip(await getDB(), makePage({ url: 'https://news.example/debounce' }));
    // What the background's clip handler tells every page once the clip is stored.
    broadcast({
      type: 'clip-saved',
      clipId: clip.id,
      kind: 'article',
      updated: false,
      restored: false,
      quoteAdded: false,
      at: Date.now(),
    });
    await vi.waitFor(async () => expect(await onServer(`clip:${clip.id}`)).toHaveProperty('value.rev'), {
      timeout: 15_000,
      interval: 200,
    });
  }, 20_000);

  it('says so, and sends nothing, when the permission was removed', async () => {
    startBackgroundSync();
    vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation((async () => false) as never);
    const { clip } = await saveClip(await getDB(), makePage({ url: 'https://news.example/no-permission' }));
    await fakeBrowser.alarms.onAlarm.trigger({
      name: SYNC_ALARM,
      scheduledTime: Date.now(),
      persistAcrossSessions: false,
    });
    await vi.waitFor(async () => expect(await status()).toMatchObject({ failure: 'permission' }));
    expect(await onServer(`clip:${clip.id}`)).toMatchObject({ error: 'not_found' });
  });
});
