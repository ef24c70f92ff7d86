import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { CHANGES_STORE, EVERYTHING } from '@/utils/change-log';
import { DB_NAME, DB_VERSION, openKurabeDB, updateClipNotes } from '@/utils/db';
import { exportLocal, forgetMarks, loadState, saveState } from '@/utils/sync/mirror';
import { localPouch } from '../../helpers/pouch-node';
import { openOldVersion, pageId } from './old-schemas';

/** A version 8 database (frozen here): version 6's stores and version 7's search stores. */
async function openVersion8(factory: IDBFactory) {
  (await openOldVersion(factory, 6)).close();
  const previous = globalThis.indexedDB;
  globalThis.indexedDB = factory;
  try {
    return await openDB(DB_NAME, 8, {
      upgrade(d) {
        d.createObjectStore('searchDocs', { keyPath: 'id' }).createIndex('tail', 'tail');
        d.createObjectStore('searchPostings');
        d.createObjectStore('searchMeta');
      },
    });
  } finally {
    globalThis.indexedDB = previous;
  }
}

const clipV8 = (name: string) => ({
  id: pageId(name),
  normalizedUrl: `https://a.example/${name}`,
  url: `https://a.example/${name}`,
  title: name,
  byline: '',
  siteName: 'a.example',
  lang: 'ja',
  publishedTime: '',
  excerpt: '',
  lead: '本文',
  chars: 2,
  readingMinutes: 1,
  kind: 'article',
  note: '',
  noteKind: 'memo',
  tags: [],
  createdAt: 1,
  clippedAt: 1,
  updatedAt: 1,
});

describe('migration → 10: a log of the records changed since the last sync', () => {
  it('an existing library keeps its records and is marked to be read whole once by the next sync', async () => {
    const factory = new IDBFactory();
    const old = await openVersion8(factory);
    const clips = [clipV8('one'), clipV8('two')];
    for (const clip of clips) {
      await old.put('clips', clip);
      await old.put('bodies', { id: clip.id, html: '<p>本文</p>', text: '本文' });
    }
    await old.put('settings', true, 'autoFile');
    old.close();

    const db = await openKurabeDB(factory);
    expect(db.version).toBe(DB_VERSION);
    // Version 9 on the way: each lead moved out into \`leads\`.
    expect(await db.getAll('clips')).toEqual(clips.map(({ lead: _lead, ...clip }) => clip));
    expect(await db.getAll('leads')).toEqual(clips.map((c) => ({ id: c.id, lead: c.lead })));
    expect(await db.getAllKeys(CHANGES_STORE)).toEqual([EVERYTHING]);

    // The first sync after the upgrade reads the whole library (the mirror may be behind it:
    // records written by an older Kurabe left no marks), then only what changes.
    const local = localPouch();
    const state = await loadState(local);
    await saveState(local, state); // a replica that has mirrored before: marks alone would decide
    const first = await exportLocal(db, local, state);
    expect(first).toMatchObject({ whole: true, written: 4, deleted: 0 });
    await saveState(local, state);
    await forgetMarks(db, first.marks);
    expect(await db.getAllKeys(CHANGES_STORE)).toEqual([]);

    await updateClipNotes(db, clips[0]!.id, { note: '移行のあと' });
    const second = await exportLocal(db, local, state);
    expect(second).toMatchObject({ whole: false, written: 1, deleted: 0 });
    expect(await local.get(`clip:${clips[0]!.id}`)).toMatchObject({ record: { note: '移行のあと' } });
    db.close();
  });

  it('a new database starts with an empty log', async () => {
    const db = await openKurabeDB(new IDBFactory());
    expect(db.version).toBe(DB_VERSION);
    expect(await db.count(CHANGES_STORE)).toBe(0);
    db.close();
  });
});
