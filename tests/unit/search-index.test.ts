import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { readBackup } from '@/utils/backup/read';
import { restoreBackup } from '@/utils/backup/restore';
import { backupBlob } from '@/utils/backup/write';
import {
  type Clip,
  emptyTrash,
  type KurabeDatabase,
  listClips,
  openKurabeDB,
  placeClip,
  saveClip,
  trashClip,
  updateClipNotes,
} from '@/utils/db';
import { SearchIndex } from '@/utils/search';
import {
  ArticleIndex,
  buildSearchIndex,
  decodeDocs,
  encodeDocs,
  TAIL_SEGMENT_SIZE,
} from '@/utils/search-postings';
import { articleTerms, lookupOf } from '@/utils/search-terms';
import { plainDerive } from '../helpers/backup';
import { makePage } from '../helpers/pages';

/** Saves pages as the toolbar button does; returns the clips. */
async function clipPages(
  db: KurabeDatabase,
  pages: { slug: string; title?: string; text: string }[],
  now = Date.now(),
) {
  const clips: Clip[] = [];
  for (const p of pages) {
    const url = `https://example.com/${p.slug}`;
    const page = makePage({
      url,
      originalUrl: url,
      title: p.title ?? p.slug,
      text: p.text,
      html: `<p>${p.text}</p>`,
    });
    clips.push((await saveClip(db, page, { now })).clip);
  }
  return clips;
}

/** The panel's search over the database as it is now: the inbox, quotes and placement notes. */
async function searchNow(db: KurabeDatabase, query: string): Promise<string[]> {
  // The clip records as the panel lists them: without their leads (version 9 keeps them apart);
  // the index reads the leads of articles not indexed yet itself.
  const inbox = (await listClips(db)).inbox;
  const quotes = await db.getAll('quotes');
  const byClip = new Map<string, typeof quotes>();
  for (const q of quotes) byClip.set(q.clipId, [...(byClip.get(q.clipId) ?? []), q]);
  const notes = new Map<string, string[]>();
  for (const p of await db.getAll('placements'))
    if (p.note) notes.set(p.clipId, [...(notes.get(p.clipId) ?? []), p.note]);
  const index = new SearchIndex();
  index.update(inbox, byClip, notes);
  const hits = await index.search(query, await ArticleIndex.load(db));
  return hits.map((h) =>
    inbox.find((c) => c.id === h.clipId)!.normalizedUrl.replace('https://example.com/', ''),
  );
}

const fresh = () => openKurabeDB(new IDBFactory());

describe('terms of the article index', () => {
  it('keeps CJK characters and their pairs, and words of other scripts', () => {
    expect([...articleTerms('顧客満足度、Pricing')]).toEqual(
      expect.arrayContaining(['顧', '顧客', '客満', '満足', '足度', '度', 'pricing']),
    );
    expect(articleTerms('顧客満足度').has('顧客満足度')).toBe(false);
  });

  it('looks up a Japanese term by its pairs (checked against the text) and an English one by prefix', () => {
    expect(lookupOf('満足度')).toEqual({ exact: ['満足', '足度'], prefixes: [], certain: false });
    expect(lookupOf('度')).toEqual({ exact: ['度'], prefixes: [], certain: true });
    expect(lookupOf('pric')).toEqual({ exact: [], prefixes: ['pric'], certain: true });
  });

  it('encodes document numbers and reads them back', () => {
    const docs = [1, 2, 130, 20_000, 2 ** 31 + 5];
    const read: number[] = [];
    decodeDocs(encodeDocs(docs), (d) => read.push(d));
    expect(read).toEqual(docs);
  });
});

describe('the article index in IndexedDB', () => {
  it('finds Japanese inside words, one character, English prefixes and stems', async () => {
    const db = await fresh();
    await clipPages(db, [
      { slug: 'ja', text: 'ルート営業は顧客満足度で評価されます。' },
      { slug: 'en', text: 'Pricing plans compared: the Obsidian sync costs extra.' },
      { slug: 'other', text: '開放型イヤホンは音漏れします。' },
    ]);
    expect(await searchNow(db, '満足度')).toEqual(['ja']);
    expect(await searchNow(db, '度')).toEqual(['ja']);
    expect(await searchNow(db, '漏')).toEqual(['other']);
    expect(await searchNow(db, 'obsid')).toEqual(['en']);
    expect(await searchNow(db, 'priced')).toEqual(['en']); // its stem "pric" begins "pricing"
    expect(await searchNow(db, 'costing')).toEqual(['en']); // stem "cost" → costs
    expect(await searchNow(db, '満足度 存在しない')).toEqual([]);
  });

  it('checks pairs found apart against the text: no false hit', async () => {
    const db = await fresh();
    // 「満足」 and 「足度」 both occur, but never 「満足度」.
    await clipPages(db, [
      { slug: 'apart', text: '満足している。足度という語。' },
      { slug: 'whole', text: '顧客満足度が高い。' },
    ]);
    expect(await searchNow(db, '満足度')).toEqual(['whole']);
  });

  it('finds notes, tags, quotes and their notes, placement notes', async () => {
    const db = await fresh();
    const [a, b] = await clipPages(db, [
      { slug: 'a', text: '本文A' },
      { slug: 'b', text: '本文B' },
    ]);
    await updateClipNotes(db, a!.id, { note: '出典の調査名を確認', tags: ['営業職'] });
    const url = 'https://example.com/b';
    await saveClip(db, makePage({ url, originalUrl: url, text: '本文B', html: '<p>本文B</p>' }), {
      quotes: [{ text: '電源席がある', context: '' }],
    });
    const quote = (await db.getAll('quotes'))[0]!;
    await db.put('quotes', { ...quote, note: '静かな窓際' });
    const placement = await placeClip(db, { boardId: 'x', clipId: b!.id });
    await db.put('placements', { ...placement, note: '商談化率の根拠' });
    expect(await searchNow(db, '調査名')).toEqual(['a']);
    expect(await searchNow(db, '営業職')).toEqual(['a']);
    expect(await searchNow(db, '電源席')).toEqual(['b']);
    expect(await searchNow(db, '窓際')).toEqual(['b']);
    expect(await searchNow(db, '商談化率')).toEqual(['b']);
    // Terms in different places of one clip: a note and the article.
    expect(await searchNow(db, '調査名 本文a')).toEqual(['a']);
  });

  it('keeps up with a clip clipped again: the old text no longer matches, the new one does', async () => {
    const db = await fresh();
    await clipPages(db, [{ slug: 'p', text: '旧い本文には継続率。' }]);
    expect(await searchNow(db, '継続率')).toEqual(['p']);
    await clipPages(db, [{ slug: 'p', text: '新しい本文には年間購買額。' }]);
    expect(await searchNow(db, '継続率')).toEqual([]);
    expect(await searchNow(db, '年間購買額')).toEqual(['p']);
    // No rebuild: the clip waits in the tail, one record.
    expect((await db.getAllFromIndex('searchDocs', 'tail')).length).toBe(1);
  });

  it('forgets clips in the Trash, finds them again when restored, and drops them when it is emptied', async () => {
    const db = await fresh();
    const [gone] = await clipPages(db, [
      { slug: 'gone', text: '捨てる記事の語句' },
      { slug: 'kept', text: '残る記事' },
    ]);
    await trashClip(db, gone!.id);
    expect(await searchNow(db, '語句')).toEqual([]);
    const { restoreClip } = await import('@/utils/db');
    await restoreClip(db, gone!.id);
    expect(await searchNow(db, '語句')).toEqual(['gone']);
    await trashClip(db, gone!.id);
    await emptyTrash(db);
    expect(await db.get('searchDocs', gone!.id)).toBeUndefined();
    const articles = await ArticleIndex.load(db);
    expect((await articles.candidates('語句')).clipIds.size).toBe(0);
  });

  it('writes a long tail into a segment, and searches the same before and after', async () => {
    const db = await fresh();
    const pages = Array.from({ length: TAIL_SEGMENT_SIZE }, (_, i) => ({
      slug: `t${i}`,
      text: i % 2 ? `奇数の記事${i}` : `even article ${i}`,
    }));
    await clipPages(db, pages);
    const before = await searchNow(db, '奇数');
    expect(before).toHaveLength(TAIL_SEGMENT_SIZE / 2);
    await buildSearchIndex(db);
    expect(await db.countFromIndex('searchDocs', 'tail')).toBe(0);
    expect((await db.getAllKeys('searchPostings')).some(([term]) => term === '奇数')).toBe(true);
    expect((await searchNow(db, '奇数')).sort()).toEqual(before.sort());
    expect(await searchNow(db, 'even')).toHaveLength(TAIL_SEGMENT_SIZE / 2);
  });

  it('indexes a restored library; the backup carries no index', async () => {
    const source = await fresh();
    await clipPages(source, [{ slug: 'r', text: 'ワイヤレスイヤホンの外音取り込み' }]);
    const blob = await backupBlob(source, { now: new Date('2026-11-27T00:00:00Z') });
    expect(await blob.text()).not.toContain('search');
    const read = await readBackup(blob.stream(), { totalBytes: blob.size });
    if (!read.ok) throw new Error('backup does not read');
    const target = await fresh();
    // The target already had this clip indexed with older text.
    await clipPages(target, [{ slug: 'r', text: '古い版の本文' }], Date.UTC(2020, 0, 1));
    const restored = await restoreBackup(target, read.contents, { deriveBody: plainDerive });
    expect(restored.ok).toBe(true);
    // The restored article left the index: searched by its lead until the build runs.
    const [clip] = (await listClips(target)).inbox;
    expect(await target.get('searchDocs', clip!.id)).toBeUndefined();
    expect(await buildSearchIndex(target)).toBe(1);
    expect(await searchNow(target, '外音取り込み')).toEqual(['r']);
    expect(await searchNow(target, '古い版')).toEqual([]);
  });

  it('keeps the texts it read lately, and reads a clip saved since again', async () => {
    const db = await fresh();
    const [a, b] = await clipPages(db, [
      { slug: 'a', text: '一つ目の本文' },
      { slug: 'b', text: '二つ目の本文' },
    ]);
    const articles = await ArticleIndex.load(db);
    expect(await articles.texts([a!.id, b!.id])).toEqual(
      new Map([
        [a!.id, '一つ目の本文'],
        [b!.id, '二つ目の本文'],
      ]),
    );
    // Read again from memory: the stored body is not read (gone here, to tell).
    await db.delete('bodies', a!.id);
    expect((await articles.texts([a!.id])).get(a!.id)).toBe('一つ目の本文');
    // Clipped again: a new document number, so its new text is read, not the kept one.
    await clipPages(db, [{ slug: 'b', text: '二つ目の新しい本文' }]);
    await articles.refresh([b!.id]);
    expect((await articles.texts([b!.id])).get(b!.id)).toBe('二つ目の新しい本文');
  });

  it('searches a clip by its lead while its article is not indexed', async () => {
    const db = await fresh();
    const [clip] = await clipPages(db, [{ slug: 'l', text: '冒頭の語句。' }]);
    await db.delete('searchDocs', clip!.id);
    expect(await searchNow(db, '冒頭')).toEqual(['l']);
  });
});
