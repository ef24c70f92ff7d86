import { getDB } from '../db';
import { broadcast } from '../messages';
import type { PouchDatabase, PouchFactory } from './pouch';
import {
  LOCAL_SYNC_DB,
  SYNC_CONFIG_KEY,
  SYNC_STATUS_KEY,
  type SyncConfig,
  type SyncDeps,
  type SyncStatus,
} from './runner';
import { originPattern } from './status';

/**
 * What a sync needs from the browser, the same for the panel and the background worker: the
 * set-up and status in storage.local, the host permission, PouchDB (pouchdb-browser, loaded on
 * the first sync) and the device's replica.
 */

/** Events of a sync's own writes: pages reload, and no page or worker counts them as a change. */
export const SYNC_SOURCE = 'sync';

let pouchFactory: Promise<PouchFactory> | undefined;
let localDb: PouchDatabase | undefined;

function loadPouch(): Promise<PouchFactory> {
  pouchFactory ??= import('pouchdb-browser').then(
    ({ default: PouchDB }) =>
      (nameOrUrl: string, options?: ConstructorParameters<typeof PouchDB>[1]) =>
        new PouchDB(nameOrUrl, options),
  );
  return pouchFactory;
}

/** The device's replica (PouchDB loaded on first use). */
export async function openLocal(): Promise<{ local: PouchDatabase; pouch: PouchFactory }> {
  const pouch = await loadPouch();
  localDb ??= pouch(LOCAL_SYNC_DB);
  return { local: localDb, pouch };
}

export async function loadConfig(): Promise<SyncConfig | undefined> {
  return (await browser.storage.local.get(SYNC_CONFIG_KEY))[SYNC_CONFIG_KEY] as SyncConfig | undefined;
}

export async function loadStatus(): Promise<SyncStatus | undefined> {
  return (await browser.storage.local.get(SYNC_STATUS_KEY))[SYNC_STATUS_KEY] as SyncStatus | undefined;
}

/** The runner's dependencies; `deriveBody` sanitizes an arriving article (a DOM is needed). */
export async function browserSyncDeps(deriveBody: SyncDeps['deriveBody']): Promise<SyncDeps> {
  return {
    db: await getDB(),
    open: openLocal,
    deriveBody,
    loadConfig,
    loadStatus,
    saveStatus: (s) => browser.storage.local.set({ [SYNC_STATUS_KEY]: s }),
    hasPermission: async (url) => browser.permissions.contains({ origins: [originPattern(url)] }),
    libraryChanged: () => broadcast({ type: 'library-changed', from: SYNC_SOURCE }),
  };
}
