// Edits from a panel are written onto the record as stored, in one transaction: two panels that
// edit different parts of one record from copies read earlier both keep their change.
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createBoard, removePart, renameBoard, setCellNote } from '@/utils/boards';
import {
  type Board,
  changeBoard,
  changeBoardAndPlacements,
  changeClipNotes,
  changeSetting,
  type KurabeDatabase,
  openKurabeDB,
  placeClip,
  saveBoard,
  saveClip,
  updateNote,
} from '@/utils/db';
import { makePage } from '../helpers/pages';

let db: KurabeDatabase;
let n = 0;
const newId = () => `id-${++n}`;

beforeEach(async () => {
  db = await openKurabeDB(new IDBFactory());
  return () => db.close();
});

async function storedBoard(): Promise<Board> {
  const result = createBoard(
    {
      title: 'ルート営業 vs 営業一般',
      subjects: ['ルート営業', '営業一般'],
      aspects: ['評価軸', '情報の扱い方'],
    },
    { newId, now: 1, order: 'a0' },
  );
  if (!result.ok) throw new Error(result.error);
  await saveBoard(db, result.value);
  return result.value;
}

describe('changeBoard', () => {
  it('two panels writing two cells from the same old copy keep both cells, and each learns what it replaced', async () => {
    const board = await storedBoard();
    const [aspect] = board.aspects;
    const [route, general] = board.subjects;
    // Both panels read `board` (no notes); each sets its own cell, at the same time.
    const [first, second] = await Promise.all([
      changeBoard(db, board.id, (stored) => {
        const r = setCellNote(stored, aspect!.id, route!.id, '継続率', 2);
        return r.ok ? r.value : undefined;
      }),
      changeBoard(db, board.id, (stored) => {
        const r = setCellNote(stored, aspect!.id, general!.id, '新規獲得数', 3);
        return r.ok ? r.value : undefined;
      }),
    ]);
    expect((await db.get('boards', board.id))!.cellNotes[aspect!.id]).toEqual({
      [route!.id]: '継続率',
      [general!.id]: '新規獲得数',
    });
    // The second saw the first's cell: it changed the board as stored, not its own old copy.
    expect(first.before.cellNotes[aspect!.id]).toBeUndefined();
    expect(second.before.cellNotes[aspect!.id]).toEqual({ [route!.id]: '継続率' });
  });

  it('would catch the lost update: writing a copy read before the other save loses the other cell', async () => {
    // What the panel did before: setCellNote on the board read at render time, then saveBoard.
    const board = await storedBoard();
    const [aspect] = board.aspects;
    const [route, general] = board.subjects;
    const a = setCellNote(board, aspect!.id, route!.id, '継続率', 2);
    const b = setCellNote(board, aspect!.id, general!.id, '新規獲得数', 3);
    if (!a.ok || !b.ok) throw new Error('refused');
    await saveBoard(db, a.value);
    await saveBoard(db, b.value);
    expect((await db.get('boards', board.id))!.cellNotes[aspect!.id]).toEqual({
      [general!.id]: '新規獲得数',
    });
  });

  it('writes nothing when the change returns nothing, and says what was stored', async () => {
    const board = await storedBoard();
    const outcome = await changeBoard(db, board.id, () => undefined);
    expect(outcome.after).toBeUndefined();
    expect(outcome.before).toEqual(board);
    expect(await db.get('boards', board.id)).toEqual(board);
  });

  it('a rename keeps a cell written since the panel read the board', async () => {
    const board = await storedBoard();
    await changeBoard(db, board.id, (stored) => {
      const r = setCellNote(stored, board.aspects[0]!.id, board.subjects[0]!.id, '継続率', 2);
      return r.ok ? r.value : undefined;
    });
    const { before } = await changeBoard(db, board.id, (stored) => {
      const r = renameBoard(stored, '営業の比較', 3);
      return r.ok ? r.value : undefined;
    });
    expect(before.title).toBe('ルート営業 vs 営業一般');
    expect(await db.get('boards', board.id)).toMatchObject({
      title: '営業の比較',
      cellNotes: { [board.aspects[0]!.id]: { [board.subjects[0]!.id]: '継続率' } },
    });
  });
});

describe('changeBoardAndPlacements', () => {
  it('removes an aspect with the placements as stored, a placement filed since included', async () => {
    const board = await storedBoard();
    const { clip } = await saveClip(db, makePage(), { newId });
    const { clip: later } = await saveClip(db, makePage({ url: 'https://example.com/2' }), { newId });
    const aspect = board.aspects[0]!.id;
    await placeClip(db, { boardId: board.id, clipId: clip.id, aspectId: aspect }, { newId });
    // Filed after the panel read its placements: the removal still moves it.
    await placeClip(db, { boardId: board.id, clipId: later.id, aspectId: aspect }, { newId });
    await changeBoardAndPlacements(db, board.id, (stored, placements) => {
      const r = removePart(stored, placements, 'aspects', aspect, board.aspects[1]!.id, 2);
      return r.ok ? r.value : undefined;
    });
    const placements = await db.getAll('placements');
    expect(placements.map((p) => p.aspectId)).toEqual([board.aspects[1]!.id, board.aspects[1]!.id]);
    expect((await db.get('boards', board.id))!.aspects.map((a) => a.name)).toEqual(['情報の扱い方']);
  });
});

describe('changeClipNotes', () => {
  it('adds a tag in one panel and removes another in a second panel, from copies read before both: both hold', async () => {
    const { clip } = await saveClip(db, makePage(), { newId });
    await changeClipNotes(db, clip.id, () => ({ tags: ['営業', '比較'] }), 2);
    await Promise.all([
      changeClipNotes(db, clip.id, (stored) => ({ tags: [...stored.tags, '顧客'] }), 3),
      changeClipNotes(db, clip.id, (stored) => ({ tags: stored.tags.filter((t) => t !== '営業') }), 4),
    ]);
    expect((await db.get('clips', clip.id))!.tags).toEqual(['比較', '顧客']);
  });

  it('returns the clip as read and as written; a refused change writes nothing (not even the time)', async () => {
    const { clip } = await saveClip(db, makePage(), { newId, now: 1 });
    const noted = await changeClipNotes(db, clip.id, () => ({ note: 'メモ' }), 5);
    expect(noted.before.note).toBe('');
    expect(noted.after).toMatchObject({ note: 'メモ', updatedAt: 5 });
    const refused = await changeClipNotes(db, clip.id, () => undefined, 9);
    expect(refused.after).toBeUndefined();
    expect(await db.get('clips', clip.id)).toMatchObject({ note: 'メモ', updatedAt: 5 });
  });
});

describe('updateNote', () => {
  it('returns the note it replaced', async () => {
    const { quoteIds } = await saveClip(db, makePage(), {
      newId,
      quotes: [{ text: '長期的な関係', context: '' }],
    });
    expect(await updateNote(db, 'quotes', quoteIds[0]!, '根拠')).toBe('');
    expect(await updateNote(db, 'quotes', quoteIds[0]!, '別の根拠')).toBe('根拠');
  });
});

describe('changeSetting', () => {
  it('two panels choosing two export options at once keep both', async () => {
    const key = 'exportOptions:b1';
    await changeSetting<Record<string, unknown>>(db, key, () => ({ titleSeparate: false, summary: true }));
    await Promise.all([
      changeSetting<Record<string, unknown>>(db, key, (stored) => ({ ...stored, titleSeparate: true })),
      changeSetting<Record<string, unknown>>(db, key, (stored) => ({ ...stored, summary: false })),
    ]);
    expect(await db.get('settings', key)).toEqual({ titleSeparate: true, summary: false });
  });
});
