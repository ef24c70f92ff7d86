import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { OtherVersionsContext } from '@/components/OtherVersionChoice';
import { type ClipStatus, StatusBanner } from '@/components/StatusBanner';
import { Toast } from '@/components/Toast';
import { type Clip, getDB, getSetting } from '@/utils/db';
import { formatDate, t } from '@/utils/i18n';
import { type KurabeEvent, LAST_EVENT_KEY, onKurabeEvent } from '@/utils/messages';
import type { BoardsEntry } from './BoardsView';
import { InboxView } from './InboxView';
import { Kept, KeptState } from './kept-state';
import { LazyBoardsView, LazyDataTabView, LazySearchView, preloadViews } from './lazy-views';
import { LibraryContext, type Toasts, useLibraryStore } from './library-store';
import { foldSearchAhead, preloadSearch } from './use-search';
import { useOtherVersions } from './use-sync';

/** The panel's tabs. */
type Tab = 'inbox' | 'boards' | 'search' | 'data';

/** A clip event older than this is history, not news, when the panel opens. */
const FRESH_EVENT_MS = 20_000;

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

/**
 * The panel's shell: which tab shows (each a view that owns its state: InboxView with the reader
 * and the Trash, BoardsView, SearchView, DataTabView, all reading the library from one store,
 * library-store.ts), the events from the background and from other panels, the status line and
 * the toast. `firstPage`: the Inbox's newest clips, when main.tsx read them before rendering.
 */
export function App({ firstPage }: { firstPage?: Clip[] } = {}) {
  /**
   * The latest clip's status, shown on the tab where it arrived: the Inbox for a clip kept (the
   * panel goes there to show it), the tab on screen for "clipping…" and for a failure. `n` tells
   * one event's line from the next (each starts its own fade).
   */
  const [status, setStatus] = useState<{ status: ClipStatus; tab: Tab; n: number }>();
  const [highlightId, setHighlightId] = useState<string>();
  const [toast, setToast] = useState<ToastState>();
  const [tab, setTab] = useState<Tab>('inbox');
  const tabNow = useRef(tab);
  tabNow.current = tab;
  // Choosing a tab shows it afresh (the Inbox rather than the Trash or a clip, the list of
  // boards): its view gets a new key. Search opens a board's comparison table through `entry`.
  const [inboxVisit, setInboxVisit] = useState(0);
  const [boardsVisit, setBoardsVisit] = useState<{ n: number; entry?: BoardsEntry }>({ n: 0 });
  const [searchVisit, setSearchVisit] = useState(0);
  // State views keep while another tab shows (one store per panel).
  const kept = useMemo(() => new Kept(), []);
  const toastTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const showToast = useCallback((next: ToastState) => {
    clearTimeout(toastTimer.current);
    setToast(next);
    toastTimer.current = setTimeout(() => setToast(undefined), UNDO_MS);
  }, []);
  const toasts = useMemo<Toasts>(() => ({ show: showToast, hide: () => setToast(undefined) }), [showToast]);
  const library = useLibraryStore(toasts, firstPage);
  const otherVersions = useOtherVersions();
  const { reload, reloadBoards, othersChanged, pageId } = library;

  const apply = useCallback(
    (event: KurabeEvent) => {
      if (event.type === 'library-changed') {
        // Another panel changed something: show it here too.
        if (event.from !== pageId) othersChanged();
        return;
      }
      const where = event.type === 'clip-saved' ? 'inbox' : tabNow.current;
      setStatus((last) => ({ status: statusOf(event), tab: where, n: (last?.n ?? 0) + 1 }));
      if (event.type === 'clip-saved') {
        setHighlightId(event.clipId);
        setInboxVisit((n) => n + 1);
        setTab('inbox');
        void reload();
        if (event.filedOn) void reloadBoards();
      }
    },
    [reload, reloadBoards, othersChanged, pageId],
  );

  useEffect(() => {
    const stop = new AbortController();
    onKurabeEvent(apply, stop.signal);
    void (async () => {
      await reload();
      // The search index's table, read while the panel is idle: the first query finds it loaded.
      const idle = globalThis.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 200));
      idle(() => void preloadSearch().catch(() => {}), { timeout: 2000 });
      // The other tabs' code, and the reader's, left out of the first script.
      idle(() => void preloadViews().catch(() => {}), { timeout: 2000 });
      // The panel opens on the same click that starts a clip: the result may have been
      // broadcast before this page listened, so the last event is read back from storage.
      const last = await getSetting<KurabeEvent>(await getDB(), LAST_EVENT_KEY);
      if (
        (last?.type === 'clip-saved' || last?.type === 'clip-failed') &&
        Date.now() - last.at < FRESH_EVENT_MS
      )
        apply(last);
    })().catch((error: unknown) => {
      // A panel closed while it was still reading (its database closes with it): nothing to show.
      if (!stop.signal.aborted) throw error;
    });
    return () => stop.abort();
  }, [apply, reload]);

  // Titles, notes and tags folded for search while the panel is idle: the first query finds them.
  const { clips } = library;
  const { placements } = library.boards;
  useEffect(() => {
    if (clips.length === 0) return;
    const stale = new AbortController();
    foldSearchAhead(kept, clips, placements, stale.signal);
    return () => stale.abort();
  }, [kept, clips, placements]);

  let body: preact.JSX.Element;
  if (tab === 'data') body = <LazyDataTabView.View />;
  else if (tab === 'search')
    body = (
      <LazySearchView.View
        key={searchVisit}
        onOpenTable={(boardId) => {
          setBoardsVisit(({ n }) => ({ n: n + 1, entry: { boardId, mode: 'matrix' } }));
          setTab('boards');
        }}
      />
    );
  else if (tab === 'boards') body = <LazyBoardsView.View key={boardsVisit.n} entry={boardsVisit.entry} />;
  else body = <InboxView key={inboxVisit} highlightId={highlightId} />;

  /** A tab's button: shows the tab afresh (`visit`). */
  const tabButton = (name: Tab, label: string, visit: () => void) => (
    <button
      type="button"
      class={`tab tab-${name}`}
      aria-pressed={tab === name}
      onClick={() => {
        setTab(name);
        visit();
      }}
    >
      {label}
    </button>
  );

  return (
    <KeptState.Provider value={kept}>
      <LibraryContext.Provider value={library}>
        <OtherVersionsContext.Provider value={otherVersions}>
          <main class="app" data-ready={library.loaded ? 'true' : undefined}>
            {status?.tab === tab && (
              <StatusBanner key={status.n} status={status.status} onDismiss={() => setStatus(undefined)} />
            )}
            <nav class="tabs" aria-label="Kurabe">
              {/* The Inbox tab leads to the Inbox itself, from the Trash or a clip too. */}
              {tabButton('inbox', t('tabInbox'), () => setInboxVisit((n) => n + 1))}
              {tabButton('boards', t('tabBoards'), () => {
                // The list of boards, wherever one was; another page may have filed clips meanwhile
                // (the context menu, another panel).
                setBoardsVisit(({ n }) => ({ n: n + 1 }));
                void reloadBoards();
              })}
              {tabButton('search', t('tabSearch'), () => setSearchVisit((n) => n + 1))}
              {tabButton('data', t('tabData'), () => {})}
            </nav>
            {body}
            {toast && (
              <Toast message={toast.message} actionLabel={toast.undo && t('undo')} onAction={toast.undo} />
            )}
          </main>
        </OtherVersionsContext.Provider>
      </LibraryContext.Provider>
    </KeptState.Provider>
  );
}
