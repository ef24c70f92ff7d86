import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { clipIdForUrl } from '@/utils/clip-id';
import { DB_VERSION, listPlacements, listQuotes, openKurabeDB, saveClip } from '@/utils/db';
import { makePage } from '../../helpers/pages';
import { openOldVersion, withoutLead } from './old-schemas';

/** A clip record as version 4 stored it: a random id. */
const clipV4 = (id: string, url: string, extra = {}) => ({
  id,
  normalizedUrl: url,
  url,
  title: `記事${id}`,
  byline: '',
  siteName: 'a.example',
  lang: 'ja',
  publishedTime: '',
  modifiedTime: '',
  excerpt: '',
  lead: 'リード',
  chars: 30,
  readingMinutes: 1,
  kind: 'article',
  note: `note ${id}`,
  noteKind: 'memo',
  tags: ['営業'],
  createdAt: Date.UTC(2026, 0, 1),
  clippedAt: Date.UTC(2026, 0, 1),
  updatedAt: Date.UTC(2026, 0, 1),
  ...extra,
});

const A = 'https://a.example/1';
const B = 'https://a.example/2';

async function seedVersion4(factory: IDBFactory) {
  const db = await openOldVersion(factory, 4);
  const records = {
    clips: [
      clipV4('3f1c-random', A),
      clipV4('trashed', B, { deletedAt: Date.UTC(2026, 0, 2) }),
      // A clip that already has its page's id is left as it is.
      clipV4(clipIdForUrl('https://a.example/3'), 'https://a.example/3'),
    ],
    bodies: [
      { id: '3f1c-random', html: '<p>A</p>', text: 'A' },
      { id: 'trashed', html: '<p>B</p>', text: 'B', markdown: 'B' },
      { id: clipIdForUrl('https://a.example/3'), html: '<p>C</p>', text: 'C' },
    ],
    quotes: [
      {
        id: 'q1',
        clipId: '3f1c-random',
        text: 'A',
        context: '',
        note: 'qn',
        noteKind: 'article',
        createdAt: 1,
      },
      { id: 'q2', clipId: 'trashed', text: 'B', context: '', note: '', noteKind: 'memo', createdAt: 2 },
    ],
    boards: [
      {
        id: 'b1',
        title: 'Board',
        subjects: [{ id: 's1', name: 'S' }],
        aspects: [{ id: 'a1', name: 'A' }],
        cellNotes: { a1: { s1: 'cell' } },
        order: 'a0',
        updatedAt: 4,
      },
    ],
    placements: [
      { id: 'p1', boardId: 'b1', clipId: '3f1c-random', order: 'a', note: 'pn', noteKind: 'article' },
      {
        id: 'p2',
        boardId: 'b1',
        clipId: '3f1c-random',
        quoteId: 'q1',
        aspectId: 'a1',
        subjectId: 's1',
        order: 'b',
        note: '',
        noteKind: 'memo',
      },
    ],
  };
  for (const [store, values] of Object.entries(records)) {
    for (const value of values) await db.put(store, value);
  }
  await db.put('settings', { titleSeparate: true }, 'exportOptions:b1');
  db.close();
  return records;
}

describe('migration 4 → 5: a clip’s id is its page’s', () => {
  it('re-keys every clip with its body, and its quotes and placements follow', async () => {
    const factory = new IDBFactory();
    const seeded = await seedVersion4(factory);
    const db = await openKurabeDB(factory);
    expect(db.version).toBe(DB_VERSION);

    const idA = clipIdForUrl(A);
    const idB = clipIdForUrl(B);
    const clips = await db.getAll('clips');
    expect(clips.map((c) => c.id).sort()).toEqual([idA, idB, clipIdForUrl('https://a.example/3')].sort());
    // Every field but the id as it was.
    expect(await db.get('clips', idA)).toEqual(withoutLead({ ...seeded.clips[0], id: idA }));
    expect(await db.get('clips', idB)).toEqual(withoutLead({ ...seeded.clips[1], id: idB }));
    // Version 9 moved each lead after the re-keying: under the clip's new id.
    expect(await db.get('leads', idA)).toEqual({ id: idA, lead: seeded.clips[0]!.lead });
    expect(await db.getAllKeys('leads')).not.toContain(seeded.clips[0]!.id);
    expect(await db.get('clips', '3f1c-random')).toBeUndefined();
    expect(await db.get('bodies', idA)).toEqual({ id: idA, html: '<p>A</p>', text: 'A' });
    expect(await db.get('bodies', idB)).toEqual({ id: idB, html: '<p>B</p>', text: 'B', markdown: 'B' });
    expect(await db.get('bodies', '3f1c-random')).toBeUndefined();
    expect(await db.count('bodies')).toBe(3);

    expect((await listQuotes(db, idA)).map((q) => [q.id, q.note])).toEqual([['q1', 'qn']]);
    expect(await db.get('quotes', 'q2')).toMatchObject({ clipId: idB });
    expect((await listPlacements(db, 'b1')).map((p) => [p.id, p.clipId, p.quoteId])).toEqual([
      ['p1', idA, undefined],
      ['p2', idA, 'q1'],
    ]);
    // What no clip id is in stays as it was.
    // (Version 6 gives boards cited sources of their cells: none yet.)
    expect(await db.get('boards', 'b1')).toEqual({ ...seeded.boards[0], cellSources: {} });
    expect(await db.get('settings', 'exportOptions:b1')).toEqual({ titleSeparate: true });
    db.close();
  });

  it('a clip saved after it gets its page’s id, and clipping the page again finds it', async () => {
    const factory = new IDBFactory();
    await seedVersion4(factory);
    const db = await openKurabeDB(factory);
    const fresh = await saveClip(db, makePage({ url: 'https://a.example/new' }));
    expect(fresh.clip.id).toBe(clipIdForUrl('https://a.example/new'));
    const again = await saveClip(db, makePage({ url: A, originalUrl: A }));
    expect(again).toMatchObject({ updated: true, clip: { id: clipIdForUrl(A), note: 'note 3f1c-random' } });
    db.close();
  });
});
