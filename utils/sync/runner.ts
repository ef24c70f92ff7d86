import type { DeriveBody } from '../backup/restore';
import { oneRestoreAtATime } from '../backup/staging';
import type { KurabeDatabase } from '../db';
import { listOtherVersions, pendingChanges, pushOnce, type SyncResult, syncOnce } from './mirror';
import type { PouchDatabase, PouchFactory } from './pouch';
import { classifySyncError, retryDelaySeconds, type SyncFailure, serverUrlProblem } from './status';

/**
 * When and how a sync runs, apart from the browser: the side panel passes the storage, the
 * permission check and PouchDB (entrypoints/sidepanel/sync.ts). Credentials stay in
 * storage.local (SYNC_CONFIG_KEY): never in the IndexedDB library, so never in a backup, and
 * never in a message or a log.
 */
export const SYNC_CONFIG_KEY = 'syncConfig';
export const SYNC_STATUS_KEY = 'syncStatus';
/** The device's own PouchDB database (the replica of docs/sync.md). */
export const LOCAL_SYNC_DB = 'kurabe-sync';
/** How long the panel waits after a change before it syncs (changes come in bursts). */
export const SYNC_DEBOUNCE_MS = 5_000;
/** The alarm that runs a sync now and then (background → open panels, on SYNC_CHANNEL). */
export const SYNC_ALARM = 'kurabe-sync';
/** A channel of its own, so the clip events' protocol (utils/messages.ts) stays as it is. */
export const SYNC_CHANNEL = 'kurabe-sync-due';

/** Tells open panels a sync is due (the alarm went off). */
export function announceSyncDue(): void {
  const channel = new BroadcastChannel(SYNC_CHANNEL);
  channel.postMessage('due');
  channel.close();
}

/** Calls `handler` when a sync is due, until `signal` aborts. */
export function onSyncDue(handler: () => void, signal: AbortSignal): void {
  const channel = new BroadcastChannel(SYNC_CHANNEL);
  channel.onmessage = () => handler();
  signal.addEventListener('abort', () => channel.close(), { once: true });
}
/** The alarm's period while the browser runs. */
export const SYNC_PERIOD_MINUTES = 15;

export interface SyncConfig {
  /** The server's address, e.g. https://couch.example:6984 (no path, no credentials). */
  serverUrl: string;
  database: string;
  username: string;
  password: string;
}

export interface SyncStatus {
  /** When the last sync succeeded. */
  lastSyncAt?: number;
  /** When local changes last reached the server (a sync, or the background's push alone). */
  lastPushAt?: number;
  /** Why the last try failed (undefined after a success). */
  failure?: SyncFailure;
  /** Failures in a row: the backoff grows with them. */
  failures: number;
  /** No automatic try before this time (backoff); Sync now ignores it. */
  nextTryAt?: number;
  /** Local changes not yet sent (documents written by the last export that failed to leave). */
  pending: number;
  /** Other versions waiting to be kept or merged. */
  otherVersions: number;
}

export interface SyncDeps {
  db: KurabeDatabase;
  /** PouchDB and the device's replica, opened only when a sync is about to run (a chunk of its own). */
  open(): Promise<{ local: PouchDatabase; pouch: PouchFactory }>;
  deriveBody: DeriveBody;
  loadConfig(): Promise<SyncConfig | undefined>;
  loadStatus(): Promise<SyncStatus | undefined>;
  saveStatus(status: SyncStatus): Promise<void>;
  /** Whether the host permission of the server's origin is granted (it can be removed any time). */
  hasPermission(serverUrl: string): Promise<boolean>;
  /** Tells open pages the library changed (they reload; drafts stay). */
  libraryChanged(): void;
  now?: () => number;
}

export const databaseUrl = ({ serverUrl, database }: SyncConfig): string =>
  `${serverUrl.replace(/\/+$/, '')}/${encodeURIComponent(database)}`;

let running: Promise<SyncStatus> | undefined;

/** The Web Lock every page and the background worker take for a sync (one replica, one writer). */
export const SYNC_LOCK = 'kurabe-sync';

export interface RunOptions {
  /** Sync now: ignores the backoff. */
  force?: boolean;
  /** Local changes out only (no DOM here to sanitize what would come in): pushOnce. */
  pushOnly?: boolean;
}

/**
 * Runs one sync unless one is running (then waits for it), or the backoff says not yet (`force`,
 * Sync now, tries anyway). A failure loses nothing: local changes wait in IndexedDB and PouchDB.
 * Across the extension's pages and its worker, a Web Lock lets one sync run at a time: the
 * replica's mirror state is one document, and two writers would make one of them fail.
 */
export function runSync(deps: SyncDeps, options: RunOptions = {}): Promise<SyncStatus> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  // Not while a restore runs (it waits for it, and a restore waits for a sync): a restore writes
  // new clips' bodies ahead of their clips, which an export would send alone.
  const run = () => oneRestoreAtATime(() => runOnce(deps, options));
  running ??= (locks ? locks.request(SYNC_LOCK, run) : run()).finally(() => {
    running = undefined;
  });
  return running;
}

async function runOnce(deps: SyncDeps, { force = false, pushOnly = false }: RunOptions): Promise<SyncStatus> {
  const now = deps.now ?? Date.now;
  const status: SyncStatus = (await deps.loadStatus()) ?? { failures: 0, pending: 0, otherVersions: 0 };
  const config = await deps.loadConfig();
  if (!config) return status;
  if (!force && status.nextTryAt !== undefined && now() < status.nextTryAt) return status;
  let replica: PouchDatabase | undefined;
  const fail = async (failure: SyncFailure) => {
    status.failure = failure;
    status.failures++;
    status.nextTryAt = now() + retryDelaySeconds(status.failures) * 1000;
    if (replica) status.pending = await pendingChanges(deps.db, replica).catch(() => status.pending);
    await deps.saveStatus(status);
    return status;
  };
  if (serverUrlProblem(config.serverUrl)) return fail('unreachable');
  // A browser without the permissions API (or a refused check) counts as no permission.
  if (!(await deps.hasPermission(config.serverUrl).catch(() => false))) return fail('permission');
  let local: PouchDatabase;
  let remote: PouchDatabase;
  try {
    const opened = await deps.open();
    local = opened.local;
    replica = local;
    remote = opened.pouch(databaseUrl(config), {
      skip_setup: true,
      auth: { username: config.username, password: config.password },
    });
  } catch (error) {
    return fail(classifySyncError(error));
  }
  let result: SyncResult | undefined;
  try {
    if (pushOnly) await pushOnce(deps.db, local, remote);
    else result = await syncOnce(deps.db, local, remote, deps.deriveBody);
  } catch (error) {
    return fail(classifySyncError(error));
  }
  if (result && result.imported.applied > 0) deps.libraryChanged();
  Object.assign(status, {
    // A push alone is not a sync: "last synced" stays the last time changes came in too.
    lastSyncAt: result ? now() : status.lastSyncAt,
    lastPushAt: now(),
    failure: undefined,
    failures: 0,
    nextTryAt: undefined,
    pending: 0,
    otherVersions: (await listOtherVersions(local)).length,
  });
  await deps.saveStatus(status);
  return status;
}
