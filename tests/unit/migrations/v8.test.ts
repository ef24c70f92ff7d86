import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, openKurabeDB, rememberBlogDraft } from '@/utils/db';
import { renderOutline } from '@/utils/outline';
import { openOldVersion } from './old-schemas';

/** A board as versions 6 and 7 stored it (frozen here): cited cell sources, no blog drafts. */
const boardV6 = (id: string) => ({
  id,
  title: `ボード${id}`,
  subjects: [
    { id: 's1', name: 'kintone', aliases: ['キントーン'] },
    { id: 's2', name: 'Salesforce' },
  ],
  aspects: [{ id: 'a1', name: '料金' }],
  cellNotes: { a1: { s1: '月額1,800円から' } },
  cellSources: { a1: { s1: [{ clipId: 'c1' }] } },
  order: id,
  updatedAt: 6,
});

describe('migration → 8: a board remembers the drafts it made on blogs', () => {
  it('keeps every board as it was (no drafts: none made), then remembers one', async () => {
    const factory = new IDBFactory();
    // Versions 5 to 7 changed data, not stores: version 4's stores hold a version 6 board.
    const old = await openOldVersion(factory, 4);
    const boards = [boardV6('b1'), { ...boardV6('b2'), archivedAt: 7 }];
    for (const b of boards) await old.put('boards', b);
    old.close();

    const db = await openKurabeDB(factory);
    expect(db.version).toBe(DB_VERSION);
    const stored = await db.getAll('boards');
    expect(stored).toEqual(boards);
    expect(stored.every((b) => b.blogDrafts === undefined)).toBe(true);
    // The outline is the same as before the upgrade.
    expect(renderOutline({ board: stored[0]!, placements: [], clips: [], quotes: [] })).toContain(
      '月額1,800円から',
    );

    const sent = {
      remoteId: '12',
      editUrl: 'https://blog.example/wp-admin/post.php?post=12&action=edit',
      sentAt: 8,
      remoteModified: '2026-12-03T09:00:00',
    };
    await rememberBlogDraft(db, 'b1', 'wordpress:https://blog.example', sent);
    expect((await db.get('boards', 'b1'))?.blogDrafts).toEqual({ 'wordpress:https://blog.example': sent });
    db.close();
  });

  it('a new database opens at the current version (8 or later)', async () => {
    const db = await openKurabeDB(new IDBFactory());
    expect(db.version).toBe(DB_VERSION);
    db.close();
  });
});
