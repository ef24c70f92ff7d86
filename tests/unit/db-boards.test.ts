import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createBoard, removePart } from '@/utils/boards';
import {
  type Board,
  type KurabeDatabase,
  listBoards,
  listPlacements,
  movePlacement,
  openKurabeDB,
  placeClip,
  saveBoard,
  saveBoardChange,
} from '@/utils/db';

let db: KurabeDatabase;
let n = 0;
const newId = () => `id-${++n}`;

function board(title: string, order: string): Board {
  const result = createBoard(
    { title, subjects: ['ルート営業', '営業一般'], aspects: ['評価軸', '情報の扱い方'] },
    { newId, now: 1, order },
  );
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

beforeEach(async () => {
  db = await openKurabeDB(new IDBFactory());
  return () => db.close();
});

describe('boards in the database', () => {
  it('lists boards in their order, without the Trash', async () => {
    await saveBoard(db, board('二番目', 'b'));
    await saveBoard(db, board('一番目', 'a'));
    await saveBoard(db, { ...board('消した', 'c'), deletedAt: 5 });
    expect((await listBoards(db)).map((b) => b.title)).toEqual(['一番目', '二番目']);
  });
});

describe('placements', () => {
  it('files clips after what is there, once per clip or quote, and touches the board', async () => {
    const b = board('ボード', 'a');
    await saveBoard(db, b);
    const first = await placeClip(
      db,
      { boardId: b.id, clipId: 'c1', aspectId: b.aspects[0]!.id },
      { newId, now: 50 },
    );
    const second = await placeClip(db, { boardId: b.id, clipId: 'c2' }, { newId, now: 60 });
    const quote = await placeClip(db, { boardId: b.id, clipId: 'c1', quoteId: 'q1' }, { newId, now: 70 });
    const again = await placeClip(
      db,
      { boardId: b.id, clipId: 'c1', aspectId: b.aspects[1]!.id },
      { newId, now: 80 },
    );
    expect(again.id).toBe(first.id);
    expect((await listPlacements(db, b.id)).map((p) => p.id)).toEqual([first.id, second.id, quote.id]);
    expect((await listBoards(db))[0]!.updatedAt).toBe(70);
  });

  it('the same clip can sit on several boards', async () => {
    const a = board('A', 'a');
    const c = board('C', 'c');
    await saveBoard(db, a);
    await saveBoard(db, c);
    await placeClip(db, { boardId: a.id, clipId: 'c1' }, { newId });
    await placeClip(db, { boardId: c.id, clipId: 'c1' }, { newId });
    expect(await db.countFromIndex('placements', 'clipId', 'c1')).toBe(2);
  });

  it('moves one placement between two others by rewriting only it', async () => {
    const b = board('ボード', 'a');
    await saveBoard(db, b);
    const [p1, p2, p3] = [
      await placeClip(db, { boardId: b.id, clipId: 'c1' }, { newId }),
      await placeClip(db, { boardId: b.id, clipId: 'c2' }, { newId }),
      await placeClip(db, { boardId: b.id, clipId: 'c3' }, { newId }),
    ];
    const moved = await movePlacement(db, p3!.id, {
      aspectId: b.aspects[1]!.id,
      after: p1!.order,
      before: p2!.order,
    });
    expect(moved.aspectId).toBe(b.aspects[1]!.id);
    expect((await listPlacements(db, b.id)).map((p) => p.clipId)).toEqual(['c1', 'c3', 'c2']);
    expect(await db.get('placements', p1!.id)).toEqual(p1);
    expect(await db.get('placements', p2!.id)).toEqual(p2);
  });

  it('removing an aspect keeps its clips on the board, in one transaction', async () => {
    const b = board('ボード', 'a');
    await saveBoard(db, b);
    const placed = await placeClip(
      db,
      { boardId: b.id, clipId: 'c1', aspectId: b.aspects[0]!.id },
      { newId },
    );
    const removal = removePart(
      b,
      await listPlacements(db, b.id),
      'aspects',
      b.aspects[0]!.id,
      b.aspects[1]!.id,
      99,
    );
    if (!removal.ok) throw new Error(removal.error);
    await saveBoardChange(db, removal.value.board, removal.value.moved);
    expect((await listBoards(db))[0]!.aspects.map((a) => a.name)).toEqual(['情報の扱い方']);
    expect((await db.get('placements', placed.id))?.aspectId).toBe(b.aspects[1]!.id);
  });
});
