// @vitest-environment jsdom
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveBodyFromHtml } from '@/utils/backup';
import { clipIdForUrl } from '@/utils/clip-id';
import {
  emptyTrash,
  type KurabeDatabase,
  listClips,
  openKurabeDB,
  rekeyClipsToPageIds,
  saveClip,
  trashClip,
} from '@/utils/db';
import { SearchIndex } from '@/utils/search';
import { ArticleIndex, buildSearchIndex, TAIL_SEGMENT_SIZE } from '@/utils/search-postings';
import { syncOnce } from '@/utils/sync/mirror';
import type { PouchDatabase } from '@/utils/sync/pouch';
import { basicAuth, type CouchServer, freshDatabaseName, startCouchServer } from '../helpers/couch-server';
import { makePage } from '../helpers/pages';
import { localPouch, nodePouch } from '../helpers/pouch-node';

/**
 * The article search index (utils/search-postings.ts) follows what the sync does to a library:
 * articles arriving, changing and going, and clips re-keyed to their pages' ids.
 */
let server: CouchServer;
beforeAll(async () => {
  server = await startCouchServer();
}, 30_000);
afterAll(() => server?.stop());

interface Device {
  db: KurabeDatabase;
  local: PouchDatabase;
}
const device = async (): Promise<Device> => ({
  db: await openKurabeDB(new IDBFactory()),
  local: localPouch(),
});

async function freshDatabase(): Promise<string> {
  const name = freshDatabaseName();
  const res = await fetch(`${server.url}/${name}`, {
    method: 'PUT',
    headers: { Authorization: basicAuth(server.admin) },
  });
  expect(res.status).toBe(201);
  return `${server.url}/${name}`;
}
const sync = (d: Device, url: string) =>
  syncOnce(d.db, d.local, nodePouch(url, { skip_setup: true, auth: server.admin }), (html) =>
    deriveBodyFromHtml(html),
  );

/** A page whose article (HTML and text) is `article`. */
const page = (n: string, article: string) =>
  makePage({
    url: `https://news.example/${n}`,
    originalUrl: `https://news.example/${n}`,
    title: `記事 ${n}`,
    html: `<p>${article}</p>`,
    text: article,
  });

/** The clips a query finds, as the panel searches (the article index read from IndexedDB). */
async function found(db: KurabeDatabase, query: string): Promise<string[]> {
  const index = new SearchIndex();
  index.update((await listClips(db)).inbox, new Map());
  return (await index.search(query, await ArticleIndex.load(db), 1000)).map((h) => h.clipId).sort();
}

// Long enough that the words searched are far past the lead a clip record keeps (1,500 chars):
// only the article index finds them.
const filler = '前置きの文章です。'.repeat(200);

describe('the search index through sync', () => {
  it('a clip arriving from another device is found by words inside its article', async () => {
    const url = await freshDatabase();
    const [a, b] = [await device(), await device()];
    const { clip } = await saveClip(a.db, page('1', `${filler}顧客満足度を調べた。Commuting costs grew.`));
    await sync(a, url);
    await sync(b, url);
    expect(await b.db.get('searchDocs', clip.id)).toMatchObject({ id: clip.id });
    expect(await found(b.db, '満足度')).toEqual([clip.id]);
    expect(await found(b.db, 'commuting')).toEqual([clip.id]);
    expect(await found(b.db, '存在しない')).toEqual([]);
  });

  it('an article clipped again on another device: its new text is found, the old one no longer', async () => {
    const url = await freshDatabase();
    const [a, b] = [await device(), await device()];
    const { clip } = await saveClip(a.db, page('2', `${filler}旧料金プランの説明。`), {
      now: 1_800_000_000_000,
    });
    await sync(a, url);
    await sync(b, url);
    expect(await found(b.db, '旧料金')).toEqual([clip.id]);
    await saveClip(a.db, page('2', `${filler}新料金プランの説明。`), { now: 1_800_000_100_000 });
    await sync(a, url);
    await sync(b, url);
    expect(await found(b.db, '新料金')).toEqual([clip.id]);
    expect(await found(b.db, '旧料金')).toEqual([]);
  });

  it('a clip deleted for good on another device leaves the index', async () => {
    const url = await freshDatabase();
    const [a, b] = [await device(), await device()];
    const { clip } = await saveClip(a.db, page('3', `${filler}解約率の推移。`));
    await sync(a, url);
    await sync(b, url);
    expect(await found(b.db, '解約率')).toEqual([clip.id]);
    await trashClip(a.db, clip.id);
    await emptyTrash(a.db);
    await sync(a, url);
    await sync(b, url);
    expect(await b.db.get('clips', clip.id)).toBeUndefined();
    expect(await b.db.get('searchDocs', clip.id)).toBeUndefined();
    expect(await found(b.db, '解約率')).toEqual([]);
  });

  it('a clip re-keyed to its page’s id keeps its place in the index (not indexed again)', async () => {
    const url = await freshDatabase();
    const a = await device();
    // A clip with a random id, as a backup of an older Kurabe restores it.
    const { clip } = await saveClip(a.db, page('4', `${filler}導入事例の比較。`), {
      clipId: () => 'random-id',
    });
    expect(clip.id).toBe('random-id');
    await buildSearchIndex(a.db, { flushTail: true });
    const before = await a.db.get('searchDocs', 'random-id');
    expect(before).toBeDefined();
    // Every sync starts by re-keying.
    await sync(a, url);
    const id = clipIdForUrl('https://news.example/4');
    expect(await a.db.get('clips', 'random-id')).toBeUndefined();
    expect(await a.db.get('searchDocs', 'random-id')).toBeUndefined();
    expect(await a.db.get('searchDocs', id)).toEqual({ ...before, id });
    expect(await buildSearchIndex(a.db)).toBe(0);
    expect(await found(a.db, '導入事例')).toEqual([id]);
    // And rekeying again changes nothing.
    await rekeyClipsToPageIds(a.db);
    expect(await a.db.get('searchDocs', id)).toEqual({ ...before, id });
  });

  it('a library arriving at once is written into segments, not left in the tail', async () => {
    const url = await freshDatabase();
    const [a, b] = [await device(), await device()];
    const count = TAIL_SEGMENT_SIZE + 16;
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const article = `${filler}${i % 2 ? '営業日報' : '在庫管理'}の記事${i}。`;
      ids.push((await saveClip(a.db, page(`lib-${i}`, article))).clip.id);
    }
    await sync(a, url);
    await sync(b, url);
    expect(await b.db.count('searchDocs')).toBe(count);
    expect(await b.db.countFromIndex('searchDocs', 'tail')).toBeLessThan(TAIL_SEGMENT_SIZE);
    expect(await b.db.count('searchPostings')).toBeGreaterThan(0);
    expect(await found(b.db, '営業日報')).toEqual(ids.filter((_, i) => i % 2).sort());
    expect(await found(b.db, '在庫管理')).toEqual(ids.filter((_, i) => i % 2 === 0).sort());
  });
});
