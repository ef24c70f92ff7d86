// @vitest-environment jsdom
/**
 * A sync reads only the records that changed (utils/change-log.ts, docs/sync.md "What a sync
 * reads"): the reads of the library's stores are counted by a wrapper around fake-indexeddb's own
 * object stores and indexes (every record a get, getAll or cursor gives), during real syncs with
 * a CouchDB-protocol server. And nothing is missed: after random sequences of Kurabe's own write
 * functions, every record whose content differs from what the mirror holds is marked.
 */
import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { deriveBodyFromHtml } from '@/utils/backup';
import { restoreFromStream } from '@/utils/backup/restore';
import { CHANGES_STORE } from '@/utils/change-log';
import { clipIdForUrl } from '@/utils/clip-id';
import {
  AUTO_FILE_SINCE_KEY,
  type Board,
  changeQuoteText,
  emptyTrash,
  type KurabeDatabase,
  openKurabeDB,
  placeClip,
  removePlacement,
  restoreClip,
  saveBoard,
  saveClip,
  setSetting,
  trashClip,
  trashQuote,
  updateBoard,
  updateClipNotes,
} from '@/utils/db';
import { contentDocId, contentHash } from '@/utils/sync/docs';
import {
  exportLocal,
  forgetMarks,
  libraryContents,
  loadState,
  localChanges,
  type MirrorState,
  pendingChanges,
  pushOnce,
  saveState,
  syncOnce,
} from '@/utils/sync/mirror';
import type { PouchDatabase } from '@/utils/sync/pouch';
import { fixtureBytes, streamOf } from '../helpers/backup';
import { basicAuth, type CouchServer, freshDatabaseName, startCouchServer } from '../helpers/couch-server';
import { makePage } from '../helpers/pages';
import { localPouch, nodePouch } from '../helpers/pouch-node';

let server: CouchServer;
beforeAll(async () => {
  server = await startCouchServer();
}, 30_000);
afterAll(() => server?.stop());
afterEach(() => {
  vi.restoreAllMocks();
});

const SYNCED = ['clips', 'bodies', 'quotes', 'boards', 'placements', 'settings'];

/**
 * Counts the records of the library's stores read from now on: each record a `get`, `getAll` or
 * cursor step of fake-indexeddb's real object stores and indexes gives back (the calls go through).
 */
function countReads(): Record<string, number> {
  const reads: Record<string, number> = {};
  const count = (source: IDBObjectStore | IDBIndex, request: IDBRequest) => {
    const store = source instanceof IDBIndex ? source.objectStore.name : source.name;
    if (!SYNCED.includes(store)) return;
    request.addEventListener('success', () => {
      const result = request.result as unknown;
      const records = Array.isArray(result) ? result.length : result === undefined || result === null ? 0 : 1;
      reads[store] = (reads[store] ?? 0) + records;
    });
  };
  for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype] as const) {
    for (const method of ['get', 'getAll', 'openCursor'] as const) {
      const original = proto[method] as (...args: unknown[]) => IDBRequest;
      vi.spyOn(proto, method).mockImplementation(function (
        this: IDBObjectStore | IDBIndex,
        ...args: unknown[]
      ) {
        const request = original.apply(this, args);
        count(this, request);
        return request as never;
      });
    }
  }
  return reads;
}
const total = (reads: Record<string, number>) => Object.values(reads).reduce((a, b) => a + b, 0);

async function freshRemote(): Promise<() => PouchDatabase> {
  const name = freshDatabaseName();
  const res = await fetch(`${server.url}/${name}`, {
    method: 'PUT',
    headers: { Authorization: basicAuth(server.admin) },
  });
  expect(res.status).toBe(201);
  return () => nodePouch(`${server.url}/${name}`, { skip_setup: true, auth: server.admin });
}

const board = (id: string): Board => ({
  id,
  title: `ボード ${id}`,
  subjects: [{ id: 's1', name: 'A社' }],
  aspects: [{ id: 'a1', name: '料金' }],
  cellNotes: {},
  cellSources: {},
  order: id,
  updatedAt: 1,
});

/** A library of `n` clips, each with its article and a quote, and a board placing the first ten. */
async function library(db: KurabeDatabase, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const url = `https://p.example/${i}`;
    const { clip } = await saveClip(
      db,
      makePage({ url, originalUrl: url, title: `記事 ${i}`, html: `<p>本文 ${i}</p>`, text: `本文 ${i}` }),
      { quotes: [{ text: `本文 ${i}`, context: `本文 ${i}` }] },
    );
    ids.push(clip.id);
  }
  await saveBoard(db, board('b1'));
  for (const clipId of ids.slice(0, 10)) await placeClip(db, { boardId: 'b1', clipId });
  return ids;
}

const derive = (html: string) => deriveBodyFromHtml(html);

describe('a sync reads only what changed', { timeout: 30_000 }, () => {
  it('nothing new: a sync, a push and the pending count read no record of the library', async () => {
    const db = await openKurabeDB(new IDBFactory());
    const local = localPouch();
    const remote = await freshRemote();
    await library(db, 60);
    const first = countReads();
    const synced = await syncOnce(db, local, remote(), derive);
    // The first sync of a replica reads the whole library (nothing mirrored yet).
    expect(synced.exported).toMatchObject({ whole: true, written: 60 * 3 + 1 + 10 });
    expect(first.clips).toBeGreaterThanOrEqual(60);
    vi.restoreAllMocks();

    const reads = countReads();
    const again = await syncOnce(db, local, remote(), derive);
    expect(again.exported).toMatchObject({ whole: false, written: 0, deleted: 0 });
    await pushOnce(db, local, remote());
    expect(await pendingChanges(db, local)).toBe(0);
    expect(reads).toEqual({});
  });

  it('one change: the sync reads that record alone, and the server gets it', async () => {
    const db = await openKurabeDB(new IDBFactory());
    const local = localPouch();
    const remote = await freshRemote();
    const ids = await library(db, 60);
    await syncOnce(db, local, remote(), derive);
    await updateClipNotes(db, ids[42]!, { note: '変わった', tags: ['営業'] });
    expect(await pendingChanges(db, local)).toBe(1);

    const reads = countReads();
    const result = await syncOnce(db, local, remote(), derive);
    expect(result.exported).toMatchObject({ whole: false, written: 1, deleted: 0 });
    expect(reads).toEqual({ clips: 1 });
    expect(await remote().get(`clip:${ids[42]}`)).toMatchObject({
      record: { note: '変わった', tags: ['営業'] },
    });
    expect(await db.count(CHANGES_STORE)).toBe(0);
  });

  it('a clip emptied from the Trash: its clip, article, quote and placement go as tombstones, nothing else is read', async () => {
    const db = await openKurabeDB(new IDBFactory());
    const local = localPouch();
    const remote = await freshRemote();
    const ids = await library(db, 60);
    await syncOnce(db, local, remote(), derive);
    await trashClip(db, ids[3]!);
    await emptyTrash(db);

    const reads = countReads();
    const result = await syncOnce(db, local, remote(), derive);
    // clip, body, quote, placement gone (4 tombstones); the board's updatedAt did not change.
    expect(result.exported).toMatchObject({ whole: false, written: 0, deleted: 4 });
    // The marked records are looked up (and found gone): nothing of the other 59 clips is read.
    expect(total(reads)).toBe(0);
    await expect(remote().get(`clip:${ids[3]}`)).rejects.toMatchObject({ status: 404 });
    await expect(remote().get(`body:${ids[3]}`)).rejects.toMatchObject({ status: 404 });
  });

  it('the sync that takes in another device’s changes marks nothing for the next export', async () => {
    const a = { db: await openKurabeDB(new IDBFactory()), local: localPouch() };
    const b = { db: await openKurabeDB(new IDBFactory()), local: localPouch() };
    const remote = await freshRemote();
    await library(a.db, 50);
    await syncOnce(a.db, a.local, remote(), derive);
    await syncOnce(b.db, b.local, remote(), derive);
    expect(await b.db.count('clips')).toBe(50);
    expect(await b.db.count(CHANGES_STORE)).toBe(0);
    const reads = countReads();
    expect((await syncOnce(b.db, b.local, remote(), derive)).exported).toMatchObject({ written: 0 });
    expect(reads).toEqual({});
  });

  it('a restored backup: its records are marked as it writes them, and the next sync sends them', async () => {
    const db = await openKurabeDB(new IDBFactory());
    const local = localPouch();
    const remote = await freshRemote();
    await library(db, 5);
    await syncOnce(db, local, remote(), derive);
    const restored = await restoreFromStream(db, streamOf(fixtureBytes('valid.jsonl')), {
      deriveBody: derive,
    });
    expect(restored.ok).toBe(true);
    const result = await syncOnce(db, local, remote(), derive);
    expect(result.exported.written).toBeGreaterThan(0);
    for (const page of ['https://docs.example.org/guide', 'https://example.com/entry/1'])
      expect(await remote().get(`clip:${clipIdForUrl(page)}`)).toMatchObject({ type: 'clip' });
    expect(await db.count(CHANGES_STORE)).toBe(0);
  });
});

/** The ids whose content differs from what the mirror holds, found by reading everything. */
async function differing(db: KurabeDatabase, state: MirrorState): Promise<Set<string>> {
  const ids = new Set<string>();
  const seen = new Set<string>();
  for (const content of await libraryContents(db)) {
    const id = contentDocId(content);
    seen.add(id);
    if (state.entries[id]?.hash !== contentHash(content)) ids.add(id);
  }
  for (const [id, known] of Object.entries(state.entries))
    if (!seen.has(id) && known.hash !== 'deleted') ids.add(id);
  return ids;
}

type Op =
  | { kind: 'clip'; n: number }
  | { kind: 'note'; n: number; note: string }
  | { kind: 'trash'; n: number }
  | { kind: 'restore'; n: number }
  | { kind: 'empty' }
  | { kind: 'quote'; n: number }
  | { kind: 'trashQuote'; n: number }
  | { kind: 'board'; title: string }
  | { kind: 'place'; n: number }
  | { kind: 'unplace'; n: number }
  | { kind: 'setting'; value: number }
  | { kind: 'export' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('clip' as const), n: fc.nat(2) }),
  fc.record({ kind: fc.constant('note' as const), n: fc.nat(2), note: fc.constantFrom('', 'メモ', 'note') }),
  fc.record({ kind: fc.constant('trash' as const), n: fc.nat(2) }),
  fc.record({ kind: fc.constant('restore' as const), n: fc.nat(2) }),
  fc.record({ kind: fc.constant('empty' as const) }),
  fc.record({ kind: fc.constant('quote' as const), n: fc.nat(2) }),
  fc.record({ kind: fc.constant('trashQuote' as const), n: fc.nat(2) }),
  fc.record({ kind: fc.constant('board' as const), title: fc.constantFrom('比較', '料金表') }),
  fc.record({ kind: fc.constant('place' as const), n: fc.nat(2) }),
  fc.record({ kind: fc.constant('unplace' as const), n: fc.nat(2) }),
  fc.record({ kind: fc.constant('setting' as const), value: fc.nat(1000) }),
  fc.record({ kind: fc.constant('export' as const) }),
);

describe('nothing is missed', () => {
  it("after any sequence of Kurabe's writes, every record that differs from the mirror is marked", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 30 }), async (ops) => {
        const db = await openKurabeDB(new IDBFactory());
        const local = localPouch();
        const state = await loadState(local);
        await saveState(local, state);
        const url = (n: number) => `https://q.example/${n}`;
        const clipOf = async (n: number) => db.getFromIndex('clips', 'normalizedUrl', url(n));
        for (const step of ops) {
          const clip = 'n' in step ? await clipOf(step.n) : undefined;
          switch (step.kind) {
            case 'clip':
              await saveClip(
                db,
                makePage({ url: url(step.n), originalUrl: url(step.n), text: `t${step.n}` }),
                {
                  quotes: [{ text: `q${step.n}`, context: '' }],
                },
              );
              break;
            case 'note':
              if (clip) await updateClipNotes(db, clip.id, { note: step.note });
              break;
            case 'trash':
              if (clip) await trashClip(db, clip.id);
              break;
            case 'restore':
              if (clip) await restoreClip(db, clip.id);
              break;
            case 'empty':
              await emptyTrash(db);
              break;
            case 'quote': {
              const quote = clip && (await db.getAllFromIndex('quotes', 'clipId', clip.id))[0];
              if (quote) await changeQuoteText(db, quote.id, (q) => `${q.text}!`);
              break;
            }
            case 'trashQuote': {
              const quote = clip && (await db.getAllFromIndex('quotes', 'clipId', clip.id))[0];
              if (quote) await trashQuote(db, quote.id);
              break;
            }
            case 'board':
              if (await db.get('boards', 'b1'))
                await updateBoard(db, 'b1', (b) => ({ ...b, title: step.title }));
              else await saveBoard(db, board('b1'));
              break;
            case 'place':
              if (clip && (await db.get('boards', 'b1')))
                await placeClip(db, { boardId: 'b1', clipId: clip.id });
              break;
            case 'unplace': {
              const placement = clip && (await db.getAllFromIndex('placements', 'clipId', clip.id))[0];
              if (placement) await removePlacement(db, placement.id);
              break;
            }
            case 'setting':
              await setSetting(db, AUTO_FILE_SINCE_KEY, step.value);
              break;
            case 'export': {
              const exported = await exportLocal(db, local, state);
              await saveState(local, state);
              await forgetMarks(db, exported.marks);
              break;
            }
          }
          const changes = await localChanges(db, state);
          const marked = new Set([...changes.contents.map(contentDocId), ...changes.gone]);
          for (const id of await differing(db, state)) expect(marked, id).toContain(id);
        }
        db.close();
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
