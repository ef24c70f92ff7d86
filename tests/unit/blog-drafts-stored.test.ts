import { IDBFactory } from 'fake-indexeddb';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { BACKUP_VERSION, BoardSchema, upgradeRecord } from '@/utils/backup/format';
import { readBackup, recordsOf } from '@/utils/backup/read';
import { restoreBackup, stageBackup } from '@/utils/backup/restore';
import { backupBlob } from '@/utils/backup/write';
import { type BlogDraft, type Board, openKurabeDB, rememberBlogDraft, saveBoard } from '@/utils/db';
import { LIMITS } from '@/utils/limits';
import { boardContent, validateDoc } from '@/utils/sync/docs';
import { mergeVersions } from '@/utils/sync/mirror';
import { encode, fixtureBytes, plainDerive, streamOf } from '../helpers/backup';

/**
 * The drafts a board made on blogs (issue 17): stored on the board (database version 8; the hash
 * of what the blog kept since version 11), kept by a backup (version 4; a version 3 file still
 * restores; the hash is optional, so a file without it reads as before), checked against the
 * limits, carried by sync (the board document) and merged per blog when two devices sent. Never
 * the blog's key: the set-up lives in storage.local, not on the board.
 */

const board = (blogDrafts?: Board['blogDrafts']): Board => ({
  id: 'b1',
  title: '比較',
  subjects: [
    { id: 's1', name: 'A' },
    { id: 's2', name: 'B' },
  ],
  aspects: [{ id: 'a1', name: '料金' }],
  cellNotes: {},
  cellSources: {},
  order: 'a0',
  updatedAt: 1_764_000_000_000,
  ...(blogDrafts ? { blogDrafts } : {}),
});

const draft = (sentAt: number, remoteId = '42'): BlogDraft => ({
  remoteId,
  editUrl: `https://blog.example/wp-admin/post.php?post=${remoteId}&action=edit`,
  sentAt,
  remoteModified: '2026-12-03T09:00:01',
  contentHash: `${remoteId.length.toString(16)}${'0a'.repeat(31)}f`,
});

describe('on the board', () => {
  it('remembers a draft per blog without touching the rest of the board or its updatedAt', async () => {
    const db = await openKurabeDB(new IDBFactory());
    await saveBoard(db, board());
    await rememberBlogDraft(db, 'b1', 'wordpress:https://blog.example', draft(1_764_800_000_000));
    const hatena = {
      ...draft(1_764_800_000_001),
      remoteId: 'https://blog.hatena.ne.jp/k/k.hatenablog.com/atom/entry/1',
    };
    await rememberBlogDraft(db, 'b1', 'hatena:https://blog.hatena.ne.jp/k/k.hatenablog.com/atom', hatena);
    const stored = await db.get('boards', 'b1');
    expect(stored).toEqual(
      board({
        'wordpress:https://blog.example': draft(1_764_800_000_000),
        'hatena:https://blog.hatena.ne.jp/k/k.hatenablog.com/atom': hatena,
      }),
    );
    db.close();
  });
});

describe('in a backup (version 4)', () => {
  it('is version 4', () => {
    expect(BACKUP_VERSION).toBe(4);
  });

  it('a board with its drafts backs up and restores as it was', async () => {
    const source = await openKurabeDB(new IDBFactory());
    const withDrafts = board({ 'wordpress:https://blog.example': draft(1_764_800_000_000) });
    await saveBoard(source, withDrafts);
    const blob = await backupBlob(source, { now: new Date('2026-12-03T00:00:00Z') });
    const text = await blob.text();
    expect(JSON.parse(text.split('\n')[0]!).version).toBe(4);
    const target = await openKurabeDB(new IDBFactory());
    const read = await stageBackup(target, blob.stream(), { totalBytes: blob.size });
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    const restored = await restoreBackup(target, read.contents, { deriveBody: plainDerive });
    if (!restored.ok) throw new Error(JSON.stringify(restored.problems));
    expect(await target.get('boards', 'b1')).toEqual(withDrafts);
    source.close();
    target.close();
  });

  it('3 → 4 leaves every record as it was; a version 3 file restores, its boards with no drafts', async () => {
    const line = { store: 'boards', record: { id: 'b', cellNotes: {}, cellSources: {} } };
    expect(upgradeRecord(3, line)).toEqual([line]);
    const v3 = new TextDecoder()
      .decode(fixtureBytes('valid.jsonl'))
      .replace('"version":1', '"version":3')
      .replace(/("store":"boards".*?"cellNotes":\{(?:[^{}]|\{[^{}]*\})*\})/g, '$1,"cellSources":{}')
      .replace(
        /("store":"(?:clips|quotes|placements)".*?"note":"(?:[^"\\]|\\.)*")/g,
        '$1,"noteKind":"article"',
      );
    const result = await readBackup(streamOf(encode(v3)));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.contents.header.version).toBe(3);
    const boards = recordsOf(result.contents, 'boards');
    expect(boards.length).toBeGreaterThan(0);
    for (const b of boards) expect(b.blogDrafts).toBeUndefined();

    const db = await openKurabeDB(new IDBFactory());
    const staged = await stageBackup(db, streamOf(encode(v3)));
    if (!staged.ok) throw new Error(JSON.stringify(staged.problems));
    const restored = await restoreBackup(db, staged.contents, { deriveBody: plainDerive });
    if (!restored.ok) throw new Error(JSON.stringify(restored.problems));
    expect((await db.getAll('boards')).map((b) => b.id)).toEqual(boards.map((b) => b.id));
    db.close();
  });

  it('refuses a draft whose editor link is no web address, and more blogs than the limit', () => {
    expect(v.safeParse(BoardSchema, board({ k: draft(1_764_800_000_000) })).success).toBe(true);
    const scripted = { ...draft(1_764_800_000_000), editUrl: 'javascript:alert(1)' };
    expect(v.safeParse(BoardSchema, board({ k: scripted })).success).toBe(false);
    const many = Object.fromEntries(
      Array.from({ length: LIMITS.blogsPerBoard + 1 }, (_, i) => [
        `wordpress:https://b${i}.example`,
        draft(1_764_800_000_000),
      ]),
    );
    expect(v.safeParse(BoardSchema, board(many)).success).toBe(false);
    const longModified = {
      ...draft(1_764_800_000_000),
      remoteModified: 'x'.repeat(LIMITS.pageDateLength + 1),
    };
    expect(v.safeParse(BoardSchema, board({ k: longModified })).success).toBe(false);
    // The content hash: optional (drafts remembered before version 11 have none), SHA-256 hex only.
    const { contentHash: _, ...unhashed } = draft(1_764_800_000_000);
    expect(v.safeParse(BoardSchema, board({ k: unhashed })).success).toBe(true);
    for (const contentHash of ['', 'x'.repeat(64), 'A'.repeat(64), '0'.repeat(65), `${'0'.repeat(63)}<`])
      expect(v.safeParse(BoardSchema, board({ k: { ...draft(1), contentHash } })).success).toBe(false);
    // A key or an application password has no place on a board: unknown fields are dropped.
    const withSecret = { ...draft(1_764_800_000_000), applicationPassword: 'secret' };
    const parsed = v.parse(BoardSchema, board({ k: withSecret }));
    expect(JSON.stringify(parsed)).not.toContain('secret');
  });
});

describe('with sync', () => {
  it('travels in the board document, checked as a backup line is', () => {
    const content = boardContent(board({ 'wordpress:https://blog.example': draft(1_764_800_000_000) }));
    const checked = validateDoc('board:b1', content as unknown as Record<string, unknown>);
    expect(checked.ok && checked.content.record.blogDrafts).toEqual({
      'wordpress:https://blog.example': draft(1_764_800_000_000),
    });
    const bad = boardContent(board({ k: { ...draft(1), editUrl: 'javascript:alert(1)' } }));
    expect(validateDoc('board:b1', bad as unknown as Record<string, unknown>).ok).toBe(false);
  });

  it('two devices that sent to blogs: per blog, the draft sent last is kept', () => {
    const winner = board({ wp: draft(1_764_800_000_000, '1'), hatena: draft(1_764_800_000_500, '7') });
    const loser = board({ wp: draft(1_764_800_000_900, '2'), other: draft(1_764_800_000_100, '9') });
    const { record } = mergeVersions(
      'board',
      winner as unknown as Record<string, unknown>,
      loser as unknown as Record<string, unknown>,
    );
    expect(record.blogDrafts).toEqual({
      wp: draft(1_764_800_000_900, '2'),
      hatena: draft(1_764_800_000_500, '7'),
      other: draft(1_764_800_000_100, '9'),
    });
    // Boards without drafts merge as before: no field appears.
    expect(mergeVersions('board', board() as never, board() as never).record.blogDrafts).toBeUndefined();
  });
});
