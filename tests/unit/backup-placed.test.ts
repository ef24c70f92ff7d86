import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { deriveStagedBodies } from '@/utils/backup/derive-slices';
import { readBackup } from '@/utils/backup/read';
import {
  notDerivedHere,
  restoreBackup,
  restoreFromStream,
  type StagedContents,
  stageBackup,
} from '@/utils/backup/restore';
import { clearStaleStaging, countStaged } from '@/utils/backup/staging';
import { backupBlob } from '@/utils/backup/write';
import { type Clip, type KurabeDatabase, leadOf, openKurabeDB } from '@/utils/db';
import { runSync, type SyncDeps } from '@/utils/sync/runner';
import { wordCount } from '@/utils/text';
import {
  articleHtml,
  articleLines,
  backupFile,
  plainDerive,
  restoredId,
  snapshot,
  streamOf,
} from '../helpers/backup';

/**
 * A restore writes the body of a clip new to the database straight to `bodies` while it derives
 * it (version 12: `placed`), and its transaction writes the clip's record only: the transaction
 * no longer reads and writes every article again. What that must not change: the restored
 * library, all or nothing, and what a sync or a backup made meanwhile holds.
 */

let db: KurabeDatabase;
beforeEach(async () => {
  db = await openKurabeDB(new IDBFactory());
  return () => db.close();
});

/**
 * A file of `n` articles `a0…`, the first one in English (its words are counted), and every
 * fourth a bookmark (no article: nothing to derive or place), so that bodies written ahead and
 * bodies the transaction reads take turns.
 */
function library(n: number): Uint8Array {
  const lines = Array.from({ length: n }, (_, i) =>
    articleLines(`a${i}`, i % 4 === 3 ? '' : articleHtml(i, 3_000)).map((line) =>
      line.store === 'clips' && i % 4 === 3
        ? { ...line, record: { ...line.record, kind: 'bookmark' as const, excerpt: `ブックマーク ${i}` } }
        : line,
    ),
  ).flat();
  const first = lines[0]!;
  if (first.store === 'clips') first.record = { ...first.record, lang: 'en' };
  return backupFile(lines);
}

/** The clip record of `id` as the file holds it. */
const clipRecord = (id: string): Clip => articleLines(id, '')[0]!.record as Clip;

/** A restore whose transaction runs after `between` (what a worker's `apply` would meet). */
function restoreWith(bytes: Uint8Array, between: (contents: StagedContents) => Promise<void> | void) {
  return restoreFromStream(db, streamOf(bytes), {
    deriveBody: plainDerive,
    bodyBatch: { count: 4 },
    apply: async (contents) => {
      await between(contents);
      return restoreBackup(db, contents, { deriveBody: notDerivedHere });
    },
  });
}

describe('bodies written ahead of the transaction', () => {
  it('a new clip’s body and lead are in place before its record, and the library is what the one-transaction restore makes', async () => {
    const bytes = library(12);
    const result = await restoreWith(bytes, async () => {
      // Derived and placed; the clips are not written yet.
      expect(await db.count('clips')).toBe(0);
      // The 9 articles; the 3 bookmarks' (empty) bodies wait in staging for the transaction.
      expect(await db.count('bodies')).toBe(9);
      expect(await db.count('leads')).toBe(9);
      expect(await db.get('restoreStaging', 'a3')).toEqual({ id: 'a3', html: '' });
      const ledger = await db.get('restoreStaging', 'a0');
      const body = await db.get('bodies', restoredId('a0'));
      expect(ledger).toEqual({
        id: 'a0',
        html: '',
        placed: restoredId('a0'),
        words: wordCount(body!.text, 'en'),
      });
      expect(ledger?.words).toBeGreaterThan(0);
      expect(await db.countFromIndex('restoreStaging', 'placed')).toBe(9);
    });
    expect(result.ok && result.summary.bodies.added).toBe(12);
    expect(await countStaged(db)).toBe(0);

    // The same file restored from memory in one transaction (nothing placed) gives the same stores.
    const other = await openKurabeDB(new IDBFactory());
    const read = await readBackup(streamOf(bytes));
    if (!read.ok) throw new Error('the file is valid');
    expect((await restoreBackup(other, read.contents, { deriveBody: plainDerive })).ok).toBe(true);
    expect(await snapshot(db)).toEqual(await snapshot(other));
    expect((await db.get('clips', restoredId('a0')))?.words).toBeGreaterThan(0);
    other.close();
  });

  it('a body of a clip the database has goes through the transaction, which merges it as before', async () => {
    const bytes = library(3);
    // Restored once; the second restore of a newer file updates the clips in place.
    expect((await restoreFromStream(db, streamOf(bytes), { deriveBody: plainDerive })).ok).toBe(true);
    const newer = backupFile(
      Array.from({ length: 3 }, (_, i) => articleLines(`a${i}`, articleHtml(100 + i, 3_000)))
        .flat()
        .map((line) =>
          line.store === 'clips' ? { ...line, record: { ...line.record, updatedAt: Date.now() } } : line,
        ),
    );
    const result = await restoreWith(newer, async () => {
      expect(await db.countFromIndex('restoreStaging', 'placed')).toBe(0);
      // Derived into the staging store, for the transaction.
      expect((await db.get('restoreStaging', 'a1'))?.text).toContain('101-0');
    });
    expect(result.ok && result.summary.bodies.updated).toBe(3);
    expect((await db.get('bodies', restoredId('a1')))?.text).toContain('101-0');
  });

  it('a page clipped during the restore fails it: nothing restored, the new clip and its article kept', async () => {
    const id = restoredId('a2');
    const mine = { id, html: '<p>いまクリップした本文</p>', text: 'いまクリップした本文' };
    const result = await restoreWith(library(6), async () => {
      // Clipped in a tab, as saveClip writes a clip: its record, body and lead, over the placed ones.
      const tx = db.transaction(['clips', 'bodies', 'leads'], 'readwrite');
      await tx.objectStore('clips').put({ ...clipRecord('a2'), id, updatedAt: Date.now() });
      await tx.objectStore('bodies').put(mine);
      await tx.objectStore('leads').put(leadOf(id, mine.text));
      await tx.done;
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.code)).toEqual(['libraryChanged']);
    // The clip saved meanwhile and its article stay; what the restore wrote ahead is gone.
    expect(await db.getAllKeys('clips')).toEqual([id]);
    expect(await db.getAll('bodies')).toEqual([mine]);
    expect(await db.getAll('leads')).toEqual([leadOf(id, mine.text)]);
    expect(await countStaged(db)).toBe(0);
  });

  it('a transaction that never runs (a worker that stops) leaves nothing of what was written ahead', async () => {
    const result = await restoreFromStream(db, streamOf(library(8)), {
      deriveBody: plainDerive,
      apply: async () => {
        expect(await db.count('bodies')).toBe(8);
        throw new Error('The restore worker stopped.');
      },
    });
    expect(result.ok).toBe(false);
    expect(await db.count('bodies')).toBe(0);
    expect(await db.count('leads')).toBe(0);
    expect(await countStaged(db)).toBe(0);
  });

  it('a panel that starts after a restore died clears what it wrote ahead, and keeps what has a clip', async () => {
    // Staged and derived, then the browser was killed: the ledger is left as it was.
    const staged = await stageBackup(db, streamOf(library(5)), {});
    if (!staged.ok) throw new Error('the file is valid');
    await deriveStagedBodies(db, plainDerive, { bodyClips: staged.contents.bodyClips });
    // Four articles and a bookmark (a3), which has no article to place.
    expect(await db.countFromIndex('restoreStaging', 'placed')).toBe(4);
    // One of those pages was clipped since: the body under its id is its clip's now.
    const kept = restoredId('a4');
    await db.put('clips', { ...clipRecord('a4'), id: kept });
    expect(await clearStaleStaging(db)).toBe(true);
    expect(await countStaged(db)).toBe(0);
    expect(await db.getAllKeys('bodies')).toEqual([kept]);
    expect(await db.getAllKeys('leads')).toEqual([kept]);
  });
});

describe('while a restore runs', () => {
  /** A restore held between its derive and its transaction until `release`. */
  function heldRestore(bytes: Uint8Array) {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reached!: () => void;
    const placed = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const restoring = restoreWith(bytes, async () => {
      reached();
      await held;
    });
    return { restoring, placed, release };
  }

  it('a sync waits for it, and runs once it is over', async () => {
    const { restoring, placed, release } = heldRestore(library(4));
    await placed;
    let configsRead = 0;
    const deps = {
      db,
      loadStatus: async () => ({ failures: 0, pending: 0, otherVersions: 0 }),
      // No sync set up: a sync that runs reads its configuration and stops there.
      loadConfig: async () => {
        configsRead++;
        return undefined;
      },
    } as unknown as SyncDeps;
    let synced = false;
    const syncing = runSync(deps).then(() => {
      synced = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(synced).toBe(false);
    expect(configsRead).toBe(0);
    release();
    expect((await restoring).ok).toBe(true);
    await syncing;
    expect(configsRead).toBe(1);
  });

  it('a backup waits for it, and holds every restored clip with its article', async () => {
    const { restoring, placed, release } = heldRestore(library(4));
    await placed;
    let written: Blob | undefined;
    const writing = backupBlob(db).then((blob) => {
      written = blob;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(written).toBeUndefined();
    release();
    expect((await restoring).ok).toBe(true);
    await writing;
    const lines = (await written!.text())
      .trim()
      .split('\n')
      .slice(1, -1)
      .map((l) => JSON.parse(l));
    const ids = (store: string) =>
      lines
        .filter((l) => l.store === store)
        .map((l) => l.record.id)
        .sort();
    expect(ids('clips')).toHaveLength(4);
    expect(ids('bodies')).toEqual(ids('clips'));
  });
});
