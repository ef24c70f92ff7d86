import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RecordLine } from '@/utils/backup/format';
import { readBackup } from '@/utils/backup/read';
import { restoreBackup, stageBackup } from '@/utils/backup/restore';
import { countStaged } from '@/utils/backup/staging';
import { backupBlob } from '@/utils/backup/write';
import { openKurabeDB } from '@/utils/db';
import {
  articleHtml,
  articleLines,
  backupFile,
  makeLibrary,
  plainDerive,
  restoredId,
  seedLibrary,
  yieldingStreamOf,
} from '../helpers/backup';

/**
 * What a restore of a large backup holds in memory. The file: 300 articles of 200 KB of HTML
 * (60 MB). Before staging, the reader kept every body: the JavaScript heap grew by more than the
 * file. Now the bodies go to the `restoreStaging` store in batches as they are read, and the
 * reader holds the small records and one batch.
 *
 * In a browser IndexedDB keeps its data outside the JavaScript heap; fake-indexeddb keeps it in
 * the heap. So the heap is asserted for the reader with a sink that drops each batch (standing
 * in for the browser's IndexedDB), the whole staged restore into fake-indexeddb is checked by
 * structure (the contents hold no HTML, staging holds it, then the bodies store does), and its
 * heap figures are printed. The heap is sampled after a full collection: live memory, not garbage
 * the collector has not reached yet.
 */

const BODIES = 300;
const BODY_BYTES = 200 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Samples the heap (after a collection) every 20 ms while `work` runs; in MB. */
async function heapDuring<T>(work: () => Promise<T>) {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sample = () => {
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, 20);
  try {
    const result = await work();
    sample();
    return {
      result,
      peakGrowthMB: (peak - base) / 2 ** 20,
      /** Still held when the work is done, with its result. */
      heldMB: (process.memoryUsage().heapUsed - base) / 2 ** 20,
    };
  } finally {
    clearInterval(timer);
  }
}

const round = (x: number) => Math.round(x * 10) / 10;
let file: Uint8Array | undefined;
let fileMB = 0;
const figures: Record<string, unknown> = {};

beforeAll(() => {
  function* lines(): Generator<RecordLine> {
    for (let i = 0; i < BODIES; i++)
      yield* articleLines(`c${String(i).padStart(4, '0')}`, articleHtml(i, BODY_BYTES));
  }
  file = backupFile(lines());
  fileMB = file.length / 2 ** 20;
});

afterAll(() => {
  file = undefined;
  console.log(
    `backup memory, ${BODIES} bodies of ${BODY_BYTES / 1024} KB:`,
    JSON.stringify(figures, null, 1),
  );
});

it('the reader keeping every body (the old restore) holds more than the file', async () => {
  const kept = await heapDuring(() => readBackup(yieldingStreamOf(file!)));
  expect(kept.result.ok).toBe(true);
  figures.fileMB = round(fileMB);
  figures.readKeepingBodies = { peakGrowthMB: round(kept.peakGrowthMB), heldMB: round(kept.heldMB) };
  // What staging saves: the measurement sees the bodies when they are held.
  expect(kept.heldMB).toBeGreaterThan(fileMB * 0.9);
}, 60_000);

it('the reader handing bodies on in batches holds far less than the file', async () => {
  let staged = 0;
  let largestBatch = 0;
  const read = await heapDuring(() =>
    readBackup(yieldingStreamOf(file!), {
      bodies: async (batch) => {
        staged += batch.length;
        largestBatch = Math.max(largestBatch, batch.length);
      },
    }),
  );
  if (!read.result.ok) throw new Error(JSON.stringify(read.result.problems));
  expect(staged).toBe(BODIES);
  expect(largestBatch).toBeLessThan(BODIES);
  expect(read.result.contents.records.bodies).toHaveLength(BODIES);
  figures.readStagingBodies = {
    peakGrowthMB: round(read.peakGrowthMB),
    heldMB: round(read.heldMB),
    largestBatch,
  };
  expect(read.peakGrowthMB).toBeLessThan(fileMB * 0.4);
  expect(read.heldMB).toBeLessThan(fileMB * 0.1);
}, 60_000);

it('a staged restore keeps no HTML in memory: staging holds it until the final transaction', async () => {
  const db = await openKurabeDB(new IDBFactory());
  const staged = await heapDuring(() => stageBackup(db, yieldingStreamOf(file!)));
  if (!staged.result.ok) throw new Error(JSON.stringify(staged.result.problems));
  const { contents } = staged.result;
  // Structurally: each body is an id and its line, nothing more.
  expect(contents.records.bodies).toHaveLength(BODIES);
  for (const { record } of contents.records.bodies) expect(Object.keys(record)).toEqual(['id']);
  expect(await countStaged(db)).toBe(BODIES);
  expect(await db.count('bodies')).toBe(0);

  const restored = await heapDuring(() => restoreBackup(db, contents, { deriveBody: plainDerive }));
  if (!restored.result.ok) throw new Error(JSON.stringify(restored.result.problems));
  expect(restored.result.summary.bodies).toEqual({ added: BODIES, updated: 0, kept: 0 });
  expect(await countStaged(db)).toBe(0);
  expect(await db.count('bodies')).toBe(BODIES);
  const body = await db.get('bodies', restoredId('c0007'));
  expect(body?.html).toBe(articleHtml(7, BODY_BYTES));
  expect(body?.text).toContain('7-0: Route sales');
  figures.fakeIndexedDB = {
    note: 'fake-indexeddb stores staged and restored data in the JS heap; a browser does not',
    stage: { peakGrowthMB: round(staged.peakGrowthMB), heldMB: round(staged.heldMB) },
    finalTransaction: { peakGrowthMB: round(restored.peakGrowthMB), heldMB: round(restored.heldMB) },
  };
  db.close();
}, 120_000);

it('measures what the small records cost per clip (a generated library of 1,000 clips)', async () => {
  const source = await openKurabeDB(new IDBFactory());
  await seedLibrary(source, makeLibrary({ clips: 1000, boards: 200 }));
  const blob = await backupBlob(source);
  source.close();
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const read = await heapDuring(() => readBackup(yieldingStreamOf(bytes), { bodies: async () => {} }));
  if (!read.result.ok) throw new Error(JSON.stringify(read.result.problems));
  const { records } = read.result.contents;
  const perClip = (read.heldMB * 2 ** 20) / records.clips.length;
  figures.smallRecords = {
    fileMB: round(bytes.length / 2 ** 20),
    records: Object.fromEntries(Object.entries(records).map(([store, list]) => [store, list.length])),
    heldMB: round(read.heldMB),
    bytesPerClip: Math.round(perClip),
  };
  // Recorded in docs/backup-format.md; a loose bound so that a regression shows.
  expect(perClip).toBeLessThan(16 * 1024);
}, 120_000);
