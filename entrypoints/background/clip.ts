import type { Browser } from 'wxt/browser';
import {
  type BookmarkReason,
  badgeFor,
  bookmarkFromTab,
  type ClipFailureReason,
  readExtractResult,
  storageFailureReason,
  whyNotClippable,
  whyUnscriptable,
} from '@/utils/clip-outcome';
import { getDB, placeClip, type SaveClipResult, saveClip, setSetting } from '@/utils/db';
import type { ExtractedPage } from '@/utils/extract';
import type { SelectedQuote } from '@/utils/extract/selection';
import {
  broadcast,
  CLIP_IN_PROGRESS_PREFIX,
  type ClipInProgress,
  type KurabeEvent,
  LAST_EVENT_KEY,
} from '@/utils/messages';
import { isWebUrl } from '@/utils/url';

type Outcome = Parameters<typeof badgeFor>[0];

export interface ClipOptions {
  /** Text the browser reports as selected (context menu): used when the page cannot say more. */
  selectionText?: string;
  /** File the clip (its selection, when there is one) on this board ("Add to board ▸"). */
  boardId?: string;
}

function actionApi(): typeof browser.action {
  // Firefox MV2 has browserAction where Chrome MV3 has action.
  return browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
}

async function setBadge(tabId: number, outcome: Outcome): Promise<void> {
  const { text, color } = badgeFor(outcome);
  try {
    await actionApi().setBadgeBackgroundColor({ tabId, color });
    await actionApi().setBadgeText({ tabId, text });
  } catch {
    // The tab may have closed meanwhile; the badge is only a hint.
  }
}

/**
 * Opens Kurabe's panel for the tab. Must run synchronously inside the click handler: Chrome
 * allows sidePanel.open only during a user gesture, and any await before it loses the gesture.
 */
export function openPanel(tabId: number): void {
  if (import.meta.env.FIREFOX) {
    const sidebar = (browser as unknown as { sidebarAction?: { open(): Promise<void> } }).sidebarAction;
    sidebar?.open().catch(() => {});
    return;
  }
  browser.sidePanel
    ?.open({ tabId })
    .catch((error: unknown) => console.warn('Kurabe: side panel did not open', error));
}

/** This worker instance; a worker the browser restarts gets a new one. */
const WORKER_ID = crypto.randomUUID();
/** An interruption older than this is not news any more: its marker is dropped silently. */
const INTERRUPTION_NEWS_MS = 60 * 60 * 1000;

/** Notes that a clip is under way in the tab, until `report` says how it ended. */
async function markInProgress(tabId: number, title: string): Promise<void> {
  try {
    const marker: ClipInProgress = { workerId: WORKER_ID, tabId, title, at: Date.now() };
    await setSetting(await getDB(), `${CLIP_IN_PROGRESS_PREFIX}${tabId}`, marker);
  } catch {
    // Only a safety net for a stopped worker: a clip goes on without it.
  }
}

/** Tells open panels, and one that is still opening (it reads the last event on start). */
async function report(tabId: number, event: KurabeEvent): Promise<void> {
  try {
    const db = await getDB();
    const tx = db.transaction('settings', 'readwrite');
    await Promise.all([
      tx.store.put(event, LAST_EVENT_KEY),
      tx.store.delete(`${CLIP_IN_PROGRESS_PREFIX}${tabId}`),
      tx.done,
    ]);
  } catch {
    // Reporting must not turn a saved clip into a failure; the broadcast still goes out.
  }
  broadcast(event);
}

async function fail(tabId: number, reason: ClipFailureReason, detail: string): Promise<void> {
  await setBadge(tabId, 'failed');
  await report(tabId, { type: 'clip-failed', reason, detail, at: Date.now() });
}

/**
 * Runs when a worker starts: a clip left under way by an earlier worker (the browser stopped it
 * mid-clip) stored nothing, since a clip is written in one transaction. Its tab's badge and the
 * panel are told it failed, instead of showing "…" until the next click.
 */
export async function reportInterruptedClips(now = Date.now()): Promise<void> {
  let markers: ClipInProgress[];
  const db = await getDB();
  try {
    const range = IDBKeyRange.bound(CLIP_IN_PROGRESS_PREFIX, `${CLIP_IN_PROGRESS_PREFIX}\uffff`);
    markers = (await db.getAll('settings', range)) as ClipInProgress[];
  } catch {
    return;
  }
  for (const marker of markers) {
    if (marker.workerId === WORKER_ID) continue; // a clip of this worker, still going
    if (now - marker.at < INTERRUPTION_NEWS_MS) {
      await fail(marker.tabId, 'interrupted', marker.title);
    } else {
      await db.delete('settings', `${CLIP_IN_PROGRESS_PREFIX}${marker.tabId}`).catch(() => {});
    }
  }
}

async function store(
  tabId: number,
  page: ExtractedPage,
  quote: SelectedQuote | undefined,
  { fallback, boardId }: { fallback?: BookmarkReason; boardId?: string } = {},
): Promise<void> {
  let saved: SaveClipResult | undefined;
  let filedOn: string | undefined;
  try {
    const db = await getDB();
    saved = await saveClip(db, page, { quotes: quote ? [quote] : [] });
    const board = boardId ? await db.get('boards', boardId) : undefined;
    if (board && board.deletedAt === undefined) {
      // The selection goes on the board as a quote; without one, the clip itself.
      await placeClip(db, { boardId: board.id, clipId: saved.clip.id, quoteId: saved.quoteIds[0] });
      filedOn = board.title;
    }
  } catch (error) {
    // saveClip writes all or nothing, so a full storage there means nothing was written, which
    // 'storageFull' tells the user. Once the clip is saved (a failed filing), it would not be true.
    const reason = saved ? 'storageFailed' : storageFailureReason(error);
    return fail(tabId, reason, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
  await setBadge(tabId, saved.updated ? 'updated' : 'saved');
  await report(tabId, {
    type: 'clip-saved',
    clipId: saved.clip.id,
    kind: saved.clip.kind,
    updated: saved.updated,
    restored: saved.restored,
    firstClippedAt: saved.firstClippedAt,
    ...(fallback && { fallback }),
    ...(filedOn && { filedOn }),
    quoteAdded: saved.quotesAdded > 0,
    at: Date.now(),
  });
}

/** A selection the browser reported, when the page itself could not describe it. */
function menuQuote(selectionText: string | undefined): SelectedQuote | undefined {
  const text = selectionText?.replace(/\s+/g, ' ').trim();
  return text ? { text, context: text } : undefined;
}

/**
 * Clips a tab: injects the extraction script, stores what it returns (and the selection as a
 * quote) in one transaction, and tells open panels and the badge how it went. A web page that
 * allows no script is kept as a bookmark; every failure is reported, none is thrown.
 */
export async function clipTab(
  tab: Browser.tabs.Tab,
  { selectionText, boardId }: ClipOptions = {},
): Promise<void> {
  const tabId = tab.id;
  if (tabId === undefined) return;
  broadcast({ type: 'clip-started', tabId, title: tab.title ?? '' });
  await Promise.all([setBadge(tabId, 'working'), markInProgress(tabId, tab.title ?? '')]);

  // Without a URL (browser pages, the web store, the PDF viewer: activeTab grants nothing there)
  // or on a non-web scheme there is no page Kurabe may read, and nothing worth keeping.
  if (!tab.url || !isWebUrl(tab.url)) return fail(tabId, whyNotClippable(tab.url), tab.url ?? '');

  let results: { result?: unknown }[];
  try {
    results = await injectExtraction(tabId);
  } catch {
    // The page is known but closed to scripts: keep what the tab tells (title, URL, selection).
    return store(tabId, bookmarkFromTab({ url: tab.url, title: tab.title }), menuQuote(selectionText), {
      fallback: whyUnscriptable(tab.url),
      boardId,
    });
  }
  const extracted = readExtractResult(results);
  if (!extracted.ok) return fail(tabId, 'scriptFailed', extracted.error);
  return store(tabId, extracted.page, extracted.selection ?? menuQuote(selectionText), {
    fallback: extracted.fallback,
    boardId,
  });
}

/** How long to wait before an injection that failed is tried once more. */
const INJECTION_RETRY_MS = 250;

/**
 * Runs the extraction script in the tab; an injection that fails is tried once more before the
 * page counts as closed to scripts, since a failure can pass. Seen once in CI: a service worker
 * stopped 10 ms after a click left a bookmark of a page scripts may read (worker-stop.test.ts),
 * where the stop must leave nothing; the likely path is an injection rejected as the worker
 * stopped, and a worker that is stopping does not live through the wait. A page that is closed
 * (a web store, the PDF viewer, a policy) refuses both times, 250 ms apart.
 */
async function injectExtraction(tabId: number): Promise<{ result?: unknown }[]> {
  const inject = () => browser.scripting.executeScript({ target: { tabId }, files: ['/extract.js'] });
  try {
    return await inject();
  } catch {
    await new Promise((resolve) => setTimeout(resolve, INJECTION_RETRY_MS));
    return inject();
  }
}

/** The toolbar button's handler: panel first (user gesture), then the clip. */
export function handleActionClick(tab: Browser.tabs.Tab): Promise<void> {
  if (tab.id !== undefined) openPanel(tab.id);
  return clipTab(tab);
}
