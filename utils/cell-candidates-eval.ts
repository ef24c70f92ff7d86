import { type CandidateBoard, type CandidateSource, cellCandidates, cellKey } from './cell-candidates';

/**
 * A labelled set of comparison-table cells: boards with their clips (placed under an aspect, on
 * the board without one, or unfiled and tied by the suggester) and, for each aspect × subject
 * cell, the sentences a careful writer would take for it.
 */
export interface CellLabelledSet {
  boards: (CandidateBoard & {
    title: string;
    lang: string;
    clips: {
      id: string;
      title: string;
      siteName: string;
      text: string;
      filed: boolean;
      placedAspect: string | null;
    }[];
    cells: { aspect: string; subject: string; good: string[] }[];
  })[];
}

export interface CellScores {
  boards: number;
  cells: number;
  /** Share of cells whose first candidate is a good sentence. */
  at1: number;
  /**
   * Precision at 3, over what a cell can hold: good sentences among the first three, divided by
   * min(3, the cell's good sentences). A cell with one good sentence scores 1 when it is in the top 3.
   */
  at3: number;
  byBoard: Record<string, { cells: number; at1: number; at3: number }>;
}

export function evaluateCellCandidates(set: CellLabelledSet): CellScores {
  let cells = 0;
  let at1 = 0;
  let at3 = 0;
  const byBoard: CellScores['byBoard'] = {};
  for (const board of set.boards) {
    const sources: CandidateSource[] = board.clips.map((c) => ({
      clipId: c.id,
      title: c.title,
      siteName: c.siteName,
      text: c.text,
      placements: c.filed ? [{ aspectId: c.placedAspect ?? undefined }] : [],
      tie: c.filed ? 'board' : 'suggested',
    }));
    const ranked = cellCandidates(board, sources, 3);
    let b1 = 0;
    let b3 = 0;
    const labelled = board.cells.filter((c) => c.good.length > 0);
    for (const cell of labelled) {
      const top = (ranked.get(cellKey(cell.aspect, cell.subject)) ?? []).map((c) => c.sentence);
      const good = new Set(cell.good);
      if (top[0] !== undefined && good.has(top[0])) b1++;
      b3 += top.slice(0, 3).filter((s) => good.has(s)).length / Math.min(3, good.size);
    }
    cells += labelled.length;
    at1 += b1;
    at3 += b3;
    byBoard[board.id] = {
      cells: labelled.length,
      at1: b1 / (labelled.length || 1),
      at3: b3 / (labelled.length || 1),
    };
  }
  return { boards: set.boards.length, cells, at1: at1 / (cells || 1), at3: at3 / (cells || 1), byBoard };
}
