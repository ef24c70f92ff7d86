import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB, type StoreNames, unwrap } from 'idb';
import { CHANGES_STORE, EVERYTHING, trackChanges } from './change-log';
import { clipIdForUrl } from './clip-id';
import type { ExtractedPage } from './extract';
import { cutToLimit, LIMITS } from './limits';
import { keyBetween } from './order-key';
import { indexArticle } from './search-postings';
import { articleTerms } from './search-terms';
import { countedInWords, wordCount } from './text';

/**
 * The one owner of Kurabe's IndexedDB: the schema as a type, its version, and the numbered
 * upgrades. Upgrades cascade (`if (oldVersion < N)`) and are never edited once shipped; a new
 * version adds a block and a migration test.
 */
export const DB_NAME = 'kurabe';
export const DB_VERSION = 12;

/**
 * What a note the user writes is for (version 4): text meant for the article, which the outline
 * exports, or a memo that stays in Kurabe (exported only when the user asks). Notes written
 * before version 4 are article text, as they were exported; new notes start as memos, so nothing
 * private lands in an article unless the user marks it.
 */
export type NoteKind = 'article' | 'memo';
export const NOTE_KINDS: readonly NoteKind[] = ['article', 'memo'];
/** The kind of a note that has just been created. */
export const NEW_NOTE_KIND: NoteKind = 'memo';

export interface Clip {
  id: string;
  /** Identity of the page (no tracking parameters, no fragment); unique. */
  normalizedUrl: string;
  /** The address it was read at. */
  url: string;
  title: string;
  byline: string;
  siteName: string;
  lang: string;
  publishedTime: string;
  /** '' when the page does not say (added after version 1: absent on older records). */
  modifiedTime?: string;
  excerpt: string;
  chars: number;
  /**
   * Words of the article's text (utils/text.ts countWords), shown for languages counted in words
   * (English: 「1,650語」). Derived from the body's text, like `lead`: set when a page is clipped or
   * restored; absent on Japanese, Chinese and Korean clips of version 3 and before (they show 字).
   */
  words?: number;
  readingMinutes: number;
  kind: 'article' | 'bookmark';
  note: string;
  /** Whether `note` goes into the outline (version 4). */
  noteKind: NoteKind;
  tags: string[];
  /** First clipped (ms since epoch). */
  createdAt: number;
  /** Last clipped: the Inbox's order (editing a note does not move a clip). */
  clippedAt: number;
  /** Last clipped or edited. */
  updatedAt: number;
  /** Set while the clip is in the Trash. */
  deletedAt?: number;
}

/**
 * The first characters of a clip's text (LEAD_LENGTH), in a store of its own since version 9:
 * what the Inbox filter, the suggestions and the cell candidates read. Versions 2 to 8 kept it in
 * the clip record, so the panel's open read 1,500 characters per clip it only lists.
 */
export interface ClipLead {
  id: string;
  lead: string;
}

/** A clip with its lead, for the few readers of the lead (the filter, suggestions, candidates). */
export type ClipWithLead = Clip & { lead: string };

/** The heavy part of a clip, read when a clip is opened, searched or exported. Version 2. */
export interface ClipBody {
  id: string;
  /** Sanitized article HTML. */
  html: string;
  /**
   * Versions 2 and 3 stored the article's Markdown here. Nothing reads it now: it is made from
   * the HTML when a clip is exported (`articleMarkdown`), and left in old records.
   */
  markdown?: string;
  text: string;
}

/**
 * A body of a backup being restored, validated and waiting for the restore's final transaction
 * (utils/backup/staging.ts). Version 3. The app never reads it: a restore empties the store when
 * it starts and when it ends, whatever the outcome.
 */
export interface StagedBody {
  /** The body's id as in the backup file (its clip may get another id in the database). */
  id: string;
  /** Article HTML: as in the file, or sanitized once `text` is set. */
  html: string;
  /**
   * The text rebuilt from `html`, set when the body has been derived before the restore's
   * transaction (utils/backup/derive-slices.ts), whose `html` is then the sanitized HTML. Added
   * without a database version: the store is emptied when a restore starts and ends, and when a
   * panel or the background starts, so no record ever meets a version that does not know it.
   */
  text?: string;
  /**
   * Version 12: the id in `bodies` where the derive already wrote this body (its HTML and text
   * are then empty here): a body of a clip new to the database goes straight to its place instead
   * of being copied by the restore's transaction. The ledger of those writes, indexed, so that a
   * restore that never finishes deletes them (clearStaging) and a finished one knows them.
   */
  placed?: string;
  /** With `placed`: the clip's word count from the body's text (its language counts words). */
  words?: number;
}

/** How much of the text a clip record keeps for listing and suggesting. */
export const LEAD_LENGTH = 1500;

export interface Quote {
  id: string;
  clipId: string;
  text: string;
  /** The sentence around the selection, for context. */
  context: string;
  note: string;
  /** Whether `note` goes into the outline (version 4). */
  noteKind: NoteKind;
  createdAt: number;
  deletedAt?: number;
}

/** A subject or an aspect of a board. */
export interface BoardPart {
  id: string;
  name: string;
  /**
   * 別名 (version 6): other names the user gave it — another script (ノーション for Notion),
   * another language (料金 for price). Suggestions weigh them as the name. Absent: none.
   */
  aliases?: string[];
}

/** A clip, or one of its quotes, that a comparison-table cell cites (version 6). */
export interface CellSource {
  clipId: string;
  quoteId?: string;
}

/**
 * The draft a board made on one blog (version 8): sending the board again updates this draft
 * rather than making a second one. Where and how to reach the blog (its address, user and key)
 * is not here: that set-up stays in this browser's storage.local, never in the library.
 */
export interface BlogDraft {
  /** WordPress: the post id; Hatena Blog: the entry's member URI. */
  remoteId: string;
  /** Where the draft opens in the blog's editor. */
  editUrl: string;
  /** When Kurabe last sent it. */
  sentAt: number;
  /** The blog's own modified stamp after that send (modified_gmt, app:edited), compared at the next. */
  remoteModified: string;
  /**
   * SHA-256 (hex) of the title and content as the blog kept them after that send (version 11),
   * compared at the next: the stamp has one-second resolution, and an edit on the blog in the
   * same second as the send leaves it as it was. Absent on drafts remembered before version 11:
   * those are compared by their stamp alone until their next send.
   */
  contentHash?: string;
}

export interface Board {
  id: string;
  title: string;
  subjects: BoardPart[];
  aspects: BoardPart[];
  /** aspectId → subjectId → the comparison table's cell text. */
  cellNotes: Record<string, Record<string, string>>;
  /**
   * aspectId → subjectId → the clips and quotes the cell's text cites, in the order inserted
   * (version 6): a candidate sentence inserted into a cell records its source here, and the
   * export cites it as a footnote. Boards before version 6 cite nothing (their cells are plain
   * text): the upgrade gives them `{}`; absent reads as `{}` too (a board made in memory).
   */
  cellSources?: Record<string, Record<string, CellSource[]>>;
  /** Blog key (utils/publish/draft.ts blogKey: kind and address) → the draft made there (version 8). Absent: none. */
  blogDrafts?: Record<string, BlogDraft>;
  order: string;
  archivedAt?: number;
  deletedAt?: number;
  updatedAt: number;
}

export interface Placement {
  id: string;
  boardId: string;
  clipId: string;
  quoteId?: string;
  aspectId?: string;
  subjectId?: string;
  /** A sortable key, so moving one item rewrites one record. */
  order: string;
  note: string;
  /** Whether `note` goes into the outline (version 4). */
  noteKind: NoteKind;
}

export interface KurabeDB extends DBSchema {
  clips: {
    key: string;
    value: Clip;
    indexes: { normalizedUrl: string; clippedAt: number; updatedAt: number };
  };
  quotes: { key: string; value: Quote; indexes: { clipId: string } };
  boards: { key: string; value: Board; indexes: { order: string } };
  placements: { key: string; value: Placement; indexes: { boardId: string; clipId: string } };
  settings: { key: string; value: unknown };
  bodies: { key: string; value: ClipBody };
  /** Version 9: each clip's lead (ClipLead), out of its record; derived from its body's text. */
  leads: { key: string; value: ClipLead };
  restoreStaging: { key: string; value: StagedBody; indexes: { placed: string } };
  /** Version 7: derived from `bodies`, never backed up (utils/search-postings.ts). */
  searchDocs: { key: string; value: SearchDoc; indexes: { tail: number } };
  /** [term, segment] → the segment's document numbers holding the term (delta varints). */
  searchPostings: { key: [string, number]; value: Uint8Array };
  searchMeta: { key: string; value: SearchMeta };
  /**
   * Version 10: document id (`clip:<id>`…) → a mark, for each synced record changed since the
   * sync last exported it, or `*` (EVERYTHING) for "read the whole library once"
   * (utils/change-log.ts). Device-local: never backed up, never synced.
   */
  syncChanges: { key: string; value: number };
}

/**
 * A clip's place in the article search index (version 7; utils/search-postings.ts). `doc` is the
 * number its article's postings carry (a new one each time the article changes, so postings of
 * an older text no longer count). `terms` is set while the clip waits in the index's tail, not
 * yet written into a segment of postings; `tail` (1) marks those records for the `tail` index.
 */
export interface SearchDoc {
  id: string;
  doc: number;
  terms?: string[];
  tail?: 1;
}

/** The article index's counters (version 7): the next document and segment numbers. */
export interface SearchMeta {
  nextDoc: number;
  nextSegment: number;
}

export type KurabeDatabase = IDBPDatabase<KurabeDB>;

type UpgradeTx = IDBPTransaction<KurabeDB, StoreNames<KurabeDB>[], 'versionchange'>;

/** Upgrades from `oldVersion` to DB_VERSION, one numbered step after another. */
function upgrade(db: KurabeDatabase, oldVersion: number, _newVersion: number | null, _tx: UpgradeTx): void {
  /** The data changes under way in this transaction, for a step that must follow them. */
  const dataSteps: Promise<void>[] = [];
  if (oldVersion < 1) {
    const clips = db.createObjectStore('clips', { keyPath: 'id' });
    clips.createIndex('normalizedUrl', 'normalizedUrl', { unique: true });
    clips.createIndex('clippedAt', 'clippedAt');
    clips.createIndex('updatedAt', 'updatedAt');
    db.createObjectStore('quotes', { keyPath: 'id' }).createIndex('clipId', 'clipId');
    db.createObjectStore('boards', { keyPath: 'id' }).createIndex('order', 'order');
    const placements = db.createObjectStore('placements', { keyPath: 'id' });
    placements.createIndex('boardId', 'boardId');
    placements.createIndex('clipId', 'clipId');
    db.createObjectStore('settings');
  }
  if (oldVersion < 2) {
    // Version 2 moves each clip's article (html, Markdown, text) to `bodies`, keeping a lead:
    // listing thousands of clips no longer reads thousands of articles.
    db.createObjectStore('bodies', { keyPath: 'id' });
    if (oldVersion >= 1) dataSteps.push(moveArticlesToBodies(_tx));
  }
  if (oldVersion < 3) {
    // Version 3 stages a backup's bodies while the file is read, so a restore holds only the
    // small records in memory and still writes everything in one transaction at the end.
    db.createObjectStore('restoreStaging', { keyPath: 'id' });
  }
  if (oldVersion < 4) {
    // Version 4 gives every note a kind and English clips a word count. Notes written before are
    // article text, as they were exported: the migration changes no export.
    if (oldVersion >= 1) dataSteps.push(markNotesAsArticleAndCountWords(_tx));
  }
  if (oldVersion < 5) {
    // Version 5 (issue 16, sync) derives a clip's id from its page: two devices that clip one URL
    // make one sync document.
    // After the data steps before it, which may still be running (they are not awaited).
    // (Kept among the data steps: version 9's move of the leads follows it.)
    if (oldVersion >= 1)
      dataSteps.push(Promise.all(dataSteps).then(() => rekeyClipsByUrl(_tx as unknown as RekeyTx)));
  }
  if (oldVersion < 6) {
    // Version 6 lets a comparison-table cell cite the clips and quotes its text came from. The
    // cells written before cite nothing: every board gets an empty `cellSources`. (Subjects' and
    // aspects' aliases are optional: absent means none, no record to touch.)
    if (oldVersion >= 1) void giveBoardsCellSources(_tx);
  }
  if (oldVersion < 7) {
    // Version 7 keeps a search index of the articles: postings read per query instead of every
    // article folded in the panel's memory. The stores start empty; the index of an existing
    // library is built after the upgrade, in slices the panel runs when idle, resumed where it
    // stopped (utils/search-postings.ts buildSearchIndex): an upgrade cannot wait on that.
    createSearchStores(db);
  }
  if (oldVersion < 8) {
    // Version 8 lets a board remember the draft it made on each blog (`blogDrafts`).
    // Boards made before made none: the field is optional and absent means none, so no record
    // is rewritten.
  }
  if (oldVersion < 9) {
    // Version 9 moves each clip's lead out of its record into `leads`: the panel lists every clip
    // when it opens, and the leads were four fifths of what that read moved (issue 14).
    db.createObjectStore('leads', { keyPath: 'id' });
    // After the data steps before it (version 2 writes the leads, 4 and 5 rewrite the records).
    if (oldVersion >= 1) void Promise.all(dataSteps).then(() => moveLeadsOut(_tx));
  }
  if (oldVersion < 10) {
    // Version 10 (issue 16) keeps a log of the records changed since the last sync, written with
    // each change (utils/change-log.ts), so a sync reads those and not the whole library.
    db.createObjectStore(CHANGES_STORE);
  }
  if (oldVersion < 11) {
    // Version 11 (issue 17) keeps, with each remembered blog draft, the hash of the content the
    // blog kept after the send (`contentHash`). Drafts remembered before have none: the field is
    // optional and absent means "compare the stamp alone", so no record is rewritten.
  }
  if (oldVersion < 12) {
    // Version 12 (issue 14) lets a restore write a new clip's body straight to `bodies` while it
    // derives it, and keeps the ledger of those writes in the staging store (`placed`), indexed so
    // that a restore that never finishes finds and deletes them without reading the staged HTML.
    _tx.objectStore('restoreStaging').createIndex('placed', 'placed');
  }
  // Keep last. An upgrade of an existing library may rewrite records without marks (its own
  // transaction is not tracked): the next sync reads the whole library once, as before version 10.
  if (oldVersion >= 1) _tx.objectStore(CHANGES_STORE).put(0, EVERYTHING);
}

/** The version 8 → 9 data move, inside the upgrade transaction: one cursor over the clips. */
async function moveLeadsOut(tx: UpgradeTx): Promise<void> {
  const leads = tx.objectStore('leads');
  let cursor = await tx.objectStore('clips').openCursor();
  while (cursor) {
    const { lead, ...clip } = cursor.value as Clip & { lead?: string };
    await leads.put({ id: clip.id, lead: lead ?? '' });
    await cursor.update(clip);
    cursor = await cursor.continue();
  }
}

type RekeyTx = IDBPTransaction<
  KurabeDB,
  ('clips' | 'bodies' | 'quotes' | 'placements' | 'searchDocs')[],
  'readwrite'
>;

/**
 * The version 5 data change, inside the upgrade transaction: every clip whose id is not the one
 * its page gives (clipIdForUrl) moves to that id, with its body, and its quotes and placements
 * follow it. The old record goes before the new one is written (the URL index is unique).
 * Its search index record (version 7) moves too, with its document number: the postings stay
 * valid, and the article is not indexed again. (The upgrade from before version 5 has no records
 * there yet: the store starts empty.)
 */
async function rekeyClipsByUrl(tx: RekeyTx): Promise<void> {
  const clips = tx.objectStore('clips');
  const bodies = tx.objectStore('bodies');
  const quotes = tx.objectStore('quotes');
  const placements = tx.objectStore('placements');
  const searchDocs = tx.objectStoreNames.contains('searchDocs') ? tx.objectStore('searchDocs') : undefined;
  for (const clip of await clips.getAll()) {
    const id = clipIdForUrl(clip.normalizedUrl);
    if (id === clip.id) continue;
    await clips.delete(clip.id);
    await clips.put({ ...clip, id });
    const body = await bodies.get(clip.id);
    if (body) {
      await bodies.delete(clip.id);
      await bodies.put({ ...body, id });
    }
    for (const quote of await quotes.index('clipId').getAll(clip.id))
      await quotes.put({ ...quote, clipId: id });
    for (const placement of await placements.index('clipId').getAll(clip.id)) {
      await placements.put({ ...placement, clipId: id });
    }
    const searchDoc = await searchDocs?.get(clip.id);
    if (searchDoc) {
      await searchDocs!.delete(clip.id);
      await searchDocs!.put({ ...searchDoc, id });
    }
  }
}

/** The version 5 → 6 data change, inside the upgrade transaction. */
async function giveBoardsCellSources(tx: UpgradeTx): Promise<void> {
  let cursor = await tx.objectStore('boards').openCursor();
  while (cursor) {
    await cursor.update({ ...cursor.value, cellSources: cursor.value.cellSources ?? {} });
    cursor = await cursor.continue();
  }
}

/** The version 7 stores of the article search index. */
function createSearchStores(db: KurabeDatabase): void {
  db.createObjectStore('searchDocs', { keyPath: 'id' }).createIndex('tail', 'tail');
  db.createObjectStore('searchPostings');
  db.createObjectStore('searchMeta');
}

/**
 * The version 3 → 4 data change, inside the upgrade transaction: one cursor per store; a clip's
 * body is read only for a clip counted in words (Japanese, Chinese and Korean ones need none).
 */
async function markNotesAsArticleAndCountWords(tx: UpgradeTx): Promise<void> {
  const bodies = tx.objectStore('bodies');
  let clip = await tx.objectStore('clips').openCursor();
  while (clip) {
    const next: Clip = { ...clip.value, noteKind: 'article' };
    if (countedInWords(next.lang)) next.words = wordCount((await bodies.get(next.id))?.text ?? '', next.lang);
    await clip.update(next);
    clip = await clip.continue();
  }
  for (const store of ['quotes', 'placements'] as const) {
    let cursor = await tx.objectStore(store).openCursor();
    while (cursor) {
      await cursor.update({ ...cursor.value, noteKind: 'article' });
      cursor = await cursor.continue();
    }
  }
}

/** The version 1 → 2 data move, inside the upgrade transaction. */
async function moveArticlesToBodies(tx: UpgradeTx): Promise<void> {
  const bodies = tx.objectStore('bodies');
  let cursor = await tx.objectStore('clips').openCursor();
  while (cursor) {
    const old = cursor.value as Clip & Partial<ClipBody>;
    const { html = '', markdown = '', text = '', ...rest } = old;
    await bodies.put({ id: old.id, html, markdown, text });
    await cursor.update({ ...rest, lead: text.slice(0, LEAD_LENGTH) } as Clip);
    cursor = await cursor.continue();
  }
}

/**
 * Opens (and upgrades) the database. Pass an `IDBFactory` to use another one (tests give each
 * test a fresh fake-indexeddb factory).
 */
export function openKurabeDB(factory?: IDBFactory): Promise<KurabeDatabase> {
  const previous = globalThis.indexedDB;
  // idb's openDB reads the global indexedDB; swap it only for the synchronous open call.
  if (factory) globalThis.indexedDB = factory;
  try {
    // Wrapped so that every write of a synced record marks it for the sync (utils/change-log.ts).
    return openDB<KurabeDB>(DB_NAME, DB_VERSION, {
      upgrade,
      blocking: (_current, _next, event) => (event.target as IDBDatabase | null)?.close(),
    }).then(trackChanges);
  } finally {
    if (factory) globalThis.indexedDB = previous;
  }
}

let shared: Promise<KurabeDatabase> | undefined;

/** The database of this extension page or worker, opened once. */
export function getDB(): Promise<KurabeDatabase> {
  shared ??= openKurabeDB().catch((error) => {
    shared = undefined; // the next call may succeed (e.g. after a blocked upgrade)
    throw error;
  });
  return shared;
}

/** Closes the shared connection so the next `getDB()` opens afresh (tests, restores). */
export async function closeDB(): Promise<void> {
  const open = shared;
  shared = undefined;
  if (open) (await open.catch(() => undefined))?.close();
}

/** What one clip action did. */
export interface SaveClipResult {
  clip: Clip;
  /** False for a new clip; true when the page was clipped before and has been updated. */
  updated: boolean;
  /** When the page was first clipped, on an update. */
  firstClippedAt?: number;
  /** Whether the clip came back from the Trash. */
  restored: boolean;
  /** Quotes written (a quote the clip already has is not written twice). */
  quotesAdded: number;
  /** The quote of each selection passed in, new or already there, in order. */
  quoteIds: string[];
}

export interface SaveClipOptions {
  now?: number;
  /** Ids of new quotes. */
  newId?: () => string;
  /** The id of a new clip, from its normalized URL (version 5: one page, one id on every device). */
  clipId?: (normalizedUrl: string) => string;
  /** Selected text to keep as quotes of the clip, written in the same transaction. */
  quotes?: { text: string; context: string }[];
}

// --- within the limits of a library (utils/limits.ts) ---------------------------------------

/** A page's address within LIMITS.urlLength: a longer one keeps its origin and path, else its origin. */
function fitUrl(url: string): string {
  if (url.length <= LIMITS.urlLength) return url;
  const { origin, pathname } = new URL(url);
  return `${origin}${pathname}`.length <= LIMITS.urlLength ? `${origin}${pathname}` : `${origin}/`;
}

/** A page as a clip can hold it: each field within its limit (a hostile page may go past any). */
function fitPage(page: ExtractedPage): ExtractedPage {
  const date = (value: string) => (value.length <= LIMITS.pageDateLength ? value : '');
  return {
    ...page,
    url: fitUrl(page.url),
    originalUrl: fitUrl(page.originalUrl),
    title: cutToLimit(page.title, LIMITS.titleLength),
    byline: cutToLimit(page.byline, LIMITS.bylineLength),
    siteName: cutToLimit(page.siteName, LIMITS.siteNameLength),
    lang: cutToLimit(page.lang, LIMITS.langLength),
    publishedTime: date(page.publishedTime),
    modifiedTime: date(page.modifiedTime),
    excerpt: cutToLimit(page.excerpt, LIMITS.excerptLength),
    // Cut HTML is still clean: the parser drops a tag or an attribute cut off at the end.
    html: cutToLimit(page.html, LIMITS.articleHtmlLength),
    chars: Math.min(page.chars, LIMITS.articleChars),
    words: page.words === undefined ? undefined : Math.min(page.words, LIMITS.articleChars),
    readingMinutes: Math.min(page.readingMinutes, LIMITS.articleChars),
  };
}

/**
 * Stores a clipped page in one transaction. A page clipped before (same normalized URL) is
 * updated in place: article and metadata are replaced, the user's note, tags, placements and
 * first-clipped date are kept, and it leaves the Trash. Never creates a second clip of a page.
 */
export async function saveClip(
  db: KurabeDatabase,
  page: ExtractedPage,
  {
    now = Date.now(),
    newId = () => crypto.randomUUID(),
    clipId = clipIdForUrl,
    quotes: selections = [],
  }: SaveClipOptions = {},
): Promise<SaveClipResult> {
  page = fitPage(page);
  const quotes = selections.map((q) => ({
    text: cutToLimit(q.text, LIMITS.quoteLength),
    context: cutToLimit(q.context, LIMITS.quoteContextLength),
  }));
  // The article's search terms, before the transaction (which must not wait on anything else).
  const terms = articleTerms(page.text);
  const tx = db.transaction(['clips', 'quotes', 'bodies', 'leads', 'searchDocs', 'searchMeta'], 'readwrite');
  try {
    const clips = tx.objectStore('clips');
    const existing = await clips.index('normalizedUrl').get(page.url);
    const article = {
      normalizedUrl: page.url,
      url: page.originalUrl,
      title: page.title,
      byline: page.byline,
      siteName: page.siteName,
      lang: page.lang,
      publishedTime: page.publishedTime,
      modifiedTime: page.modifiedTime,
      excerpt: page.excerpt,
      chars: page.chars,
      ...(page.words === undefined ? {} : { words: page.words }),
      readingMinutes: page.readingMinutes,
      kind: page.kind,
    };
    let clip: Clip;
    // A bookmark never overwrites an article already saved for the page.
    const keepArticle = !!existing && page.kind === 'bookmark' && existing.kind === 'article';
    if (existing) {
      clip = {
        ...existing,
        ...(keepArticle ? { url: page.originalUrl } : article),
        clippedAt: now,
        updatedAt: now,
      };
      delete clip.deletedAt;
    } else {
      clip = {
        id: clipId(page.url),
        ...article,
        note: '',
        noteKind: NEW_NOTE_KIND,
        tags: [],
        createdAt: now,
        clippedAt: now,
        updatedAt: now,
      };
    }
    await clips.put(clip);
    if (!keepArticle) {
      await tx.objectStore('bodies').put({ id: clip.id, html: page.html, text: page.text });
      await tx.objectStore('leads').put(leadOf(clip.id, page.text));
      await indexArticle(tx.objectStore('searchDocs'), tx.objectStore('searchMeta'), clip.id, terms);
    }
    const quoteStore = tx.objectStore('quotes');
    const had = existing ? await quoteStore.index('clipId').getAll(clip.id) : [];
    // Quotes the clip has already, by their text: the same selection is not saved twice.
    const known = new Map(had.filter((q) => q.deletedAt === undefined).map((q) => [q.text, q.id] as const));
    /** New quotes the clip can still take (LIMITS.quotesPerClip, the Trash's included). */
    let room = LIMITS.quotesPerClip - had.length;
    let quotesAdded = 0;
    const quoteIds: string[] = [];
    for (const q of quotes) {
      const same = known.get(q.text);
      if (same) {
        quoteIds.push(same);
        continue;
      }
      // A clip with the most quotes a clip holds takes no more (not one of a library ever).
      if (room <= 0) continue;
      room--;
      const id = newId();
      known.set(q.text, id);
      await quoteStore.put({
        id,
        clipId: clip.id,
        text: q.text,
        context: q.context,
        note: '',
        noteKind: NEW_NOTE_KIND,
        createdAt: now,
      });
      quoteIds.push(id);
      quotesAdded++;
    }
    await tx.done;
    return {
      clip,
      updated: !!existing,
      firstClippedAt: existing?.createdAt,
      restored: existing?.deletedAt !== undefined,
      quotesAdded,
      quoteIds,
    };
  } catch (error) {
    // Nothing of a half-done clip is kept.
    throw await abortForError(tx, error);
  }
}

/**
 * Whether a storage error means the browser's quota for Kurabe is used up. Chrome and Safari name
 * it QuotaExceededError (a DOMException, code 22; its own subclass in recent Chrome); older Firefox
 * used NS_ERROR_DOM_QUOTA_REACHED.
 */
export function isQuotaExceeded(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return (
    name === 'QuotaExceededError' ||
    name === 'NS_ERROR_DOM_QUOTA_REACHED' ||
    (error instanceof DOMException && code === 22)
  );
}

/**
 * Aborts `tx` after `error` (a failed request does not abort a transaction by itself) and waits
 * for the rollback, so nothing of it is left when the caller reports. Returns the error that
 * says why: the transaction's own when the browser aborted it (a full disk: QuotaExceededError;
 * a pending put then fails with a bare AbortError or TransactionInactiveError), else `error`.
 */
export async function abortForError(
  tx: { abort(): void; done: Promise<void> },
  error: unknown,
): Promise<unknown> {
  try {
    tx.abort();
  } catch {
    // already aborted (by the browser) or finished
  }
  const cause: unknown = await tx.done.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  // Our own abort() leaves an AbortError, which says nothing the first error did not.
  return cause instanceof DOMException && cause.name !== 'AbortError' ? cause : error;
}

/**
 * The first `limit` clips of the Inbox, most recently clipped first, read with a cursor: what a
 * panel shows the moment it opens, without reading every clip of a large library.
 */
export async function listInboxPage(db: KurabeDatabase, limit: number): Promise<Clip[]> {
  const index = db.transaction('clips').store.index('clippedAt');
  const raw = unwrap(index) as IDBIndex & { getAllRecords?: GetAllRecords };
  if (raw.getAllRecords) {
    // One request instead of a cursor step per clip (Chrome 141+): 100 steps cost 15–45 ms.
    const request = raw.getAllRecords({ direction: 'prev', count: limit });
    const records = await new Promise<{ value: Clip }[]>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const page = records.map((r) => r.value).filter((c) => c.deletedAt === undefined);
    // Trashed clips among the newest leave the page short: the cursor below fills it.
    if (page.length === limit || records.length < limit) return page;
  }
  const page: Clip[] = [];
  let cursor = await db.transaction('clips').store.index('clippedAt').openCursor(null, 'prev');
  while (cursor && page.length < limit) {
    if (cursor.value.deletedAt === undefined) page.push(cursor.value);
    cursor = await cursor.continue();
  }
  return page;
}

/** IDBIndex.getAllRecords, where the browser has it (not yet in TypeScript's DOM types). */
type GetAllRecords = (options: {
  direction: IDBCursorDirection;
  count: number;
}) => IDBRequest<{ key: IDBValidKey; primaryKey: IDBValidKey; value: Clip }[]>;

/**
 * The Inbox (most recently clipped first) and the Trash (most recently deleted first), from one
 * read of the clips store.
 */
export async function listClips(db: KurabeDatabase): Promise<{ inbox: Clip[]; trash: Clip[] }> {
  const all = await db.getAllFromIndex('clips', 'clippedAt');
  const inbox: Clip[] = [];
  const trash: Clip[] = [];
  for (let i = all.length - 1; i >= 0; i--) (all[i]!.deletedAt === undefined ? inbox : trash).push(all[i]!);
  trash.sort((a, b) => (b.deletedAt ?? 0) - (a.deletedAt ?? 0));
  return { inbox, trash };
}

/** Where a board's export choices are kept (the export view; carried by backups). */
export const EXPORT_OPTIONS_KEY_PREFIX = 'exportOptions:';
export const exportChoicesKey = (boardId: string) => `${EXPORT_OPTIONS_KEY_PREFIX}${boardId}`;
/** Since when auto-filing is on, or null (the suggestions; carried by backups). */
export const AUTO_FILE_SINCE_KEY = 'autoFileSince';

/** A clip's lead record, made from its article's text (the first LEAD_LENGTH characters). */
export function leadOf(id: string, text: string): ClipLead {
  return { id, lead: text.slice(0, LEAD_LENGTH) };
}

/**
 * The leads of `ids` (one read-only transaction, one request per clip; '' for a clip without
 * one): what the suggestions and the cell candidates read, for the clips they need.
 */
export async function readLeads(db: KurabeDatabase, ids: readonly string[]): Promise<Map<string, string>> {
  const store = db.transaction('leads').store;
  const found = await Promise.all(ids.map((id) => store.get(id)));
  return new Map(ids.map((id, i) => [id, found[i]?.lead ?? '']));
}

/** Every clip's lead (the Inbox's text filter, once it is used), by clip id. */
export async function readAllLeads(db: KurabeDatabase): Promise<Map<string, string>> {
  const all = await db.getAll('leads');
  return new Map(all.map((record) => [record.id, record.lead]));
}

/** `clips` with their leads (read for these clips only). */
export async function withLeads(db: KurabeDatabase, clips: readonly Clip[]): Promise<ClipWithLead[]> {
  const leads = await readLeads(
    db,
    clips.map((c) => c.id),
  );
  return clips.map((c) => ({ ...c, lead: leads.get(c.id) ?? '' }));
}

/** A clip's article (html, text). */
export async function getBody(db: KurabeDatabase, id: string): Promise<ClipBody> {
  return (await db.get('bodies', id)) ?? { id, html: '', text: '' };
}

export function getClipByUrl(db: KurabeDatabase, normalizedUrl: string): Promise<Clip | undefined> {
  return db.getFromIndex('clips', 'normalizedUrl', normalizedUrl);
}

export async function getSetting<T>(db: KurabeDatabase, key: string): Promise<T | undefined> {
  return (await db.get('settings', key)) as T | undefined;
}

export async function setSetting(db: KurabeDatabase, key: string, value: unknown): Promise<void> {
  await db.put('settings', value, key);
}

/** Quotes of a clip (not deleted), oldest first. */
export async function listQuotes(db: KurabeDatabase, clipId: string): Promise<Quote[]> {
  const quotes = await db.getAllFromIndex('quotes', 'clipId', clipId);
  return quotes.filter((q) => q.deletedAt === undefined).sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * Deletes a quote (Undo: `restoreQuote`). It keeps its placements, which boards and exports leave
 * out while it is deleted and show again when it comes back; emptying the Trash removes it with
 * them for good.
 */
export async function trashQuote(db: KurabeDatabase, id: string, now = Date.now()): Promise<Quote> {
  const tx = db.transaction('quotes', 'readwrite');
  const quote = await tx.store.get(id);
  if (!quote) throw new Error(`No quote ${id}`);
  const trashed = { ...quote, deletedAt: now };
  await tx.store.put(trashed);
  await tx.done;
  return trashed;
}

/** Brings a deleted quote back, with its placements. */
export async function restoreQuote(db: KurabeDatabase, id: string): Promise<Quote> {
  const tx = db.transaction('quotes', 'readwrite');
  const quote = await tx.store.get(id);
  if (!quote) throw new Error(`No quote ${id}`);
  const restored = { ...quote };
  delete restored.deletedAt;
  await tx.store.put(restored);
  await tx.done;
  return restored;
}

/**
 * Changes a quote's text from the record as stored now (one transaction); `change` gets the stored
 * quote and returns the text to write, or undefined to write nothing. Returns the text replaced.
 */
export async function changeQuoteText(
  db: KurabeDatabase,
  id: string,
  change: (quote: Quote) => string | undefined,
): Promise<{ before: Quote; after?: Quote }> {
  const tx = db.transaction('quotes', 'readwrite');
  const before = await tx.store.get(id);
  if (!before) throw new Error(`No quote ${id}`);
  const text = change(before);
  const after = text === undefined ? undefined : { ...before, text };
  if (after) await tx.store.put(after);
  await tx.done;
  return { before, after };
}

/** Moves a clip to the Trash; it keeps its quotes and placements until the Trash is emptied. */
export async function trashClip(db: KurabeDatabase, id: string, now = Date.now()): Promise<Clip> {
  const tx = db.transaction('clips', 'readwrite');
  const clip = await tx.store.get(id);
  if (!clip) throw new Error(`No clip ${id}`);
  const trashed = { ...clip, deletedAt: now };
  await tx.store.put(trashed);
  await tx.done;
  return trashed;
}

/** Brings a clip back from the Trash. */
export async function restoreClip(db: KurabeDatabase, id: string): Promise<Clip> {
  const tx = db.transaction('clips', 'readwrite');
  const clip = await tx.store.get(id);
  if (!clip) throw new Error(`No clip ${id}`);
  const restored = { ...clip };
  delete restored.deletedAt;
  await tx.store.put(restored);
  await tx.done;
  return restored;
}

/** Boards in the Trash, most recently deleted first. */
export async function listTrashedBoards(db: KurabeDatabase): Promise<Board[]> {
  const all = await db.getAll('boards');
  return all.filter((b) => b.deletedAt !== undefined).sort((a, b) => (b.deletedAt ?? 0) - (a.deletedAt ?? 0));
}

/**
 * Deletes everything in the Trash for good, in one transaction: clips with their quotes and
 * placements, boards with their placements. Returns how many clips and boards went.
 */
export async function emptyTrash(db: KurabeDatabase): Promise<number> {
  const tx = db.transaction(
    ['clips', 'quotes', 'placements', 'boards', 'bodies', 'leads', 'searchDocs'],
    'readwrite',
  );
  let deleted = 0;
  for (const board of await tx.objectStore('boards').getAll()) {
    if (board.deletedAt === undefined) continue;
    deleted++;
    for (const key of await tx.objectStore('placements').index('boardId').getAllKeys(board.id)) {
      await tx.objectStore('placements').delete(key);
    }
    await tx.objectStore('boards').delete(board.id);
  }
  // Deleted quotes go for good with their placements (their Undo is long past).
  for (const quote of await tx.objectStore('quotes').getAll()) {
    if (quote.deletedAt === undefined) continue;
    for (const p of await tx.objectStore('placements').index('clipId').getAll(quote.clipId)) {
      if (p.quoteId === quote.id) await tx.objectStore('placements').delete(p.id);
    }
    await tx.objectStore('quotes').delete(quote.id);
  }
  const clips = await tx.objectStore('clips').getAll();
  for (const clip of clips) {
    if (clip.deletedAt === undefined) continue;
    for (const key of await tx.objectStore('quotes').index('clipId').getAllKeys(clip.id)) {
      await tx.objectStore('quotes').delete(key);
    }
    for (const key of await tx.objectStore('placements').index('clipId').getAllKeys(clip.id)) {
      await tx.objectStore('placements').delete(key);
    }
    await tx.objectStore('bodies').delete(clip.id);
    await tx.objectStore('leads').delete(clip.id);
    // Its postings stay until rewritten; without its record they no longer count.
    await tx.objectStore('searchDocs').delete(clip.id);
    await tx.objectStore('clips').delete(clip.id);
    deleted++;
  }
  await tx.done;
  return deleted;
}

// --- boards and placements ---------------------------------------------------------------

/** Boards that are not in the Trash, in the user's order (archived ones included, marked). */
export async function listBoards(db: KurabeDatabase): Promise<Board[]> {
  const boards = await db.getAllFromIndex('boards', 'order');
  return boards.filter((b) => b.deletedAt === undefined);
}

export async function saveBoard(db: KurabeDatabase, board: Board): Promise<void> {
  await db.put('boards', board);
}

/** Changes one board in a transaction of its own (read, change, write: no lost update). */
export async function updateBoard(
  db: KurabeDatabase,
  id: string,
  change: (board: Board) => Board,
): Promise<Board> {
  const tx = db.transaction('boards', 'readwrite');
  const board = await tx.store.get(id);
  if (!board) throw new Error(`No board ${id}`);
  const changed = change(board);
  await tx.store.put(changed);
  await tx.done;
  return changed;
}

/**
 * Reads a board, applies `change` to it as stored now and writes what it returns, in one
 * transaction: an edit made from a panel's copy of the board (read at render time) would
 * otherwise overwrite what another panel changed meanwhile (another cell, a rename). A change
 * that returns undefined (refused, or nothing to do) writes nothing. Returns the board as it was
 * read and as written.
 */
export async function changeBoard(
  db: KurabeDatabase,
  id: string,
  change: (board: Board) => Board | undefined,
): Promise<{ before: Board; after?: Board }> {
  const tx = db.transaction('boards', 'readwrite');
  const before = await tx.store.get(id);
  if (!before) throw new Error(`No board ${id}`);
  const after = change(before);
  if (after) await tx.store.put(after);
  await tx.done;
  return { before, after };
}

/**
 * Remembers the draft `board` made on the blog `key` (after a send), onto the board as stored now:
 * the rest of the board (another panel's edit meanwhile) is kept, and its `updatedAt` too — sending
 * is not editing the board.
 */
export async function rememberBlogDraft(
  db: KurabeDatabase,
  boardId: string,
  key: string,
  draft: BlogDraft,
): Promise<Board | undefined> {
  const { after } = await changeBoard(db, boardId, (board) => ({
    ...board,
    blogDrafts: { ...board.blogDrafts, [key]: draft },
  }));
  return after;
}

/**
 * As `changeBoard`, for an operation that also moves the board's placements (removing a subject
 * or an aspect): the board and its placements are read, changed and written in one transaction.
 */
export async function changeBoardAndPlacements(
  db: KurabeDatabase,
  id: string,
  change: (board: Board, placements: Placement[]) => { board: Board; moved: Placement[] } | undefined,
): Promise<{ before: Board; after?: Board }> {
  const tx = db.transaction(['boards', 'placements'], 'readwrite');
  const before = await tx.objectStore('boards').get(id);
  if (!before) throw new Error(`No board ${id}`);
  const placements = await tx.objectStore('placements').index('boardId').getAll(id);
  const changed = change(before, placements);
  if (changed) {
    await tx.objectStore('boards').put(changed.board);
    for (const p of changed.moved) await tx.objectStore('placements').put(p);
  }
  await tx.done;
  return { before, after: changed?.board };
}

/** Writes a board and the placements an operation on it moved, in one transaction. */
export async function saveBoardChange(db: KurabeDatabase, board: Board, moved: Placement[]): Promise<void> {
  const tx = db.transaction(['boards', 'placements'], 'readwrite');
  await Promise.all([
    tx.objectStore('boards').put(board),
    ...moved.map((p) => tx.objectStore('placements').put(p)),
    tx.done,
  ]);
}

/** Placements of a board in display order. */
export async function listPlacements(db: KurabeDatabase, boardId: string): Promise<Placement[]> {
  const placements = await db.getAllFromIndex('placements', 'boardId', boardId);
  return placements.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
}

export interface NewPlacement {
  boardId: string;
  clipId: string;
  quoteId?: string;
  aspectId?: string;
  subjectId?: string;
}

/**
 * Files a clip (or one of its quotes) on a board, after everything already there. Filing the same
 * clip or quote on the same board again returns the placement it has.
 */
export async function placeClip(
  db: KurabeDatabase,
  input: NewPlacement,
  { newId = () => crypto.randomUUID(), now = Date.now() }: { newId?: () => string; now?: number } = {},
): Promise<Placement> {
  const tx = db.transaction(['placements', 'boards'], 'readwrite');
  const store = tx.objectStore('placements');
  const onBoard = await store.index('boardId').getAll(input.boardId);
  const existing = onBoard.find(
    (p) => p.clipId === input.clipId && (p.quoteId ?? null) === (input.quoteId ?? null),
  );
  if (existing) {
    await tx.done;
    return existing;
  }
  const last = onBoard.reduce<string | null>(
    (max, p) => (max === null || p.order > max ? p.order : max),
    null,
  );
  const placement: Placement = {
    id: newId(),
    ...input,
    order: keyBetween(last, null),
    note: '',
    noteKind: NEW_NOTE_KIND,
  };
  await store.put(placement);
  const board = await tx.objectStore('boards').get(input.boardId);
  if (board) await tx.objectStore('boards').put({ ...board, updatedAt: now });
  await tx.done;
  return placement;
}

/** Writes a placement as given: puts one back where it was (the Undo of a move). */
export async function putPlacement(db: KurabeDatabase, placement: Placement): Promise<void> {
  await db.put('placements', placement);
}

/** Takes a placement off its board (the clip stays in the library). */
export async function removePlacement(db: KurabeDatabase, id: string): Promise<void> {
  await db.delete('placements', id);
}

/**
 * Moves a placement to another aspect/subject cell and between two neighbours (their order keys,
 * either absent at a list end). Only the moved placement is written.
 */
export async function movePlacement(
  db: KurabeDatabase,
  id: string,
  to: { aspectId?: string; subjectId?: string; after?: string | null; before?: string | null },
): Promise<Placement> {
  const tx = db.transaction('placements', 'readwrite');
  const placement = await tx.store.get(id);
  if (!placement) throw new Error(`No placement ${id}`);
  const moved: Placement = { ...placement, order: keyBetween(to.after ?? null, to.before ?? null) };
  if (to.aspectId) moved.aspectId = to.aspectId;
  else delete moved.aspectId;
  if (to.subjectId) moved.subjectId = to.subjectId;
  else delete moved.subjectId;
  await tx.store.put(moved);
  await tx.done;
  return moved;
}

/** A note within LIMITS.noteLength, tags within LIMITS.tagsPerClip and LIMITS.tagLength (longer ones are cut). */
function fitNotes(change: { note?: string; tags?: string[] }): { note?: string; tags?: string[] } {
  const fitted = { ...change };
  if (change.note !== undefined) fitted.note = cutToLimit(change.note, LIMITS.noteLength);
  if (change.tags !== undefined)
    fitted.tags = change.tags.slice(0, LIMITS.tagsPerClip).map((tag) => cutToLimit(tag, LIMITS.tagLength));
  return fitted;
}

/** Changes one clip's note or tags (read and write in one transaction: no lost update). */
export async function updateClipNotes(
  db: KurabeDatabase,
  id: string,
  change: { note?: string; tags?: string[] },
  now = Date.now(),
): Promise<Clip> {
  const tx = db.transaction('clips', 'readwrite');
  const clip = await tx.store.get(id);
  if (!clip) throw new Error(`No clip ${id}`);
  const next: Clip = { ...clip, ...fitNotes(change), updatedAt: now };
  await tx.store.put(next);
  await tx.done;
  return next;
}

/**
 * Changes one clip's note or tags from the clip as stored now, in one transaction: `change` gets
 * the stored clip and returns the fields to write, or undefined to write nothing (refused). Tags
 * added in one panel and removed in another both hold. Returns the clip as it was read and as
 * written.
 */
export async function changeClipNotes(
  db: KurabeDatabase,
  id: string,
  change: (clip: Clip) => { note?: string; tags?: string[] } | undefined,
  now = Date.now(),
): Promise<{ before: Clip; after?: Clip }> {
  const tx = db.transaction('clips', 'readwrite');
  const before = await tx.store.get(id);
  if (!before) throw new Error(`No clip ${id}`);
  const fields = change(before);
  const after = fields ? { ...before, ...fitNotes(fields), updatedAt: now } : undefined;
  if (after) await tx.store.put(after);
  await tx.done;
  return { before, after };
}

/** Changes the note of a quote or of a placement; returns the note it replaced. */
export async function updateNote(
  db: KurabeDatabase,
  store: 'quotes' | 'placements',
  id: string,
  note: string,
): Promise<string> {
  const tx = db.transaction(store, 'readwrite');
  const record = await tx.store.get(id);
  if (!record) throw new Error(`No ${store} record ${id}`);
  await tx.store.put({ ...record, note: cutToLimit(note, LIMITS.noteLength) });
  await tx.done;
  return record.note;
}

/**
 * Sets what a note is for (article text or memo) on a clip, a quote or a placement, onto the
 * record as stored (another panel's note text stays). A clip counts it as an edit (`updatedAt`).
 */
export async function setNoteKind(
  db: KurabeDatabase,
  store: 'clips' | 'quotes' | 'placements',
  id: string,
  kind: NoteKind,
  now = Date.now(),
): Promise<void> {
  const tx = db.transaction(store, 'readwrite');
  const record = await tx.store.get(id);
  if (!record) throw new Error(`No ${store} record ${id}`);
  await tx.store.put(
    store === 'clips' ? { ...record, noteKind: kind, updatedAt: now } : { ...record, noteKind: kind },
  );
  await tx.done;
}

/**
 * Changes one setting from its value as stored now, in one transaction (export choices: one
 * panel's choice of one option does not undo another panel's choice of another).
 */
export async function changeSetting<T>(
  db: KurabeDatabase,
  key: string,
  change: (value: T | undefined) => T,
): Promise<T> {
  const tx = db.transaction('settings', 'readwrite');
  const next = change((await tx.store.get(key)) as T | undefined);
  await tx.store.put(next, key);
  await tx.done;
  return next;
}
