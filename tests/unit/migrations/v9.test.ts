import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, openKurabeDB } from '@/utils/db';
import { openOldVersion } from './old-schemas';

/**
 * Version 9 is issue 14's (session 5, branch i14-scale): on this branch (i16-sync3, version 10)
 * no step 9 exists and an upgrade passes from 8 to 10. When the branches meet, issue 14's own
 * v9.test.ts replaces this file.
 */
describe('version 9 (issue 14: its own test replaces this one)', () => {
  it('a library of an earlier version opens at the current version with its boards', async () => {
    const factory = new IDBFactory();
    const old = await openOldVersion(factory, 6);
    await old.put('boards', {
      id: 'b1',
      title: '比較',
      subjects: [],
      aspects: [],
      cellNotes: {},
      cellSources: {},
      order: 'a0',
      updatedAt: 1,
    });
    old.close();
    const db = await openKurabeDB(factory);
    expect(db.version).toBe(DB_VERSION);
    expect((await db.get('boards', 'b1'))?.title).toBe('比較');
    db.close();
  });
});
