import type { Board, Placement } from './db';

/** One subject's placements within an aspect (subject undefined: "all subjects"). */
export interface SubjectGroup {
  subjectId?: string;
  placements: Placement[];
}

/** One aspect's section (aspect undefined: "not sorted yet"). */
export interface AspectSection {
  aspectId?: string;
  groups: SubjectGroup[];
}

/**
 * The board as the board view shows it: one section per aspect in the board's order, then the
 * unsorted ones; inside each, one group per subject in order, then the ones for all subjects.
 * Placements pointing at a removed aspect or subject count as unsorted, so nothing disappears.
 */
export function layoutBoard(board: Board, placements: Placement[]): AspectSection[] {
  const aspectIds = new Set(board.aspects.map((a) => a.id));
  const subjectIds = new Set(board.subjects.map((s) => s.id));
  const sorted = [...placements].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  const aspectOf = (p: Placement) => (p.aspectId && aspectIds.has(p.aspectId) ? p.aspectId : undefined);
  const subjectOf = (p: Placement) => (p.subjectId && subjectIds.has(p.subjectId) ? p.subjectId : undefined);
  const section = (aspectId: string | undefined): AspectSection => {
    const inAspect = sorted.filter((p) => aspectOf(p) === aspectId);
    return {
      aspectId,
      groups: [...board.subjects.map((s) => s.id), undefined].map((subjectId) => ({
        subjectId,
        placements: inAspect.filter((p) => subjectOf(p) === subjectId),
      })),
    };
  };
  const sections = board.aspects.map((a) => section(a.id));
  const unsorted = section(undefined);
  if (unsorted.groups.some((g) => g.placements.length)) sections.push(unsorted);
  return sections;
}

/**
 * The neighbours' order keys for moving `list[index]` one step up or down within its list, or
 * undefined at the end of the list.
 */
export function stepNeighbours(
  list: Placement[],
  index: number,
  direction: -1 | 1,
): { after: string | null; before: string | null } | undefined {
  const target = index + direction;
  if (target < 0 || target >= list.length) return undefined;
  // Moving up lands between the item two above and the one above; down, between the one below
  // and the one after it.
  return direction === -1
    ? { after: list[target - 1]?.order ?? null, before: list[target]!.order }
    : { after: list[target]!.order, before: list[target + 1]?.order ?? null };
}

/** Order keys for appending to the end of `list` (a move into another cell). */
export function endOf(list: Placement[]): { after: string | null; before: null } {
  return { after: list.at(-1)?.order ?? null, before: null };
}

/**
 * `next` (a layout of the same board) with each group's list taken from `previous` wherever it
 * holds the same placements (the same records, in the same order): a move changes one or two
 * groups, and the board view re-renders only the placements whose group changed.
 */
export function keepUnchangedGroups(previous: AspectSection[], next: AspectSection[]): AspectSection[] {
  const before = new Map<string, Placement[]>();
  for (const section of previous)
    for (const group of section.groups)
      before.set(`${section.aspectId ?? ''}\u0000${group.subjectId ?? ''}`, group.placements);
  const same = (a: Placement[], b: Placement[]) => a.length === b.length && a.every((p, i) => p === b[i]);
  return next.map((section) => ({
    ...section,
    groups: section.groups.map((group) => {
      const old = before.get(`${section.aspectId ?? ''}\u0000${group.subjectId ?? ''}`);
      return old && same(old, group.placements) ? { ...group, placements: old } : group;
    }),
  }));
}
