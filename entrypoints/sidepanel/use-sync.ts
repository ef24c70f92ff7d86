import { useEffect, useMemo, useState } from 'preact/hooks';
import type { OtherVersions } from '@/components/OtherVersionChoice';
import { onKurabeEvent } from '@/utils/messages';
import { browserSyncDeps, loadConfig, loadStatus, openLocal, SYNC_SOURCE } from '@/utils/sync/browser-deps';
import { dismissOtherVersion, listOtherVersions, type OtherVersion } from '@/utils/sync/mirror';
import {
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

/** What the Data tab shows of the sync: one per page, whichever view is open. */
export interface SyncView {
  /** The set-up without its password: the password never comes back to a page. */
  config?: Omit<SyncConfig, 'password'>;
  status?: SyncStatus;
  syncing: boolean;
  refused: boolean;
  /** The other versions (「別の端末での変更」) waiting to be kept, taken or merged. */
  otherVersions: OtherVersion[];
}

let view: SyncView = { syncing: false, refused: false, otherVersions: [] };
const listeners = new Set<(next: SyncView) => void>();
function update(change: Partial<SyncView>): void {
  view = { ...view, ...change };
  for (const listener of listeners) listener(view);
}

/** Reads the other versions the replica holds (none to read before sync is set up). */
async function refreshOtherVersions(): Promise<void> {
  if (!(await loadConfig())) return update({ otherVersions: [] });
  update({ otherVersions: await listOtherVersions((await openLocal()).local) });
}

/**
 * A person chose for another version (kept theirs, took it or merged it): its document is
 * deleted here, and the next sync, soon after, deletes it on the server and the other devices.
 */
async function resolveOtherVersion(version: OtherVersion): Promise<void> {
  await dismissOtherVersion((await openLocal()).local, version);
  await refreshOtherVersions();
  const status = await loadStatus();
  if (status) {
    const next = { ...status, otherVersions: view.otherVersions.length };
    await browser.storage.local.set({ [SYNC_STATUS_KEY]: next });
    update({ status: next });
  }
  scheduleSync();
}

let debounce: ReturnType<typeof setTimeout> | undefined;
/** A sync a few seconds from now (changes come in bursts). */
function scheduleSync(): void {
  clearTimeout(debounce);
  debounce = setTimeout(() => void run(), SYNC_DEBOUNCE_MS);
}

/** Runs a sync now (force: Sync now, a new set-up) or when the backoff allows. */
async function run(force = false): Promise<void> {
  if (!(await loadConfig())) return;
  update({ syncing: true });
  try {
    // The backup module (sanitizing an arriving article as a restore does) is a chunk of its own.
    const { deriveBodyFromHtml } = await import('@/utils/backup');
    const status = await runSync(await browserSyncDeps((html) => deriveBodyFromHtml(html)), { force });
    update({ status });
    await refreshOtherVersions();
  } finally {
    update({ syncing: false });
  }
}

let started = false;

/** Reads the set-up and the status as stored (another panel may have changed them). */
async function refresh(): Promise<void> {
  const stored = await loadConfig();
  let config: SyncView['config'];
  if (stored) {
    const { password: _password, ...shown } = stored;
    config = shown;
  }
  update({ config, status: await loadStatus() });
}

/**
 * Starts the panel's sync triggers once per page: now (the panel opened), 5 s after a change in
 * any page (the sync's own writes aside), and when the background's alarm says a sync is due.
 */
export function startSync(): void {
  if (started) return;
  started = true;
  void refresh().then(() => run());
  const forever = new AbortController().signal;
  onKurabeEvent((event) => {
    if (event.type !== 'library-changed' || event.from === SYNC_SOURCE) return;
    scheduleSync();
  }, forever);
  onSyncDue(() => void run(), forever);
}

/** Saves the set-up. The permission is asked for first, synchronously inside the click. */
function save(next: SyncConfig): void {
  const asked = browser.permissions.request({ origins: [originPattern(next.serverUrl)] });
  void (async () => {
    if (!(await asked)) {
      update({ refused: true });
      return;
    }
    await browser.storage.local.set({ [SYNC_CONFIG_KEY]: next });
    await browser.storage.local.remove(SYNC_STATUS_KEY);
    const { password: _password, ...shown } = next;
    update({ refused: false, config: shown, status: undefined });
    await browser.alarms.create(SYNC_ALARM, { periodInMinutes: SYNC_PERIOD_MINUTES });
    await run(true);
  })();
}

async function turnOff(): Promise<void> {
  await browser.storage.local.remove([SYNC_CONFIG_KEY, SYNC_STATUS_KEY]);
  await browser.alarms.clear(SYNC_ALARM);
  update({ config: undefined, status: undefined, otherVersions: [] });
}

/** The Data tab's view of the sync and its actions. */
export function useSync() {
  const [current, setCurrent] = useState(view);
  useEffect(() => {
    listeners.add(setCurrent);
    setCurrent(view);
    if (started) void refresh();
    else startSync();
    return () => {
      listeners.delete(setCurrent);
    };
  }, []);
  return { ...current, save, syncNow: () => void run(true), turnOff: () => void turnOff() };
}

/** Every page's view of the other versions, for the notes they belong to (App provides it). */
export function useOtherVersions(): OtherVersions {
  const [versions, setVersions] = useState(view.otherVersions);
  useEffect(() => {
    const listener = (next: SyncView) => setVersions(next.otherVersions);
    listeners.add(listener);
    setVersions(view.otherVersions);
    // The replica as it is now (a sync, started with the panel, refreshes it again when done).
    void refreshOtherVersions().catch(() => {});
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return useMemo(
    () => ({
      find: (docId, field) => versions.find((v) => v.docId === docId && v.field === field),
      resolve: resolveOtherVersion,
    }),
    [versions],
  );
}
