import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DB_NAME,
  DB_VERSION,
  emptyTrash,
  getBody,
  getClipByUrl,
  type KurabeDatabase,
  listClips,
  listQuotes,
  openKurabeDB,
  restoreClip,
  saveClip,
  trashClip,
} from '@/utils/db';
import { makePage } from '../helpers/pages';

let factory: IDBFactory;
let db: KurabeDatabase;
let ids = 0;
const newId = () => `id-${++ids}`;

beforeEach(async () => {
  factory = new IDBFactory();
  db = await openKurabeDB(factory);
  return () => db.close();
});

describe('schema', () => {
  it('creates every store and index at the current version', () => {
    expect(db.version).toBe(DB_VERSION);
    expect(db.name).toBe(DB_NAME);
    expect([...db.objectStoreNames].sort()).toEqual([
      'boards',
      'bodies',
      'clips',
      'leads',
      'placements',
      'quotes',
      'restoreStaging',
      'searchDocs',
      'searchMeta',
      'searchPostings',
      'settings',
      'syncChanges',
    ]);
    const tx = db.transaction(['clips', 'quotes', 'boards', 'placements', 'searchDocs']);
    expect([...tx.objectStore('searchDocs').indexNames]).toEqual(['tail']);
    expect([...tx.objectStore('clips').indexNames].sort()).toEqual([
      'clippedAt',
      'normalizedUrl',
      'updatedAt',
    ]);
    expect(tx.objectStore('clips').index('normalizedUrl').unique).toBe(true);
    expect([...tx.objectStore('quotes').indexNames]).toEqual(['clipId']);
    expect([...tx.objectStore('placements').indexNames].sort()).toEqual(['boardId', 'clipId']);
    expect([...tx.objectStore('boards').indexNames]).toEqual(['order']);
  });

  it('refuses duplicate normalized URLs at the store level', async () => {
    const first = await saveClip(db, makePage(), { newId });
    await expect(db.add('clips', { ...first.clip, id: 'other' })).rejects.toThrow();
  });
});

describe('saveClip', () => {
  it('stores a new clip with the extracted fields and empty user fields', async () => {
    const result = await saveClip(db, makePage(), { now: 1000, newId });
    expect(result.updated).toBe(false);
    expect(result.restored).toBe(false);
    const stored = await getClipByUrl(db, 'https://example.com/entry/1');
    expect(stored).toMatchObject({
      normalizedUrl: 'https://example.com/entry/1',
      url: 'https://example.com/entry/1?utm_source=x',
      title: 'ルート営業と営業の違い',
      kind: 'article',
      note: '',
      tags: [],
      createdAt: 1000,
      clippedAt: 1000,
      updatedAt: 1000,
    });
    expect(stored?.deletedAt).toBeUndefined();
  });

  it('updates a re-clipped page in place and keeps notes, tags and placements', async () => {
    const first = await saveClip(db, makePage(), { now: 1000, newId });
    await db.put('clips', { ...first.clip, note: '評価軸の例に使う', tags: ['営業'] });
    await db.put('placements', {
      id: 'p1',
      boardId: 'b1',
      clipId: first.clip.id,
      order: 'a0',
      note: '',
      noteKind: 'article',
    });

    const again = await saveClip(
      db,
      makePage({ title: '改訂版タイトル', originalUrl: 'https://example.com/entry/1#x', chars: 99 }),
      {
        now: 5000,
        newId,
      },
    );

    expect(again.updated).toBe(true);
    expect(again.firstClippedAt).toBe(1000);
    expect(again.clip.id).toBe(first.clip.id);
    expect(await db.count('clips')).toBe(1);
    const stored = await db.get('clips', first.clip.id);
    expect(stored).toMatchObject({
      title: '改訂版タイトル',
      chars: 99,
      note: '評価軸の例に使う',
      tags: ['営業'],
    });
    expect(stored).toMatchObject({ createdAt: 1000, clippedAt: 5000, updatedAt: 5000 });
    expect(await db.getAllFromIndex('placements', 'clipId', first.clip.id)).toHaveLength(1);
  });

  it('restores a re-clipped page from the Trash', async () => {
    const first = await saveClip(db, makePage(), { now: 1000, newId });
    await db.put('clips', { ...first.clip, deletedAt: 2000 });
    const again = await saveClip(db, makePage(), { now: 3000, newId });
    expect(again.restored).toBe(true);
    expect((await db.get('clips', first.clip.id))?.deletedAt).toBeUndefined();
    expect((await listClips(db)).inbox).toHaveLength(1);
  });

  it('does not replace a saved article with a bookmark of the same page', async () => {
    await saveClip(db, makePage(), { now: 1000, newId });
    await saveClip(db, makePage({ kind: 'bookmark', html: '', text: '' }), {
      now: 2000,
      newId,
    });
    const stored = await getClipByUrl(db, 'https://example.com/entry/1');
    expect(stored?.kind).toBe('article');
    expect((await db.get('leads', stored!.id))?.lead).toContain('ルート営業');
    expect((await getBody(db, stored!.id)).text).toContain('ルート営業');
  });

  it('writes quotes in the same transaction', async () => {
    const { clip } = await saveClip(db, makePage(), {
      newId,
      quotes: [{ text: '長期的な関係', context: '…長期的な関係を築きます。' }],
    });
    const quotes = await db.getAllFromIndex('quotes', 'clipId', clip.id);
    expect(quotes.map((q) => q.text)).toEqual(['長期的な関係']);
  });

  it('leaves nothing behind when a write fails', async () => {
    // A function cannot be stored (DataCloneError) — the clip written before it must go too.
    const badQuote = { text: 'ok', context: (() => 'not cloneable') as unknown as string };
    await expect(saveClip(db, makePage(), { newId, quotes: [badQuote] })).rejects.toThrow();
    expect(await db.count('clips')).toBe(0);
    expect(await db.count('quotes')).toBe(0);
  });

  it('leaves the earlier version intact when an update fails', async () => {
    await saveClip(db, makePage(), { now: 1000, newId });
    const badQuote = { text: 'ok', context: (() => 'x') as unknown as string };
    await expect(
      saveClip(db, makePage({ title: 'new' }), { now: 2000, newId, quotes: [badQuote] }),
    ).rejects.toThrow();
    const stored = await getClipByUrl(db, 'https://example.com/entry/1');
    expect(stored?.title).toBe('ルート営業と営業の違い');
    expect(stored?.clippedAt).toBe(1000);
  });

  it('never makes two clips of one page when two clips race', async () => {
    const results = await Promise.allSettled([
      saveClip(db, makePage(), { newId }),
      saveClip(db, makePage(), { newId }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
    expect(await db.count('clips')).toBe(1);
  });
});

describe('listClips', () => {
  it('lists clips newest first and leaves out the Trash', async () => {
    await saveClip(db, makePage({ url: 'https://a.example/1' }), { now: 1, newId });
    await saveClip(db, makePage({ url: 'https://a.example/2' }), { now: 2, newId });
    const trashed = await saveClip(db, makePage({ url: 'https://a.example/3' }), { now: 3, newId });
    await db.put('clips', { ...trashed.clip, deletedAt: 4 });
    await saveClip(db, makePage({ url: 'https://a.example/1' }), { now: 5, newId }); // re-clip moves it up
    expect((await listClips(db)).inbox.map((c) => c.normalizedUrl)).toEqual([
      'https://a.example/1',
      'https://a.example/2',
    ]);
  });
});

describe('quotes of a re-clip', () => {
  it('adds a new selection to the existing clip and never the same one twice', async () => {
    const first = await saveClip(db, makePage(), { newId, quotes: [{ text: '長期的な関係', context: 'a' }] });
    expect(first.quotesAdded).toBe(1);
    const again = await saveClip(db, makePage(), {
      newId,
      quotes: [
        { text: '長期的な関係', context: 'a' },
        { text: '継続率', context: 'b' },
      ],
    });
    expect(again.quotesAdded).toBe(1);
    expect((await listQuotes(db, first.clip.id)).map((q) => q.text)).toEqual(['長期的な関係', '継続率']);
  });
});

describe('Trash', () => {
  it('moves a clip out of the Inbox and back', async () => {
    const { clip } = await saveClip(db, makePage(), { now: 1, newId });
    await trashClip(db, clip.id, 50);
    expect((await listClips(db)).inbox).toHaveLength(0);
    expect((await listClips(db)).trash.map((c) => [c.id, c.deletedAt])).toEqual([[clip.id, 50]]);
    await restoreClip(db, clip.id);
    expect((await listClips(db)).inbox.map((c) => c.id)).toEqual([clip.id]);
    expect((await listClips(db)).trash).toHaveLength(0);
  });

  it('empties only the Trash, with the quotes and placements of what it deletes', async () => {
    const kept = await saveClip(db, makePage({ url: 'https://a.example/kept' }), {
      newId,
      quotes: [{ text: 'q1', context: '' }],
    });
    const gone = await saveClip(db, makePage({ url: 'https://a.example/gone' }), {
      newId,
      quotes: [{ text: 'q2', context: '' }],
    });
    await db.put('placements', {
      id: 'p-kept',
      boardId: 'b',
      clipId: kept.clip.id,
      order: 'a',
      note: '',
      noteKind: 'article',
    });
    await db.put('placements', {
      id: 'p-gone',
      boardId: 'b',
      clipId: gone.clip.id,
      order: 'b',
      note: '',
      noteKind: 'article',
    });
    await trashClip(db, gone.clip.id);

    expect(await emptyTrash(db)).toBe(1);
    expect((await db.getAll('clips')).map((c) => c.id)).toEqual([kept.clip.id]);
    expect((await db.getAll('quotes')).map((q) => q.text)).toEqual(['q1']);
    expect((await db.getAll('placements')).map((p) => p.id)).toEqual(['p-kept']);
  });

  it('refuses to trash or restore a clip that does not exist', async () => {
    await expect(trashClip(db, 'nope')).rejects.toThrow('No clip nope');
    await expect(restoreClip(db, 'nope')).rejects.toThrow('No clip nope');
  });
});
