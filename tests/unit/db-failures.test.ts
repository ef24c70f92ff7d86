import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { storageFailureReason } from '@/utils/clip-outcome';
import {
  type Clip,
  type KurabeDatabase,
  listQuotes,
  openKurabeDB,
  saveClip,
  updateClipNotes,
} from '@/utils/db';
import { makePage } from '../helpers/pages';

let db: KurabeDatabase;
let ids = 0;
const newId = () => `id-${++ids}`;

beforeEach(async () => {
  db = await openKurabeDB(new IDBFactory());
  return () => db.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Every record of every store, to compare the whole database before and after. */
async function snapshot(database: KurabeDatabase): Promise<Record<string, [IDBValidKey[], unknown[]]>> {
  const out: Record<string, [IDBValidKey[], unknown[]]> = {};
  for (const name of [...database.objectStoreNames].sort()) {
    out[name] = [await database.getAllKeys(name), await database.getAll(name)];
  }
  return out;
}

async function counts(database: KurabeDatabase): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of [...database.objectStoreNames].sort()) out[name] = await database.count(name);
  return out;
}

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

/** Makes `put` on one store fail the way a full disk does: the put itself throws. */
function quotaOnPut(storeName: string): void {
  const put = IDBObjectStore.prototype.put;
  vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
    if (this.name === storeName) throw quota();
    return put.apply(this, args);
  });
}

/**
 * Makes the browser abort the transaction with QuotaExceededError while a put on one store is
 * pending, as Chrome does when the quota check fails: the pending request then fails with an
 * AbortError and only the transaction's `error` says why. fake-indexeddb has no public way to do
 * this; `_abort(name)` is its internal "abort a transaction with this error" step.
 */
function quotaAbortOnPut(storeName: string, when: 'pending' | 'afterSuccess'): void {
  const put = IDBObjectStore.prototype.put;
  vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
    const request = put.apply(this, args);
    if (this.name === storeName) {
      const tx = this.transaction as unknown as { _abort(name: string): void };
      if (when === 'pending') tx._abort('QuotaExceededError');
      // The put succeeded, then the transaction is aborted before saveClip's next request.
      else request.addEventListener('success', () => tx._abort('QuotaExceededError'));
    }
    return request;
  });
}

describe('storage full while saving a clip', () => {
  it('a put that throws QuotaExceededError on the body leaves no clip, body or quote', async () => {
    const before = await counts(db);
    expect(before).toEqual({
      boards: 0,
      bodies: 0,
      clips: 0,
      leads: 0,
      placements: 0,
      quotes: 0,
      restoreStaging: 0,
      searchDocs: 0,
      searchMeta: 0,
      searchPostings: 0,
      settings: 0,
      syncChanges: 0,
    });
    quotaOnPut('bodies');
    const error = await saveClip(db, makePage(), {
      newId,
      quotes: [{ text: '長期的な関係', context: '…長期的な関係を築きます。' }],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('QuotaExceededError');
    expect(storageFailureReason(error)).toBe('storageFull');
    vi.restoreAllMocks();
    // The clip record was put before the body: the abort took it back too.
    expect(await counts(db)).toEqual(before);
  });

  it('a quota error on the quote, after clip and body were written, rolls both back', async () => {
    quotaOnPut('quotes');
    await expect(
      saveClip(db, makePage(), { newId, quotes: [{ text: '継続率', context: '継続率で評価されます。' }] }),
    ).rejects.toMatchObject({ name: 'QuotaExceededError' });
    vi.restoreAllMocks();
    expect(await counts(db)).toEqual({
      boards: 0,
      bodies: 0,
      clips: 0,
      leads: 0,
      placements: 0,
      quotes: 0,
      restoreStaging: 0,
      searchDocs: 0,
      searchMeta: 0,
      searchPostings: 0,
      settings: 0,
      syncChanges: 0,
    });
  });

  it('a re-clip that hits the quota leaves the earlier version as it was', async () => {
    await saveClip(db, makePage(), { now: 1000, newId, quotes: [{ text: '長期的な関係', context: 'a' }] });
    const before = await snapshot(db);
    quotaOnPut('bodies');
    await expect(
      saveClip(db, makePage({ title: '新しい題', text: '新しい本文', html: '<p>新しい本文</p>' }), {
        now: 2000,
        newId,
        quotes: [{ text: '新しい引用', context: 'b' }],
      }),
    ).rejects.toMatchObject({ name: 'QuotaExceededError' });
    vi.restoreAllMocks();
    expect(await snapshot(db)).toEqual(before);
  });

  it.each(['pending', 'afterSuccess'] as const)(
    'a transaction the browser aborts with QuotaExceededError (put %s) is reported as such',
    async (when) => {
      await saveClip(db, makePage({ url: 'https://example.com/other' }), { now: 500, newId });
      const before = await snapshot(db);
      quotaAbortOnPut('bodies', when);
      const error = await saveClip(db, makePage(), { newId, quotes: [{ text: 'q', context: 'q' }] }).catch(
        (e: unknown) => e,
      );
      // The awaited put fails with AbortError (or the next request cannot start): what the user
      // needs to hear is the transaction's error.
      expect((error as DOMException).name).toBe('QuotaExceededError');
      expect(storageFailureReason(error)).toBe('storageFull');
      vi.restoreAllMocks();
      expect(await snapshot(db)).toEqual(before);
    },
  );

  it('other write errors stay storageFailed', () => {
    expect(storageFailureReason(new DOMException('x', 'DataCloneError'))).toBe('storageFailed');
    expect(storageFailureReason(new Error('disk on fire'))).toBe('storageFailed');
    expect(storageFailureReason('nope')).toBe('storageFailed');
    // Firefox's older name for the same condition.
    expect(storageFailureReason(new DOMException('x', 'NS_ERROR_DOM_QUOTA_REACHED'))).toBe('storageFull');
  });
});

/** A small seeded generator (mulberry32): the same interleavings on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Waits `hops` macrotasks (0: starts in the same tick). */
async function hops(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

type NotesWriter = typeof updateClipNotes;

/**
 * Runs a re-clip (new title, text and quote) and a note + tags edit of the same clip at once,
 * `rounds` times, each side starting after 0–3 macrotasks (a seeded draw), and returns the rounds
 * where one of the two writes was lost, and in how many rounds each writer committed last.
 */
async function race(writeNotes: NotesWriter, rounds: number) {
  const first = await saveClip(db, makePage(), {
    now: 1,
    newId,
    quotes: [{ text: '最初の引用', context: 'x' }],
  });
  const id = first.clip.id;
  const draw = random(7);
  const lost: { round: number; clip: Clip }[] = [];
  const lastWriter = { reclip: 0, notes: 0 };
  for (let round = 0; round < rounds; round++) {
    const text = `第${round}版の本文。`;
    const [a, b] = [Math.floor(draw() * 4), Math.floor(draw() * 4)];
    const reclipAt = 10 * round + 10;
    const notesAt = 10 * round + 11;
    await Promise.all([
      hops(a).then(() =>
        saveClip(db, makePage({ title: `第${round}版`, text, html: `<p>${text}</p>`, chars: text.length }), {
          now: reclipAt,
          newId,
          quotes: [{ text: `引用${round}`, context: text }],
        }),
      ),
      hops(b).then(() =>
        writeNotes(db, id, { note: `メモ${round}`, tags: [`tag${round}`, '共通'] }, notesAt),
      ),
    ]);
    const clip = (await db.get('clips', id))!;
    const body = await db.get('bodies', id);
    const lead = (await db.get('leads', id))?.lead;
    const quotes = (await listQuotes(db, id)).map((q) => q.text);
    const reclipKept =
      clip.title === `第${round}版` && lead === text && clip.clippedAt === reclipAt && body?.text === text;
    const notesKept = clip.note === `メモ${round}` && clip.tags.join() === `tag${round},共通`;
    if (!reclipKept || !notesKept || !quotes.includes(`引用${round}`)) lost.push({ round, clip });
    if (clip.updatedAt === reclipAt) lastWriter.reclip++;
    else if (clip.updatedAt === notesAt) lastWriter.notes++;
  }
  expect(await db.count('clips')).toBe(1);
  expect(await db.count('bodies')).toBe(1);
  expect(await db.count('quotes')).toBe(rounds + 1);
  return { lost, lastWriter };
}

describe('two writers at once: a re-clip and a note edit of the same clip', () => {
  it('keeps both the re-clip and the note and tags, in every interleaving', async () => {
    const { lost, lastWriter } = await race(updateClipNotes, 50);
    expect(lost).toEqual([]);
    // Both orders happened: the interleavings are not all the same one.
    expect(lastWriter.reclip).toBeGreaterThan(0);
    expect(lastWriter.notes).toBeGreaterThan(0);
    expect(lastWriter.reclip + lastWriter.notes).toBe(50);
  });

  it('would catch a lost update: a read and a write in two transactions loses one', async () => {
    // The mistake the test above guards against, to show the race really is exercised.
    const naive: NotesWriter = async (database, id, change, now = Date.now()) => {
      const clip = (await database.get('clips', id))!;
      await new Promise((resolve) => setTimeout(resolve, 0));
      const next = { ...clip, ...change, updatedAt: now };
      await database.put('clips', next);
      return next;
    };
    const { lost } = await race(naive, 50);
    expect(lost.length).toBeGreaterThan(0);
  });
});
