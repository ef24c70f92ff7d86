import { librarySetting } from '../backup/format';
import type { DeriveBody } from '../backup/restore';
import { CHANGES_STORE, EVERYTHING, markChanged, withoutMarks } from '../change-log';
import { sha256Hex } from '../clip-id';
import {
  type Board,
  type Clip,
  type ClipBody,
  type KurabeDatabase,
  leadOf,
  type Placement,
  type Quote,
} from '../db';
import { LIMITS } from '../limits';
import { indexArticle, segmentLongTail } from '../search-postings';
import { articleTerms } from '../search-terms';
import { wordCount } from '../text';
import {
  boardContent,
  bodyContent,
  clipContent,
  contentDocId,
  contentHash,
  type DocType,
  type EntityContent,
  parseDocId,
  placementContent,
  quoteContent,
  settingContent,
  stableJson,
  validateDoc,
} from './docs';
import type { PouchDatabase, PouchDoc } from './pouch';

/**
 * IndexedDB ⇄ PouchDB (docs/sync.md). The mirror's state says, per document, the revision this
 * device last mirrored and the hash of its content then: a local change is written as a child of
 * that revision, so two devices' offline edits of one entity become a CouchDB conflict, never an
 * overwrite.
 */
export const MIRROR_STATE_ID = '_local/kurabe-mirror';

export interface MirrorState {
  /** Document id → the revision last mirrored and its content's hash. */
  entries: Record<string, { rev: string; hash: string }>;
  /** The local database's change sequence the import has read up to. */
  importSeq: number | string;
  /** The local database's change sequence when a push to the server last succeeded. */
  pushedSeq?: number | string;
}

export async function loadState(pouch: PouchDatabase): Promise<MirrorState & { _rev?: string }> {
  try {
    const doc = (await pouch.get(MIRROR_STATE_ID)) as unknown as MirrorState & { _rev: string };
    return {
      entries: doc.entries ?? {},
      importSeq: doc.importSeq ?? 0,
      pushedSeq: doc.pushedSeq,
      _rev: doc._rev,
    };
  } catch (error) {
    if ((error as { status?: number }).status === 404) return { entries: {}, importSeq: 0 };
    throw error;
  }
}

export async function saveState(pouch: PouchDatabase, state: MirrorState & { _rev?: string }): Promise<void> {
  const { rev } = await pouch.put({
    _id: MIRROR_STATE_ID,
    ...(state._rev ? { _rev: state._rev } : {}),
    entries: state.entries,
    importSeq: state.importSeq,
    pushedSeq: state.pushedSeq,
  });
  state._rev = rev;
}

const revGeneration = (rev: string): number => Number.parseInt(rev.slice(0, rev.indexOf('-')), 10);
const revHash = (rev: string): string => rev.slice(rev.indexOf('-') + 1);

/**
 * A revision written with `new_edits:false`: its parent given, its id the hash of what it holds
 * (two devices writing the same change write the same revision, and no conflict).
 */
function childRevision(parent: string | undefined, hash: string): Pick<PouchDoc, '_rev' | '_revisions'> {
  const start = parent ? revGeneration(parent) + 1 : 1;
  // Named by parent and content: a record brought back to what it was (a body revived after a
  // deletion) must not reuse an id of its own history, which PouchDB's revision tree mishandles.
  const id = parent ? sha256Hex(`${parent}|${hash}`).slice(0, 32) : hash;
  const ids = parent ? [id, revHash(parent)] : [id];
  return { _rev: `${start}-${id}`, _revisions: { start, ids } };
}

/** Every entity of the library as its document's content (the sync's view of IndexedDB). */
export async function libraryContents(db: KurabeDatabase): Promise<EntityContent[]> {
  const tx = db.transaction(['clips', 'bodies', 'quotes', 'boards', 'placements', 'settings']);
  const [clips, bodies, quotes, boards, placements, keys, values] = await Promise.all([
    tx.objectStore('clips').getAll(),
    tx.objectStore('bodies').getAll(),
    tx.objectStore('quotes').getAll(),
    tx.objectStore('boards').getAll(),
    tx.objectStore('placements').getAll(),
    tx.objectStore('settings').getAllKeys(),
    tx.objectStore('settings').getAll(),
  ]);
  const contents: EntityContent[] = [
    ...clips.map(clipContent),
    ...bodies.map(bodyContent),
    ...quotes.map(quoteContent),
    ...boards.map(boardContent),
    ...placements.map(placementContent),
  ];
  keys.forEach((key, i) => {
    // Only the library's settings travel; the device's own (last event, sync status) never do.
    if (typeof key === 'string' && librarySetting(key)) contents.push(settingContent(key, values[i]));
  });
  return contents;
}

/**
 * What changed in IndexedDB since the last export (docs/sync.md, "What a sync reads"): the
 * records the change log marks, read by key, or the whole library when a mark says so (an
 * upgrade, a store cleared) or the mirror was never saved (a first sync, a new replica).
 */
export interface LocalChanges {
  /** The changed entities that exist (the library's settings only). */
  contents: EntityContent[];
  /** The document ids of changed entities that no longer exist. */
  gone: string[];
  /** The marks read, to forget once the export is saved (forgetMarks). */
  marks: Map<string, number>;
  /** Whether the whole library was read. */
  whole: boolean;
}

const STORE_OF_TYPE = {
  clip: 'clips',
  body: 'bodies',
  quote: 'quotes',
  board: 'boards',
  placement: 'placements',
  setting: 'settings',
} as const;

/** The content of a record of `type`, as its document holds it. */
function contentOf(type: DocType, key: string, record: unknown): EntityContent | undefined {
  if (record === undefined) return undefined;
  switch (type) {
    case 'clip':
      return clipContent(record as Clip);
    case 'body':
      return bodyContent(record as ClipBody);
    case 'quote':
      return quoteContent(record as Quote);
    case 'board':
      return boardContent(record as Board);
    case 'placement':
      return placementContent(record as Placement);
    case 'setting':
      return settingContent(key, record);
  }
}

export async function localChanges(
  db: KurabeDatabase,
  state: MirrorState & { _rev?: string },
): Promise<LocalChanges> {
  const tx = db.transaction([CHANGES_STORE, ...Object.values(STORE_OF_TYPE)] as never) as unknown as {
    objectStore(name: string): {
      getAllKeys(): Promise<IDBValidKey[]>;
      getAll(): Promise<number[]>;
      get(key: string): Promise<unknown>;
    };
    done: Promise<void>;
  };
  const changes = tx.objectStore(CHANGES_STORE);
  const [keys, values] = await Promise.all([changes.getAllKeys(), changes.getAll()]);
  const marks = new Map(keys.map((key, i) => [String(key), values[i]!]));
  if (marks.has(EVERYTHING) || state._rev === undefined) {
    // Marks are read before the library: a change made in between keeps its (newer) mark.
    await tx.done;
    const contents = await libraryContents(db);
    const seen = new Set(contents.map(contentDocId));
    const gone = Object.keys(state.entries).filter((id) => !seen.has(id));
    return { contents, gone, marks, whole: true };
  }
  const contents: EntityContent[] = [];
  const gone: string[] = [];
  await Promise.all(
    [...marks.keys()].map(async (id) => {
      const parsed = parseDocId(id);
      // Only the library's settings travel; the device's own (last event, sync status) never do.
      if (!parsed || (parsed.type === 'setting' && !librarySetting(parsed.key))) return;
      const content = contentOf(
        parsed.type,
        parsed.key,
        await tx.objectStore(STORE_OF_TYPE[parsed.type]).get(parsed.key),
      );
      if (content) contents.push(content);
      else gone.push(id);
    }),
  );
  await tx.done;
  return { contents, gone, marks, whole: false };
}

/**
 * Forgets the marks an export read, once what it wrote is saved (the mirror's state): a mark
 * made again since (the record changed meanwhile) is kept for the next export.
 */
export async function forgetMarks(db: KurabeDatabase, marks: Map<string, number>): Promise<void> {
  if (marks.size === 0) return;
  const tx = db.transaction(CHANGES_STORE as never, 'readwrite') as unknown as {
    store: { get(key: string): Promise<number | undefined>; delete(key: string): Promise<void> };
    done: Promise<void>;
  };
  await Promise.all(
    [...marks].map(async ([key, value]) => {
      if ((await tx.store.get(key)) === value) await tx.store.delete(key);
    }),
  );
  await tx.done;
}

export interface ExportResult {
  written: number;
  deleted: number;
  /** The change log's marks this export read (forgotten once the mirror's state is saved). */
  marks: Map<string, number>;
  /** Whether it read the whole library (a first sync, an upgrade) or the changed records only. */
  whole: boolean;
}

/**
 * Writes every local change since the last mirror into PouchDB: changed entities as child
 * revisions of the revision last mirrored, entities gone from IndexedDB as tombstones. Reads only
 * the records the change log marks (utils/change-log.ts).
 */
export async function exportLocal(
  db: KurabeDatabase,
  pouch: PouchDatabase,
  state: MirrorState & { _rev?: string },
): Promise<ExportResult> {
  const docs: PouchDoc[] = [];
  const next: MirrorState['entries'] = {};
  let deleted = 0;
  const changes = await localChanges(db, state);
  for (const content of changes.contents) {
    const id = contentDocId(content);
    const hash = contentHash(content);
    const known = state.entries[id];
    if (known?.hash === hash) continue;
    const revision = childRevision(known?.rev, hash);
    docs.push({ _id: id, ...revision, ...content });
    next[id] = { rev: revision._rev!, hash };
  }
  for (const id of changes.gone) {
    const known = state.entries[id];
    if (!known || known.hash === DELETED) continue;
    const revision = childRevision(known.rev, sha256Hex(`deleted:${known.rev}`).slice(0, 32));
    docs.push({ _id: id, ...revision, _deleted: true });
    next[id] = { rev: revision._rev!, hash: DELETED };
    deleted++;
  }
  for (let i = 0; i < docs.length; i += 500)
    await pouch.bulkDocs(docs.slice(i, i + 500), { new_edits: false });
  Object.assign(state.entries, next);
  return { written: docs.length - deleted, deleted, marks: changes.marks, whole: changes.whole };
}

/** The hash of an entity that is gone (its tombstone was mirrored). */
const DELETED = 'deleted';

// --- conflicts -----------------------------------------------------------------------------

/** A version of a text field that lost a conflict: offered as 「別の端末での変更」. */
export interface OtherVersion {
  /** The entity's document (`clip:<id>`, `board:<id>`, …). */
  docId: string;
  /** `note`, or `cell:<aspect id>:<subject id>` for a comparison table's cell. */
  field: string;
  text: string;
  /** The losing revision. */
  rev: string;
}

export const OTHER_VERSION_PREFIX = 'conflict:';

interface Merged {
  record: Record<string, unknown>;
  others: Omit<OtherVersion, 'docId' | 'rev'>[];
}

/**
 * The winner with what a merge makes obvious taken from a loser: tags are the union; a note keeps
 * the winner's text and the loser's, when it differs, becomes another version; a board's cells
 * only the loser filled are taken, cells both changed keep the winner's and offer the other.
 */
export function mergeVersions(
  type: string,
  winner: Record<string, unknown>,
  loser: Record<string, unknown>,
): Merged {
  const record = { ...winner };
  const others: Merged['others'] = [];
  if (type === 'clip') {
    const tags = [...(winner.tags as string[])];
    for (const tag of loser.tags as string[]) if (!tags.includes(tag)) tags.push(tag);
    record.tags = tags.slice(0, LIMITS.tagsPerClip);
  }
  if (type === 'clip' || type === 'quote' || type === 'placement') {
    const note = loser.note as string;
    if (note !== '' && note !== winner.note) others.push({ field: 'note', text: note });
  }
  if (type === 'board') {
    const cells = structuredClone(winner.cellNotes as Board['cellNotes']);
    for (const [aspect, row] of Object.entries(loser.cellNotes as Board['cellNotes'])) {
      for (const [subject, text] of Object.entries(row)) {
        const mine = cells[aspect]?.[subject];
        if (mine === undefined || mine === '') {
          cells[aspect] ??= {};
          cells[aspect][subject] = text;
        } else if (text !== '' && text !== mine) others.push({ field: `cell:${aspect}:${subject}`, text });
      }
    }
    record.cellNotes = cells;
    // The drafts made on blogs: per blog, the one sent last (the other device's send made it).
    const drafts = { ...(winner.blogDrafts as Board['blogDrafts']) };
    for (const [key, draft] of Object.entries((loser.blogDrafts as Board['blogDrafts']) ?? {})) {
      const mine = drafts[key];
      if (!mine || draft.sentAt > mine.sentAt) drafts[key] = draft;
    }
    if (Object.keys(drafts).length > 0) record.blogDrafts = drafts;
  }
  return { record, others };
}

/**
 * Resolves a document's conflict the same way on every device: the winner (CouchDB's choice,
 * deterministic) merged with each loser, the losers' revisions ended, the losing texts kept as
 * documents of their own. Every revision is named by its content, so two devices resolving one
 * conflict write the same revisions.
 */
async function resolveConflict(pouch: PouchDatabase, winner: PouchDoc): Promise<number> {
  const losers = await Promise.all((winner._conflicts ?? []).map((rev) => pouch.get(winner._id, { rev })));
  const type = String(winner.type);
  let record = winner.record as Record<string, unknown>;
  const docs: PouchDoc[] = [];
  let others = 0;
  for (const loser of losers.sort((a, b) => (a._rev! < b._rev! ? -1 : 1))) {
    if (loser.record && record) {
      const merged = mergeVersions(type, record, loser.record as Record<string, unknown>);
      record = merged.record;
      for (const other of merged.others) {
        const version: OtherVersion = { docId: winner._id, rev: loser._rev!, ...other };
        const content = { type: 'conflict', record: version };
        docs.push({
          _id: `${OTHER_VERSION_PREFIX}${winner._id}:${other.field}:${loser._rev}`,
          ...childRevision(undefined, sha256Hex(stableJson(content)).slice(0, 32)),
          ...content,
        });
        others++;
      }
    }
    docs.push({
      _id: winner._id,
      ...childRevision(loser._rev, sha256Hex(`deleted:${loser._rev}`).slice(0, 32)),
      _deleted: true,
    });
  }
  if (record && stableJson(record) !== stableJson(winner.record)) {
    const content = { type, record } as EntityContent;
    docs.push({ _id: winner._id, ...childRevision(winner._rev, contentHash(content)), ...content });
  }
  await pouch.bulkDocs(docs, { new_edits: false });
  return others;
}

/** The other versions waiting for a person to keep or merge them. */
export async function listOtherVersions(pouch: PouchDatabase): Promise<OtherVersion[]> {
  const { rows } = await pouch.allDocs({
    include_docs: true,
    startkey: OTHER_VERSION_PREFIX,
    endkey: `${OTHER_VERSION_PREFIX}\uffff`,
  });
  return rows.flatMap((row) => (row.doc ? [row.doc.record as OtherVersion] : []));
}

/** Dismisses another version (kept the winner, or merged it by hand): it leaves every device. */
export async function dismissOtherVersion(pouch: PouchDatabase, version: OtherVersion): Promise<void> {
  const id = `${OTHER_VERSION_PREFIX}${version.docId}:${version.field}:${version.rev}`;
  const doc = await pouch.get(id);
  await pouch.put({ _id: id, _rev: doc._rev, _deleted: true });
}

// --- import --------------------------------------------------------------------------------

export interface ImportResult {
  /** Records written to or deleted from IndexedDB. */
  applied: number;
  /** Documents refused by the schemas (never written), with why. */
  rejected: { id: string; reason: string }[];
  /** Conflicts resolved (by this device) and the other versions they left. */
  conflicts: number;
  otherVersions: number;
  /** Documents left for the next export: the person changed the record meanwhile. */
  deferred: number;
  /**
   * Deletions not applied because the clip they belong to is alive here (deleted for good on one
   * device, edited on another: the edit wins, and its article, quotes and placements stay with it).
   */
  kept: number;
}

/** The text a body's HTML gives, by the rules saveClip and a restore follow. */
function deriveText(
  html: string,
  clip: Clip | undefined,
  deriveBody: DeriveBody,
): { html: string; text: string } {
  if (html === '') return { html: '', text: clip?.kind === 'bookmark' ? clip.excerpt : '' };
  return deriveBody(html);
}

/**
 * A clip as stored, with what its text gives it (its word count), and its lead record (the lead
 * is not in a clip document: it is rebuilt from the body's text, as a restore does).
 */
function withDerived(clip: Clip, text: string | undefined): Clip {
  const next: Clip = { ...clip };
  delete next.words;
  const words = text === undefined ? undefined : wordCount(text, clip.lang);
  if (words !== undefined) next.words = Math.min(words, LIMITS.articleChars);
  return next;
}

/** The current content of an entity in IndexedDB, read in `tx`. */
async function localContent(tx: ImportTx, type: string, key: string): Promise<EntityContent | undefined> {
  switch (type) {
    case 'clip': {
      const clip = await tx.objectStore('clips').get(key);
      return clip && clipContent(clip);
    }
    case 'body': {
      const body = await tx.objectStore('bodies').get(key);
      return body && bodyContent(body);
    }
    case 'quote': {
      const quote = await tx.objectStore('quotes').get(key);
      return quote && quoteContent(quote);
    }
    case 'board': {
      const board = await tx.objectStore('boards').get(key);
      return board && boardContent(board);
    }
    case 'placement': {
      const placement = await tx.objectStore('placements').get(key);
      return placement && placementContent(placement);
    }
    default: {
      const value = await tx.objectStore('settings').get(key);
      return value === undefined ? undefined : settingContent(key, value);
    }
  }
}

/** Whether the part of a clip (its body, a quote, a placement) belongs to a clip alive here. */
async function clipAlive(tx: ImportTx, type: string, local: EntityContent): Promise<boolean> {
  const clipId =
    type === 'body'
      ? local.record.id
      : type === 'quote' || type === 'placement'
        ? local.record.clipId
        : undefined;
  return typeof clipId === 'string' && (await tx.objectStore('clips').getKey(clipId)) !== undefined;
}

type ImportTx = ReturnType<typeof importTransaction>;
// searchDocs, searchMeta: an article that arrives, changes or goes changes the search index with it.
// Its writes leave no change marks (what it writes is what the mirror holds); a record it leaves
// for the next export is marked by hand (markChanged).
const importTransaction = (db: KurabeDatabase) =>
  withoutMarks(
    db.transaction(
      ['clips', 'bodies', 'leads', 'quotes', 'boards', 'placements', 'settings', 'searchDocs', 'searchMeta'],
      'readwrite',
    ),
  );

/**
 * Writes one document's winning revision into IndexedDB (in `tx`), or deletes the record for a
 * tombstone. Returns the content as written (its hash is what the next export compares), or
 * undefined after a deletion.
 */
async function applyDoc(
  tx: ImportTx,
  type: string,
  key: string,
  content: EntityContent | undefined,
  deriveBody: DeriveBody,
): Promise<EntityContent | undefined> {
  const clips = tx.objectStore('clips');
  const bodies = tx.objectStore('bodies');
  if (!content) {
    const store = (
      { clip: 'clips', body: 'bodies', quote: 'quotes', board: 'boards', placement: 'placements' } as const
    )[type as 'clip'];
    if (store) await tx.objectStore(store).delete(key);
    else await tx.objectStore('settings').delete(key);
    // A clip or its article gone: its document number no longer counts in the postings.
    if (type === 'clip' || type === 'body') await tx.objectStore('searchDocs').delete(key);
    // Its lead goes with its record (a body gone leaves the clip's lead until the clip goes).
    if (type === 'clip') await tx.objectStore('leads').delete(key);
    return undefined;
  }
  const record = content.record;
  switch (content.type) {
    case 'clip': {
      const clip = record as unknown as Clip;
      // A clip of this page under another id would break the unique URL index. Every clip has its
      // page's id (version 5 re-keyed the library, a restore re-keys a backup's clips), and a
      // clip document must have its page's id (validateDoc): so this cannot happen but by hand.
      const samePage = await clips.index('normalizedUrl').get(clip.normalizedUrl);
      if (samePage && samePage.id !== clip.id) throw new Error(`${clip.id}: another clip holds its page`);
      const text = (await bodies.get(clip.id))?.text;
      const written = withDerived(clip, text);
      await clips.put(written);
      await tx.objectStore('leads').put(leadOf(clip.id, text ?? ''));
      return clipContent(written);
    }
    case 'body': {
      const clip = await clips.get(key);
      const derived = deriveText(record.html as string, clip, deriveBody);
      const body: ClipBody = { id: key, ...derived };
      await bodies.put(body);
      if (clip) {
        await clips.put(withDerived(clip, derived.text));
        await tx.objectStore('leads').put(leadOf(key, derived.text));
      }
      // Indexed as a clip saved here is: a new document number, in the index's tail (its terms
      // computed here: synchronous work keeps the transaction open).
      await indexArticle(
        tx.objectStore('searchDocs'),
        tx.objectStore('searchMeta'),
        key,
        articleTerms(derived.text),
      );
      return bodyContent(body);
    }
    case 'quote':
      await tx.objectStore('quotes').put(record as unknown as Quote);
      return content;
    case 'board':
      await tx.objectStore('boards').put(record as unknown as Board);
      return content;
    case 'placement':
      await tx.objectStore('placements').put(record as unknown as Placement);
      return content;
    default:
      await tx.objectStore('settings').put(record.value, key);
      return content;
  }
}

/**
 * Brings what replication wrote into PouchDB over to IndexedDB: conflicts resolved, each winner
 * validated like a restored backup's record, a record the person changed since the last mirror
 * left alone (the next export makes their change a conflict, which loses nothing).
 */
export async function importChanges(
  db: KurabeDatabase,
  pouch: PouchDatabase,
  state: MirrorState,
  deriveBody: DeriveBody,
): Promise<ImportResult> {
  const result: ImportResult = {
    applied: 0,
    rejected: [],
    conflicts: 0,
    otherVersions: 0,
    deferred: 0,
    kept: 0,
  };
  for (;;) {
    const page = await pouch.changes({
      since: state.importSeq,
      include_docs: true,
      conflicts: true,
      limit: 200,
    });
    if (page.results.length === 0) break;
    // Conflicts first, each once: resolving writes new revisions, which come back as changes.
    let resolved = false;
    for (const change of page.results) {
      if (change.doc?._conflicts?.length && parseDocId(change.id)) {
        result.otherVersions += await resolveConflict(pouch, change.doc);
        result.conflicts++;
        resolved = true;
      }
    }
    if (resolved) continue; // read the page again, with the resolutions
    const tx = importTransaction(db);
    for (const change of page.results) {
      const parsed = parseDocId(change.id);
      const doc = change.doc;
      if (!parsed || !doc) continue;
      const known = state.entries[change.id];
      if (known?.rev === doc._rev) continue; // this device's own export, or already imported
      let content: EntityContent | undefined;
      if (!doc._deleted) {
        const checked = validateDoc(change.id, doc);
        if (!checked.ok) {
          result.rejected.push({ id: change.id, reason: checked.reason });
          continue;
        }
        content = checked.content;
      }
      const local = await localContent(tx, parsed.type, parsed.key);
      const localHash = local ? contentHash(local) : DELETED;
      // The person changed it since the last mirror (or made it, never exported): theirs stays.
      if (localHash !== (known?.hash ?? DELETED)) {
        // Its change marked it already; marked again so no export can have taken the mark.
        markChanged(tx, change.id);
        result.deferred++;
        continue;
      }
      if (!content && local && (await clipAlive(tx, parsed.type, local))) {
        // The tombstone becomes the parent of this device's record: the next export revives it.
        state.entries[change.id] = { rev: doc._rev!, hash: DELETED };
        markChanged(tx, change.id);
        result.kept++;
        continue;
      }
      try {
        const written = await applyDoc(tx, parsed.type, parsed.key, content, deriveBody);
        state.entries[change.id] = { rev: doc._rev!, hash: written ? contentHash(written) : DELETED };
        result.applied++;
      } catch (error) {
        result.rejected.push({ id: change.id, reason: (error as Error).message });
      }
    }
    await tx.done;
    state.importSeq = page.last_seq;
    // A page brings up to 200 articles into the tail: it never grows past a segment's worth.
    await segmentLongTail(db);
  }
  return result;
}

// --- one sync ------------------------------------------------------------------------------

export interface SyncResult {
  exported: ExportResult;
  imported: ImportResult;
}

/**
 * One sync: local changes out, replication both ways (checkpointed by PouchDB: an interrupted
 * sync resumes where it stopped), what came in validated and written to IndexedDB. Throws what
 * replication throws (utils/sync/status.ts says it in words).
 */
export async function syncOnce(
  db: KurabeDatabase,
  local: PouchDatabase,
  remote: PouchDatabase,
  deriveBody: DeriveBody,
): Promise<SyncResult> {
  const state = await loadState(local);
  const exported = await exportLocal(db, local, state);
  await saveState(local, state);
  await forgetMarks(db, exported.marks);
  await push(local, remote);
  await local.replicate.from(remote);
  const imported = await importChanges(db, local, state, deriveBody);
  // Resolutions and kept records are this device's revisions: the other devices get them now.
  const again = imported.kept > 0 ? await exportLocal(db, local, state) : undefined;
  await saveState(local, state);
  if (again) await forgetMarks(db, again.marks);
  if (imported.conflicts > 0 || imported.kept > 0) await push(local, remote);
  state.pushedSeq = (await local.info()).update_seq;
  await saveState(local, state);
  return { exported, imported };
}

/**
 * Half a sync, for a context with no DOM to sanitize arriving articles (Chrome's background
 * worker, when no panel is open): local changes out to the server, nothing read back. The next
 * full sync (a panel) imports as usual; what this pushed is already mirrored and is not re-read.
 */
export async function pushOnce(
  db: KurabeDatabase,
  local: PouchDatabase,
  remote: PouchDatabase,
): Promise<ExportResult> {
  const state = await loadState(local);
  const exported = await exportLocal(db, local, state);
  await saveState(local, state);
  await forgetMarks(db, exported.marks);
  await push(local, remote);
  state.pushedSeq = (await local.info()).update_seq;
  await saveState(local, state);
  return exported;
}

/**
 * Changes of this device the server does not have yet: records changed since the last export,
 * and documents written since the last successful push (for the status line).
 */
export async function pendingChanges(db: KurabeDatabase, local: PouchDatabase): Promise<number> {
  const state = await loadState(local);
  let pending = 0;
  const changes = await localChanges(db, state);
  for (const content of changes.contents)
    if (state.entries[contentDocId(content)]?.hash !== contentHash(content)) pending++;
  for (const id of changes.gone) {
    const known = state.entries[id];
    if (known && known.hash !== DELETED) pending++;
  }
  const since = await local.changes({ since: state.pushedSeq ?? 0 });
  return pending + since.results.filter((change) => parseDocId(change.id)).length;
}

/**
 * Replicates to the server. A document the server refuses does not fail a replication (PouchDB
 * counts it and goes on): here it does, with the server's reason (a read-only user: 403), since a
 * change that never leaves the device must not look synced.
 */
async function push(local: PouchDatabase, remote: PouchDatabase): Promise<void> {
  const result = await local.replicate.to(remote);
  if ((result.doc_write_failures ?? 0) > 0) {
    const first = result.errors?.[0] as { status?: number; name?: string; message?: string } | undefined;
    throw Object.assign(new Error(first?.message ?? 'The server refused documents'), {
      status: first?.status ?? 403,
      name: first?.name ?? 'forbidden',
    });
  }
}
