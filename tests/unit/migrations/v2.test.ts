import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, getBody, LEAD_LENGTH, listClips, openKurabeDB } from '@/utils/db';
import { openOldVersion, pageId } from './old-schemas';

const C1 = pageId('c1');
const C2 = pageId('c2');

/** The database as version 1 made it (frozen here: the code moved on). */
async function seedVersion1(factory: IDBFactory) {
  const db = await openOldVersion(factory, 1);
  const long = `ルート営業は継続率で評価される。${'本文'.repeat(2000)}`;
  const clip = (name: string, text: string, extra = {}) => ({
    id: pageId(name),
    normalizedUrl: `https://a.example/${name}`,
    url: `https://a.example/${name}?utm_source=x`,
    title: `記事${name}`,
    byline: '',
    siteName: 'a.example',
    lang: 'ja',
    publishedTime: '',
    excerpt: '',
    html: `<p>${text}</p>`,
    markdown: text,
    text,
    chars: text.length,
    readingMinutes: 1,
    kind: 'article',
    note: 'メモ',
    tags: ['営業'],
    createdAt: 1,
    clippedAt: 2,
    updatedAt: 3,
    ...extra,
  });
  await db.put('clips', clip('c1', long));
  await db.put('clips', clip('c2', '短い本文', { deletedAt: 9 }));
  await db.put('quotes', { id: 'q1', clipId: C1, text: '継続率', context: '', note: '', createdAt: 1 });
  await db.put('placements', { id: 'p1', boardId: 'b1', clipId: C1, order: 'a', note: '' });
  await db.put('settings', { type: 'clip-saved' }, 'lastClipEvent');
  db.close();
  return long;
}

describe('migration 1 → 2: articles move to their own store', () => {
  it('keeps every clip, quote, placement and setting, and splits each article out', async () => {
    const factory = new IDBFactory();
    const long = await seedVersion1(factory);
    const db = await openKurabeDB(factory);
    expect(db.version).toBe(DB_VERSION);

    const c1 = await db.get('clips', C1);
    expect(c1).toMatchObject({
      title: '記事c1',
      note: 'メモ',
      tags: ['営業'],
      createdAt: 1,
      clippedAt: 2,
      updatedAt: 3,
    });
    expect(c1).not.toHaveProperty('html');
    expect(c1).not.toHaveProperty('text');
    // The lead version 2 made, in `leads` since version 9 (later steps move it).
    expect(c1).not.toHaveProperty('lead');
    expect((await db.get('leads', C1))?.lead).toBe(long.slice(0, LEAD_LENGTH));
    expect(await getBody(db, C1)).toEqual({ id: C1, html: `<p>${long}</p>`, markdown: long, text: long });

    expect((await db.get('clips', C2))!.deletedAt).toBe(9);
    expect((await getBody(db, C2)).text).toBe('短い本文');
    expect(await db.count('quotes')).toBe(1);
    expect(await db.count('placements')).toBe(1);
    expect(await db.get('settings', 'lastClipEvent')).toEqual({ type: 'clip-saved' });
    expect((await listClips(db)).inbox.map((c) => c.id)).toEqual([C1]);
    db.close();
  });
});
