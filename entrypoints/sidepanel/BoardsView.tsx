import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { BlogDraftPanel } from '@/components/BlogDraftPanel';
import { BoardEditor } from '@/components/BoardEditor';
import { BoardForm } from '@/components/BoardForm';
import { BoardList } from '@/components/BoardList';
import { type BoardMode, BoardView, type PlacedItem } from '@/components/BoardView';
import { ExportPanel } from '@/components/ExportPanel';
import { cellName } from '@/utils/board-chooser';
import { type AspectSection, keepUnchangedGroups, layoutBoard } from '@/utils/board-layout';
import { type CellCandidate, cellKey } from '@/utils/cell-candidates';
import { candidateSources } from '@/utils/cell-sources';
import { getDB, listQuotes, type Quote } from '@/utils/db';
import { t } from '@/utils/i18n';
import { BOARD_OPENED_MARK } from '@/utils/timing';
import { clipsWithLeads, requestCellCandidates } from './cell-candidates';
import { useKept } from './kept-state';
import { useLibrary } from './library-store';
import { ReaderPane } from './ReaderPane';
import { useBlogDraft } from './use-blog-draft';
import { useExport } from './use-export';

/** Whether two items show the same (a placement's item is kept when nothing it shows changed). */
function samePlacedItem(a: PlacedItem, b: PlacedItem): boolean {
  if (a.title !== b.title || a.quote !== b.quote) return false;
  if (!a.quotes || !b.quotes) return a.quotes === b.quotes;
  return (
    a.quotes.length === b.quotes.length &&
    a.quotes.every((q, i) => q.id === b.quotes![i]!.id && q.text === b.quotes![i]!.text)
  );
}

/** A board the Boards tab opens at once, in a given view (search opens a cell note's table). */
export type BoardsEntry = { boardId: string; mode: BoardMode };

interface BoardsViewProps {
  /** A board to show at once, in a given view. */
  entry?: BoardsEntry;
}

/**
 * The Boards tab: the list of boards, a new board's form, and an open board — its sections, its
 * comparison table, its export, its editor — and the reader of a clip opened from the board (Back
 * returns to the board, scrolled where it was). Choosing the tab again shows the list (the App
 * gives the view a new key); the board's view mode is kept for the next board opened.
 */
export function BoardsView(props: BoardsViewProps) {
  const library = useLibrary();
  const { boards, toasts } = library;
  const [openBoardId, setOpenBoardId] = useState(props.entry?.boardId);
  const [creatingBoard, setCreatingBoard] = useState(false);
  const [editingBoard, setEditingBoard] = useState(false);
  const [mode, setMode] = useKept<BoardMode>('boardMode', 'sections', props.entry?.mode);
  /** The quotes (not deleted) of the clips on the open board, by clip. */
  const [clipQuotes, setClipQuotes] = useState<Map<string, Quote[]>>(new Map());
  /** A clip opened from the board, and where the board was scrolled to when it was opened. */
  const [reading, setReading] = useState<{ clipId: string; scrollY: number; sentence?: string }>();
  const [backAt, setBackAt] = useState<{ scrollY: number }>();

  const openBoard = boards.boards.find((b) => b.id === openBoardId);
  useLayoutEffect(() => {
    // Back from a clip opened on the board: the board where it was read.
    if (backAt?.scrollY) window.scrollTo(0, backAt.scrollY);
  }, [backAt]);
  const boardPlacements = useMemo(
    () => (openBoard ? boards.placements.filter((p) => p.boardId === openBoard.id) : []),
    [openBoard, boards.placements],
  );
  // Which clips are on the board, as one string: a placement moved within the board reads no
  // quotes again.
  const boardClipIds = useMemo(
    () => [...new Set(boardPlacements.map((p) => p.clipId))].sort().join('\u0000'),
    [boardPlacements],
  );
  useEffect(() => {
    // The quotes of the clips on the open board: a quote placement shows its text, a clip placed
    // whole lists the quotes that can be moved out of it. Deleted quotes are not read.
    const clipIds = boardClipIds ? boardClipIds.split('\u0000') : [];
    if (clipIds.length === 0) return setClipQuotes(new Map());
    void getDB()
      .then((db) => Promise.all(clipIds.map((id) => listQuotes(db, id))))
      .then((lists) => setClipQuotes(new Map(clipIds.map((id, i) => [id, lists[i]!]))));
  }, [boardClipIds]);
  const boardQuotes = useMemo(
    () => new Map([...clipQuotes.values()].flat().map((q) => [q.id, q])),
    [clipQuotes],
  );
  // A placement of a deleted quote is not shown (it comes back with the quote's Undo).
  const shownPlacements = useMemo(
    () => boardPlacements.filter((p) => p.quoteId === undefined || boardQuotes.has(p.quoteId)),
    [boardPlacements, boardQuotes],
  );
  // The groups a change left as they were keep their lists (keepUnchangedGroups), and the items
  // their objects (below): a move on a 500-clip board re-renders the placements it moved.
  const lastSections = useRef<AspectSection[]>([]);
  const boardSections = useMemo(() => {
    const laid = openBoard
      ? keepUnchangedGroups(lastSections.current, layoutBoard(openBoard, shownPlacements))
      : [];
    lastSections.current = laid;
    return laid;
  }, [openBoard, shownPlacements]);
  const clipsById = useMemo(
    () => new Map([...library.clips, ...library.trash].map((c) => [c.id, c])),
    [library.clips, library.trash],
  );
  // The reader shows instead of the board while a clip opened from it is read.
  const readClip = reading && library.clips.find((c) => c.id === reading.clipId);
  const outline = useExport(
    openBoard,
    boardPlacements,
    clipsById,
    mode === 'export' && !editingBoard && !readClip,
    { othersRevision: library.othersRevision, notifyOthers: library.notifyOthers },
  );
  // Unfiled clips the suggester ties to this board: their sentences are candidates too (未整理).
  const suggestedKey = [...library.suggestions]
    .flatMap(([clipId, s]) => (s.boardId === openBoard?.id ? [clipId] : []))
    .join('\n');
  const suggestedHere = useMemo(() => (suggestedKey ? suggestedKey.split('\n') : []), [suggestedKey]);
  const blogDraft = useBlogDraft(
    openBoard,
    boardPlacements,
    clipsById,
    outline.blogMarkdown,
    library.notifyOthers,
  );
  // 候補文 for every cell, while the comparison table is shown: computed in the cells worker from
  // the board's clips (their lead) and quotes, again when they or a cell's text change.
  const [candidates, setCandidates] = useState<ReadonlyMap<string, CellCandidate[]>>();
  useEffect(() => {
    if (mode !== 'matrix' || !openBoard) return;
    let current = true;
    void clipsWithLeads(clipsById, [
      ...shownPlacements.filter((p) => p.boardId === openBoard.id).map((p) => p.clipId),
      ...suggestedHere,
    ])
      .then((withLead) =>
        requestCellCandidates({
          board: openBoard,
          sources: candidateSources(
            openBoard,
            shownPlacements,
            withLead,
            [...boardQuotes.values()],
            suggestedHere,
          ),
        }),
      )
      .then((found) => {
        if (!current) return;
        const byCell = new Map<string, CellCandidate[]>();
        for (const c of found) {
          const key = cellKey(c.aspectId, c.subjectId);
          byCell.set(key, [...(byCell.get(key) ?? []), c]);
        }
        setCandidates(byCell);
      });
    return () => {
      current = false;
    };
  }, [mode, openBoard, shownPlacements, clipsById, boardQuotes, suggestedHere]);
  const lastItems = useRef(new Map<string, PlacedItem>());
  const boardItems = useMemo(() => {
    const items = new Map<string, PlacedItem>();
    // Quotes placed by themselves leave their clip's list (as in the export).
    const placedApart = new Set(shownPlacements.flatMap((p) => (p.quoteId ? [p.quoteId] : [])));
    for (const p of shownPlacements) {
      const item: PlacedItem = {
        title: clipsById.get(p.clipId)?.title ?? '',
        quote: p.quoteId ? boardQuotes.get(p.quoteId)?.text : undefined,
        quotes: p.quoteId
          ? undefined
          : (clipQuotes.get(p.clipId) ?? [])
              .filter((q) => !placedApart.has(q.id))
              .map((q) => ({ id: q.id, text: q.text })),
      };
      const last = lastItems.current.get(p.id);
      items.set(p.id, last && samePlacedItem(last, item) ? last : item);
    }
    lastItems.current = items;
    return items;
  }, [shownPlacements, boardQuotes, clipQuotes, clipsById]);

  /** A clip's quote dropped or moved into a cell: its own placement there, with Undo. */
  const placeQuote = async (
    boardId: string,
    clipId: string,
    quoteId: string,
    to: { aspectId?: string; subjectId?: string; beforeId?: string },
  ) => {
    const { kind, undo } = await boards.fileOn({ clipId, quoteId }, boardId, to);
    const board = boards.boards.find((b) => b.id === boardId);
    if (!board || kind === 'same') return;
    const where = cellName(board, to, { unsorted: t('unsorted'), allSubjects: t('allSubjects') });
    toasts.show({
      message: t(kind === 'move' ? 'filedMoved' : 'filedOnBoard', board.title, where),
      undo: undo && (() => void undo().then(toasts.hide)),
    });
  };

  if (reading && readClip) {
    return (
      <ReaderPane
        clip={readClip}
        highlight={reading.sentence}
        onBack={() => {
          setBackAt({ scrollY: reading.scrollY });
          setReading(undefined);
        }}
      />
    );
  }
  if (creatingBoard) {
    return (
      <BoardForm
        onCreate={async (input) => {
          const created = await boards.create(input);
          if (!('boardId' in created)) return created;
          // A new board opens at once, in its sections, ready for clips to be filed on it.
          setCreatingBoard(false);
          setMode('sections');
          setOpenBoardId(created.boardId);
          return undefined;
        }}
        onCancel={() => setCreatingBoard(false)}
      />
    );
  }
  if (openBoard && editingBoard) {
    const filedUnder = new Map<string, number>();
    for (const p of boardPlacements) {
      for (const id of [p.aspectId, p.subjectId]) if (id) filedUnder.set(id, (filedUnder.get(id) ?? 0) + 1);
    }
    const id = openBoard.id;
    return (
      <section class="board" aria-labelledby="board-title">
        <nav class="reader-nav">
          <h1 id="board-title">{openBoard.title}</h1>
          <button type="button" class="primary-button done-editing" onClick={() => setEditingBoard(false)}>
            {t('doneEditing')}
          </button>
        </nav>
        <BoardEditor
          key={id}
          board={openBoard}
          filed={filedUnder}
          onRename={(title) => boards.edit.rename(id, title)}
          onAdd={(part, name) => boards.edit.add(id, part, name)}
          onRenamePart={(part, partId, name) => boards.edit.renamePart(id, part, partId, name)}
          onSetAliases={(part, partId, typed) => boards.edit.setAliases(id, part, partId, typed)}
          onMovePart={(part, partId, to) => void boards.edit.movePart(id, part, partId, to)}
          onRemovePart={(part, partId, moveTo) => boards.edit.removePart(id, part, partId, moveTo)}
          onArchive={() => void boards.edit.toggleArchive(openBoard)}
          onDelete={() =>
            void boards.edit.trash(openBoard).then((undo) => {
              setEditingBoard(false);
              setOpenBoardId(undefined);
              void library.reload();
              toasts.show({
                message: t('boardMovedToTrash', openBoard.title),
                undo: () => void undo().then(library.reload).then(toasts.hide),
              });
            })
          }
        />
      </section>
    );
  }
  if (openBoard) {
    const id = openBoard.id;
    return (
      <BoardView
        board={openBoard}
        sections={boardSections}
        items={boardItems}
        mode={mode}
        onMode={setMode}
        onStep={(p, list, index, direction) => void boards.step(p, list, index, direction)}
        onMove={(p, to) => void boards.move(openBoard, p, to)}
        onCellNote={(aspectId, subjectId, note) => boards.cellNote(id, aspectId, subjectId, note)}
        onBack={() => setOpenBoardId(undefined)}
        onEdit={() => setEditingBoard(true)}
        onPlacementNote={boards.placementNote}
        onOpenClip={(clipId, sentence) => {
          setReading({ clipId, scrollY: window.scrollY, sentence });
          window.scrollTo(0, 0);
        }}
        onPlacementNoteKind={(p, kind) => void boards.placementNoteKind(p, kind)}
        onDrop={(placementId, to) => void boards.drop(openBoard, placementId, to)}
        onPlaceQuote={(clipId, quoteId, to) => void placeQuote(id, clipId, quoteId, to)}
        filing={library.filing}
        candidates={candidates}
        onInsertCandidate={(candidate) => void boards.cellCandidate(id, candidate)}
      >
        <ExportPanel
          choices={outline.choices}
          onChoose={outline.choose}
          markdown={outline.markdown}
          memosLeftOut={outline.memosLeftOut}
          previewHtml={outline.previewHtml}
          fileName={outline.fileName}
          onCopyMarkdown={() => void outline.copyMarkdown()}
          onCopyRichText={() => void outline.copyRichText()}
          onDownload={outline.download}
          message={outline.message}
        >
          <BlogDraftPanel
            blogs={blogDraft.blogs}
            blog={blogDraft.blog}
            onChooseBlog={blogDraft.choose}
            state={blogDraft.state}
            lastSentAt={blogDraft.lastSentAt}
            tags={blogDraft.tags}
            canCheckTags={blogDraft.canCheckTags}
            picked={blogDraft.picked}
            onToggleTag={blogDraft.toggleTag}
            onCheckTags={blogDraft.checkTags}
            onSend={blogDraft.send}
            onDismiss={blogDraft.dismiss}
          />
        </ExportPanel>
      </BoardView>
    );
  }
  const counts = new Map<string, number>();
  for (const p of boards.placements) counts.set(p.boardId, (counts.get(p.boardId) ?? 0) + 1);
  return (
    <BoardList
      boards={boards.boards}
      counts={counts}
      onOpen={(boardId) => {
        performance.mark(BOARD_OPENED_MARK);
        setOpenBoardId(boardId);
      }}
      onNew={() => setCreatingBoard(true)}
      onStep={(boardId, direction) => void boards.edit.step(boardId, direction)}
      autoFile={library.autoFile}
      onAutoFile={library.toggleAutoFile}
    />
  );
}
