import { clipIdForUrl } from '../clip-id';
import { abortForError, type KurabeDatabase, leadOf, type StagedBody } from '../db';
import { wordCount } from '../text';
import type { DeriveBody } from './restore';

/**
 * The longest stretch of work between two yields while staged bodies are derived (sanitized and
 * their text rebuilt, which needs the page's DOM): a task past 50 ms is one the user feels
 * (a "long task"). One body that alone takes longer cannot be cut; the bench's longest task says
 * how far a real library is from that.
 */
export const DERIVE_SLICE_MS = 50;
/** Staged bodies read per request: a few, as each can be megabytes. */
const READ_AHEAD = 16;

export interface DeriveSlicesOptions {
  signal?: AbortSignal;
  /** At most this much derivation runs before yielding (default DERIVE_SLICE_MS). */
  sliceMs?: number;
  /** Gives the page back its turn between slices (default: a macrotask). */
  yieldNow?: () => Promise<void>;
  /** Called after each slice with the bodies derived so far. */
  onProgress?: (done: number) => void;
  now?: () => number;
  /**
   * The clip of the file each body belongs to, by the body's id in the file (StagedContents):
   * a body of a clip the database does not have is written straight to `bodies` (see below).
   */
  bodyClips?: ReadonlyMap<string, BodyClip>;
}

/** What placing a body needs of its clip in the file. */
export interface BodyClip {
  normalizedUrl: string;
  lang: string;
}

/** Thrown when the signal fires between slices. */
export class DeriveCancelled extends Error {}

const macrotask = () =>
  new Promise<void>((resolve) => {
    // A MessageChannel turn is a task like setTimeout(0), without its 4 ms clamp after nesting.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });

/**
 * Writes derived bodies where the restore's transaction takes them, in one transaction. A body
 * whose clip is in the file and new to the database (no clip of its page, its page's id free, no
 * body there: checked here) is written where the transaction would put it, with its lead, and
 * the staging store keeps only the ledger (`placed`, the word count): the transaction then writes
 * the clip's record and nothing of the article. A restore that does not finish deletes them
 * (clearStaging); one whose page is clipped meanwhile fails (libraryChanged) and deletes them.
 * Any other body goes back to the staging store with its text, for the transaction.
 */
async function writeDerived(
  db: KurabeDatabase,
  derived: StagedBody[],
  clipOf: (fileId: string) => BodyClip | undefined,
): Promise<void> {
  const tx = db.transaction(['restoreStaging', 'clips', 'bodies', 'leads'], 'readwrite');
  try {
    const staging = tx.objectStore('restoreStaging');
    const clips = tx.objectStore('clips');
    const bodies = tx.objectStore('bodies');
    const places = await Promise.all(
      derived.map(async ({ id }) => {
        const clip = clipOf(id);
        if (!clip) return undefined;
        const pageId = clipIdForUrl(clip.normalizedUrl);
        const [samePage, sameId, body] = await Promise.all([
          clips.index('normalizedUrl').getKey(clip.normalizedUrl),
          clips.getKey(pageId),
          bodies.getKey(pageId),
        ]);
        return samePage === undefined && sameId === undefined && body === undefined
          ? { pageId, lang: clip.lang }
          : undefined;
      }),
    );
    derived.forEach((body, i) => {
      const place = places[i];
      if (!place) {
        staging.put(body).catch(() => {});
        return;
      }
      const { pageId, lang } = place;
      bodies.put({ id: pageId, html: body.html, text: body.text! }).catch(() => {});
      tx.objectStore('leads')
        .put(leadOf(pageId, body.text!))
        .catch(() => {});
      const words = wordCount(body.text!, lang);
      staging
        .put({ id: body.id, html: '', placed: pageId, ...(words === undefined ? {} : { words }) })
        .catch(() => {});
    });
    await tx.done;
  } catch (error) {
    // Aborted, never committed in part (a put refused for a full disk throws where it is called):
    // a body placed without its ledger entry could not be found to be deleted.
    throw await abortForError(tx, error);
  }
}

/**
 * Derives every body of the `restoreStaging` store (stageBackup put the file's HTML there) before
 * the restore's transaction, slice by slice: each slice derives bodies for at most `sliceMs`,
 * writes them back with their text (`StagedBody.text`), and yields, so the page stays responsive
 * however large the backup. The restore's one transaction then copies them without deriving. A
 * bookmark's empty HTML is left as it is (its text comes from its clip, which the transaction
 * has). Runs where a DOM is (the side panel), as `deriveBody` needs one.
 */
export async function deriveStagedBodies(
  db: KurabeDatabase,
  deriveBody: DeriveBody,
  {
    signal,
    sliceMs = DERIVE_SLICE_MS,
    yieldNow = macrotask,
    onProgress,
    now = () => performance.now(),
    bodyClips,
  }: DeriveSlicesOptions = {},
): Promise<number> {
  const read = (after: string | undefined) => {
    const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
    const reading = db.getAll('restoreStaging', range, READ_AHEAD);
    // Awaited in turn; handled here too, so that a read failing while a slice runs is not unhandled.
    reading.catch(() => {});
    return reading;
  };
  /** Writes one slice's bodies; awaited before the next slice's write, not before its work. */
  const write = async (derived: StagedBody[]) => {
    await writeDerived(db, derived, (id) => bodyClips?.get(id));
    done += derived.length;
    onProgress?.(done);
  };
  let done = 0;
  let pending: StagedBody[] = [];
  // The next read and the last write run while the panel derives: the reads and writes go to the
  // browser's process, and waiting for each left the panel idle for a fifth of the stage.
  let nextRead: Promise<StagedBody[]> | undefined = read(undefined);
  let writing: Promise<void> = Promise.resolve();
  for (;;) {
    if (pending.length === 0) {
      pending = nextRead ? await nextRead : [];
      if (pending.length === 0) {
        await writing;
        return done;
      }
      nextRead = pending.length < READ_AHEAD ? undefined : read(pending.at(-1)!.id);
      // The read's bodies were deserialized in the task that answered it: the slice starts in a
      // task of its own, so the two never add up to one long task.
      await yieldNow();
    }
    const start = now();
    const derived: StagedBody[] = [];
    /** The longest body of this slice so far: the next one is guessed to take as long. */
    let longest = 0;
    // At least one body per slice, so a body longer than a slice still goes through.
    while (pending.length && (derived.length === 0 || now() - start + longest <= sliceMs)) {
      const body = pending.shift()!;
      // Derived already, placed, or a bookmark's (no article).
      if (body.text !== undefined || body.html === '') continue;
      const began = now();
      const { html, text } = deriveBody(body.html);
      longest = Math.max(longest, now() - began);
      derived.push({ id: body.id, html, text });
    }
    if (derived.length) {
      // One write in flight at a time: memory holds at most two slices' bodies, and a failed write
      // stops the derive at the next slice.
      await writing;
      // Written in a task of its own too: a put serializes its body where it is called.
      await yieldNow();
      writing = write(derived);
      writing.catch(() => {});
    }
    if (signal?.aborted) {
      await writing;
      throw new DeriveCancelled();
    }
    await yieldNow();
  }
}
