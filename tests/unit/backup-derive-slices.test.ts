import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { deriveStagedBodies } from '@/utils/backup/derive-slices';
import { type DeriveBody, notDerivedHere, restoreBackup, restoreFromStream } from '@/utils/backup/restore';
import { countStaged } from '@/utils/backup/staging';
import { backupBlob } from '@/utils/backup/write';
import { type KurabeDatabase, openKurabeDB } from '@/utils/db';
import {
  articleHtml,
  articleLines,
  backupFile,
  librarySnapshot,
  makeLibrary,
  plainDerive,
  restoredId,
  seedLibrary,
  snapshot,
  streamOf,
} from '../helpers/backup';

/**
 * Restore in slices (issue 14): a 10,000-clip restore held the panel's main thread for 459 ms at
 * a time, deriving bodies (sanitize, rebuild the text: they need the DOM) inside the restore's
 * transaction. The staged bodies are now derived before it, in slices of at most 50 ms with a
 * yield between them, and the transaction only copies them: still all or nothing.
 */

let db: KurabeDatabase;
beforeEach(async () => {
  db = await openKurabeDB(new IDBFactory());
  return () => db.close();
});

/** A clock that moves only when a body is derived: each takes `ms`. */
function slowDerive(ms: number) {
  let clock = 0;
  const calls = { n: 0 };
  const derive: DeriveBody = (html) => {
    calls.n++;
    clock += ms;
    return { html: html.replace('<p>', '<p class="clean">'), text: plainDerive(html).text };
  };
  return { derive, now: () => clock, calls };
}

it('derives every staged body in slices of at most 50 ms, yielding between them', async () => {
  for (let i = 0; i < 40; i++)
    await db.put('restoreStaging', { id: `b${String(i).padStart(2, '0')}`, html: `<p>本文 ${i}</p>` });
  await db.put('restoreStaging', { id: 'bookmark', html: '' });
  const { derive, now } = slowDerive(20);
  const slices: number[] = [];
  let sliceStart = 0;
  const done = await deriveStagedBodies(db, derive, {
    now,
    yieldNow: async () => {
      slices.push(now() - sliceStart);
      sliceStart = now();
    },
  });
  expect(done).toBe(40);
  // 20 ms a body: two a slice (a third would pass 50 ms).
  expect(slices.filter((ms) => ms > 0)).toEqual(Array(20).fill(40));
  expect(Math.max(...slices)).toBeLessThanOrEqual(50);
  const staged = await db.getAll('restoreStaging');
  for (const body of staged.filter((b) => b.id !== 'bookmark')) {
    expect(body.html).toContain('class="clean"');
    expect(body.text).toBe(`本文 ${body.id.slice(1).replace(/^0/, '')}`);
  }
  // A bookmark's empty HTML is left for the transaction (its text is its clip's description).
  expect(staged.find((b) => b.id === 'bookmark')).toEqual({ id: 'bookmark', html: '' });
});

it('lets a body longer than a slice through alone', async () => {
  for (let i = 0; i < 3; i++) await db.put('restoreStaging', { id: `b${i}`, html: `<p>${i}</p>` });
  const { derive, now, calls } = slowDerive(120);
  // Bodies derived between one yield and the next.
  const perSlice: number[] = [];
  let before = 0;
  await deriveStagedBodies(db, derive, {
    now,
    yieldNow: async () => {
      perSlice.push(calls.n - before);
      before = calls.n;
    },
  });
  expect(perSlice.filter((n) => n > 0)).toEqual([1, 1, 1]);
  expect((await db.getAll('restoreStaging')).every((b) => b.text !== undefined)).toBe(true);
});

it('reads, derives and writes in tasks of their own (a read or a write never adds to a slice)', async () => {
  for (let i = 0; i < 40; i++)
    await db.put('restoreStaging', { id: `b${String(i).padStart(2, '0')}`, html: `<p>本文 ${i}</p>` });
  const { derive, now, calls } = slowDerive(20);
  const seen: { derived: number; written: number }[] = [];
  await deriveStagedBodies(db, derive, {
    now,
    yieldNow: async () => {
      const written = (await db.getAll('restoreStaging')).filter((b) => b.text !== undefined).length;
      seen.push({ derived: calls.n, written });
    },
  });
  // The first yield comes after the first read, before anything is derived.
  expect(seen[0]).toEqual({ derived: 0, written: 0 });
  // After each slice's derivations, a yield before they are written.
  expect(seen.filter((s) => s.derived > s.written).length).toBe(20);
  expect(seen.at(-1)).toEqual({ derived: 40, written: 40 });
});

it('restores what it derived in slices, the text rebuilt from the clean HTML', async () => {
  const lines = Array.from({ length: 12 }, (_, i) => articleLines(`a${i}`, articleHtml(i, 3_000))).flat();
  const { derive, now, calls } = slowDerive(30);
  let yields = 0;
  const result = await restoreFromStream(db, streamOf(backupFile(lines)), {
    deriveBody: derive,
    derive: { now, yieldNow: async () => void yields++ },
  });
  expect(result.ok).toBe(true);
  // Each body derived once, before the transaction: the transaction copied them.
  expect(calls.n).toBe(12);
  expect(yields).toBeGreaterThanOrEqual(6);
  expect(await db.count('bodies')).toBe(12);
  for (let i = 0; i < 12; i++) {
    const body = (await db.get('bodies', restoredId(`a${i}`)))!;
    expect(body.html).toContain('class="clean"');
    expect(body.text).toBe(plainDerive(articleHtml(i, 3_000)).text);
  }
  expect(await countStaged(db)).toBe(0);
});

it('is still all or nothing: cancelled between slices, nothing is restored and staging is empty', async () => {
  const before = await snapshot(db);
  const lines = Array.from({ length: 12 }, (_, i) => articleLines(`a${i}`, articleHtml(i, 3_000))).flat();
  const controller = new AbortController();
  const { derive, now } = slowDerive(30);
  let yields = 0;
  const result = await restoreFromStream(db, streamOf(backupFile(lines)), {
    deriveBody: derive,
    signal: controller.signal,
    derive: {
      now,
      yieldNow: async () => {
        if (++yields === 2) controller.abort();
      },
    },
  });
  expect(result.ok).toBe(false);
  expect(!result.ok && result.problems[0]?.code).toBe('cancelled');
  expect(await countStaged(db)).toBe(0);
  expect(await snapshot(db)).toEqual(before);
});

it('is still all or nothing: a derivation that fails halfway leaves the database as it was', async () => {
  const before = await snapshot(db);
  const lines = Array.from({ length: 12 }, (_, i) => articleLines(`a${i}`, articleHtml(i, 3_000))).flat();
  let n = 0;
  const result = await restoreFromStream(db, streamOf(backupFile(lines)), {
    deriveBody: (html) => {
      if (++n === 7) throw new Error('no DOM');
      return plainDerive(html);
    },
  });
  expect(result.ok).toBe(false);
  expect(await countStaged(db)).toBe(0);
  expect(await snapshot(db)).toEqual(before);
});

describe('the transaction run where there is no DOM (the staging worker, issue 14)', () => {
  it('restores a whole library with a DeriveBody that refuses: every body was derived before it', async () => {
    const library = makeLibrary({ clips: 60, boards: 4, derive: plainDerive });
    // Bookmarks (empty HTML) and quotes and placements are among them.
    expect(library.clips.some((c) => c.kind === 'bookmark')).toBe(true);
    const source = await openKurabeDB(new IDBFactory());
    await seedLibrary(source, library);
    const blob = await backupBlob(source);
    source.close();
    let applied = 0;
    const result = await restoreFromStream(db, blob.stream(), {
      deriveBody: plainDerive,
      apply: (contents) => {
        applied++;
        return restoreBackup(db, contents, { deriveBody: notDerivedHere });
      },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(applied).toBe(1);
    expect(await countStaged(db)).toBe(0);
    const { restoreStaging: _staging, ...stores } = await snapshot(db);
    expect(stores).toEqual(librarySnapshot(library));
  });

  it('is still all or nothing when the worker stops during the transaction', async () => {
    const before = await snapshot(db);
    const lines = Array.from({ length: 12 }, (_, i) => articleLines(`a${i}`, articleHtml(i, 3_000))).flat();
    const result = await restoreFromStream(db, streamOf(backupFile(lines)), {
      deriveBody: plainDerive,
      apply: () => Promise.reject(new Error('The restore worker stopped.')),
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]?.code).toBe('writeFailed');
    expect(await countStaged(db)).toBe(0);
    expect(await snapshot(db)).toEqual(before);
  });
});
