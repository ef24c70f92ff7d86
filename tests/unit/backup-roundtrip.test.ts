import { IDBFactory } from 'fake-indexeddb';
import { JSDOM } from 'jsdom';
import { expect, it } from 'vitest';
import { deriveBodyFromHtml } from '@/utils/backup';
import { BACKUP_STORES } from '@/utils/backup/format';
import type { DeriveBody } from '@/utils/backup/restore';
import { restoreBackup, stageBackup } from '@/utils/backup/restore';
import { countStaged } from '@/utils/backup/staging';
import { backupBlob } from '@/utils/backup/write';
import { type KurabeDatabase, openKurabeDB } from '@/utils/db';
import { makeLibrary, plainDerive, seedLibrary } from '../helpers/backup';

/**
 * A whole library backed up, restored into an empty database as the side panel does (bodies
 * staged while the file is read, then one transaction) and compared store by store.
 * Always 1,000 clips over 200 boards with the DOM-free stand-in for deriving bodies; for the
 * benchmark at full size, with the real derivation (jsdom) and memory measured after collections:
 *   NODE_OPTIONS=--expose-gc KURABE_BACKUP_CLIPS=10000 KURABE_BACKUP_DERIVE=dom \
 *     npx vitest run --project unit tests/unit/backup-roundtrip
 * fake-indexeddb keeps its data in the JavaScript heap (a browser does not), so the heap figures of
 * staging and restoring include the stored bodies; tests/unit/backup-memory.test.ts measures what
 * the restore itself holds.
 */
const CLIPS = Number(process.env.KURABE_BACKUP_CLIPS ?? 1000);
const BOARDS = 200;
const DOM_DERIVE = process.env.KURABE_BACKUP_DERIVE === 'dom';

function derivation(): DeriveBody {
  if (!DOM_DERIVE) return plainDerive;
  const { document } = new JSDOM('').window;
  return (html) => deriveBodyFromHtml(html, document);
}

/** Collects garbage first when Node runs with --expose-gc (then growth means memory held). */
const collect = () => (globalThis as { gc?: () => void }).gc?.();

/** Samples the process's memory while `work` runs (at every turn of the event loop it allows). */
async function measured<T>(work: () => Promise<T>) {
  collect();
  const base = process.memoryUsage();
  let heap = base.heapUsed;
  let rss = base.rss;
  const sample = () => {
    const now = process.memoryUsage();
    heap = Math.max(heap, now.heapUsed);
    rss = Math.max(rss, now.rss);
  };
  const timer = setInterval(sample, 10);
  const started = performance.now();
  try {
    const result = await work();
    const ms = performance.now() - started;
    sample();
    collect();
    return {
      result,
      ms,
      peakHeapMB: heap / 2 ** 20,
      heapGrowthMB: (heap - base.heapUsed) / 2 ** 20,
      /** Still used when the work is done (after a collection when gc is exposed). */
      heapHeldMB: (process.memoryUsage().heapUsed - base.heapUsed) / 2 ** 20,
      peakRssMB: rss / 2 ** 20,
    };
  } finally {
    clearInterval(timer);
  }
}

/** Compares two databases store by store, a chunk of records at a time. */
async function expectSameStores(a: KurabeDatabase, b: KurabeDatabase): Promise<void> {
  for (const store of BACKUP_STORES) {
    expect(await b.count(store), store).toBe(await a.count(store));
    let after: IDBValidKey | undefined;
    for (;;) {
      const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
      const [keysA, valuesA, keysB, valuesB] = await Promise.all([
        a.getAllKeys(store, range, 500),
        a.getAll(store, range, 500),
        b.getAllKeys(store, range, 500),
        b.getAll(store, range, 500),
      ]);
      expect(keysB).toEqual(keysA);
      expect(valuesB).toEqual(valuesA);
      if (keysA.length < 500) break;
      after = keysA.at(-1);
    }
  }
}

const round = (x: number) => Math.round(x * 10) / 10;
const summary = (m: Awaited<ReturnType<typeof measured>>) => ({
  s: round(m.ms / 1000),
  peakHeapMB: round(m.peakHeapMB),
  heapGrowthMB: round(m.heapGrowthMB),
  heapHeldMB: round(m.heapHeldMB),
  peakRssMB: round(m.peakRssMB),
});

it(`backs up and restores ${CLIPS} clips over ${BOARDS} boards unchanged`, async () => {
  const derive = derivation();
  const source = await openKurabeDB(new IDBFactory());
  const seeding = performance.now();
  // Built and dropped in a block: the measurements below do not count the generator's copies.
  {
    const library = makeLibrary({ clips: CLIPS, boards: BOARDS, derive });
    await seedLibrary(source, library);
  }
  const seedMs = performance.now() - seeding;
  const counts = Object.fromEntries(
    await Promise.all(BACKUP_STORES.map(async (store) => [store, await source.count(store)] as const)),
  );
  expect(counts.clips).toBe(CLIPS);
  expect(counts.quotes).toBeGreaterThan(CLIPS / 4);
  expect(counts.placements).toBeGreaterThan(CLIPS / 2);

  const backup = await measured(() => backupBlob(source, { now: new Date('2026-11-27T00:00:00Z') }));
  const blob = backup.result;

  const target = await openKurabeDB(new IDBFactory());
  const read = await measured(() => stageBackup(target, blob.stream(), { totalBytes: blob.size }));
  if (!read.result.ok) throw new Error(JSON.stringify(read.result.problems));
  const { contents } = read.result;
  expect(await countStaged(target)).toBe(CLIPS);
  const restore = await measured(() => restoreBackup(target, contents, { deriveBody: derive }));
  if (!restore.result.ok) throw new Error(JSON.stringify(restore.result.problems));
  expect(restore.result.summary.clips).toEqual({ added: CLIPS, updated: 0, kept: 0 });
  expect(await countStaged(target)).toBe(0);

  await expectSameStores(source, target);
  source.close();
  target.close();

  console.log(
    `backup round trip, ${CLIPS} clips / ${BOARDS} boards (${DOM_DERIVE ? 'jsdom' : 'stand-in'} derivation):`,
    JSON.stringify(
      {
        records: counts,
        fileMB: round(blob.size / 2 ** 20),
        seedS: round(seedMs / 1000),
        gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
        backup: summary(backup),
        readValidateAndStage: summary(read),
        restoreTransaction: summary(restore),
      },
      null,
      1,
    ),
  );
}, 900_000);
