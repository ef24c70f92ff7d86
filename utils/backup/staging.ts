import { abortForError, type KurabeDatabase } from '../db';
import type { BackupBody } from './format';
import type { BodySink } from './read';

/**
 * The `restoreStaging` store (database version 3): where a restore puts the HTML of a backup's
 * bodies while it reads and validates the file, a batch per small transaction, so that memory
 * holds only the small records. The restore's final transaction reads the HTML back from it and
 * empties it (docs/backup-format.md, "Memory"). Nothing else reads it; whatever a restore leaves
 * there (a crash, a closed panel) is cleared by the next restore before it stages anything.
 */

/** Empties the staging store. */
export async function clearStaging(db: KurabeDatabase): Promise<void> {
  await db.clear('restoreStaging');
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
