import { foldForSearch } from './clip-filter';
import { recentBoards } from './context-menu';
import type { Board, Placement } from './db';

/**
 * The pure part of "Add to board…": which boards the chooser offers and in what order, how typing
 * filters them, how the arrow keys move, and what filing a clip or quote on a board where it
 * already sits means. The chooser (components/AddToBoard.tsx) only shows what these return.
 */

/** What is being filed: a clip as a whole, or one of its quotes on its own. */
export interface FilingTarget {
  clipId: string;
  quoteId?: string;
}

/** A cell of a board; an absent aspect is 未分類 (not sorted), an absent subject is every subject. */
export interface Cell {
  aspectId?: string;
  subjectId?: string;
}

export interface BoardChoice {
  board: Board;
  /** Among the boards used most recently (the context menu's five), shown on top. */
  recent: boolean;
  /** The target's placement on this board, when it is there already. */
  placed?: Placement;
}

/** The placement of exactly this target on the board (a clip's whole placement, or the quote's own). */
export function placementOf(
  placements: readonly Placement[],
  boardId: string,
  target: FilingTarget,
): Placement | undefined {
  return placements.find(
    (p) =>
      p.boardId === boardId && p.clipId === target.clipId && (p.quoteId ?? null) === (target.quoteId ?? null),
  );
}

/**
 * The boards a clip or quote can be filed on: archived and trashed boards are not offered; the
 * recently used ones (the same notion and number as the context menu's "Add to board ▸") come
 * first, most recent first, then every other board in the user's order.
 */
export function boardChoices(
  boards: readonly Board[],
  placements: readonly Placement[],
  target: FilingTarget,
): BoardChoice[] {
  const active = boards.filter((b) => b.deletedAt === undefined && b.archivedAt === undefined);
  const recent = recentBoards([...active]);
  const recentIds = new Set(recent.map((b) => b.id));
  const rest = active
    .filter((b) => !recentIds.has(b.id))
    .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  return [...recent, ...rest].map((board) => ({
    board,
    recent: recentIds.has(board.id),
    placed: placementOf(placements, board.id, target),
  }));
}

/** Folds a name or a query for matching: width, case and every space aside (Japanese has none). */
const fold = (text: string) => foldForSearch(text).replace(/\s+/g, '');

/** The items whose name contains every space-separated term of the query (all of them for ''). */
export function filterByName<T>(items: readonly T[], query: string, nameOf: (item: T) => string): T[] {
  const terms = foldForSearch(query)
    .split(/[\s\u3000]+/)
    .filter(Boolean);
  if (terms.length === 0) return [...items];
  return items.filter((item) => {
    const name = fold(nameOf(item));
    return terms.every((term) => name.includes(term));
  });
}

/**
 * Where the active option goes on a key in a list of `length` options: ↑/↓ step and wrap round,
 * Home/End jump. Undefined for other keys (they type into the filter).
 */
export function nextIndex(index: number, length: number, key: string): number | undefined {
  if (length === 0) return undefined;
  switch (key) {
    case 'ArrowDown':
      return index < 0 ? 0 : (index + 1) % length;
    case 'ArrowUp':
      return index <= 0 ? length - 1 : index - 1;
    case 'Home':
      return 0;
    case 'End':
      return length - 1;
    default:
      return undefined;
  }
}

/**
 * What filing the target in `cell` of a board does. The target is never placed twice on one
 * board (the export would repeat it): already there in another cell, it moves there — the user
 * chose where it belongs on this board; already in that very cell, nothing changes.
 */
export type Filing =
  | { kind: 'place' }
  | { kind: 'move'; from: Placement }
  | { kind: 'same'; placement: Placement };

export function filingOutcome(placed: Placement | undefined, cell: Cell): Filing {
  if (!placed) return { kind: 'place' };
  const sameCell =
    (placed.aspectId ?? null) === (cell.aspectId ?? null) &&
    (placed.subjectId ?? null) === (cell.subjectId ?? null);
  return sameCell ? { kind: 'same', placement: placed } : { kind: 'move', from: placed };
}

/** The name of a cell for people: 「コスト › A社」, with 未分類 / 共通 for the absent parts. */
export function cellName(
  board: Board,
  cell: Cell,
  labels: { unsorted: string; allSubjects: string },
): string {
  const aspect = board.aspects.find((a) => a.id === cell.aspectId)?.name ?? labels.unsorted;
  const subject = board.subjects.find((s) => s.id === cell.subjectId)?.name ?? labels.allSubjects;
  return `${aspect} › ${subject}`;
}
