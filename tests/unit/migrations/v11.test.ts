import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, openKurabeDB, rememberBlogDraft } from '@/utils/db';
import { draftHash } from '@/utils/publish/http';
import { openOldVersion } from './old-schemas';

/** A board as version 8 stored it (frozen here): a draft remembered on a blog, without a hash. */
const boardV8 = (id: string) => ({
  id,
  title: `ボード${id}`,
  subjects: [{ id: 's1', name: 'kintone' }],
  aspects: [{ id: 'a1', name: '料金' }],
  cellNotes: { a1: { s1: '月額1,800円から' } },
  cellSources: {},
  blogDrafts: {
    'wordpress:https://blog.example': {
      remoteId: '12',
      editUrl: 'https://blog.example/wp-admin/post.php?post=12&action=edit',
      sentAt: 8,
      remoteModified: '2026-12-03T09:00:00',
    },
  },
  order: id,
  updatedAt: 8,
});

describe('migration → 11: a remembered blog draft keeps the hash of what the blog kept', () => {
  it('keeps every board and its drafts as they were (no hash: compared by stamp), then remembers one with its hash', async () => {
    const factory = new IDBFactory();
    // Versions 7 and 8 added the search stores and an optional field: version 6's stores hold a
    // version 8 board.
    const old = await openOldVersion(factory, 6);
    const boards = [boardV8('b1'), { ...boardV8('b2'), blogDrafts: undefined }];
    for (const b of boards) await old.put('boards', b);
    old.close();

    const db = await openKurabeDB(factory);
    expect(db.version).toBe(DB_VERSION);
    const stored = await db.getAll('boards');
    expect(stored).toEqual(boards);
    expect(stored[0]!.blogDrafts?.['wordpress:https://blog.example']?.contentHash).toBeUndefined();

    const sent = {
      ...boardV8('b1').blogDrafts['wordpress:https://blog.example'],
      sentAt: 11,
      contentHash: await draftHash('タイトル', '<!-- wp:paragraph -->\n<p>本文</p>\n<!-- /wp:paragraph -->'),
    };
    await rememberBlogDraft(db, 'b1', 'wordpress:https://blog.example', sent);
    expect((await db.get('boards', 'b1'))?.blogDrafts).toEqual({ 'wordpress:https://blog.example': sent });
    expect(sent.contentHash).toMatch(/^[0-9a-f]{64}$/);
    db.close();
  });

  it('a new database opens at version 11 or later', async () => {
    const db = await openKurabeDB(new IDBFactory());
    expect(db.version).toBeGreaterThanOrEqual(11);
    db.close();
  });
});
