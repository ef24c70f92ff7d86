import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { clearStaging } from '@/utils/backup/staging';
import { DB_VERSION, openKurabeDB } from '@/utils/db';
import { openOldVersion, pageId } from './old-schemas';

describe('migration → 12: the staging store indexes the bodies a restore wrote ahead', () => {
  it('keeps what a version 11 restore left staged, and clears it as before', async () => {
    const factory = new IDBFactory();
    const old = await openOldVersion(factory, 11);
    // A restore of version 11 that never finished: staged HTML, one body derived.
    await old.put('restoreStaging', { id: 'f1', html: '<p>一</p>' });
    await old.put('restoreStaging', { id: 'f2', html: '<p>二</p>', text: '二' });
    await old.put('bodies', { id: pageId('kept'), html: '<p>本文</p>', text: '本文' });
    old.close();

    const db = await openKurabeDB(factory);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.transaction('restoreStaging').store.indexNames]).toEqual(['placed']);
    expect(await db.count('restoreStaging')).toBe(2);
    // No record has a place: the index holds none of them.
    expect(await db.getAllFromIndex('restoreStaging', 'placed')).toEqual([]);
    await clearStaging(db);
    expect(await db.count('restoreStaging')).toBe(0);
    // A body that is not in the ledger is not the restore's to delete, clip or none.
    expect(await db.get('bodies', pageId('kept'))).toEqual({
      id: pageId('kept'),
      html: '<p>本文</p>',
      text: '本文',
    });
    db.close();
  });

  it('a new database opens at version 12 or later, with the index', async () => {
    const db = await openKurabeDB(new IDBFactory());
    expect(db.version).toBeGreaterThanOrEqual(12);
    expect(db.transaction('restoreStaging').store.indexNames.contains('placed')).toBe(true);
    db.close();
  });
});
