import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { getDB } from '@/utils/db';
import { broadcast, onKurabeEvent } from '@/utils/messages';
import type { PouchDatabase, PouchFactory } from '@/utils/sync/pouch';
import {
  LOCAL_SYNC_DB,
  onSyncDue,
  runSync,
  SYNC_ALARM,
  SYNC_CONFIG_KEY,
  SYNC_DEBOUNCE_MS,
  SYNC_PERIOD_MINUTES,
  SYNC_STATUS_KEY,
  type SyncConfig,
  type SyncStatus,
} from '@/utils/sync/runner';
import { originPattern } from '@/utils/sync/status';

/** Events of this page's own sync: other pages reload, this one does too (its `from` differs). */
const SYNC_SOURCE = 'sync';

let pouchFactory: Promise<PouchFactory> | undefined;
let localDb: PouchDatabase | undefined;

/** PouchDB, loaded only once sync is set up (a chunk of its own: ~150 KB the panel otherwise skips). */
function loadPouch(): Promise<PouchFactory> {
  pouchFactory ??= import('pouchdb-browser').then(
    ({ default: PouchDB }) =>
      (nameOrUrl: string, options?: ConstructorParameters<typeof PouchDB>[1]) =>
        new PouchDB(nameOrUrl, options),
  );
  return pouchFactory;
}

async function loadConfig(): Promise<SyncConfig | undefined> {
  return (await browser.storage.local.get(SYNC_CONFIG_KEY))[SYNC_CONFIG_KEY] as SyncConfig | undefined;
}

async function loadStatus(): Promise<SyncStatus | undefined> {
  return (await browser.storage.local.get(SYNC_STATUS_KEY))[SYNC_STATUS_KEY] as SyncStatus | undefined;
}

/**
 * The Data tab's sync: its set-up (credentials in storage.local only), and its triggers: the
 * panel opening, a change (debounced), the alarm, Sync now.
 */
export function useSync() {
  const [config, setConfig] = useState<Omit<SyncConfig, 'password'>>();
  const [status, setStatus] = useState<SyncStatus>();
  const [syncing, setSyncing] = useState(false);
  const [refused, setRefused] = useState(false);
  const debounce = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const run = useCallback(async (force = false) => {
    const stored = await loadConfig();
    if (!stored) return;
    setSyncing(true);
    try {
      // The backup module (sanitizing an arriving article as a restore does) is a chunk of its own.
      const { deriveBodyFromHtml } = await import('@/utils/backup');
      const next = await runSync(
        {
          db: await getDB(),
          open: async () => {
            const pouch = await loadPouch();
            localDb ??= pouch(LOCAL_SYNC_DB);
            return { local: localDb, pouch };
          },
          deriveBody: (html) => deriveBodyFromHtml(html),
          loadConfig,
          loadStatus,
          saveStatus: (s) => browser.storage.local.set({ [SYNC_STATUS_KEY]: s }),
          hasPermission: async (url) => browser.permissions.contains({ origins: [originPattern(url)] }),
          libraryChanged: () => broadcast({ type: 'library-changed', from: SYNC_SOURCE }),
        },
        { force },
      );
      setStatus(next);
    } finally {
      setSyncing(false);
    }
  }, []);

  useEffect(() => {
    const stop = new AbortController();
    void (async () => {
      const stored = await loadConfig();
      if (stored) {
        const { password: _password, ...shown } = stored;
        setConfig(shown);
      }
      setStatus(await loadStatus());
      await run();
    })();
    // A change made in any page (this one too) syncs a little later; the sync's own do not.
    onKurabeEvent((event) => {
      if (event.type !== 'library-changed' || event.from === SYNC_SOURCE) return;
      clearTimeout(debounce.current);
      debounce.current = setTimeout(() => void run(), SYNC_DEBOUNCE_MS);
    }, stop.signal);
    onSyncDue(() => void run(), stop.signal);
    return () => {
      stop.abort();
      clearTimeout(debounce.current);
    };
  }, [run]);

  /** Saves the set-up. The permission is asked for first, synchronously inside the click. */
  const save = useCallback(
    (next: SyncConfig) => {
      const asked = browser.permissions.request({ origins: [originPattern(next.serverUrl)] });
      void (async () => {
        if (!(await asked)) {
          setRefused(true);
          return;
        }
        setRefused(false);
        await browser.storage.local.set({ [SYNC_CONFIG_KEY]: next, [SYNC_STATUS_KEY]: undefined });
        const { password: _password, ...shown } = next;
        setConfig(shown);
        await browser.alarms.create(SYNC_ALARM, { periodInMinutes: SYNC_PERIOD_MINUTES });
        await run(true);
      })();
    },
    [run],
  );

  const turnOff = useCallback(async () => {
    await browser.storage.local.remove([SYNC_CONFIG_KEY, SYNC_STATUS_KEY]);
    await browser.alarms.clear(SYNC_ALARM);
    setConfig(undefined);
    setStatus(undefined);
  }, []);

  return {
    config,
    status,
    syncing,
    refused,
    save,
    syncNow: () => void run(true),
    turnOff: () => void turnOff(),
  };
}
