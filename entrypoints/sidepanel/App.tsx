import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { BoardFiling } from '@/components/AddToBoard';
import { DataSafetyView } from '@/components/DataSafetyView';
import { SearchView } from '@/components/SearchView';
import { type ClipStatus, StatusBanner } from '@/components/StatusBanner';
import { SyncSettings } from '@/components/SyncSettings';
import { Toast } from '@/components/Toast';
import { cellName } from '@/utils/board-chooser';
import { buildContextMenu } from '@/utils/context-menu';
import {
  type Board,
  type Clip,
  getDB,
  getSetting,
  listBoards,
  listClips,
  listInboxPage,
  listTrashedBoards,
  restoreClip,
  trashClip,
} from '@/utils/db';
import { formatDate, t } from '@/utils/i18n';
import { broadcast, type KurabeEvent, LAST_EVENT_KEY, onKurabeEvent } from '@/utils/messages';
import { INBOX_RENDERED_MARK, LIBRARY_RENDERED_MARK } from '@/utils/timing';
import { type BoardsEntry, BoardsTab } from './BoardsTab';
import { InboxTab, type Toasts } from './InboxTab';
import { KeptState } from './kept-state';
import { ReaderPane } from './ReaderPane';
import { useBoards } from './use-boards';
import { useData } from './use-data';
import { useSearch } from './use-search';
import { useSuggestions } from './use-suggestions';
import { useSync } from './use-sync';

/** The panel's tabs. */
type Tab = 'inbox' | 'boards' | 'search' | 'data';

/** A clip event older than this is history, not news, when the panel opens. */
const FRESH_EVENT_MS = 20_000;
/** Cards shown the moment the panel opens (a side panel shows about six), before the rest loads. */
const FIRST_CARDS = 20;

/** How long the Undo of a delete stays offered. */
const UNDO_MS = 8_000;

/** What the status line says about a clip event. */
function statusOf(event: Exclude<KurabeEvent, { type: 'library-changed' }>): ClipStatus {
  switch (event.type) {
    case 'clip-started':
      return { kind: 'working', title: event.title };
    case 'clip-failed':
      return { kind: 'failed', reason: event.reason };
    case 'clip-saved': {
      const { quoteAdded, filedOn } = event;
      const firstClippedOn = event.firstClippedAt ? formatDate(event.firstClippedAt) : '';
      if (event.restored) return { kind: 'restored', firstClippedOn, quoteAdded, filedOn };
      if (event.updated) return { kind: 'updated', firstClippedOn, quoteAdded, filedOn };
      if (event.fallback) return { kind: 'fallback', reason: event.fallback, quoteAdded };
      return event.kind === 'bookmark'
        ? { kind: 'bookmark', quoteAdded }
        : { kind: 'saved', quoteAdded, filedOn };
    }
  }
}

interface ToastState {
  message: string;
  undo?: () => void;
}

/** The key of Kurabe's clip command, as the browser has it now ('' when none is set). */
async function readShortcut(): Promise<string> {
  try {
    const commands = await browser.commands.getAll();
    return commands.find((c) => c.name === 'clip-page')?.shortcut ?? '';
  } catch {
    return '';
  }
}

/**
 * The panel's shell: the library as loaded, the tabs, the events from the background and from
 * other panels, the status line, the toast and the Trash confirmation. Each tab is a view that
 * owns its state (InboxTab, BoardsTab, ReaderPane; search and data through their hooks).
 */
export function App() {
  const [clips, setClips] = useState<Clip[]>([]);
  const [trash, setTrash] = useState<Clip[]>([]);
  const [trashedBoards, setTrashedBoards] = useState<Board[]>([]);
  const [loaded, setLoaded] = useState(false);
  /** A clip that sits on boards, waiting for the user to confirm its move to the Trash. */
  const [pendingTrash, setPendingTrash] = useState<{ id: string; title: string; boards: number }>();
  const [openId, setOpenId] = useState<string>();
  /**
   * The latest clip's status, shown on the tab where it arrived: the Inbox for a clip kept (the
   * panel goes there to show it), the tab on screen for "clipping…" and for a failure. `n` tells
   * one event's line from the next (each starts its own fade).
   */
  const [status, setStatus] = useState<{ status: ClipStatus; tab: Tab; n: number }>();
  const [highlightId, setHighlightId] = useState<string>();
  const [toast, setToast] = useState<ToastState>();
  const [shortcut, setShortcut] = useState('');
  const [tab, setTab] = useState<Tab>('inbox');
  const tabNow = useRef(tab);
  tabNow.current = tab;
  // Choosing a tab shows it afresh (the Inbox rather than the Trash, the list of boards): its view
  // gets a new key. Search opens a board's comparison table through the boards tab's `entry`.
  const [inboxVisit, setInboxVisit] = useState(0);
  const [boardsVisit, setBoardsVisit] = useState<{ n: number; entry?: BoardsEntry }>({ n: 0 });
  /** Counts the changes other panels announced (views that read settings read them again). */
  const [othersRevision, setOthersRevision] = useState(0);
  // State views keep while another tab shows (one store per panel).
  const kept = useMemo(() => new Map<string, unknown>(), []);
  // Identifies this panel among the pages that hear the events channel.
  const pageId = useMemo(() => crypto.randomUUID(), []);
  /** Tells the other open pages that clips or boards changed here. */
  const notifyOthers = useCallback(() => broadcast({ type: 'library-changed', from: pageId }), [pageId]);
  const boards = useBoards(pageId);
  const reloadBoards = boards.reload; // stable: a callback without dependencies
  const toastTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const firstPageShown = useRef(false);

  useEffect(() => {
    // For `npm run bench`: the first Inbox is on screen (effects run after the browser paints).
    if (loaded) performance.mark(INBOX_RENDERED_MARK);
  }, [loaded]);
  // Set once the whole library has been read; for `npm run bench` too, the panel has settled.
  const [libraryRead, setLibraryRead] = useState(false);
  useEffect(() => {
    if (libraryRead) performance.mark(LIBRARY_RENDERED_MARK);
  }, [libraryRead]);

  const reload = useCallback(async () => {
    const db = await getDB();
    if (!firstPageShown.current) {
      // Opening: the first cards go on screen from a cursor read; the whole library (for the
      // filter, the tags, the Trash and the suggestions) follows.
      firstPageShown.current = true;
      setClips(await listInboxPage(db, FIRST_CARDS));
      setLoaded(true);
      await new Promise((resolve) => setTimeout(resolve));
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
  }, []);

  const afterRestore = useCallback(async () => {
    await Promise.all([reload(), reloadBoards()]);
    notifyOthers();
    try {
      await buildContextMenu(await listBoards(await getDB()));
    } catch {
      // no context menus in this page: the background rebuilds the menu when it starts
    }
  }, [reload, reloadBoards, notifyOthers]);
  const data = useData(afterRestore);
  const sync = useSync();

  const apply = useCallback(
    (event: KurabeEvent) => {
      if (event.type === 'library-changed') {
        // Another panel changed something: show it here too. Fields being typed in keep their
        // text (components/use-draft-field.ts).
        if (event.from !== pageId) {
          setOthersRevision((n) => n + 1);
          void Promise.all([reload(), reloadBoards()]);
        }
        return;
      }
      const where = event.type === 'clip-saved' ? 'inbox' : tabNow.current;
      setStatus((last) => ({ status: statusOf(event), tab: where, n: (last?.n ?? 0) + 1 }));
      if (event.type === 'clip-saved') {
        setHighlightId(event.clipId);
        setOpenId(undefined);
        setInboxVisit((n) => n + 1);
        setTab('inbox');
        void reload();
        if (event.filedOn) void reloadBoards();
      }
    },
    [reload, reloadBoards, pageId],
  );

  useEffect(() => {
    const stop = new AbortController();
    onKurabeEvent(apply, stop.signal);
    void readShortcut().then(setShortcut);
    void (async () => {
      await reload();
      // The panel opens on the same click that starts a clip: the result may have been
      // broadcast before this page listened, so the last event is read back from storage.
      const last = await getSetting<KurabeEvent>(await getDB(), LAST_EVENT_KEY);
      if (
        (last?.type === 'clip-saved' || last?.type === 'clip-failed') &&
        Date.now() - last.at < FRESH_EVENT_MS
      )
        apply(last);
    })();
    return () => stop.abort();
  }, [apply, reload]);

  const showToast = useCallback((next: ToastState) => {
    clearTimeout(toastTimer.current);
    setToast(next);
    toastTimer.current = setTimeout(() => setToast(undefined), UNDO_MS);
  }, []);

  const moveToTrash = useCallback(
    async (id: string) => {
      const db = await getDB();
      const clip = await trashClip(db, id);
      setOpenId(undefined);
      await reload();
      notifyOthers();
      showToast({
        message: t('movedToTrash', clip.title),
        undo: async () => {
          await restoreClip(db, id);
          setToast(undefined);
          await reload();
          notifyOthers();
        },
      });
    },
    [reload, showToast, notifyOthers],
  );

  /** Deleting a clip that sits on boards asks first; others go to the Trash at once (with Undo). */
  const askTrash = (id: string) => {
    const onBoards = new Set(boards.placements.filter((p) => p.clipId === id).map((p) => p.boardId)).size;
    const clip = clips.find((c) => c.id === id);
    if (onBoards > 0 && clip) setPendingTrash({ id, title: clip.title, boards: onBoards });
    else void moveToTrash(id);
  };

  const toasts = useMemo<Toasts>(() => ({ show: showToast, hide: () => setToast(undefined) }), [showToast]);
  const open = openId ? clips.find((c) => c.id === openId) : undefined;
  // Chrome's shortcut page can be opened from an extension; Firefox's cannot.
  const changeShortcut = import.meta.env.FIREFOX
    ? undefined
    : () => void browser.tabs.create({ url: 'chrome://extensions/shortcuts' });

  const onAccepted = useCallback(
    (board: Board) => showToast({ message: t('addedToBoard', board.title) }),
    [showToast],
  );
  const filing = useSuggestions(clips, boards, {
    onAutoFiled: (clip, board, undo) =>
      showToast({
        message: t('autoFiled', clip.title, board.title),
        undo: async () => {
          await undo();
          setToast(undefined);
        },
      }),
    onAccepted,
    notifyOthers,
  });
  const suggestions = filing.suggestions;

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
        showToast({
          message,
          undo:
            undo &&
            (async () => {
              await undo();
              setToast(undefined);
            }),
        });
      }),
    [fileOn, boards.boards, showToast],
  );
  const boardFiling = useMemo<BoardFiling>(
    () => ({ boards: boards.boards, placements: boards.placements, file: filingAction }),
    [boards.boards, boards.placements, filingAction],
  );

  const search = useSearch(clips, boards.placements, boards.boards, tab === 'search');

  let body: preact.JSX.Element;
  if (tab === 'data' && !open) {
    body = (
      <DataSafetyView
        onExportBackup={() => void data.exportBackup()}
        backupMessage={data.backupMessage}
        onRestore={(file) => void data.restoreFile(file)}
        onCancelRestore={data.cancelRestore}
        restore={data.restore}
        storage={data.storage}
        onExportMarkdownFolder={() => void data.exportMarkdownFolder()}
        folderMessage={data.folderMessage}
      >
        <SyncSettings
          config={sync.config}
          status={sync.status}
          syncing={sync.syncing}
          refused={sync.refused}
          onSave={sync.save}
          onSyncNow={sync.syncNow}
          onTurnOff={sync.turnOff}
        />
      </DataSafetyView>
    );
  } else if (tab === 'search' && !open) {
    body = (
      <SearchView
        query={search.query}
        groups={search.groups}
        onQuery={search.setQuery}
        onOpen={setOpenId}
        filing={boardFiling}
        onOpenTable={(boardId) => {
          setBoardsVisit(({ n }) => ({ n: n + 1, entry: { boardId, mode: 'matrix' } }));
          setTab('boards');
        }}
      />
    );
  } else if (tab === 'boards' && !open) {
    body = (
      <BoardsTab
        key={boardsVisit.n}
        entry={boardsVisit.entry}
        boards={boards}
        clips={clips}
        trash={trash}
        autoFile={filing.autoFile}
        onAutoFile={filing.toggleAutoFile}
        othersRevision={othersRevision}
        notifyOthers={notifyOthers}
        reload={reload}
        toasts={toasts}
        filing={boardFiling}
        onOpenClip={(clipId, from) => {
          // The reader shows in the Boards tab; its Back comes to the board, where it was.
          setBoardsVisit(({ n }) => ({ n: n + 1, entry: from }));
          setOpenId(clipId);
          window.scrollTo(0, 0);
        }}
      />
    );
  } else if (open) {
    body = (
      <ReaderPane
        clip={open}
        onBack={() => setOpenId(undefined)}
        onTrash={() => askTrash(open.id)}
        reload={reload}
        notifyOthers={notifyOthers}
        toasts={toasts}
        filing={boardFiling}
      />
    );
  } else {
    body = (
      <InboxTab
        key={inboxVisit}
        clips={clips}
        trash={trash}
        trashedBoards={trashedBoards}
        loaded={loaded}
        highlightId={highlightId}
        suggestions={suggestions}
        filing={boardFiling}
        shortcut={shortcut}
        onChangeShortcut={changeShortcut}
        onOpen={setOpenId}
        onTrash={askTrash}
        reload={reload}
        reloadBoards={reloadBoards}
        notifyOthers={notifyOthers}
        toasts={toasts}
      />
    );
  }

  return (
    <KeptState.Provider value={kept}>
      <main class="app" data-ready={loaded ? 'true' : undefined}>
        {status?.tab === tab && (
          <StatusBanner key={status.n} status={status.status} onDismiss={() => setStatus(undefined)} />
        )}
        <nav class="tabs" aria-label="Kurabe">
          <button
            type="button"
            class="tab tab-inbox"
            aria-pressed={tab === 'inbox'}
            onClick={() => {
              setTab('inbox');
              setOpenId(undefined);
              // The tab leads to the Inbox itself, from the Trash too.
              setInboxVisit((n) => n + 1);
            }}
          >
            {t('tabInbox')}
          </button>
          <button
            type="button"
            class="tab tab-boards"
            aria-pressed={tab === 'boards'}
            onClick={() => {
              setTab('boards');
              setOpenId(undefined);
              // The tab leads to the list of boards, wherever one was.
              setBoardsVisit(({ n }) => ({ n: n + 1 }));
              // Another page may have filed clips meanwhile (the context menu, another panel).
              void boards.reload();
            }}
          >
            {t('tabBoards')}
          </button>
          <button
            type="button"
            class="tab tab-search"
            aria-pressed={tab === 'search'}
            onClick={() => {
              setTab('search');
              setOpenId(undefined);
              void search.load();
            }}
          >
            {t('tabSearch')}
          </button>
          <button
            type="button"
            class="tab tab-data"
            aria-pressed={tab === 'data'}
            onClick={() => {
              setTab('data');
              setOpenId(undefined);
            }}
          >
            {t('tabData')}
          </button>
        </nav>
        {pendingTrash && (
          <div class="confirm confirm-trash" role="alertdialog" aria-labelledby="confirm-trash-text">
            <p id="confirm-trash-text">{t('confirmTrashFiled', pendingTrash.title, pendingTrash.boards)}</p>
            <button
              type="button"
              class="danger-button confirm-trash-yes"
              onClick={() => {
                void moveToTrash(pendingTrash.id);
                setPendingTrash(undefined);
              }}
            >
              {t('confirmTrashYes')}
            </button>{' '}
            <button type="button" class="plain-button" onClick={() => setPendingTrash(undefined)}>
              {t('cancel')}
            </button>
          </div>
        )}
        {body}
        {toast && (
          <Toast message={toast.message} actionLabel={toast.undo && t('undo')} onAction={toast.undo} />
        )}
      </main>
    </KeptState.Provider>
  );
}
