import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, getBody, listClips, listPlacements, listQuotes, openKurabeDB } from '@/utils/db';
import { openOldVersion, pageId, withoutLead } from './old-schemas';

const C1 = pageId('c1');
const C2 = pageId('c2');

const STORES_V2 = ['boards', 'bodies', 'clips', 'placements', 'quotes', 'settings'];

/** The database as version 2 made it (frozen here: the code moved on). */
async function seedVersion2(factory: IDBFactory) {
  const db = await openOldVersion(factory, 2);
  const clip = (name: string, extra = {}) => ({
    id: pageId(name),
    normalizedUrl: `https://a.example/${name}`,
    url: `https://a.example/${name}?utm_source=x`,
    title: `記事${name}`,
    byline: '',
    siteName: 'a.example',
    lang: 'ja',
    publishedTime: '',
    excerpt: '',
    lead: 'ルート営業は継続率で評価される。',
    chars: 16,
    readingMinutes: 1,
    kind: 'article',
    note: 'メモ',
    tags: ['営業'],
    createdAt: 1,
    clippedAt: 2,
    updatedAt: 3,
    ...extra,
  });
  const records = {
    clips: [clip('c1'), clip('c2', { deletedAt: 9, clippedAt: 1 })],
    bodies: [
      {
        id: C1,
        html: '<p>ルート営業は継続率で評価される。</p>',
        markdown: 'md',
        text: 'ルート営業は継続率で評価される。',
      },
      { id: C2, html: '<p>短い本文</p>', markdown: '短い本文', text: '短い本文' },
    ],
    quotes: [{ id: 'q1', clipId: C1, text: '継続率', context: '', note: '', createdAt: 1 }],
    boards: [
      {
        id: 'b1',
        title: '営業職の比較',
        subjects: [{ id: 's1', name: 'ルート営業' }],
        aspects: [{ id: 'a1', name: '評価' }],
        cellNotes: { a1: { s1: '継続率' } },
        order: 'a0',
        updatedAt: 4,
      },
    ],
    placements: [
      { id: 'p1', boardId: 'b1', clipId: C1, order: 'a', note: '' },
      {
        id: 'p2',
        boardId: 'b1',
        clipId: C1,
        quoteId: 'q1',
        aspectId: 'a1',
        subjectId: 's1',
        order: 'b',
        note: 'x',
      },
    ],
  };
  for (const [store, values] of Object.entries(records)) {
    for (const value of values) await db.put(store, value);
  }
  await db.put('settings', { type: 'clip-saved', clipId: C1 }, 'lastClipEvent');
  db.close();
  return records;
}

describe('migration 2 → 3: a store for staging restored bodies', () => {
  it('keeps every record of every store and adds an empty restoreStaging store', async () => {
    const factory = new IDBFactory();
    const seeded = await seedVersion2(factory);
    const db = await openKurabeDB(factory);
    expect(db.version).toBe(DB_VERSION);
    // (and the search index's stores of version 7: v7.test.ts; the leads' of version 9: v9.test.ts)
    expect([...db.objectStoreNames].sort()).toEqual(
      [
        ...STORES_V2,
        'restoreStaging',
        'searchDocs',
        'searchMeta',
        'searchPostings',
        'leads',
        'syncChanges',
      ].sort(),
    );

    // Every record as it was, value for value (but the fields later versions add: v4.test.ts;
    // and the clips' leads, which version 9 moves to `leads`: v9.test.ts).
    for (const [store, values] of Object.entries(seeded)) {
      const sorted = [...values].sort((a, b) => (a.id < b.id ? -1 : 1)).map(withoutLead);
      const stored = (await db.getAll(store as keyof typeof seeded)) as unknown as Record<string, unknown>[];
      expect(
        stored.map(({ noteKind: _kind, words: _words, cellSources: _sources, ...rest }) => rest),
        store,
      ).toEqual(sorted);
    }
    expect(await db.getAllKeys('settings')).toEqual(['lastClipEvent']);
    expect(await db.get('settings', 'lastClipEvent')).toEqual({ type: 'clip-saved', clipId: C1 });
    // The indexes still work.
    expect((await listClips(db)).inbox.map((c) => c.id)).toEqual([C1]);
    expect((await listQuotes(db, C1)).map((q) => q.id)).toEqual(['q1']);
    expect((await listPlacements(db, 'b1')).map((p) => p.id)).toEqual(['p1', 'p2']);
    expect((await getBody(db, C2)).text).toBe('短い本文');

    // The new store: empty, keyed by the body's id.
    expect(await db.count('restoreStaging')).toBe(0);
    await db.put('restoreStaging', { id: C1, html: '<p>x</p>' });
    expect(await db.get('restoreStaging', C1)).toEqual({ id: C1, html: '<p>x</p>' });
    db.close();
  });

  it('a new database gets the store too', async () => {
    const db = await openKurabeDB(new IDBFactory());
    expect(db.version).toBe(DB_VERSION);
    expect(db.objectStoreNames.contains('restoreStaging')).toBe(true);
    expect(await db.count('restoreStaging')).toBe(0);
    db.close();
  });
});
