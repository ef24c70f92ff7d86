/**
 * The one message protocol between the background and the extension's pages. Events travel on a
 * BroadcastChannel (every open side panel hears them; nothing fails when none is open).
 */
import type { BookmarkReason, ClipFailureReason } from './clip-outcome';

export type KurabeEvent =
  | { type: 'clip-started'; tabId: number; title: string }
  | {
      type: 'clip-saved';
      clipId: string;
      kind: 'article' | 'bookmark';
      updated: boolean;
      restored: boolean;
      firstClippedAt?: number;
      /**
       * Set when a bookmark was kept instead of an article: the page allowed no script, or its
       * article could not be read.
       */
      fallback?: BookmarkReason;
      /** A selection was saved as a new quote of the clip. */
      quoteAdded: boolean;
      /** Title of the board the clip was filed on ("Add to board ▸"). */
      filedOn?: string;
      at: number;
    }
  | { type: 'clip-failed'; reason: ClipFailureReason; detail: string; at: number }
  /** A page changed clips or boards (notes, tags, Trash, filing): other open pages reload. */
  | { type: 'library-changed'; from: string };

export const EVENTS_CHANNEL = 'kurabe-events';

/** Settings key of the last clip event: a side panel that opens after the broadcast reads it. */
export const LAST_EVENT_KEY = 'lastClipEvent';

/**
 * Settings key prefix of a clip under way in a tab (`clipInProgress:<tabId>`), written when a clip
 * starts and removed when it ends: one left by a worker the browser stopped tells the next worker
 * that this clip was lost, so the badge and the panel do not wait on it forever.
 */
export const CLIP_IN_PROGRESS_PREFIX = 'clipInProgress:';

export interface ClipInProgress {
  /** The service worker instance that started it (a new one gets a new id). */
  workerId: string;
  tabId: number;
  title: string;
  at: number;
}

/** Sends an event to every open extension page. */
export function broadcast(event: KurabeEvent): void {
  const channel = new BroadcastChannel(EVENTS_CHANNEL);
  channel.postMessage(event);
  channel.close();
}

/** Calls `handler` for each event until `signal` aborts. */
export function onKurabeEvent(handler: (event: KurabeEvent) => void, signal: AbortSignal): void {
  const channel = new BroadcastChannel(EVENTS_CHANNEL);
  channel.onmessage = (e: MessageEvent<KurabeEvent>) => handler(e.data);
  signal.addEventListener('abort', () => channel.close(), { once: true });
}
