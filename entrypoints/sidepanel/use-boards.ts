import { useCallback, useState } from 'preact/hooks';
import type { DraftSaved } from '@/components/use-draft-field';
import { type Cell, type FilingTarget, filingOutcome, placementOf } from '@/utils/board-chooser';
import { endOf, layoutBoard, stepNeighbours } from '@/utils/board-layout';
import {
  addPart,
  type BoardError,
  createBoard,
  insertCandidate,
  movePart,
  type NewBoard,
  type Result,
  removePart,
  renameBoard,
  renamePart,
  setAliases,
  setCellNote,
} from '@/utils/boards';
import type { CellCandidate } from '@/utils/cell-candidates';
import { buildContextMenu } from '@/utils/context-menu';
import {
  type Board,
  changeBoardAndPlacements,
  getDB,
  listBoards,
  movePlacement,
  type NewPlacement,
  type NoteKind,
  type Placement,
  placeClip,
  putPlacement,
  removePlacement,
  saveBoard,
  setNoteKind,
  updateBoard,
  updateNote,
} from '@/utils/db';
import { broadcast } from '@/utils/messages';
import { keyBetween } from '@/utils/order-key';

/** Boards and their placements, loaded from the database, with the actions that change them. */
/** `pageId` identifies this panel among the pages that hear the events channel. */
export function useBoards(pageId: string) {
  const [boards, setBoards] = useState<Board[]>([]);
  const [placements, setPlacements] = useState<Placement[]>([]);

  const reload = useCallback(async () => {
    const db = await getDB();
    const [all, placed] = await Promise.all([listBoards(db), db.getAll('placements')]);
    setBoards(all);
    setPlacements(placed);
    return all;
  }, []);

  /** Reloads after a change, and gives the context menu's "Add to board ▸" the boards as they are. */
  const changed = useCallback(async () => {
    const all = await reload();
    broadcast({ type: 'library-changed', from: pageId });
    try {
      await buildContextMenu(all);
    } catch {
      // A browser without context menus in this page: the background rebuilds it when it starts.
    }
  }, [reload, pageId]);

  /**
   * After one placement moved (its cell or its order): that record replaced in the panel's list,
   * every other placement and board kept as the same object, so only what shows the moved one
   * renders again; the other panels are told. Nothing is read back: a move writes one record
   * (movePlacement), changes no board and so not the context menu either.
   */
  const movedHere = useCallback(
    (moved: Placement) => {
      setPlacements((all) => all.map((p) => (p.id === moved.id ? moved : p)));
      broadcast({ type: 'library-changed', from: pageId });
    },
    [pageId],
  );

  /** Creates a board; gives its id, or why it was refused. */
  const create = useCallback(
    async (input: NewBoard): Promise<{ error: BoardError; detail?: string } | { boardId: string }> => {
      const result = createBoard(input, {
        newId: () => crypto.randomUUID(),
        now: Date.now(),
        order: keyBetween(boards.at(-1)?.order ?? null, null),
      });
      if (!result.ok) return { error: result.error, detail: result.detail };
      await saveBoard(await getDB(), result.value);
      await changed();
      return { boardId: result.value.id };
    },
    [boards, changed],
  );

  const place = useCallback(
    async (input: NewPlacement) => {
      await placeClip(await getDB(), input);
      await changed();
    },
    [changed],
  );

  /**
   * Files a clip or a quote in a cell of a board ("Add to board…", a quote dragged out of its
   * clip): placed at the end of the cell, or — already on that board — moved there (never placed
   * twice). Reads the placements as stored now. Returns what it did and its Undo.
   */
  const fileOn = useCallback(
    async (
      target: FilingTarget,
      boardId: string,
      cell: Cell & { beforeId?: string },
    ): Promise<{ kind: 'place' | 'move' | 'same'; undo?: () => Promise<void> }> => {
      const db = await getDB();
      const board = (await listBoards(db)).find((b) => b.id === boardId);
      if (!board) throw new Error(`No board ${boardId}`);
      const onBoard = await db.getAllFromIndex('placements', 'boardId', boardId);
      const placed = placementOf(onBoard, boardId, target);
      const outcome = filingOutcome(placed, cell);
      if (outcome.kind === 'same') return { kind: 'same' };
      const others = onBoard.filter((p) => p.id !== placed?.id);
      const inCell =
        layoutBoard(board, others)
          .find((s) => s.aspectId === cell.aspectId)
          ?.groups.find((g) => g.subjectId === cell.subjectId)?.placements ?? [];
      const at = cell.beforeId ? inCell.findIndex((p) => p.id === cell.beforeId) : -1;
      const neighbours =
        at >= 0 ? { after: inCell[at - 1]?.order ?? null, before: inCell[at]!.order } : endOf(inCell);
      const to = { aspectId: cell.aspectId, subjectId: cell.subjectId, ...neighbours };
      if (outcome.kind === 'move') {
        await movePlacement(db, outcome.from.id, to);
        await changed();
        return {
          kind: 'move',
          undo: async () => {
            await putPlacement(await getDB(), outcome.from);
            await changed();
          },
        };
      }
      const created = await placeClip(db, {
        boardId,
        clipId: target.clipId,
        ...(target.quoteId ? { quoteId: target.quoteId } : {}),
        ...(cell.aspectId ? { aspectId: cell.aspectId } : {}),
        ...(cell.subjectId ? { subjectId: cell.subjectId } : {}),
      });
      // A drop before another placement puts the new one there rather than at the cell's end.
      if (at >= 0) await movePlacement(db, created.id, to);
      await changed();
      return {
        kind: 'place',
        undo: async () => {
          await removePlacement(await getDB(), created.id);
          await changed();
        },
      };
    },
    [changed],
  );

  /** Moves a placement one step up or down within its cell. */
  const step = useCallback(
    async (placement: Placement, list: Placement[], index: number, direction: -1 | 1) => {
      const neighbours = stepNeighbours(list, index, direction);
      if (!neighbours) return;
      const moved = await movePlacement(await getDB(), placement.id, {
        aspectId: placement.aspectId,
        subjectId: placement.subjectId,
        ...neighbours,
      });
      movedHere(moved);
    },
    [movedHere],
  );

  /** Moves a placement to the end of another aspect × subject cell. */
  const move = useCallback(
    async (board: Board, placement: Placement, to: { aspectId?: string; subjectId?: string }) => {
      const sections = layoutBoard(
        board,
        placements.filter((p) => p.boardId === board.id && p.id !== placement.id),
      );
      const target = sections
        .find((s) => s.aspectId === to.aspectId)
        ?.groups.find((g) => g.subjectId === to.subjectId);
      movedHere(
        await movePlacement(await getDB(), placement.id, { ...to, ...endOf(target?.placements ?? []) }),
      );
    },
    [placements, movedHere],
  );

  /** Drops a placement into a cell: before another placement there, or at the cell's end. */
  const drop = useCallback(
    async (
      board: Board,
      placementId: string,
      to: { aspectId?: string; subjectId?: string; beforeId?: string },
    ) => {
      const others = placements.filter((p) => p.boardId === board.id && p.id !== placementId);
      const cell =
        layoutBoard(board, others)
          .find((s) => s.aspectId === to.aspectId)
          ?.groups.find((g) => g.subjectId === to.subjectId)?.placements ?? [];
      const at = to.beforeId ? cell.findIndex((p) => p.id === to.beforeId) : -1;
      const neighbours =
        at >= 0 ? { after: cell[at - 1]?.order ?? null, before: cell[at]!.order } : endOf(cell);
      const moved = await movePlacement(await getDB(), placementId, {
        aspectId: to.aspectId,
        subjectId: to.subjectId,
        ...neighbours,
      });
      movedHere(moved);
    },
    [placements, movedHere],
  );

  /**
   * Runs a board operation on the board as stored now, in the transaction that writes it: the
   * panel's copy may be older than another panel's last save, whose changes must stay. Returns
   * why it was refused, or the board as it was before. An operation that finds nothing to change
   * returns undefined, and nothing is written.
   */
  const applyToStored = useCallback(
    async (
      id: string,
      operation: (
        board: Board,
        placements: Placement[],
      ) => Result<Board | { board: Board; moved: Placement[] }> | undefined,
    ): Promise<{ error: BoardError; detail?: string } | { before: Board }> => {
      let refusal: { error: BoardError; detail?: string } | undefined;
      const { before, after } = await changeBoardAndPlacements(await getDB(), id, (board, onBoard) => {
        const result = operation(board, onBoard);
        if (!result) return undefined;
        if (!result.ok) {
          refusal = { error: result.error, detail: result.detail };
          return undefined;
        }
        return 'moved' in result.value ? result.value : { board: result.value, moved: [] };
      });
      if (refusal) return refusal;
      if (after) await changed();
      return { before };
    },
    [changed],
  );

  /** Writes one cell of the comparison table (no other) and says what it replaced. */
  const cellNote = useCallback(
    async (boardId: string, aspectId: string, subjectId: string, note: string): Promise<DraftSaved> => {
      const cell = (board: Board) => board.cellNotes[aspectId]?.[subjectId] ?? '';
      const outcome = await applyToStored(boardId, (board) =>
        // The same text stored already (typed in another panel too): nothing to write.
        cell(board) === note.trim() ? undefined : setCellNote(board, aspectId, subjectId, note, Date.now()),
      );
      return 'before' in outcome ? { replaced: cell(outcome.before) } : { refused: true };
    },
    [applyToStored],
  );

  /** Inserts a candidate sentence into a cell and cites its source there. */
  const cellCandidate = useCallback(
    async (boardId: string, candidate: CellCandidate) => {
      const { aspectId, subjectId, sentence, clipId, quoteId } = candidate;
      await applyToStored(boardId, (board) =>
        insertCandidate(board, aspectId, subjectId, sentence, { clipId, quoteId }, Date.now()),
      );
    },
    [applyToStored],
  );

  type Part = 'subjects' | 'aspects';
  /** Refused (why), or done. */
  const done = (outcome: { error: BoardError; detail?: string } | { before: Board }) =>
    'before' in outcome ? undefined : outcome;

  const edit = {
    /** Renames the board; says why not, or the title it replaced. */
    rename: async (id: string, title: string) => {
      const outcome = await applyToStored(id, (board) => renameBoard(board, title, Date.now()));
      return 'before' in outcome ? { replaced: outcome.before.title } : outcome;
    },
    add: async (id: string, part: Part, name: string) =>
      done(
        await applyToStored(id, (board) =>
          addPart(board, part, name, { newId: () => crypto.randomUUID(), now: Date.now() }),
        ),
      ),
    /** Renames a subject or an aspect; says why not, or the name it replaced. */
    renamePart: async (id: string, part: Part, partId: string, name: string) => {
      const outcome = await applyToStored(id, (board) => renamePart(board, part, partId, name, Date.now()));
      return 'before' in outcome
        ? { replaced: outcome.before[part].find((p) => p.id === partId)?.name ?? '' }
        : outcome;
    },
    /** Sets a subject's or an aspect's aliases (別名); says why not, or the list it replaced. */
    setAliases: async (id: string, part: Part, partId: string, typed: string) => {
      const outcome = await applyToStored(id, (board) => setAliases(board, part, partId, typed, Date.now()));
      return 'before' in outcome
        ? { replaced: (outcome.before[part].find((p) => p.id === partId)?.aliases ?? []).join('、') }
        : outcome;
    },
    movePart: async (id: string, part: Part, partId: string, to: number) =>
      done(await applyToStored(id, (board) => movePart(board, part, partId, to, Date.now()))),
    removePart: async (id: string, part: Part, partId: string, moveTo: string | null) =>
      done(
        await applyToStored(id, (board, onBoard) =>
          removePart(board, onBoard, part, partId, moveTo, Date.now()),
        ),
      ),
    /** Moves a board one place up or down among the active boards (one record rewritten). */
    step: async (id: string, direction: -1 | 1) => {
      const active = boards.filter((b) => !b.archivedAt);
      const index = active.findIndex((b) => b.id === id);
      const target = index + direction;
      if (index < 0 || target < 0 || target >= active.length) return;
      const order =
        direction === -1
          ? keyBetween(active[target - 1]?.order ?? null, active[target]!.order)
          : keyBetween(active[target]!.order, active[target + 1]?.order ?? null);
      await updateBoard(await getDB(), id, (b) => ({ ...b, order }));
      await changed();
    },
    /** Archives a board (kept, out of the suggestions) or brings it back. */
    toggleArchive: async (board: Board) => {
      await updateBoard(await getDB(), board.id, (b) => {
        const next = { ...b, updatedAt: Date.now() };
        if (b.archivedAt) delete next.archivedAt;
        else next.archivedAt = Date.now();
        return next;
      });
      await changed();
    },
    /** Moves a board to the Trash; the returned function brings it back (Undo). */
    trash: async (board: Board) => {
      await updateBoard(await getDB(), board.id, (b) => ({ ...b, deletedAt: Date.now() }));
      await changed();
      return async () => {
        await updateBoard(await getDB(), board.id, (b) => {
          const next = { ...b };
          delete next.deletedAt;
          return next;
        });
        await changed();
      };
    },
  };

  /** Writes a placement's note and says what it replaced. */
  const placementNote = useCallback(
    async (placement: Placement, note: string): Promise<DraftSaved> => {
      const replaced = await updateNote(await getDB(), 'placements', placement.id, note.trim());
      await reload();
      // Other panels show the note too (and search it).
      broadcast({ type: 'library-changed', from: pageId });
      return { replaced };
    },
    [reload, pageId],
  );

  /** A placement's note becomes article text or a memo. */
  const placementNoteKind = useCallback(
    async (placement: Placement, kind: NoteKind): Promise<void> => {
      await setNoteKind(await getDB(), 'placements', placement.id, kind);
      await reload();
      broadcast({ type: 'library-changed', from: pageId });
    },
    [reload, pageId],
  );

  return {
    boards,
    placements,
    reload,
    create,
    place,
    fileOn,
    step,
    move,
    drop,
    cellNote,
    cellCandidate,
    placementNote,
    placementNoteKind,
    edit,
  };
}
