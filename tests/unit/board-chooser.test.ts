import { describe, expect, it } from 'vitest';
import {
  boardChoices,
  cellName,
  filingOutcome,
  filterByName,
  nextIndex,
  placementOf,
} from '@/utils/board-chooser';
import { RECENT_BOARDS } from '@/utils/context-menu';
import type { Board, Placement } from '@/utils/db';

const board = (id: string, order: string, updatedAt: number, extra: Partial<Board> = {}): Board => ({
  id,
  title: `ボード${id}`,
  subjects: [
    { id: `${id}-s1`, name: 'インサイドセールス' },
    { id: `${id}-s2`, name: 'フィールドセールス' },
  ],
  aspects: [
    { id: `${id}-a1`, name: 'コスト' },
    { id: `${id}-a2`, name: '成約率' },
  ],
  cellNotes: {},
  order,
  updatedAt,
  ...extra,
});

const placement = (
  id: string,
  boardId: string,
  clipId: string,
  extra: Partial<Placement> = {},
): Placement => ({
  id,
  boardId,
  clipId,
  order: 'a',
  note: '',
  noteKind: 'article',
  ...extra,
});

describe('boardChoices', () => {
  it('puts the recently used boards first (most recent first), then the rest in the user’s order', () => {
    // Seven boards: the five most recently used lead, the other two follow by their order key.
    const boards = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id, i) =>
      board(id, id, [1, 70, 30, 60, 50, 40, 20][i]!),
    );
    const choices = boardChoices(boards, [], { clipId: 'c1' });
    expect(choices.map((c) => c.board.id)).toEqual(['b', 'd', 'e', 'f', 'c', 'a', 'g']);
    expect(choices.filter((c) => c.recent)).toHaveLength(RECENT_BOARDS);
    expect(choices.find((c) => c.board.id === 'a')?.recent).toBe(false);
  });

  it('offers no archived and no trashed board', () => {
    const boards = [
      board('a', 'a', 1),
      board('b', 'b', 2, { archivedAt: 3 }),
      board('c', 'c', 3, { deletedAt: 4 }),
    ];
    expect(boardChoices(boards, [], { clipId: 'c1' }).map((c) => c.board.id)).toEqual(['a']);
  });

  it('marks the boards where the clip, or exactly that quote, sits already', () => {
    const boards = [board('a', 'a', 1), board('b', 'b', 2)];
    const placements = [
      placement('p1', 'a', 'c1', { aspectId: 'a-a2', subjectId: 'a-s1' }),
      placement('p2', 'b', 'c1', { quoteId: 'q1' }),
    ];
    const forClip = boardChoices(boards, placements, { clipId: 'c1' });
    expect(forClip.find((c) => c.board.id === 'a')?.placed?.id).toBe('p1');
    // The clip's quote placed on board b is not the clip placed there.
    expect(forClip.find((c) => c.board.id === 'b')?.placed).toBeUndefined();
    const forQuote = boardChoices(boards, placements, { clipId: 'c1', quoteId: 'q1' });
    expect(forQuote.find((c) => c.board.id === 'b')?.placed?.id).toBe('p2');
    expect(forQuote.find((c) => c.board.id === 'a')?.placed).toBeUndefined();
  });
});

describe('placementOf and filingOutcome', () => {
  const placed = placement('p1', 'a', 'c1', { aspectId: 'x', subjectId: 'y' });

  it('places what is not on the board yet', () => {
    expect(filingOutcome(placementOf([placed], 'b', { clipId: 'c1' }), { aspectId: 'x' })).toEqual({
      kind: 'place',
    });
  });

  it('moves what is on the board in another cell rather than placing it twice', () => {
    expect(filingOutcome(placed, { aspectId: 'x' })).toEqual({ kind: 'move', from: placed });
    expect(filingOutcome(placed, { aspectId: 'z', subjectId: 'y' })).toEqual({ kind: 'move', from: placed });
  });

  it('changes nothing when the cell is the one it is in (未分類 and 共通 included)', () => {
    expect(filingOutcome(placed, { aspectId: 'x', subjectId: 'y' })).toEqual({
      kind: 'same',
      placement: placed,
    });
    const unsorted = placement('p2', 'a', 'c2');
    expect(filingOutcome(unsorted, {})).toEqual({ kind: 'same', placement: unsorted });
  });
});

describe('filterByName', () => {
  const names = ['インサイドセールス vs フィールドセールス', 'CRM 比較', 'ＳＦＡツール'];
  it('keeps every name for an empty query', () => {
    expect(filterByName(names, '  ', (n) => n)).toEqual(names);
  });
  it('matches width and case aside, spaces in names aside, every term', () => {
    expect(filterByName(names, 'sfa', (n) => n)).toEqual(['ＳＦＡツール']);
    expect(filterByName(names, 'crm比較', (n) => n)).toEqual(['CRM 比較']);
    expect(filterByName(names, 'セールス　vs', (n) => n)).toEqual([
      'インサイドセールス vs フィールドセールス',
    ]);
    expect(filterByName(names, '比較 sfa', (n) => n)).toEqual([]);
  });
});

describe('nextIndex', () => {
  it('steps with the arrows and wraps round', () => {
    expect(nextIndex(0, 3, 'ArrowDown')).toBe(1);
    expect(nextIndex(2, 3, 'ArrowDown')).toBe(0);
    expect(nextIndex(0, 3, 'ArrowUp')).toBe(2);
    expect(nextIndex(-1, 3, 'ArrowDown')).toBe(0);
  });
  it('jumps with Home and End, ignores other keys and empty lists', () => {
    expect(nextIndex(1, 3, 'Home')).toBe(0);
    expect(nextIndex(1, 3, 'End')).toBe(2);
    expect(nextIndex(1, 3, 'a')).toBeUndefined();
    expect(nextIndex(0, 0, 'ArrowDown')).toBeUndefined();
  });
});

describe('cellName', () => {
  it('names the cell, with 未分類 and 共通 for the absent parts', () => {
    const b = board('a', 'a', 1);
    const labels = { unsorted: '未分類', allSubjects: '共通' };
    expect(cellName(b, { aspectId: 'a-a2', subjectId: 'a-s1' }, labels)).toBe('成約率 › インサイドセールス');
    expect(cellName(b, {}, labels)).toBe('未分類 › 共通');
  });
});
