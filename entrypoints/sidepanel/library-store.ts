import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { BoardFiling } from '@/components/AddToBoard';
import { cellName } from '@/utils/board-chooser';
import { buildContextMenu } from '@/utils/context-menu';
import {
  type Board,
  type Clip,
  getDB,
  listBoards,
  listClips,
  listInboxPage,
  listTrashedBoards,
  restoreClip,
  trashClip,
} from '@/utils/db';
import { t } from '@/utils/i18n';
import { broadcast } from '@/utils/messages';
import { INBOX_RENDERED_MARK, LIBRARY_RENDERED_MARK } from '@/utils/timing';
import { FIRST_CARDS } from './first-page';
import { useBoards } from './use-boards';
import { useSuggestions } from './use-suggestions';

/** The panel's toast: a message, perhaps with Undo; `hide` takes it away. */
export interface Toasts {
  show: (toast: { message: string; undo?: () => void }) => void;
  hide: () => void;
}

/** Asks once per panel: without it the browser may clear the clips when the disk runs low. */
async function askToPersist(): Promise<void> {
  try {
    if (navigator.storage && !(await navigator.storage.persisted())) await navigator.storage.persist();
  } catch {
    // not offered here (a test page): the Data tab says what is known
  }
}

/**
 * The library as this panel has it — clips, Trash, boards and placements, read from IndexedDB —
 * with what every view needs beside it: reloading, telling the other panels, filing a clip or a
 * quote on a board ("Add to board…", with its toast), the suggestions and auto-filing, moving a
 * clip to the Trash. The App makes it once; each view reads it with `useLibrary()`. `firstPage`
 * is the Inbox's newest clips when they were read before the panel rendered (first-page.ts): the
 * first render shows them, and the store does not read them again.
 */
export function useLibraryStore(toasts: Toasts, firstPage?: Clip[]) {
  const [clips, setClips] = useState<Clip[]>(() => firstPage ?? []);
  const [trash, setTrash] = useState<Clip[]>([]);
  const [trashedBoards, setTrashedBoards] = useState<Board[]>([]);
  const [loaded, setLoaded] = useState(firstPage !== undefined);
  // Set once the whole library has been read; for `npm run bench` too, the panel has settled.
  const [libraryRead, setLibraryRead] = useState(false);
  /** Counts the changes other panels announced (views that read settings read them again). */
  const [othersRevision, setOthersRevision] = useState(0);
  // Identifies this panel among the pages that hear the events channel.
  const pageId = useMemo(() => crypto.randomUUID(), []);
  /** Tells the other open pages that clips or boards changed here. */
  const notifyOthers = useCallback(() => broadcast({ type: 'library-changed', from: pageId }), [pageId]);
  const boards = useBoards(pageId);
  const reloadBoards = boards.reload; // stable: a callback without dependencies
  const firstPageShown = useRef(false);
  // Given (read before the first render) or to be read by the first `reload`.
  const firstPageGiven = useRef(firstPage !== undefined);
  const [persistence] = useState(askToPersist);

  useEffect(() => {
    // For `npm run bench`: the first Inbox is on screen (effects run after the browser paints).
    if (loaded) performance.mark(INBOX_RENDERED_MARK);
  }, [loaded]);
  useEffect(() => {
    if (libraryRead) performance.mark(LIBRARY_RENDERED_MARK);
  }, [libraryRead]);

  const reload = useCallback(async () => {
    const db = await getDB();
    if (!firstPageShown.current) {
      // Opening: the first cards go on screen from a cursor read; the whole library (for the
      // filter, the tags, the Trash and the suggestions) follows.
      firstPageShown.current = true;
      if (!firstPageGiven.current) {
        setClips(await listInboxPage(db, FIRST_CARDS));
        setLoaded(true);
      }
      await new Promise((resolve) => setTimeout(resolve));
      // The boards and every placement are read once the first cards are on screen, beside the
      // library: read at the same moment as the first page, they delayed it.
      void reloadBoards();
    }
    // One read of the clips store gives both lists.
    const [{ inbox, trash: trashed }, boardsTrashed] = await Promise.all([
      listClips(db),
      listTrashedBoards(db),
    ]);
    setClips(inbox);
    setTrash(trashed);
    setTrashedBoards(boardsTrashed);
    setLoaded(true);
    setLibraryRead(true);
  }, [reloadBoards]);

  /** Another panel changed something: show it here too (fields being typed in keep their text). */
  const othersChanged = useCallback(() => {
    setOthersRevision((n) => n + 1);
    void Promise.all([reload(), reloadBoards()]);
  }, [reload, reloadBoards]);

  /** After a restore rewrote the database: everything read again, here and in other panels. */
  const afterRestore = useCallback(async () => {
    await Promise.all([reload(), reloadBoards()]);
    notifyOthers();
    try {
      await buildContextMenu(await listBoards(await getDB()));
    } catch {
      // no context menus in this page: the background rebuilds the menu when it starts
    }
  }, [reload, reloadBoards, notifyOthers]);

  /** Moves a clip to the Trash at once, with Undo; `trashed` runs once it is there (a reader closes). */
  const moveToTrash = useCallback(
    async (id: string, trashed?: () => void) => {
      const db = await getDB();
      const clip = await trashClip(db, id);
      trashed?.();
      await reload();
      notifyOthers();
      toasts.show({
        message: t('movedToTrash', clip.title),
        undo: async () => {
          await restoreClip(db, id);
          toasts.hide();
          await reload();
          notifyOthers();
        },
      });
    },
    [reload, toasts, notifyOthers],
  );

  const onAccepted = useCallback(
    (board: Board) => toasts.show({ message: t('addedToBoard', board.title) }),
    [toasts],
  );
  const filing = useSuggestions(clips, boards, {
    libraryRead,
    onAutoFiled: (clip, board, undo) =>
      toasts.show({
        message: t('autoFiled', clip.title, board.title),
        undo: async () => {
          await undo();
          toasts.hide();
        },
      }),
    onAccepted,
    notifyOthers,
  });

  const fileOn = boards.fileOn;
  /** "Add to board…" everywhere: files, then says where, with Undo (or that it was there already). */
  const filingAction = useCallback<BoardFiling['file']>(
    (target, boardId, cell) =>
      void fileOn(target, boardId, cell).then(({ kind, undo }) => {
        const board = boards.boards.find((b) => b.id === boardId);
        const where = board
          ? cellName(board, cell, { unsorted: t('unsorted'), allSubjects: t('allSubjects') })
          : '';
        const title = board?.title ?? '';
        const message =
          kind === 'same'
            ? t('filedAlready', title, where)
            : kind === 'move'
              ? t('filedMoved', title, where)
              : t('filedOnBoard', title, where);
        toasts.show({
          message,
          undo:
            undo &&
            (async () => {
              await undo();
              toasts.hide();
            }),
        });
      }),
    [fileOn, boards.boards, toasts],
  );
  // The placements are read when a chooser opens, not when they change: a clip moved on a board
  // then leaves every "Add to board…" button (one per placement, per card) as it was.
  const placementsNow = useRef(boards.placements);
  placementsNow.current = boards.placements;
  const boardFiling = useMemo<BoardFiling>(
    () => ({
      boards: boards.boards,
      get placements() {
        return placementsNow.current;
      },
      file: filingAction,
    }),
    [boards.boards, filingAction],
  );

  return {
    pageId,
    clips,
    trash,
    trashedBoards,
    loaded,
    boards,
    reload,
    reloadBoards,
    othersRevision,
    othersChanged,
    notifyOthers,
    afterRestore,
    /** Settles once the browser was asked to keep the data (the Data tab reads the answer after). */
    persistence,
    moveToTrash,
    suggestions: filing.suggestions,
    autoFile: filing.autoFile,
    toggleAutoFile: filing.toggleAutoFile,
    filing: boardFiling,
    toasts,
  };
}

export type Library = ReturnType<typeof useLibraryStore>;

export const LibraryContext = createContext<Library | undefined>(undefined);

/** The panel's library, for a view under the App. */
export function useLibrary(): Library {
  const library = useContext(LibraryContext);
  if (!library) throw new Error('useLibrary outside the panel');
  return library;
}
