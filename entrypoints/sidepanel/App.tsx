import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { BoardEditor } from '@/components/BoardEditor';
import { BoardForm } from '@/components/BoardForm';
import { BoardList } from '@/components/BoardList';
import { type BoardMode, BoardView, type PlacedItem } from '@/components/BoardView';
import { ClipList } from '@/components/ClipList';
import { DataSafetyView } from '@/components/DataSafetyView';
import { ExportPanel } from '@/components/ExportPanel';
import { FilterBox } from '@/components/FilterBox';
import { ReaderView } from '@/components/ReaderView';
import { SearchView } from '@/components/SearchView';
import { ShortcutHint } from '@/components/ShortcutHint';
import { type ClipStatus, StatusBanner } from '@/components/StatusBanner';
import { TagFilter } from '@/components/TagFilter';
import { Toast } from '@/components/Toast';
import { TrashIcon } from '@/components/TrashIcon';
import { TrashView } from '@/components/TrashView';
import { layoutBoard } from '@/utils/board-layout';
import { filterClips } from '@/utils/clip-filter';
import { buildContextMenu } from '@/utils/context-menu';
import {
  type Board,
  type Clip,
  type ClipBody,
  emptyTrash,
  getBody,
  getDB,
  getSetting,
  listBoards,
  listClips,
  listInboxPage,
  listQuotes,
  listTrashedBoards,
  type Quote,
  restoreClip,
  trashClip,
  updateBoard,
  updateClipNotes,
  updateNote,
} from '@/utils/db';
import { formatDate, formatNumber, t } from '@/utils/i18n';
import { broadcast, type KurabeEvent, LAST_EVENT_KEY, onKurabeEvent } from '@/utils/messages';
import { readerHtml } from '@/utils/reader-html';
import { tagCounts } from '@/utils/tags';
import { BOARD_OPENED_MARK, INBOX_RENDERED_MARK } from '@/utils/timing';

import { useBoards } from './use-boards';
import { useData } from './use-data';
import { useExport } from './use-export';
import { useSearch } from './use-search';
import { useSuggestions } from './use-suggestions';

/** A clip event older than this is history, not news, when the panel opens. */
const FRESH_EVENT_MS = 20_000;
/** Cards rendered at a time in the Inbox; more on request. */
const INBOX_PAGE = 100;
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

export function App() {
  const [clips, setClips] = useState<Clip[]>([]);
  const [trash, setTrash] = useState<Clip[]>([]);
  const [trashedBoards, setTrashedBoards] = useState<Board[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [view, setView] = useState<'inbox' | 'trash'>('inbox');
  const [query, setQuery] = useState('');
  const [tagFilter, setTagFilter] = useState<string>();
  const [shown, setShown] = useState(INBOX_PAGE);
  /** A clip that sits on boards, waiting for the user to confirm its move to the Trash. */
  const [pendingTrash, setPendingTrash] = useState<{ id: string; title: string; boards: number }>();
  const [openId, setOpenId] = useState<string>();
  const [quotes, setQuotes] = useState<Quote[]>([]);
  const [imagesShownFor, setImagesShownFor] = useState<ReadonlySet<string>>(new Set());
  const [status, setStatus] = useState<ClipStatus>();
  const [highlightId, setHighlightId] = useState<string>();
  const [toast, setToast] = useState<ToastState>();
  const [confirmingEmpty, setConfirmingEmpty] = useState(false);
  const [shortcut, setShortcut] = useState('');
  const [tab, setTab] = useState<'inbox' | 'boards' | 'search' | 'data'>('inbox');
  const [openBoardId, setOpenBoardId] = useState<string>();
  const [creatingBoard, setCreatingBoard] = useState(false);
  const [boardMode, setBoardMode] = useState<BoardMode>('sections');
  const [editingBoard, setEditingBoard] = useState(false);
  const [boardQuotes, setBoardQuotes] = useState<Map<string, Quote>>(new Map());
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

  const apply = useCallback(
    (event: KurabeEvent) => {
      if (event.type === 'library-changed') {
        // Another panel changed something: show it here too.
        if (event.from !== pageId) void Promise.all([reload(), reloadBoards()]);
        return;
      }
      setStatus(statusOf(event));
      if (event.type === 'clip-saved') {
        setHighlightId(event.clipId);
        setOpenId(undefined);
        setView('inbox');
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

  useEffect(() => {
    if (!openId) return setQuotes([]);
    void getDB()
      .then((db) => listQuotes(db, openId))
      .then(setQuotes);
  }, [openId, clips]);

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

  const restore = useCallback(
    async (id: string) => {
      const clip = await restoreClip(await getDB(), id);
      await reload();
      notifyOthers();
      showToast({ message: t('restored', clip.title) });
    },
    [reload, showToast, notifyOthers],
  );

  const empty = useCallback(async () => {
    await emptyTrash(await getDB());
    setConfirmingEmpty(false);
    await Promise.all([reload(), reloadBoards()]);
    notifyOthers();
    showToast({ message: t('trashEmptied') });
  }, [reload, reloadBoards, showToast, notifyOthers]);

  const visible = useMemo(() => filterClips(clips, query, tagFilter), [clips, query, tagFilter]);
  const tags = useMemo(() => tagCounts(clips.map((c) => c.tags)), [clips]);
  const open = openId ? clips.find((c) => c.id === openId) : undefined;
  // The open clip's article, read from its own store when the clip is opened.
  const [openBody, setOpenBody] = useState<ClipBody>();
  useEffect(() => {
    setOpenBody(undefined);
    if (!openId) return;
    void getDB()
      .then((db) => getBody(db, openId))
      .then(setOpenBody);
  }, [openId]);
  const reader = useMemo(() => {
    if (open?.kind !== 'article' || openBody?.id !== open.id) return { html: '', hiddenImages: 0 };
    return readerHtml(openBody.html, open.url, {
      showImages: imagesShownFor.has(open.id),
      placeholder: (alt) => (alt ? t('imagePlaceholder', alt) : t('imageNoAlt')),
    });
  }, [open, openBody, imagesShownFor]);
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

  const openBoard = boards.boards.find((b) => b.id === openBoardId);
  const boardPlacements = useMemo(
    () => (openBoard ? boards.placements.filter((p) => p.boardId === openBoard.id) : []),
    [openBoard, boards.placements],
  );
  const boardSections = useMemo(
    () => (openBoard ? layoutBoard(openBoard, boardPlacements) : []),
    [openBoard, boardPlacements],
  );
  useEffect(() => {
    // Quotes placed on the open board, to show their text.
    const ids = boardPlacements.flatMap((p) => (p.quoteId ? [p.quoteId] : []));
    if (ids.length === 0) return setBoardQuotes(new Map());
    void getDB()
      .then((db) => Promise.all(ids.map((id) => db.get('quotes', id))))
      .then((found) => setBoardQuotes(new Map(found.flatMap((q) => (q ? [[q.id, q] as const] : [])))));
  }, [boardPlacements]);
  const clipsById = useMemo(() => new Map([...clips, ...trash].map((c) => [c.id, c])), [clips, trash]);
  const outline = useExport(
    openBoard,
    boardPlacements,
    clipsById,
    tab === 'boards' && boardMode === 'export' && !editingBoard,
  );
  const boardItems = useMemo(() => {
    const byId = clipsById;
    const items = new Map<string, PlacedItem>();
    for (const p of boardPlacements) {
      items.set(p.id, {
        title: byId.get(p.clipId)?.title ?? '',
        quote: p.quoteId ? boardQuotes.get(p.quoteId)?.text : undefined,
      });
    }
    return items;
  }, [boardPlacements, boardQuotes, clipsById]);

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
      />
    );
  } else if (tab === 'search' && !open) {
    body = (
      <SearchView
        query={search.query}
        groups={search.groups}
        onQuery={search.setQuery}
        onOpen={setOpenId}
        onOpenTable={(boardId) => {
          setOpenBoardId(boardId);
          setBoardMode('matrix');
          setTab('boards');
        }}
      />
    );
  } else if (tab === 'boards' && !open) {
    if (creatingBoard) {
      body = (
        <BoardForm
          onCreate={async (input) => {
            const error = await boards.create(input);
            if (!error) setCreatingBoard(false);
            return error;
          }}
          onCancel={() => setCreatingBoard(false)}
        />
      );
    } else if (openBoard && editingBoard) {
      const filedUnder = new Map<string, number>();
      for (const p of boardPlacements) {
        for (const id of [p.aspectId, p.subjectId]) if (id) filedUnder.set(id, (filedUnder.get(id) ?? 0) + 1);
      }
      body = (
        <section class="board" aria-labelledby="board-title">
          <nav class="reader-nav">
            <h1 id="board-title">{openBoard.title}</h1>
            <button type="button" class="primary-button done-editing" onClick={() => setEditingBoard(false)}>
              {t('doneEditing')}
            </button>
          </nav>
          <BoardEditor
            key={openBoard.id}
            board={openBoard}
            filed={filedUnder}
            onRename={(title) => boards.edit.rename(openBoard, title)}
            onAdd={(part, name) => boards.edit.add(openBoard, part, name)}
            onRenamePart={(part, id, name) => boards.edit.renamePart(openBoard, part, id, name)}
            onMovePart={(part, id, to) => void boards.edit.movePart(openBoard, part, id, to)}
            onRemovePart={(part, id, moveTo) => boards.edit.removePart(openBoard, part, id, moveTo)}
            onArchive={() => void boards.edit.toggleArchive(openBoard)}
            onDelete={() =>
              void boards.edit.trash(openBoard).then((undo) => {
                setEditingBoard(false);
                setOpenBoardId(undefined);
                void reload();
                showToast({
                  message: t('boardMovedToTrash', openBoard.title),
                  undo: () =>
                    void undo()
                      .then(reload)
                      .then(() => setToast(undefined)),
                });
              })
            }
          />
        </section>
      );
    } else if (openBoard) {
      body = (
        <BoardView
          board={openBoard}
          sections={boardSections}
          items={boardItems}
          mode={boardMode}
          onMode={setBoardMode}
          onStep={(p, list, index, direction) => void boards.step(p, list, index, direction)}
          onMove={(p, to) => void boards.move(openBoard, p, to)}
          onCellNote={(aspectId, subjectId, note) =>
            void boards.cellNote(openBoard, aspectId, subjectId, note)
          }
          onBack={() => setOpenBoardId(undefined)}
          onEdit={() => setEditingBoard(true)}
          onPlacementNote={(p, note) => void boards.placementNote(p, note)}
          onDrop={(id, to) => void boards.drop(openBoard, id, to)}
        >
          <ExportPanel
            choices={outline.choices}
            onChoices={outline.choose}
            markdown={outline.markdown}
            previewHtml={outline.previewHtml}
            fileName={outline.fileName}
            onCopyMarkdown={() => void outline.copyMarkdown()}
            onCopyRichText={() => void outline.copyRichText()}
            onDownload={outline.download}
            message={outline.message}
          />
        </BoardView>
      );
    } else {
      const counts = new Map<string, number>();
      for (const p of boards.placements) counts.set(p.boardId, (counts.get(p.boardId) ?? 0) + 1);
      body = (
        <BoardList
          boards={boards.boards}
          counts={counts}
          onOpen={(id) => {
            performance.mark(BOARD_OPENED_MARK);
            setOpenBoardId(id);
          }}
          onNew={() => setCreatingBoard(true)}
          onStep={(id, direction) => void boards.edit.step(id, direction)}
          autoFile={filing.autoFile}
          onAutoFile={filing.toggleAutoFile}
        />
      );
    }
  } else if (open) {
    body = (
      <ReaderView
        clip={open}
        html={reader.html}
        hiddenImages={reader.hiddenImages}
        quotes={quotes}
        onShowImages={() => setImagesShownFor(new Set([...imagesShownFor, open.id]))}
        onBack={() => setOpenId(undefined)}
        onTrash={() => askTrash(open.id)}
        onNote={(note) =>
          void getDB()
            .then((db) => updateClipNotes(db, open.id, { note }))
            .then(reload)
            .then(notifyOthers)
        }
        onTags={(tags) =>
          void getDB()
            .then((db) => updateClipNotes(db, open.id, { tags }))
            .then(reload)
            .then(notifyOthers)
        }
        onQuoteNote={(quoteId, note) =>
          void getDB()
            .then((db) => updateNote(db, 'quotes', quoteId, note))
            .then(() => getDB())
            .then((db) => listQuotes(db, open.id))
            .then(setQuotes)
        }
      />
    );
  } else if (view === 'trash') {
    body = (
      <TrashView
        clips={trash}
        boards={trashedBoards}
        onRestoreBoard={(id) =>
          void getDB()
            .then((db) =>
              updateBoard(db, id, (b) => {
                const next = { ...b };
                delete next.deletedAt;
                return next;
              }),
            )
            .then(() => Promise.all([reload(), boards.reload()]))
        }
        confirmingEmpty={confirmingEmpty}
        onRestore={(id) => void restore(id)}
        onAskEmpty={() => setConfirmingEmpty(true)}
        onConfirmEmpty={() => void empty()}
        onCancelEmpty={() => setConfirmingEmpty(false)}
        onBack={() => setView('inbox')}
      />
    );
  } else {
    body = (
      <section class="inbox" aria-labelledby="inbox-title">
        <header class="inbox-header">
          <h1 id="inbox-title">{t('inboxTitle')}</h1>
          <span class="muted">{t('clipCount', formatNumber(clips.length))}</span>
        </header>
        <FilterBox value={query} onInput={setQuery} onSubmit={() => visible[0] && setOpenId(visible[0].id)} />
        <TagFilter tags={tags} selected={tagFilter} onSelect={setTagFilter} />
        {loaded && clips.length === 0 && <p class="empty">{t('inboxEmpty')}</p>}
        {clips.length > 0 && visible.length === 0 && <p class="empty">{t('noMatches', query)}</p>}
        <ClipList
          clips={visible.slice(0, shown)}
          highlightId={highlightId}
          onOpen={setOpenId}
          onTrash={(id) => askTrash(id)}
          suggestions={suggestions}
        />
        {visible.length > shown && (
          <button type="button" class="plain-button show-more" onClick={() => setShown(shown + INBOX_PAGE)}>
            {t('showMore', formatNumber(visible.length - shown))}
          </button>
        )}
        <footer class="panel-footer">
          <button type="button" class="link-button open-trash" onClick={() => setView('trash')}>
            <TrashIcon /> {t('trashLink', formatNumber(trash.length))}
          </button>
          <ShortcutHint shortcut={shortcut} onChange={changeShortcut} />
        </footer>
      </section>
    );
  }

  return (
    <main class="app" data-ready={loaded ? 'true' : undefined}>
      {status && <StatusBanner status={status} onDismiss={() => setStatus(undefined)} />}
      <nav class="tabs" aria-label="Kurabe">
        <button
          type="button"
          class="tab tab-inbox"
          aria-pressed={tab === 'inbox'}
          onClick={() => {
            setTab('inbox');
            setOpenId(undefined);
            // The tab leads to the Inbox itself, from the Trash too.
            setView('inbox');
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
            setOpenBoardId(undefined);
            setEditingBoard(false);
            setCreatingBoard(false);
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
      {toast && <Toast message={toast.message} actionLabel={toast.undo && t('undo')} onAction={toast.undo} />}
    </main>
  );
}
