import type { KurabeDatabase, StagedBody } from '../db';
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
  }: DeriveSlicesOptions = {},
): Promise<number> {
  const read = (after: string | undefined) => {
    const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
    const reading = db.getAll('restoreStaging', range, READ_AHEAD);
    // Awaited in turn; handled here too, so that a read failing while a slice runs is not unhandled.
    reading.catch(() => {});
    return reading;
  };
  /** Writes one slice's bodies back; awaited before the next slice's write, not before its work. */
  const write = async (derived: StagedBody[]) => {
    const tx = db.transaction('restoreStaging', 'readwrite');
    for (const body of derived) void tx.store.put(body).catch(() => {});
    await tx.done;
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
