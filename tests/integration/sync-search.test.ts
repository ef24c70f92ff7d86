// @vitest-environment jsdom
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveBodyFromHtml } from '@/utils/backup';
import { restoreFromStream } from '@/utils/backup/restore';
import { clipIdForUrl } from '@/utils/clip-id';
import { emptyTrash, type KurabeDatabase, listClips, openKurabeDB, saveClip, trashClip } from '@/utils/db';
import { SearchIndex } from '@/utils/search';
import { ArticleIndex, buildSearchIndex, TAIL_SEGMENT_SIZE } from '@/utils/search-postings';
import { syncOnce } from '@/utils/sync/mirror';
import type { PouchDatabase } from '@/utils/sync/pouch';
import { fixtureBytes, streamOf } from '../helpers/backup';
import { basicAuth, type CouchServer, freshDatabaseName, startCouchServer } from '../helpers/couch-server';
import { makePage } from '../helpers/pages';
import { localPouch, nodePouch } from '../helpers/pouch-node';

/**
 * The article search index (utils/search-postings.ts) follows what the sync does to a library:
 * articles arriving, changing and going, and clips restored from older backups under their pages' ids.
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

  it('a clip restored from an older backup is indexed under its page’s id, and found on both devices', async () => {
    const url = await freshDatabase();
    const [a, b] = [await device(), await device()];
    // valid.jsonl is a version 1 file: its clip "c-route" has a random id. The restore gives it
    // its page's id (sync needs one id per page), so the index never holds the old id.
    const restored = await restoreFromStream(a.db, streamOf(fixtureBytes('valid.jsonl')), {
      deriveBody: (html: string) => deriveBodyFromHtml(html),
    });
    expect(restored.ok).toBe(true);
    const id = clipIdForUrl('https://example.com/entry/1');
    await buildSearchIndex(a.db, { flushTail: true });
    expect(await a.db.get('searchDocs', 'c-route')).toBeUndefined();
    expect(await a.db.get('searchDocs', id)).toBeDefined();
    expect(await found(a.db, '長期的な関係')).toEqual([id]);
    await sync(a, url);
    await sync(b, url);
    expect(await found(b.db, '長期的な関係')).toEqual([id]);
    // Nothing is left to index once the restore's clips are in.
    expect(await buildSearchIndex(a.db)).toBe(0);
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
