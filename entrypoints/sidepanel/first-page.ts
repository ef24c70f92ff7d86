import { type Clip, getDB, listInboxPage } from '@/utils/db';

/** Cards shown the moment the panel opens (a side panel shows about six), before the rest loads. */
export const FIRST_CARDS = 20;

/**
 * How long the panel's first render waits for the first cards. The database opens and gives the
 * newest clips in a few milliseconds; one that does not open (an upgrade blocked by another
 * panel) must not leave the panel blank: the panel then renders without them and reads them
 * itself, as it would have.
 */
export const FIRST_PAGE_WAIT_MS = 150;

/**
 * The newest clips of the Inbox, read while the panel's script starts, so its first render shows
 * them: rendered empty, the cards came one frame, one effect and one database read later.
 * Undefined when the read failed or took longer than `waitMs`.
 */
export function readFirstPage(waitMs = FIRST_PAGE_WAIT_MS): Promise<Clip[] | undefined> {
  return withinWait(
    getDB().then((db) => listInboxPage(db, FIRST_CARDS)),
    waitMs,
  );
}

/** What `read` gives if it settles within `waitMs`; undefined if it fails or is later. */
export function withinWait<T>(read: Promise<T>, waitMs: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const late = setTimeout(() => resolve(undefined), waitMs);
    read.then(
      (value) => {
        clearTimeout(late);
        resolve(value);
      },
      () => {
        clearTimeout(late);
        resolve(undefined);
      },
    );
  });
}
