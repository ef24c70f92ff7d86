import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it } from 'vitest';
import { restoreFromStream } from '@/utils/backup/restore';
import { clearStaleStaging, countStaged } from '@/utils/backup/staging';
import { type KurabeDatabase, openKurabeDB } from '@/utils/db';
import { articleHtml, articleLines, backupFile, plainDerive } from '../helpers/backup';

/**
 * Stale staging (issue 12): a panel closed or a browser killed mid-restore left the staged bodies
 * (tens of MB) in `restoreStaging` until the next restore. The side panel and the background
 * worker now clear it when they start (clearStaleStaging), but never under a restore that is
 * running. In a browser "running" is the Web Lock restores hold (tests/e2e/data.test.ts); here,
 * without Web Locks, it is a restore of this page.
 */

let db: KurabeDatabase;
beforeEach(async () => {
  db = await openKurabeDB(new IDBFactory());
  return () => db.close();
});

it('clears what a restore that never finished left in staging', async () => {
  await db.put('restoreStaging', { id: 'c1', html: articleHtml(1, 100_000) });
  await db.put('restoreStaging', { id: 'c2', html: articleHtml(2, 100_000) });
  expect(await clearStaleStaging(db)).toBe(true);
  expect(await countStaged(db)).toBe(0);
  // Nothing else is touched.
  expect(await db.count('bodies')).toBe(0);
});

it('leaves the staged bodies of a restore under way alone, and that restore completes', async () => {
  const lines = Array.from({ length: 30 }, (_, i) => articleLines(`a${i}`, articleHtml(i, 2_000))).flat();
  const bytes = backupFile(lines);
  // A stream that stops halfway until released: the restore waits there with the bodies before
  // staged. (No chunk is pulled ahead: when the pull waits, the reader has handed on all it read.)
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let halfway!: () => void;
  const reachedHalfway = new Promise<void>((resolve) => {
    halfway = resolve;
  });
  let at = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (at >= bytes.length / 2) {
          halfway();
          await held;
        }
        controller.enqueue(bytes.slice(at, at + 4096));
        at += 4096;
        if (at >= bytes.length) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  const restoring = restoreFromStream(db, stream, { deriveBody: plainDerive, bodyBatch: { count: 5 } });
  await reachedHalfway;
  const staged = await countStaged(db);
  expect(staged).toBeGreaterThan(0);

  // A second panel starts meanwhile.
  expect(await clearStaleStaging(db)).toBe(false);
  expect(await countStaged(db)).toBe(staged);

  release();
  const result = await restoring;
  expect(result.ok && result.summary.bodies.added).toBe(30);
  expect(await db.count('bodies')).toBe(30);
  expect(await countStaged(db)).toBe(0);
  // Once it is over, a start clears again (nothing is left to clear).
  expect(await clearStaleStaging(db)).toBe(true);
});
