import { abortForError, type KurabeDatabase } from '../db';
import type { BackupBody } from './format';
import type { BodySink } from './read';

/**
 * The `restoreStaging` store (database version 3): where a restore puts the HTML of a backup's
 * bodies while it reads and validates the file, a batch per small transaction, so that memory
 * holds only the small records. The restore's final transaction reads the HTML back from it and
 * empties it (docs/backup-format.md, "Memory"). Nothing else reads it. What a restore leaves there
 * when it never finishes (a closed panel, a killed browser: tens of MB) is cleared when the side
 * panel or the background worker starts (clearStaleStaging), and by the next restore before it
 * stages anything.
 */

/**
 * The Web Lock a restore holds from its first staged body to its last write, in whichever of the
 * extension's pages it runs: restores share the staging store, so they run one at a time, and
 * staging is stale exactly when nobody holds this lock. The browser releases it when its page
 * closes or dies.
 */
export const RESTORE_LOCK = 'kurabe-restore';

/** The Web Locks of this page or worker (Chrome 69+, Firefox 96+; not in Node or jsdom). */
function lockManager(): LockManager | undefined {
  const locks = (globalThis as { navigator?: { locks?: LockManager | null } }).navigator?.locks;
  return typeof locks?.request === 'function' ? locks : undefined;
}

/** Without Web Locks: the restores of this page, chained, and how many are under way. */
let lastRestore: Promise<unknown> = Promise.resolve();
let restoresHere = 0;

/**
 * Runs restores one at a time, as they share the staging store: across the extension's pages
 * with a Web Lock where there is one, else within this page.
 */
export function oneRestoreAtATime<T>(work: () => Promise<T>): Promise<T> {
  const locks = lockManager();
  if (locks) return locks.request(RESTORE_LOCK, work);
  restoresHere++;
  const run = lastRestore.then(work).finally(() => {
    restoresHere--;
  });
  lastRestore = run.catch(() => {});
  return run;
}

/**
 * Empties the staging store unless a restore is under way: the side panel and the background
 * worker call it when they start. It takes the restore lock only if it is free (another page may
 * be restoring right now: its bodies are not stale), so it never waits. Without Web Locks only
 * this page's restores are known. Returns whether it cleared.
 */
export async function clearStaleStaging(db: KurabeDatabase): Promise<boolean> {
  const locks = lockManager();
  if (!locks) {
    if (restoresHere > 0) return false;
    await clearStaging(db);
    return true;
  }
  return locks.request(RESTORE_LOCK, { ifAvailable: true }, async (lock) => {
    if (!lock) return false;
    // Not while it is empty: a count is cheaper than a write at every start.
    if ((await countStaged(db)) > 0) await clearStaging(db);
    return true;
  });
}

/**
 * Empties the staging store, and deletes first what a restore that did not finish wrote ahead of
 * its transaction: the bodies it placed (with the leads and search entries made of them) whose
 * clip never came. A placed body whose clip exists now is that clip's (a clip saved meanwhile
 * writes its own body over it): it stays.
 */
export async function clearStaging(db: KurabeDatabase): Promise<void> {
  const tx = db.transaction(['restoreStaging', 'clips', 'bodies', 'leads', 'searchDocs'], 'readwrite');
  try {
    const placed = await tx.objectStore('restoreStaging').index('placed').getAll();
    const clips = tx.objectStore('clips');
    const clipless = await Promise.all(
      placed.map(async ({ placed: id }) => ((await clips.getKey(id!)) === undefined ? id! : undefined)),
    );
    for (const id of clipless) {
      if (id === undefined) continue;
      // Handled: a failed request fails the transaction, whose own promise says why.
      tx.objectStore('bodies')
        .delete(id)
        .catch(() => {});
      tx.objectStore('leads')
        .delete(id)
        .catch(() => {});
      tx.objectStore('searchDocs')
        .delete(id)
        .catch(() => {});
    }
    tx.objectStore('restoreStaging')
      .clear()
      .catch(() => {});
    await tx.done;
  } catch (error) {
    throw await abortForError(tx, error);
  }
}

/** How many bodies the staging store holds (tests, and a check after a restore). */
export function countStaged(db: KurabeDatabase): Promise<number> {
  return db.count('restoreStaging');
}

/**
 * Writes one batch of validated bodies to the staging store in a transaction of its own. A
 * failure aborts that transaction and rejects with the reason: a full disk gives the
 * QuotaExceededError, also when the browser aborted the transaction itself (then a pending put
 * fails with a bare AbortError and only the transaction's error says why).
 */
export async function stageBodies(db: KurabeDatabase, batch: BackupBody[]): Promise<void> {
  const tx = db.transaction('restoreStaging', 'readwrite');
  const puts: Promise<unknown>[] = [];
  try {
    for (const { id, html } of batch) {
      const put = tx.store.put({ id, html });
      // Handled here too: when one put fails, the others are aborted with it.
      put.catch(() => {});
      puts.push(put);
    }
    await Promise.all([...puts, tx.done]);
  } catch (error) {
    throw await abortForError(tx, error);
  }
}

/** A BodySink that stages each batch in `db`. */
export function stagingSink(db: KurabeDatabase): BodySink {
  return (batch) => stageBodies(db, batch);
}
