import type { IDBPTransaction } from 'idb';
import { clipIdForUrl } from '../clip-id';
import {
  abortForError,
  type Board,
  type Clip,
  type ClipBody,
  isQuotaExceeded,
  type KurabeDatabase,
  type KurabeDB,
  leadOf,
  type Placement,
  type Quote,
} from '../db';
import { LIMITS } from '../limits';
import { wordCount } from '../text';
import { RESTORE_DERIVED_MARK, RESTORE_STAGED_MARK, RESTORE_WRITTEN_MARK } from '../timing';
import {
  type BodyClip,
  DeriveCancelled,
  type DeriveSlicesOptions,
  deriveStagedBodies,
} from './derive-slices';
import {
  BACKUP_STORES,
  type BackupClip,
  type BackupFailure,
  type BackupProblem,
  type BackupStore,
  failure,
  problem,
} from './format';
import {
  type BackupContents,
  type BodyBatch,
  type BodyRef,
  cancelledFailure,
  type ReadBackupOptions,
  readBackup,
} from './read';
import { clearStaging, oneRestoreAtATime, stagingSink } from './staging';

/** What a body's HTML from a file gives: the HTML to store, and its plain text (search, suggestions, lead). */
export interface DerivedBody {
  /**
   * The file's HTML sanitized with the allowlist a clip's HTML goes through (utils/sanitize.ts):
   * a file may hold anything, and what is stored must be clean whoever reads it later.
   */
  html: string;
  text: string;
}

/**
 * Sanitizes a body's HTML and rebuilds its text from it. It needs a DOM, so it is passed in:
 * `deriveBodyFromHtml` (utils/backup/index.ts) in the side panel and in jsdom tests.
 */
export type DeriveBody = (html: string) => DerivedBody;

export interface RestoreOptions {
  deriveBody: DeriveBody;
  /** Cancels the restore; the database is left unchanged. */
  signal?: AbortSignal;
  /** Ids for clips whose id is taken by another page in the database. */
  newId?: () => string;
}

export interface StoreSummary {
  /** Records that were not in the database. */
  added: number;
  /** Records that replaced an older version of themselves. */
  updated: number;
  /** Records of the file the database already had (same or newer, or the same quote/placement). */
  kept: number;
}

export type RestoreSummary = Record<BackupStore, StoreSummary> & {
  /** Clips of the file that joined a clip of the same page (normalized URL) with another id. */
  clipsMergedByUrl: number;
  /** Clips whose id belonged to another page in the database: restored under a new id. */
  clipsGivenNewIds: number;
};

export type RestoreResult = { ok: true; summary: RestoreSummary } | BackupFailure;

/**
 * A validated backup whose bodies' HTML waits in the `restoreStaging` store (stageBackup): the
 * contents list the bodies by id only.
 */
export interface StagedContents extends BackupContents<BodyRef> {
  staged: true;
  /**
   * The clip in the file of each body whose clip is there, by the body's id: what the derive
   * needs to write a new clip's body straight to its place (deriveStagedBodies). Small (a URL
   * and a language per clip): a worker that stages the file hands it to the panel with the header.
   */
  bodyClips: Map<string, BodyClip>;
}

export type StageResult = { ok: true; contents: StagedContents } | BackupFailure;

/** The stores of the restore's transaction: every store of a backup, and the staged bodies. */
// searchDocs: a restored article leaves the search index, which indexes it again (not backed up).
// leads (version 9): a restored article's lead, rebuilt from its text (not in the file).
const RESTORE_STORES = [...BACKUP_STORES, 'restoreStaging', 'searchDocs', 'leads'] as const;
type RestoreTx = IDBPTransaction<KurabeDB, (typeof RESTORE_STORES)[number][], 'readwrite'>;

/**
 * A body by its id in the file, read inside the restore's transaction: its HTML, and its text
 * when it was derived before the transaction (then `html` is already sanitized).
 */
type BodyHtml = (fileId: string) => Promise<FileBody | undefined>;
interface FileBody {
  html: string;
  text?: string;
}

/** A body the derive wrote ahead (StagedBody.placed), by its id in the file. */
type Placed = ReadonlyMap<string, { placed: string; words?: number }>;

/** Thrown inside the transaction when a body written ahead lost its place (libraryChanged). */
class LibraryChanged extends Error {}

/** Thrown inside the transaction when the signal fires, to abort it. */
class Cancelled extends Error {}

/** Requests in flight before the restore waits for them: bounds the memory of queued writes. */
const WRITES_IN_FLIGHT = 64;
/** Reads issued together while planning. */
const READS_IN_FLIGHT = 512;
/** Bodies read ahead of the one being written: a few, each can be megabytes. */
const BODIES_READ_AHEAD = 4;

/**
 * Runs `read` for every item, a batch of requests at a time (requests of one transaction queue
 * up and are answered in order; waiting for each would cost a round trip per record).
 */
async function readAll<T, R>(
  items: T[],
  read: (item: T) => Promise<R>,
  signal: AbortSignal | undefined,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += READS_IN_FLIGHT) {
    for (const result of await Promise.all(items.slice(i, i + READS_IN_FLIGHT).map(read))) out.push(result);
    if (signal?.aborted) throw new Cancelled();
  }
  return out;
}

/** The text a body gives, by the rules saveClip follows. */
function bodyText(clip: BackupClip | undefined, html: string, deriveBody: DeriveBody): DerivedBody {
  // A bookmark has no article: its text is its description (as extraction stores it).
  if (html === '') return { html: '', text: clip?.kind === 'bookmark' ? clip.excerpt : '' };
  return deriveBody(html);
}

interface ClipPlan {
  incoming: BackupClip;
  /** The clip's id in the database after the restore. */
  id: string;
  existing: Clip | undefined;
  action: keyof StoreSummary;
}

/** What the restore will write, decided before anything is written. */
interface RestorePlan {
  clips: ClipPlan[];
  boards: Board[];
  quotes: Quote[];
  placements: Placement[];
  /** Bodies of clips that are not in the file (their clip is in the database): file id → clip id. */
  otherBodies: { fileId: string; id: string }[];
  settings: { key: string; value: unknown }[];
  problems: BackupProblem[];
  summary: RestoreSummary;
}

function emptySummary(): RestoreSummary {
  const summary = { clipsMergedByUrl: 0, clipsGivenNewIds: 0 } as RestoreSummary;
  for (const store of BACKUP_STORES) summary[store] = { added: 0, updated: 0, kept: 0 };
  return summary;
}

/** Does the database hold a record with this key? Memoized per store and key. */
function existenceCheck(tx: RestoreTx) {
  const known = new Map<string, Promise<boolean>>();
  return (store: 'clips' | 'boards' | 'quotes' | 'bodies', id: string): Promise<boolean> => {
    const key = `${store}\u0000${id}`;
    let found = known.get(key);
    if (!found) {
      found = tx
        .objectStore(store)
        .getKey(id)
        .then((k) => k !== undefined);
      known.set(key, found);
    }
    return found;
  };
}

/**
 * Decides every write by the merge rules (docs/backup-format.md), reading the database in the
 * restore's own transaction, so nothing can change between the decision and the write.
 */
async function planRestore(
  tx: RestoreTx,
  { records }: BackupContents<BodyRef>,
  { newId, signal }: { newId: () => string; signal: AbortSignal | undefined },
): Promise<RestorePlan> {
  const summary = emptySummary();
  const problems: BackupProblem[] = [];
  const inDatabase = existenceCheck(tx);
  const missing = (line: number, path: string, what: string, id: string) =>
    problems.push(
      problem(
        'missingReference',
        line,
        path,
        `The ${what} "${id}" is neither in the file nor in the database.`,
      ),
    );

  // Clips: the same page (normalized URL) is the same clip, whatever its id. A clip new here
  // takes its page's id (clipIdForUrl), whatever id the file gave it: a backup of a Kurabe older
  // than version 5 holds random ids, and sync needs one id per page on every device
  // (docs/sync.md), so the re-keying happens here, once, and never in a sync.
  const clipStore = tx.objectStore('clips');
  const byUrl = clipStore.index('normalizedUrl');
  const pageIds = records.clips.map(({ record }) => clipIdForUrl(record.normalizedUrl));
  const found = await readAll(
    records.clips.map(({ record }, i) => ({ url: record.normalizedUrl, pageId: pageIds[i]! })),
    ({ url, pageId }) => Promise.all([byUrl.get(url), clipStore.getKey(pageId)]),
    signal,
  );
  /** Clip id in the file → clip id in the database after the restore. */
  const clipIds = new Map<string, string>();
  /** Clips of the file that the database had before (their quotes and placements are compared). */
  const clipExisted = new Set<string>();
  const clips: ClipPlan[] = records.clips.map(({ record: incoming }, i) => {
    const [sameUrl, sameIdKey] = found[i]!;
    let plan: ClipPlan;
    if (sameUrl) {
      if (sameUrl.id !== incoming.id) summary.clipsMergedByUrl++;
      // The newer record wins whole; equal times keep the database's (restoring twice is a no-op).
      const action = incoming.updatedAt > sameUrl.updatedAt ? 'updated' : 'kept';
      plan = { incoming, id: sameUrl.id, existing: sameUrl, action };
      clipExisted.add(sameUrl.id);
    } else if (sameIdKey !== undefined) {
      // The page's id is another page's in the database (its URL differs: a record written by
      // hand, or a hash collision): keep both pages.
      summary.clipsGivenNewIds++;
      plan = { incoming, id: newId(), existing: undefined, action: 'added' };
    } else {
      plan = { incoming, id: pageIds[i]!, existing: undefined, action: 'added' };
    }
    clipIds.set(incoming.id, plan.id);
    summary.clips[plan.action]++;
    return plan;
  });
  const clipRef = async (line: number, path: string, id: string): Promise<string | undefined> => {
    const mapped = clipIds.get(id);
    if (mapped !== undefined) return mapped;
    if (await inDatabase('clips', id)) {
      clipExisted.add(id);
      return id;
    }
    missing(line, path, 'clip', id);
    return undefined;
  };

  // Boards: by id, the newer updatedAt wins.
  const boardStore = tx.objectStore('boards');
  const existingBoards = await readAll(records.boards, ({ record }) => boardStore.get(record.id), signal);
  const boards: Board[] = [];
  records.boards.forEach(({ record }, i) => {
    const existing = existingBoards[i];
    const action = !existing ? 'added' : record.updatedAt > existing.updatedAt ? 'updated' : 'kept';
    summary.boards[action]++;
    if (action !== 'kept') boards.push(record);
  });
  const boardIds = new Set(records.boards.map(({ record }) => record.id));

  // Quotes: by id (the database's is kept: a quote has no time of change), then by text on the
  // same clip, as saveClip never keeps one selection twice.
  const quoteStore = tx.objectStore('quotes');
  const quotesOfClip = new Map<string, Promise<Quote[]>>();
  const existingQuotesOf = (clipId: string) => {
    let quotes = quotesOfClip.get(clipId);
    if (!quotes) {
      quotes = quoteStore.index('clipId').getAll(clipId);
      quotesOfClip.set(clipId, quotes);
    }
    return quotes;
  };
  /** Quote id in the file → quote id in the database after the restore. */
  const quoteIds = new Map<string, string>();
  const quotes: Quote[] = [];
  // A clip holds at most LIMITS.quotesPerClip quotes: the reader counted the file's, this
  // counts those of a clip the database has as well.
  const quotesInDatabase = new Map<string, Promise<number>>();
  const quotesAdded = new Map<string, number>();
  const addQuote = async (line: number, quote: Quote) => {
    const { clipId } = quote;
    let had = quotesInDatabase.get(clipId);
    if (!had) {
      had = clipExisted.has(clipId) ? quoteStore.index('clipId').count(clipId) : Promise.resolve(0);
      quotesInDatabase.set(clipId, had);
    }
    const added = (quotesAdded.get(clipId) ?? 0) + 1;
    quotesAdded.set(clipId, added);
    if ((await had) + added > LIMITS.quotesPerClip) {
      problems.push(
        problem(
          'invalidRecord',
          line,
          'record.clipId',
          `Too many quotes: with the ones the database has, the clip "${clipId}" would have more than ${LIMITS.quotesPerClip}.`,
        ),
      );
    }
    quotes.push(quote);
  };
  await readAll(
    records.quotes,
    async ({ line, record }) => {
      const clipId = await clipRef(line, 'record.clipId', record.clipId);
      if (clipId === undefined) return;
      if ((await quoteStore.getKey(record.id)) !== undefined) {
        quoteIds.set(record.id, record.id);
        summary.quotes.kept++;
        return;
      }
      if (clipExisted.has(clipId) && record.deletedAt === undefined) {
        const same = (await existingQuotesOf(clipId)).find(
          (q) => q.deletedAt === undefined && q.text === record.text,
        );
        if (same) {
          quoteIds.set(record.id, same.id);
          summary.quotes.kept++;
          return;
        }
      }
      quoteIds.set(record.id, record.id);
      await addQuote(line, { ...record, clipId });
      summary.quotes.added++;
    },
    signal,
  );

  // A cell's cited sources follow their clips and quotes to the ids they have in the database.
  for (const [i, board] of boards.entries()) {
    if (!board.cellSources) continue;
    const cellSources = Object.fromEntries(
      Object.entries(board.cellSources).map(([aspectId, row]) => [
        aspectId,
        Object.fromEntries(
          Object.entries(row).map(([subjectId, sources]) => [
            subjectId,
            sources.map(({ clipId, quoteId }) => ({
              clipId: clipIds.get(clipId) ?? clipId,
              ...(quoteId === undefined ? {} : { quoteId: quoteIds.get(quoteId) ?? quoteId }),
            })),
          ]),
        ),
      ]),
    );
    boards[i] = { ...board, cellSources };
  }

  // Placements: by id, then by what they place (board, clip, quote): placeClip never places one
  // thing twice on a board.
  const placementStore = tx.objectStore('placements');
  const placementsOfBoard = new Map<string, Promise<Placement[]>>();
  const existingPlacementsOf = (boardId: string) => {
    let placements = placementsOfBoard.get(boardId);
    if (!placements) {
      placements = placementStore.index('boardId').getAll(boardId);
      placementsOfBoard.set(boardId, placements);
    }
    return placements;
  };
  const placements: Placement[] = [];
  await readAll(
    records.placements,
    async ({ line, record }) => {
      const [clipId, boardKnown, quoteId] = await Promise.all([
        clipRef(line, 'record.clipId', record.clipId),
        boardIds.has(record.boardId) || inDatabase('boards', record.boardId),
        record.quoteId === undefined
          ? undefined
          : (quoteIds.get(record.quoteId) ??
            inDatabase('quotes', record.quoteId).then((known) => (known ? record.quoteId : null))),
      ]);
      if (!boardKnown) missing(line, 'record.boardId', 'board', record.boardId);
      if (quoteId === null) missing(line, 'record.quoteId', 'quote', record.quoteId ?? '');
      if (clipId === undefined || !boardKnown || quoteId === null) return;
      if ((await placementStore.getKey(record.id)) !== undefined) {
        summary.placements.kept++;
        return;
      }
      const onBoard = await existingPlacementsOf(record.boardId);
      if (onBoard.some((p) => p.clipId === clipId && (p.quoteId ?? null) === (quoteId ?? null))) {
        summary.placements.kept++;
        return;
      }
      const placement: Placement = { ...record, clipId };
      if (quoteId === undefined) delete placement.quoteId;
      else placement.quoteId = quoteId;
      // Compared with the next ones too: two clips of the file may have become one.
      onBoard.push(placement);
      placements.push(placement);
      summary.placements.added++;
    },
    signal,
  );

  // Bodies go with their clip (written when the clip's record is); a body whose clip is only in
  // the database is written when the database has none.
  const clipPlans = new Map(clips.map((plan) => [plan.incoming.id, plan]));
  const otherBodies: RestorePlan['otherBodies'] = [];
  await readAll(
    records.bodies,
    async ({ line, record }) => {
      const clipPlan = clipPlans.get(record.id);
      if (clipPlan) {
        // Written with its clip's record, over the body the clip had if any.
        const had = clipPlan.existing !== undefined && (await inDatabase('bodies', clipPlan.id));
        summary.bodies[clipPlan.action === 'kept' ? 'kept' : had ? 'updated' : 'added']++;
        return;
      }
      const clipId = await clipRef(line, 'record.id', record.id);
      if (clipId === undefined) return;
      if (await inDatabase('bodies', clipId)) {
        summary.bodies.kept++;
        return;
      }
      otherBodies.push({ fileId: record.id, id: clipId });
      summary.bodies.added++;
    },
    signal,
  );

  const settingsStore = tx.objectStore('settings');
  const settingKeys = await readAll(
    records.settings,
    ({ record }) => settingsStore.getKey(record.key),
    signal,
  );
  const settings = records.settings.map(({ record }, i) => {
    // A setting of the file replaces the database's; one it does not have is left alone.
    summary.settings[settingKeys[i] === undefined ? 'added' : 'updated']++;
    return record;
  });

  problems.sort((a, b) => a.line - b.line);
  return { clips, boards, quotes, placements, otherBodies, settings, problems, summary };
}

/** Puts that are awaited a batch at a time (and checks for cancelling between batches). */
class BatchedWrites {
  private pending: Promise<unknown>[] = [];
  constructor(private readonly signal: AbortSignal | undefined) {}

  async add(write: () => Promise<unknown>): Promise<void> {
    const request = write();
    // Handled here too: when a write fails, the others of its batch are aborted with it, and
    // nobody awaits them any more.
    request.catch(() => {});
    this.pending.push(request);
    if (this.pending.length >= WRITES_IN_FLIGHT) await this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    await Promise.all(batch);
    if (this.signal?.aborted) throw new Cancelled();
  }
}

/**
 * Reads the HTML of `fileIds` in order (undefined: none to read), a few requests ahead of the one
 * awaited, so the transaction does not wait a round trip per body yet holds only a few of them.
 */
function bodiesInOrder(fileIds: (string | undefined)[], html: BodyHtml): () => Promise<FileBody | undefined> {
  const ahead: Promise<FileBody | undefined>[] = [];
  let next = 0;
  return () => {
    while (next < fileIds.length && ahead.length < BODIES_READ_AHEAD) {
      const id = fileIds[next++];
      const read = id === undefined ? Promise.resolve(undefined) : html(id);
      // Handled here too: a failed read aborts the transaction, and the reads after it fail too.
      read.catch(() => {});
      ahead.push(read);
    }
    return ahead.shift() ?? Promise.resolve(undefined);
  };
}

async function applyPlan(
  tx: RestoreTx,
  plan: RestorePlan,
  bodies: { has: (fileId: string) => boolean; html: BodyHtml; placed: Placed },
  deriveBody: DeriveBody,
  signal: AbortSignal | undefined,
): Promise<void> {
  const writes = new BatchedWrites(signal);
  /** The HTML of a body the file has; a staged body that is gone fails the restore. */
  const present = (fileId: string, body: FileBody | undefined): FileBody => {
    if (body === undefined)
      throw new Error(`The body "${fileId}" is no longer staged (another restore at the same time?)`);
    return body;
  };
  /** A body's stored HTML and text: derived before the transaction, or here. */
  const derive = (clip: BackupClip | undefined, body: FileBody): DerivedBody =>
    body.text !== undefined ? { html: body.html, text: body.text } : bodyText(clip, body.html, deriveBody);
  for (const board of plan.boards) await writes.add(() => tx.objectStore('boards').put(board));
  // A body written ahead (deriveStagedBodies) was written where a new clip of its page goes. A
  // plan that does not add that clip there means its page was clipped since the derive checked:
  // that clip's body may have replaced the one written ahead, so nothing is restored
  // (`libraryChanged`; restoring again merges as usual).
  for (const { incoming, id, action } of plan.clips) {
    const placed = bodies.placed.get(incoming.id);
    if (placed && (action !== 'added' || id !== placed.placed)) throw new LibraryChanged();
  }
  const written = plan.clips.filter((clip) => clip.action !== 'kept');
  const nextClipBody = bodiesInOrder(
    written.map(({ incoming }) =>
      bodies.has(incoming.id) && !bodies.placed.has(incoming.id) ? incoming.id : undefined,
    ),
    bodies.html,
  );
  for (const { incoming, id, existing } of written) {
    // Taken in the order of `written`, every clip's turn (undefined for one not read).
    const fileBody = await nextClipBody();
    const placed = bodies.placed.get(incoming.id);
    if (placed) {
      // Its body and lead are in place: the clip's record is all there is to write.
      const { words } = placed;
      await writes.add(() =>
        tx.objectStore('clips').put({ ...incoming, id, ...(words === undefined ? {} : { words }) }),
      );
      // Indexed again for search, as every restored article is (the index may have read it already).
      await writes.add(() => tx.objectStore('searchDocs').delete(id));
      continue;
    }
    const body = bodies.has(incoming.id) ? present(incoming.id, fileBody) : undefined;
    // Derived one body at a time, not all in memory before the transaction: a staged restore
    // derived them into the staging store already (deriveStagedBodies), in slices.
    const derived = body === undefined ? undefined : derive(incoming, body);
    const text = derived?.text ?? (existing ? undefined : bodyText(incoming, '', deriveBody).text);
    const words = text === undefined ? existing?.words : wordCount(text, incoming.lang);
    const clip: Clip = {
      ...incoming,
      id,
      // Counted from the text, as the lead (not in the file): absent for languages counted in characters.
      ...(words === undefined ? {} : { words }),
      // The first clipping stays the first, whichever record is newer.
      createdAt: existing ? Math.min(existing.createdAt, incoming.createdAt) : incoming.createdAt,
    };
    await writes.add(() => tx.objectStore('clips').put(clip));
    // The lead follows the text; a clip kept without a body in the file keeps the lead it has.
    if (text !== undefined) await writes.add(() => tx.objectStore('leads').put(leadOf(id, text)));
    if (derived) {
      // The sanitized HTML, never the file's own.
      await writes.add(() => tx.objectStore('bodies').put({ id, html: derived.html, text: derived.text }));
      await writes.add(() => tx.objectStore('searchDocs').delete(id));
    }
  }
  const nextOtherBody = bodiesInOrder(
    plan.otherBodies.map(({ fileId }) => fileId),
    bodies.html,
  );
  for (const { fileId, id } of plan.otherBodies) {
    const derived = derive(undefined, present(fileId, await nextOtherBody()));
    const body: ClipBody = { id, html: derived.html, text: derived.text };
    await writes.add(() => tx.objectStore('bodies').put(body));
    await writes.add(() => tx.objectStore('searchDocs').delete(id));
  }
  for (const quote of plan.quotes) await writes.add(() => tx.objectStore('quotes').put(quote));
  for (const placement of plan.placements)
    await writes.add(() => tx.objectStore('placements').put(placement));
  for (const { key, value } of plan.settings)
    await writes.add(() => tx.objectStore('settings').put(value, key));
  await writes.flush();
}

/** The failure a thrown error means; `txError` is the transaction's own (a quota abort). */
function writeFailure(error: unknown): BackupFailure {
  if (error instanceof Cancelled) return cancelledFailure();
  if (error instanceof LibraryChanged) {
    return failure([
      problem(
        'libraryChanged',
        0,
        '',
        'A page of this backup was clipped while it was restored; nothing was restored. Restore it again.',
      ),
    ]);
  }
  if (isQuotaExceeded(error)) {
    return failure([
      problem(
        'storageFull',
        0,
        '',
        'There is not enough storage space for this backup; nothing was restored. Free some space and try again.',
      ),
    ]);
  }
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return failure([problem('writeFailed', 0, '', `Restoring failed (${reason}); nothing was changed.`)]);
}

const isStaged = (contents: BackupContents | StagedContents): contents is StagedContents =>
  'staged' in contents && contents.staged;

/**
 * Merges a validated backup into the database in ONE read-write transaction over every store:
 * the plan is read and decided, then written, and any failure (a missing reference, a full disk,
 * a cancel) aborts the transaction, so the database is either fully restored or unchanged.
 *
 * The bodies' HTML comes from the contents (readBackup) or, for StagedContents (stageBackup),
 * from the `restoreStaging` store, read in the same transaction one body at a time; the staging
 * store is then emptied in that transaction, or after it when the restore fails.
 */
export async function restoreBackup(
  db: KurabeDatabase,
  contents: BackupContents | StagedContents,
  options: RestoreOptions,
): Promise<RestoreResult> {
  const result = await restoreInOneTransaction(db, contents, options);
  if (!result.ok && isStaged(contents)) await clearStaging(db).catch(() => {});
  return result;
}

async function restoreInOneTransaction(
  db: KurabeDatabase,
  contents: BackupContents | StagedContents,
  { deriveBody, signal, newId = () => crypto.randomUUID() }: RestoreOptions,
): Promise<RestoreResult> {
  if (signal?.aborted) return cancelledFailure();
  const tx = db.transaction([...RESTORE_STORES], 'readwrite');
  try {
    const plan = await planRestore(tx, contents, { newId, signal });
    if (plan.problems.length) {
      tx.abort();
      await tx.done.catch(() => {});
      return failure(plan.problems);
    }
    if (signal?.aborted) throw new Cancelled();
    const bodyIds = new Set(contents.records.bodies.map(({ record }) => record.id));
    let html: BodyHtml;
    let placed: Placed = new Map();
    if (isStaged(contents)) {
      const staging = tx.objectStore('restoreStaging');
      html = (fileId) => staging.get(fileId);
      // The ledger only: small records, read through the index that holds them alone.
      placed = new Map(
        (await staging.index('placed').getAll()).map(({ id, placed, words }) => [
          id,
          { placed: placed!, words },
        ]),
      );
    } else {
      const inMemory = new Map(contents.records.bodies.map(({ record }) => [record.id, record.html]));
      html = (fileId) => {
        const found = inMemory.get(fileId);
        return Promise.resolve(found === undefined ? undefined : { html: found });
      };
    }
    await applyPlan(tx, plan, { has: (fileId) => bodyIds.has(fileId), html, placed }, deriveBody, signal);
    if (isStaged(contents)) await tx.objectStore('restoreStaging').clear();
    await tx.done;
    return { ok: true, summary: plan.summary };
  } catch (error) {
    return writeFailure(await abortForError(tx, error));
  }
}

export interface StageOptions extends ReadBackupOptions {
  /** How bodies are batched into staging transactions (defaults: 200 bodies or 2 Mi characters). */
  bodyBatch?: BodyBatch;
}

/**
 * Reads and validates a backup, staging its bodies' HTML in the `restoreStaging` store (a batch
 * per small transaction) instead of holding it: memory keeps the other records and the bodies'
 * ids. The staging store is emptied first (leftovers of a restore that never finished) and again
 * when this fails (a bad file, a cancel, a full disk: `storageFull`). On success the staged
 * bodies wait for restoreBackup, which empties the store whatever happens. Run one at a time
 * (restoreFromStream does): two restores would share the store.
 */
export async function stageBackup(
  db: KurabeDatabase,
  stream: ReadableStream<Uint8Array>,
  options: StageOptions = {},
): Promise<StageResult> {
  if (options.signal?.aborted) {
    void stream.cancel().catch(() => {});
    return cancelledFailure();
  }
  try {
    await clearStaging(db);
  } catch (error) {
    void stream.cancel().catch(() => {});
    return writeFailure(error);
  }
  let result: StageResult;
  try {
    const read = await readBackup(stream, { ...options, bodies: stagingSink(db) });
    result = read.ok
      ? { ok: true, contents: { ...read.contents, staged: true, bodyClips: bodyClipsOf(read.contents) } }
      : read;
  } catch (error) {
    // The sink failed: a staging write was refused (a full disk) or failed.
    result = writeFailure(error);
  }
  if (!result.ok) await clearStaging(db).catch(() => {});
  return result;
}

/** The clip in the file of each body whose clip is there (StagedContents.bodyClips). */
function bodyClipsOf({ records }: BackupContents<BodyRef>): Map<string, BodyClip> {
  const clips = new Map(records.clips.map(({ record }) => [record.id, record]));
  const out = new Map<string, BodyClip>();
  for (const { record } of records.bodies) {
    const clip = clips.get(record.id);
    if (clip) out.set(record.id, { normalizedUrl: clip.normalizedUrl, lang: clip.lang });
  }
  return out;
}

/**
 * Reads, validates and restores a backup file: nothing is written unless all of it is valid. The
 * bodies are staged in IndexedDB while the file is read (stageBackup), so memory holds the small
 * records only; the final transaction takes them from there.
 */
export function restoreFromStream(
  db: KurabeDatabase,
  stream: ReadableStream<Uint8Array>,
  options: RestoreOptions &
    StageOptions & { stage?: Stage; derive?: DeriveSlicesOptions; apply?: ApplyStaged },
): Promise<RestoreResult> {
  const { stage = stageBackup } = options;
  const apply: ApplyStaged = options.apply ?? ((contents) => restoreBackup(db, contents, options));
  return oneRestoreAtATime(async () => {
    // A worker that stops (or cannot start) fails the restore like a failed write: nothing restored.
    const staged = await stage(db, stream, options).catch(async (error: unknown) => {
      await clearStaging(db).catch(() => {});
      return writeFailure(error);
    });
    if (!staged.ok) return staged;
    // Marks for `npm run bench`, which times each stage (they cost nothing worth measuring).
    performance.mark(RESTORE_STAGED_MARK);
    const derived = await deriveBeforeRestore(db, options, staged.contents.bodyClips);
    if (derived) return derived;
    performance.mark(RESTORE_DERIVED_MARK);
    // A worker that stops during the transaction fails the restore: the transaction is aborted.
    const result = await apply(staged.contents).catch(async (error: unknown) => {
      await clearStaging(db).catch(() => {});
      return writeFailure(error);
    });
    performance.mark(RESTORE_WRITTEN_MARK);
    return result;
  });
}

/**
 * How the restore's one transaction is run once every staged body is derived: here
 * (restoreBackup), or in the worker that staged the file — the transaction needs no DOM then
 * (notDerivedHere), and the panel's thread stays free while 10,000 bodies are copied.
 */
export type ApplyStaged = (contents: StagedContents) => Promise<RestoreResult>;

/**
 * The DeriveBody of a thread without a DOM (the staging worker running the transaction): every
 * body was derived in the panel before (deriveStagedBodies), so it is never called; if it were,
 * the restore fails and nothing is written.
 */
export const notDerivedHere: DeriveBody = () => {
  throw new Error('A body reached the restore without being derived.');
};

/** How a file is read, validated and staged: here (stageBackup), or in a worker. */
export type Stage = (
  db: KurabeDatabase,
  stream: ReadableStream<Uint8Array>,
  options: StageOptions,
) => Promise<StageResult>;

/**
 * Derives the staged bodies in slices (deriveStagedBodies), so that the restore's transaction
 * only copies them. Returns the failure that ends the restore (staging emptied), or undefined.
 */
async function deriveBeforeRestore(
  db: KurabeDatabase,
  { deriveBody, signal, derive }: RestoreOptions & { derive?: DeriveSlicesOptions },
  bodyClips: ReadonlyMap<string, BodyClip>,
): Promise<BackupFailure | undefined> {
  try {
    await deriveStagedBodies(db, deriveBody, { signal, bodyClips, ...derive });
    return undefined;
  } catch (error) {
    await clearStaging(db).catch(() => {});
    return error instanceof DeriveCancelled ? cancelledFailure() : writeFailure(error);
  }
}
