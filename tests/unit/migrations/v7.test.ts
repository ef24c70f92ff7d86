import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { clipIdForUrl } from '@/utils/clip-id';
import { DB_VERSION, listClips, openKurabeDB } from '@/utils/db';
import { SearchIndex } from '@/utils/search';
import { ArticleIndex, buildSearchIndex } from '@/utils/search-postings';
import { openOldVersion, pageId, withoutLead } from './old-schemas';

/** A clip record as versions 5 and 6 stored it (frozen here): its id is its page's. */
const clipV6 = (i: number) => ({
  id: pageId(`${i}`),
  normalizedUrl: `https://a.example/${i}`,
  url: `https://a.example/${i}`,
  title: `記事${i}`,
  byline: '',
  siteName: 'a.example',
  lang: 'ja',
  publishedTime: '',
  modifiedTime: '',
  excerpt: '',
  lead: '冒頭',
  chars: 30,
  readingMinutes: 1,
  kind: 'article',
  note: '',
  noteKind: 'article',
  tags: [],
  createdAt: i,
  clippedAt: i,
  updatedAt: i,
});
const textOf = (i: number) =>
  `冒頭${'本文'.repeat(900)}${i % 3 === 0 ? '顧客満足度' : 'ルート営業'}の記事${i}。`;

/** A library of `count` clips at `version` (6, or 4 with `id` giving each clip a random-looking id). */
async function seedOld(
  factory: IDBFactory,
  count: number,
  version: 4 | 6 = 6,
  id = (i: number) => pageId(`${i}`),
) {
  const db = await openOldVersion(factory, version);
  const tx = db.transaction(['clips', 'bodies'], 'readwrite');
  for (let i = 0; i < count; i++) {
    void tx.objectStore('clips').put({ ...clipV6(i), id: id(i) });
    void tx.objectStore('bodies').put({ id: id(i), html: '<p>x</p>', text: textOf(i) });
  }
  await tx.done;
  db.close();
}

async function search(db: Awaited<ReturnType<typeof openKurabeDB>>, query: string) {
  const index = new SearchIndex();
  index.update((await listClips(db)).inbox, new Map());
  return (await index.search(query, await ArticleIndex.load(db), 1000)).map((h) => h.clipId).sort();
}

const idsOf = (count: number, keep: (i: number) => boolean) =>
  Array.from({ length: count }, (_, i) => i)
    .filter(keep)
    .map((i) => pageId(`${i}`))
    .sort();

describe('migration 6 → 7: the article search index', () => {
  it('adds the index stores, empty, and changes no record', async () => {
    const factory = new IDBFactory();
    await seedOld(factory, 3);
    const db = await openKurabeDB(factory);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames]).toEqual(
      expect.arrayContaining(['searchDocs', 'searchPostings', 'searchMeta']),
    );
    expect(await db.count('searchDocs')).toBe(0);
    expect(await db.count('searchPostings')).toBe(0);
    expect(await db.get('clips', pageId('1'))).toEqual(withoutLead(clipV6(1)));
    db.close();
  });

  it('builds the index of an existing library in slices, resumed after a stop, each clip once', async () => {
    const factory = new IDBFactory();
    await seedOld(factory, 30);
    let db = await openKurabeDB(factory);
    // Before the build, articles are searched by their lead only.
    expect(await search(db, '顧客満足度')).toEqual([]);
    // The panel closes after the first segments (of 5 clips or more), stopped after the second.
    const stop = new AbortController();
    let segments = 0;
    await buildSearchIndex(db, {
      segmentClips: 5,
      onProgress: () => {
        if (++segments === 2) stop.abort();
      },
      signal: stop.signal,
    });
    const partly = await db.count('searchDocs');
    expect(partly).toBeGreaterThanOrEqual(10);
    expect(await db.countFromIndex('searchDocs', 'tail')).toBe(0);
    expect(partly).toBeLessThan(30);
    db.close();
    db = await openKurabeDB(factory);
    // The next run indexes only the clips still missing.
    expect(await buildSearchIndex(db, { segmentClips: 10 })).toBe(30 - partly);
    expect(await db.count('searchDocs')).toBe(30);
    const docs = (await db.getAll('searchDocs')).map((d) => d.doc);
    expect(new Set(docs).size).toBe(30);
    const expected = idsOf(30, (i) => i % 3 === 0);
    expect(await search(db, '顧客満足度')).toEqual(expected);
    expect(await search(db, '満足度')).toEqual(expected);
    // Nothing left: a second run on the next panel open does nothing.
    expect(await buildSearchIndex(db)).toBe(0);
    db.close();
  });

  it('from version 4: the clips re-keyed by version 5 are indexed under their pages’ ids', async () => {
    const factory = new IDBFactory();
    await seedOld(factory, 9, 4, (i) => `random-${i}`);
    const db = await openKurabeDB(factory);
    expect(await db.count('searchDocs')).toBe(0);
    expect(await buildSearchIndex(db)).toBe(9);
    expect((await db.getAllKeys('searchDocs')).sort()).toEqual(idsOf(9, () => true));
    expect(await search(db, '顧客満足度')).toEqual(
      [0, 3, 6].map((i) => clipIdForUrl(`https://a.example/${i}`)).sort(),
    );
    db.close();
  });
});
