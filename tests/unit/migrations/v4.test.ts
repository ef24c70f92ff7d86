import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, openKurabeDB, placeClip, saveClip } from '@/utils/db';
import { renderOutline } from '@/utils/outline';
import { makePage } from '../../helpers/pages';
import { openOldVersion, pageId, withoutLead } from './old-schemas';

const EN = pageId('en');
const JA = pageId('ja');
const NONE = pageId('none');

/** A clip record as version 3 stored it (frozen here: the code moved on): no noteKind, no words. */
const clipV3 = (name: string, lang: string, note: string, extra = {}) => ({
  id: pageId(name),
  normalizedUrl: `https://a.example/${name}`,
  url: `https://a.example/${name}`,
  title: `記事${name}`,
  byline: '',
  siteName: 'a.example',
  lang,
  publishedTime: '',
  modifiedTime: '',
  excerpt: '',
  lead: '',
  chars: 30,
  readingMinutes: 1,
  kind: 'article',
  note,
  tags: [],
  createdAt: Date.UTC(2026, 0, 1),
  clippedAt: Date.UTC(2026, 0, 1),
  updatedAt: Date.UTC(2026, 0, 1),
  ...extra,
});

async function seedVersion3(factory: IDBFactory) {
  const db = await openOldVersion(factory, 3);
  const records = {
    clips: [
      clipV3('en', 'en-US', 'Check the survey name', { lead: "Inside sales' close rate is 12%." }),
      clipV3('ja', 'ja', '出典の調査名を確認すること'),
      clipV3('none', '', '', { deletedAt: Date.UTC(2026, 0, 2) }),
    ],
    bodies: [
      {
        id: EN,
        html: '<p>x</p>',
        markdown: 'x',
        text: "Inside sales' close rate is 12% — field sales, 21%.",
      },
      { id: JA, html: '<p>x</p>', text: 'インサイドセールスの成約率は12%。' },
      { id: NONE, html: '', text: 'two words' },
    ],
    quotes: [
      { id: 'q1', clipId: EN, text: 'close rate is 12%', context: '', note: 'quote note', createdAt: 1 },
    ],
    boards: [
      {
        id: 'b1',
        title: 'Board',
        subjects: [{ id: 's1', name: 'Inside' }],
        aspects: [{ id: 'a1', name: 'Close rate' }],
        cellNotes: { a1: { s1: '12%' } },
        order: 'a0',
        updatedAt: 4,
      },
    ],
    placements: [
      {
        id: 'p1',
        boardId: 'b1',
        clipId: JA,
        aspectId: 'a1',
        subjectId: 's1',
        order: 'a',
        note: 'placement note',
      },
      {
        id: 'p2',
        boardId: 'b1',
        clipId: EN,
        quoteId: 'q1',
        aspectId: 'a1',
        subjectId: 's1',
        order: 'b',
        note: '',
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

describe('migration 3 → 4: every note gets a kind, clips counted in words get their words', () => {
  it('marks every existing note as article text, so the export is the same as before', async () => {
    const factory = new IDBFactory();
    const seeded = await seedVersion3(factory);
    const db = await openKurabeDB(factory);
    expect(db.version).toBe(DB_VERSION);

    const clips = await db.getAll('clips');
    expect(clips.map((c) => c.noteKind)).toEqual(['article', 'article', 'article']);
    expect((await db.getAll('quotes')).map((q) => q.noteKind)).toEqual(['article']);
    expect((await db.getAll('placements')).map((p) => p.noteKind)).toEqual(['article', 'article']);

    // Everything else as it was, value for value (the new fields aside; the leads version 9 moved).
    for (const [store, values] of Object.entries(seeded)) {
      const stored = (await db.getAll(store as keyof typeof seeded)) as unknown as Record<string, unknown>[];
      const without = stored.map(
        ({ noteKind: _kind, words: _words, cellSources: _sources, ...rest }) => rest,
      );
      expect(without, store).toEqual([...values].sort((a, b) => (a.id < b.id ? -1 : 1)).map(withoutLead));
    }
    expect(await db.get('settings', 'exportOptions:b1')).toEqual({ titleSeparate: true });

    // The outline writes every note it wrote before: the migration changes no export.
    const board = (await db.get('boards', 'b1'))!;
    const markdown = renderOutline({
      board,
      placements: await db.getAll('placements'),
      clips,
      quotes: await db.getAll('quotes'),
    });
    expect(markdown).toContain('placement note');
    expect(markdown).toContain('quote note');
    expect(markdown).toContain('出典の調査名を確認すること');
    db.close();
  });

  it('counts words for clips counted in words (from their body), and only for them', async () => {
    const factory = new IDBFactory();
    await seedVersion3(factory);
    const db = await openKurabeDB(factory);
    // "Inside sales' close rate is 12% — field sales, 21%." : Inside, sales', close, rate, is, 12, field, sales, 21.
    expect((await db.get('clips', EN))!.words).toBe(9);
    // Japanese is counted in characters: no words, and its body was not needed.
    expect((await db.get('clips', JA))!).not.toHaveProperty('words');
    // No declared language counts in words, as reading time does (the Trash's clips too).
    expect((await db.get('clips', NONE))!.words).toBe(2);
    db.close();
  });

  it('a new database takes new notes as memos and counts words at clip time', async () => {
    const db = await openKurabeDB(new IDBFactory());
    const { clip, quoteIds } = await saveClip(
      db,
      makePage({ lang: 'en', text: 'One two three four.', words: 4 }),
      { quotes: [{ text: 'two three', context: '' }] },
    );
    expect(clip.noteKind).toBe('memo');
    expect((await db.get('clips', clip.id))!.words).toBe(4);
    expect((await db.get('quotes', quoteIds[0]!))!.noteKind).toBe('memo');
    await db.put('boards', {
      id: 'b',
      title: 'B',
      subjects: [],
      aspects: [],
      cellNotes: {},
      order: 'a',
      updatedAt: 1,
    });
    expect((await placeClip(db, { boardId: 'b', clipId: clip.id })).noteKind).toBe('memo');
    db.close();
  });
});
