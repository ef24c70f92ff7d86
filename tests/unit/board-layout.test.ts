import { describe, expect, it } from 'vitest';
import { endOf, keepUnchangedGroups, layoutBoard, stepNeighbours } from '@/utils/board-layout';
import type { Board, Placement } from '@/utils/db';
import { keyBetween } from '@/utils/order-key';

const board: Board = {
  id: 'b',
  title: 'ルート営業 vs 営業一般',
  subjects: [
    { id: 's1', name: 'ルート営業' },
    { id: 's2', name: '営業一般' },
  ],
  aspects: [
    { id: 'a1', name: '評価軸' },
    { id: 'a2', name: '情報の扱い方' },
  ],
  cellNotes: {},
  order: 'a',
  updatedAt: 0,
};
const p = (id: string, order: string, aspectId?: string, subjectId?: string): Placement => ({
  id,
  boardId: 'b',
  clipId: `c-${id}`,
  order,
  note: '',
  noteKind: 'article',
  ...(aspectId && { aspectId }),
  ...(subjectId && { subjectId }),
});

describe('layoutBoard', () => {
  it('groups by aspect then subject, in board order and placement order', () => {
    const sections = layoutBoard(board, [
      p('x', 'c', 'a1', 's2'),
      p('y', 'a', 'a1', 's2'),
      p('z', 'b', 'a2'),
      p('w', 'd'),
    ]);
    expect(sections.map((s) => s.aspectId)).toEqual(['a1', 'a2', undefined]);
    expect(sections[0]!.groups.map((g) => [g.subjectId, g.placements.map((x) => x.id)])).toEqual([
      ['s1', []],
      ['s2', ['y', 'x']],
      [undefined, []],
    ]);
    expect(sections[1]!.groups[2]!.placements.map((x) => x.id)).toEqual(['z']);
    expect(sections[2]!.groups[2]!.placements.map((x) => x.id)).toEqual(['w']);
  });

  it('treats placements under a removed aspect or subject as unsorted', () => {
    const sections = layoutBoard(board, [p('x', 'a', 'gone', 'also-gone')]);
    expect(sections.at(-1)).toMatchObject({ aspectId: undefined });
    expect(
      sections
        .at(-1)!
        .groups.at(-1)!
        .placements.map((x) => x.id),
    ).toEqual(['x']);
  });

  it('has no unsorted section when everything is sorted', () => {
    expect(layoutBoard(board, [p('x', 'a', 'a1')]).map((s) => s.aspectId)).toEqual(['a1', 'a2']);
  });
});

describe('moving by steps', () => {
  const keys = ['a', 'b', 'c', 'd'];
  const list = keys.map((k) => p(k, k));
  const apply = (index: number, direction: -1 | 1) => {
    const n = stepNeighbours(list, index, direction);
    if (!n) return undefined;
    const moved = { ...list[index]!, order: keyBetween(n.after, n.before) };
    return [...list.filter((_, i) => i !== index), moved]
      .sort((x, y) => (x.order < y.order ? -1 : 1))
      .map((x) => x.id);
  };
  it('moves one step up or down', () => {
    expect(apply(2, -1)).toEqual(['a', 'c', 'b', 'd']);
    expect(apply(0, 1)).toEqual(['b', 'a', 'c', 'd']);
    expect(apply(1, -1)).toEqual(['b', 'a', 'c', 'd']);
    expect(apply(3, -1)).toEqual(['a', 'b', 'd', 'c']);
  });
  it('stops at the ends', () => {
    expect(stepNeighbours(list, 0, -1)).toBeUndefined();
    expect(stepNeighbours(list, 3, 1)).toBeUndefined();
  });
  it('appends after the last item of another cell', () => {
    expect(endOf(list)).toEqual({ after: 'd', before: null });
    expect(endOf([])).toEqual({ after: null, before: null });
  });
});

describe('keepUnchangedGroups', () => {
  const placed = [
    p('x', 'a', 'a1', 's1'),
    p('y', 'b', 'a1', 's1'),
    p('z', 'c', 'a2', 's2'),
    p('w', 'd', 'a2'),
  ];
  const group = (sections: ReturnType<typeof layoutBoard>, aspectId?: string, subjectId?: string) =>
    sections.find((s) => s.aspectId === aspectId)!.groups.find((g) => g.subjectId === subjectId)!.placements;

  it('keeps the lists of groups a move left alone, and gives the moved groups new ones', () => {
    const before = layoutBoard(board, placed);
    // y steps above x: only the a1 × s1 group changes.
    const moved = { ...placed[1]!, order: '0' };
    const after = keepUnchangedGroups(
      before,
      layoutBoard(board, [placed[0]!, moved, placed[2]!, placed[3]!]),
    );
    expect(group(after, 'a1', 's1')).not.toBe(group(before, 'a1', 's1'));
    expect(group(after, 'a1', 's1').map((x) => x.id)).toEqual(['y', 'x']);
    expect(group(after, 'a2', 's2')).toBe(group(before, 'a2', 's2'));
    expect(group(after, 'a2', undefined)).toBe(group(before, 'a2', undefined));
  });

  it('gives a group a new list when a record in it was replaced, even in the same order', () => {
    const before = layoutBoard(board, placed);
    const renoted = { ...placed[2]!, note: 'メモ' };
    const after = keepUnchangedGroups(
      before,
      layoutBoard(board, [placed[0]!, placed[1]!, renoted, placed[3]!]),
    );
    expect(group(after, 'a2', 's2')).not.toBe(group(before, 'a2', 's2'));
    expect(group(after, 'a2', 's2')[0]).toBe(renoted);
    expect(group(after, 'a1', 's1')).toBe(group(before, 'a1', 's1'));
  });

  it('lays out the same as layoutBoard', () => {
    const before = layoutBoard(board, placed);
    const next = layoutBoard(board, [placed[0]!, { ...placed[1]!, aspectId: 'a2' }, placed[2]!, placed[3]!]);
    expect(keepUnchangedGroups(before, next)).toEqual(next);
  });
});
