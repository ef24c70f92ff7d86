import { describe, expect, it } from 'vitest';
import {
  addPart,
  cleanName,
  createBoard,
  insertCandidate,
  MAX_NAME_LENGTH,
  MAX_PARTS,
  movePart,
  removePart,
  renameBoard,
  renamePart,
  setAliases,
  setCellNote,
} from '@/utils/boards';
import type { Board, Placement } from '@/utils/db';
import { LIMITS } from '@/utils/limits';

let n = 0;
const ctx = { newId: () => `id${++n}`, now: 1000, order: 'a0' };

function routeBoard(): Board {
  n = 0;
  const result = createBoard(
    {
      title: ' ルート営業 vs 営業一般 ',
      subjects: ['ルート営業', '営業一般'],
      aspects: ['評価軸', '情報の扱い方', '成果の測り方'],
    },
    ctx,
  );
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('names', () => {
  it.each([
    ['  評価軸  ', '評価軸'],
    ['情報の\n扱い方', '情報の 扱い方'],
    ['A | B * #C [D]', 'A | B * #C [D]'], // Markdown characters are kept; the export escapes them
  ])('%j → %j', (input, output) => expect(cleanName(input)).toEqual({ ok: true, value: output }));

  it('refuses empty and over-long names', () => {
    expect(cleanName(' \u3000 ')).toMatchObject({ ok: false, error: 'emptyName' });
    expect(cleanName('長'.repeat(MAX_NAME_LENGTH + 1))).toMatchObject({ ok: false, error: 'nameTooLong' });
    expect(cleanName('長'.repeat(MAX_NAME_LENGTH)).ok).toBe(true);
  });
});

describe('createBoard', () => {
  it('makes a board with ids, trimmed names and no cell notes', () => {
    const board = routeBoard();
    expect(board).toMatchObject({
      title: 'ルート営業 vs 営業一般',
      subjects: [{ name: 'ルート営業' }, { name: '営業一般' }],
      aspects: [{ name: '評価軸' }, { name: '情報の扱い方' }, { name: '成果の測り方' }],
      cellNotes: {},
      order: 'a0',
      updatedAt: 1000,
    });
    expect(
      new Set([board.id, ...board.subjects.map((s) => s.id), ...board.aspects.map((a) => a.id)]).size,
    ).toBe(6);
  });

  it('needs two distinct subjects', () => {
    expect(createBoard({ title: 'T', subjects: ['A'], aspects: [] }, ctx)).toMatchObject({
      ok: false,
      error: 'tooFewSubjects',
    });
    expect(createBoard({ title: 'T', subjects: ['A', ' '], aspects: [] }, ctx)).toMatchObject({
      ok: false,
      error: 'tooFewSubjects',
    });
    expect(createBoard({ title: 'T', subjects: ['ＡＢＣ', 'abc'], aspects: [] }, ctx)).toMatchObject({
      ok: false,
      error: 'duplicateName',
      detail: 'abc',
    });
  });

  it('needs a title and distinct aspects', () => {
    expect(createBoard({ title: '', subjects: ['A', 'B'], aspects: [] }, ctx)).toMatchObject({
      ok: false,
      error: 'emptyName',
    });
    expect(createBoard({ title: 'T', subjects: ['A', 'B'], aspects: ['価格', '価格 '] }, ctx)).toMatchObject({
      ok: false,
      error: 'duplicateName',
    });
  });
});

describe('changing a board', () => {
  it('renames the board and its parts, refusing duplicates', () => {
    const board = routeBoard();
    expect(renameBoard(board, '新しい題', 2000)).toMatchObject({
      ok: true,
      value: { title: '新しい題', updatedAt: 2000 },
    });
    const aspect = board.aspects[0]!;
    expect(renamePart(board, 'aspects', aspect.id, '評価の軸', 2000)).toMatchObject({ ok: true });
    expect(renamePart(board, 'aspects', aspect.id, '情報の扱い方', 2000)).toMatchObject({
      ok: false,
      error: 'duplicateName',
    });
    expect(renamePart(board, 'aspects', 'nope', 'x', 2000)).toMatchObject({ ok: false, error: 'notFound' });
  });

  it('adds and reorders parts', () => {
    const board = routeBoard();
    const added = addPart(board, 'aspects', '育成のしかた', { newId: () => 'new', now: 2000 });
    if (!added.ok) throw new Error(added.error);
    expect(added.value.aspects.map((a) => a.name)).toEqual([
      '評価軸',
      '情報の扱い方',
      '成果の測り方',
      '育成のしかた',
    ]);
    const moved = movePart(added.value, 'aspects', 'new', 0, 3000);
    if (!moved.ok) throw new Error(moved.error);
    expect(moved.value.aspects.map((a) => a.name)).toEqual([
      '育成のしかた',
      '評価軸',
      '情報の扱い方',
      '成果の測り方',
    ]);
    expect(addPart(board, 'subjects', '営業一般', { newId: () => 'x', now: 1 })).toMatchObject({
      ok: false,
      error: 'duplicateName',
    });
  });

  it('removing an aspect moves its clips where the user says, or leaves them unsorted', () => {
    const board = routeBoard();
    const [evalAxis, info] = board.aspects;
    const placements: Placement[] = [
      {
        id: 'p1',
        boardId: board.id,
        clipId: 'c1',
        aspectId: evalAxis!.id,
        order: 'a',
        note: '',
        noteKind: 'article',
      },
      {
        id: 'p2',
        boardId: board.id,
        clipId: 'c2',
        aspectId: info!.id,
        order: 'b',
        note: '',
        noteKind: 'article',
      },
      {
        id: 'p3',
        boardId: 'other',
        clipId: 'c3',
        aspectId: evalAxis!.id,
        order: 'c',
        note: '',
        noteKind: 'article',
      },
    ];
    const withNote = setCellNote(board, evalAxis!.id, board.subjects[0]!.id, '継続率', 1500);
    if (!withNote.ok) throw new Error(withNote.error);

    const toInfo = removePart(withNote.value, placements, 'aspects', evalAxis!.id, info!.id, 2000);
    if (!toInfo.ok) throw new Error(toInfo.error);
    expect(toInfo.value.board.aspects.map((a) => a.name)).toEqual(['情報の扱い方', '成果の測り方']);
    expect(toInfo.value.moved).toEqual([{ ...placements[0], aspectId: info!.id }]);
    expect(toInfo.value.board.cellNotes).toEqual({});

    const unsorted = removePart(board, placements, 'aspects', evalAxis!.id, null, 2000);
    if (!unsorted.ok) throw new Error(unsorted.error);
    expect(unsorted.value.moved).toHaveLength(1);
    expect(unsorted.value.moved[0]).not.toHaveProperty('aspectId');
  });

  it('keeps at least two subjects', () => {
    const board = routeBoard();
    expect(removePart(board, [], 'subjects', board.subjects[0]!.id, null, 2000)).toMatchObject({
      ok: false,
      error: 'tooFewSubjects',
    });
  });

  it('sets and clears a cell note of an existing cell only', () => {
    const board = routeBoard();
    const a = board.aspects[0]!.id;
    const s = board.subjects[1]!.id;
    const set = setCellNote(board, a, s, ' 新規獲得の速度 ', 2000);
    if (!set.ok) throw new Error(set.error);
    expect(set.value.cellNotes).toEqual({ [a]: { [s]: '新規獲得の速度' } });
    const cleared = setCellNote(set.value, a, s, '', 3000);
    expect(cleared.ok && cleared.value.cellNotes).toEqual({ [a]: {} });
    expect(setCellNote(board, 'nope', s, 'x', 1)).toMatchObject({ ok: false, error: 'notFound' });
  });
});

describe('limits a backup checks too (utils/limits.ts)', () => {
  const many = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

  it('makes a board with as many subjects and aspects as a backup takes, not more', () => {
    const at = createBoard(
      { title: 'T', subjects: many(MAX_PARTS.subjects, 's'), aspects: many(MAX_PARTS.aspects, 'a') },
      ctx,
    );
    expect(at.ok).toBe(true);
    expect(
      createBoard({ title: 'T', subjects: many(MAX_PARTS.subjects + 1, 's'), aspects: [] }, ctx),
    ).toMatchObject({ ok: false, error: 'tooManySubjects', detail: String(MAX_PARTS.subjects) });
    expect(
      createBoard({ title: 'T', subjects: ['A', 'B'], aspects: many(MAX_PARTS.aspects + 1, 'a') }, ctx),
    ).toMatchObject({ ok: false, error: 'tooManyAspects', detail: String(MAX_PARTS.aspects) });
    if (!at.ok) return;
    expect(addPart(at.value, 'subjects', 'one more', ctx)).toMatchObject({
      ok: false,
      error: 'tooManySubjects',
    });
    expect(addPart(at.value, 'aspects', 'one more', ctx)).toMatchObject({
      ok: false,
      error: 'tooManyAspects',
    });
  });

  it('cuts a cell note at the length of a note', () => {
    const board = routeBoard();
    const [aspect] = board.aspects;
    const [subject] = board.subjects;
    const result = setCellNote(board, aspect!.id, subject!.id, 'x'.repeat(LIMITS.noteLength + 10), 2000);
    expect(result.ok && result.value.cellNotes[aspect!.id]![subject!.id]).toHaveLength(LIMITS.noteLength);
  });

  it('names are limited as the backup schema limits them', () => {
    expect(MAX_NAME_LENGTH).toBe(LIMITS.nameLength);
  });
});

describe('aliases (別名)', () => {
  it('takes names separated by 、, commas or lines, cleaned, without repeats or the name itself', () => {
    const board = routeBoard();
    const subject = board.subjects[0]!;
    const result = setAliases(
      board,
      'subjects',
      subject.id,
      ' ルートセールス、Route sales, ルートセールス\nＲＯＵＴＥ ＳＡＬＥＳ,ルート営業,, ',
      2000,
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.value.subjects[0]).toEqual({ ...subject, aliases: ['ルートセールス', 'Route sales'] });
    expect(result.value.updatedAt).toBe(2000);
    // Emptying the field removes the list.
    const cleared = setAliases(result.value, 'subjects', subject.id, '  ', 3000);
    expect(cleared.ok && cleared.value.subjects[0]).toEqual(subject);
  });

  it(`refuses more than ${LIMITS.aliasesPerPart}, a name too long, or an unknown part`, () => {
    const board = routeBoard();
    const id = board.aspects[0]!.id;
    const many = Array.from({ length: LIMITS.aliasesPerPart + 1 }, (_, i) => `別名${i}`).join('、');
    expect(setAliases(board, 'aspects', id, many, 1)).toMatchObject({ ok: false, error: 'tooManyAliases' });
    expect(setAliases(board, 'aspects', id, 'x'.repeat(MAX_NAME_LENGTH + 1), 1)).toMatchObject({
      ok: false,
      error: 'nameTooLong',
    });
    expect(setAliases(board, 'aspects', 'nope', 'a', 1)).toMatchObject({ ok: false, error: 'notFound' });
  });
});

describe('inserting a candidate sentence', () => {
  it('appends it to the cell on its own line and cites its source once', () => {
    const board = routeBoard();
    const [a] = board.aspects;
    const [s] = board.subjects;
    const first = insertCandidate(board, a!.id, s!.id, '継続率で評価する。', { clipId: 'c1' }, 2000);
    if (!first.ok) throw new Error(first.error);
    const second = insertCandidate(
      first.value,
      a!.id,
      s!.id,
      '満足度も見る。',
      { clipId: 'c1', quoteId: 'q1' },
      3000,
    );
    if (!second.ok) throw new Error(second.error);
    const again = insertCandidate(second.value, a!.id, s!.id, '継続率で評価する。', { clipId: 'c1' }, 4000);
    if (!again.ok) throw new Error(again.error);
    expect(second.value.cellNotes[a!.id]![s!.id]).toBe('継続率で評価する。\n満足度も見る。');
    expect(again.value.cellSources![a!.id]![s!.id]).toEqual([
      { clipId: 'c1' },
      { clipId: 'c1', quoteId: 'q1' },
    ]);
    expect(again.value.updatedAt).toBe(4000);
    expect(insertCandidate(board, 'nope', s!.id, 'x', { clipId: 'c1' }, 1)).toMatchObject({ ok: false });
  });
});
