import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, openKurabeDB } from '@/utils/db';
import { renderOutline } from '@/utils/outline';
import { openOldVersion } from './old-schemas';

/** A board as versions 4 and 5 stored it (frozen here): cells are plain text, parts have no aliases. */
const boardV4 = (id: string, cellNotes: Record<string, Record<string, string>>) => ({
  id,
  title: `ボード${id}`,
  subjects: [
    { id: 's1', name: 'kintone' },
    { id: 's2', name: 'Salesforce' },
  ],
  aspects: [{ id: 'a1', name: '料金' }],
  cellNotes,
  order: id,
  updatedAt: 4,
});

describe('migration → 6: comparison-table cells can cite their sources', () => {
  it('gives every board an empty list of cited sources and keeps everything else', async () => {
    const factory = new IDBFactory();
    const old = await openOldVersion(factory, 4);
    const boards = [
      boardV4('b1', { a1: { s1: '月額1,800円から', s2: '' } }),
      { ...boardV4('b2', {}), deletedAt: 5 },
    ];
    for (const board of boards) await old.put('boards', board);
    old.close();

    const db = await openKurabeDB(factory);
    expect(db.version).toBe(DB_VERSION);
    const stored = await db.getAll('boards');
    expect(stored.map((b) => b.cellSources)).toEqual([{}, {}]);
    // The rest value for value; no alias was invented.
    expect(stored.map(({ cellSources: _, ...rest }) => rest)).toEqual(boards);
    expect(stored[0]!.subjects.every((s) => s.aliases === undefined)).toBe(true);

    // The table exports as before: the cell's text, no footnote of a source.
    const markdown = renderOutline({ board: stored[0]!, placements: [], clips: [], quotes: [] });
    expect(markdown).toContain('月額1,800円から');
    expect(markdown).not.toContain('[^');
    db.close();
  });

  it('a new database starts with no boards and opens at the current version', async () => {
    const db = await openKurabeDB(new IDBFactory());
    expect(db.version).toBe(DB_VERSION);
    expect(await db.getAll('boards')).toEqual([]);
    db.close();
  });
});
