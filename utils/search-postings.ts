import type { IDBPObjectStore, StoreNames } from 'idb';
import { type KurabeDatabase, type KurabeDB, readLeads, type SearchDoc, type SearchMeta } from './db';
import { articleTerms, lookupOf } from './search-terms';

/**
 * The article search index, kept in IndexedDB (version 7) and read per query: at 50,000 clips
 * the articles hold about 600 M characters, and no index held whole in the panel's memory fits
 * its 100 MiB. Titles, notes, tags and quotes are small and stay in memory (utils/search.ts).
 *
 * Layout (a log-structured index, so that keeping it costs one write per clip):
 * - `searchDocs`: each clip whose article is indexed, with its document number. A clip saved
 *   (clipped, clipped again, restored) gets a new number and its terms, and waits in the *tail*;
 *   postings of its older number no longer count, because no clip has that number any more.
 * - `searchPostings`: [term, segment] → the segment's document numbers holding the term, as
 *   delta varints. A segment is written once, from a batch of tail clips or of clips not yet
 *   indexed (the build of an existing library), in one transaction with their `searchDocs`.
 * - `searchMeta`: the next document and segment numbers.
 * A query reads, per term, the postings of every segment (one key range), adds the tail's, and
 * keeps the numbers of live clips. Nothing is rebuilt when the panel opens.
 */

export const SEARCH_META_KEY = 'meta';
/** Tail clips written into a segment once this many wait (fewer: they are searched from memory). */
export const TAIL_SEGMENT_SIZE = 64;
/** A segment built from an existing library: at most this many clips or characters. */
const SEGMENT_CLIPS = 400;
const SEGMENT_CHARS = 4_000_000;
/** Articles read per transaction while building. */
const READ_BATCH = 8;
/** Postings written between two waits, so that no task of the build runs long. */
const WRITE_CHUNK = 1500;

// --- postings: sorted document numbers as delta varints -----------------------------------

export function encodeDocs(sorted: readonly number[]): Uint8Array {
  const out = new Uint8Array(sorted.length * 5);
  let at = 0;
  let prev = 0;
  for (const doc of sorted) {
    let delta = doc - prev;
    prev = doc;
    while (delta >= 0x80) {
      out[at++] = (delta & 0x7f) | 0x80;
      delta >>>= 7;
    }
    out[at++] = delta;
  }
  return out.slice(0, at);
}

export function decodeDocs(bytes: Uint8Array, into: (doc: number) => void): void {
  let prev = 0;
  for (let at = 0; at < bytes.length; ) {
    let delta = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[at++]!;
      delta += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    prev += delta;
    into(prev);
  }
}

// --- keeping the index: one write per saved clip --------------------------------------------

type Stores<Name extends StoreNames<KurabeDB>> = IDBPObjectStore<
  KurabeDB,
  ArrayLike<StoreNames<KurabeDB>>,
  Name,
  'readwrite'
>;

async function nextNumbers(meta: Stores<'searchMeta'>): Promise<SearchMeta> {
  return (await meta.get(SEARCH_META_KEY)) ?? { nextDoc: 1, nextSegment: 1 };
}

/**
 * Puts a clip's article into the index's tail, inside the caller's transaction (saveClip): a new
 * document number and the article's terms, computed beforehand with `articleTerms`. One record.
 */
export async function indexArticle(
  docs: Stores<'searchDocs'>,
  meta: Stores<'searchMeta'>,
  clipId: string,
  terms: Set<string>,
): Promise<void> {
  const numbers = await nextNumbers(meta);
  await meta.put({ ...numbers, nextDoc: numbers.nextDoc + 1 }, SEARCH_META_KEY);
  await docs.put({ id: clipId, doc: numbers.nextDoc, terms: [...terms], tail: 1 });
}

// --- building: the clips not yet indexed, and the tail, into segments -------------------------

interface Pending {
  id: string;
  /** The document number of a tail clip (kept); undefined for a clip not yet indexed. */
  doc?: number;
  terms: Iterable<string>;
}

export interface BuildOptions {
  /** Waits between slices (the panel yields to its own work); default: a macrotask. */
  pause?: () => Promise<void>;
  signal?: AbortSignal;
  /** Told after each segment written: the clips indexed so far, those left, the records written. */
  onProgress?: (done: number, left: number, written: SearchDoc[]) => void;
  /** Write the tail into a segment even when it holds fewer than TAIL_SEGMENT_SIZE clips. */
  flushTail?: boolean;
  /** Clips per segment (default SEGMENT_CLIPS; tests use fewer). */
  segmentClips?: number;
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Indexes every article not indexed yet (an existing library after the upgrade to version 7, a
 * restored one), and writes the tail into a segment when it is long. Runs in slices: articles
 * are read a few at a time and a segment is written every few hundred clips, each in its own
 * transaction, so it can stop anywhere (a closed panel) and the next run goes on from the clips
 * still missing. Two panels running it at once index nothing twice: a segment's transaction
 * skips the clips indexed meanwhile. Returns how many clips it indexed.
 */
export async function buildSearchIndex(db: KurabeDatabase, options: BuildOptions = {}): Promise<number> {
  const pause = options.pause ?? macrotask;
  const [bodyIds, docIds] = await Promise.all([db.getAllKeys('bodies'), db.getAllKeys('searchDocs')]);
  const indexed = new Set(docIds);
  const missing = bodyIds.filter((id) => !indexed.has(id));
  let done = 0;
  let pending: Pending[] = [];
  let chars = 0;
  const flush = async () => {
    const written = pending.length ? await writeSegment(db, pending) : [];
    const fromTail = new Set(pending.filter((p) => p.doc !== undefined).map((p) => p.id));
    done += written.filter((d) => !fromTail.has(d.id)).length;
    pending = [];
    chars = 0;
    options.onProgress?.(done, Math.max(0, missing.length - done), written);
  };
  for (let i = 0; i < missing.length; i += READ_BATCH) {
    if (options.signal?.aborted) return done;
    const tx = db.transaction('bodies');
    const bodies = await Promise.all(missing.slice(i, i + READ_BATCH).map((id) => tx.store.get(id)));
    for (const body of bodies) {
      if (!body) continue;
      pending.push({ id: body.id, terms: articleTerms(body.text) });
      chars += body.text.length;
    }
    if (pending.length >= (options.segmentClips ?? SEGMENT_CLIPS) || chars >= SEGMENT_CHARS) await flush();
    await pause();
  }
  await flush();
  const tail = await db.getAllFromIndex('searchDocs', 'tail');
  if (tail.length >= TAIL_SEGMENT_SIZE || (options.flushTail && tail.length)) {
    pending = tail.map((d) => ({ id: d.id, doc: d.doc, terms: d.terms ?? [] }));
    await flush();
  }
  return done;
}

/**
 * Writes the tail into a segment once it holds TAIL_SEGMENT_SIZE clips (the sync brings
 * articles by the hundred; the tail's terms are read whole by every panel that opens the index).
 * Returns the records written.
 */
export async function segmentLongTail(db: KurabeDatabase): Promise<SearchDoc[]> {
  const tail = await db.getAllFromIndex('searchDocs', 'tail');
  if (tail.length < TAIL_SEGMENT_SIZE) return [];
  return writeSegment(
    db,
    tail.map((d) => ({ id: d.id, doc: d.doc, terms: d.terms ?? [] })),
  );
}

/** Writes one segment of postings and its clips' records, in one transaction; returns the records. */
async function writeSegment(db: KurabeDatabase, pending: Pending[]): Promise<SearchDoc[]> {
  const tx = db.transaction(['searchDocs', 'searchPostings', 'searchMeta'], 'readwrite');
  const docs = tx.objectStore('searchDocs');
  const postings = tx.objectStore('searchPostings');
  const meta = tx.objectStore('searchMeta');
  const numbers = await nextNumbers(meta);
  const current = await Promise.all(pending.map((p) => docs.get(p.id)));
  const segment = numbers.nextSegment;
  let nextDoc = numbers.nextDoc;
  const byTerm = new Map<string, number[]>();
  const written: SearchDoc[] = [];
  pending.forEach((p, i) => {
    const now = current[i];
    // A clip indexed (or saved again) since this batch was read keeps what it has now.
    if (p.doc === undefined ? now !== undefined : now?.doc !== p.doc) return;
    const doc = p.doc ?? nextDoc++;
    written.push({ id: p.id, doc });
    for (const term of p.terms) {
      const list = byTerm.get(term);
      if (list) list.push(doc);
      else byTerm.set(term, [doc]);
    }
  });
  const puts: Promise<unknown>[] = [meta.put({ nextDoc, nextSegment: segment + 1 }, SEARCH_META_KEY)];
  for (const d of written) puts.push(docs.put(d));
  let inChunk = 0;
  for (const [term, list] of byTerm) {
    list.sort((a, b) => a - b);
    puts.push(postings.put(encodeDocs(list), [term, segment]));
    if (++inChunk >= WRITE_CHUNK) {
      // Wait for the writes so far (the transaction stays open while they run).
      await puts.at(-1);
      inChunk = 0;
    }
  }
  await Promise.all([...puts, tx.done]);
  return written;
}

/** Whether every article has been indexed (the build has nothing left). */
export async function searchIndexComplete(db: KurabeDatabase): Promise<boolean> {
  const [bodies, docs] = await Promise.all([db.count('bodies'), db.count('searchDocs')]);
  return docs >= bodies;
}

// --- reading: a query's candidates ------------------------------------------------------------

/**
 * The clips whose article may hold a query term, read from the index. `certain` says whether
 * each of them does hold it (else the caller checks the text).
 */
export interface ArticleCandidates {
  clipIds: Set<string>;
  certain: boolean;
}

/**
 * The panel's view of the index: which clip each live document number belongs to, and the tail
 * in memory. Loaded when the Search tab opens (one read of the small `searchDocs` records);
 * postings are read per query.
 */
/** Characters of article text a panel keeps of the hits it read lately (4 MB as UTF-16). */
const TEXT_CACHE_CHARS = 2_000_000;

export class ArticleIndex {
  private readonly clipOfDoc = new Map<number, string>();
  private readonly docOfClip = new Map<string, number>();
  private readonly tail = new Map<number, Set<string>>();
  /**
   * Texts read lately, oldest first, with the document number they were read under (a clip saved
   * again has another): the next query, or the same one typed further, mostly shows the same
   * recent clips, and reading an article is what a query costs.
   */
  private readonly textCache = new Map<string, { doc: number; text: string }>();
  private cachedChars = 0;

  constructor(private readonly db: KurabeDatabase) {}

  static async load(db: KurabeDatabase): Promise<ArticleIndex> {
    const index = new ArticleIndex(db);
    for (const record of await db.getAll('searchDocs')) index.take(record);
    return index;
  }

  /** Takes a clip's record as stored now (after a save, or a segment written). */
  take(record: SearchDoc): void {
    const old = this.docOfClip.get(record.id);
    if (old !== undefined) {
      this.clipOfDoc.delete(old);
      this.tail.delete(old);
    }
    this.docOfClip.set(record.id, record.doc);
    this.clipOfDoc.set(record.doc, record.id);
    if (record.terms) this.tail.set(record.doc, new Set(record.terms));
  }

  /** Re-reads the records of these clips (saved, or indexed by another panel, since the load). */
  async refresh(clipIds: readonly string[]): Promise<void> {
    const tx = this.db.transaction('searchDocs');
    const records = await Promise.all(clipIds.map((id) => tx.store.get(id)));
    clipIds.forEach((id, i) => {
      const record = records[i];
      if (record) this.take(record);
      else this.forget(id);
    });
  }

  forget(clipId: string): void {
    const old = this.docOfClip.get(clipId);
    if (old === undefined) return;
    this.clipOfDoc.delete(old);
    this.tail.delete(old);
    this.docOfClip.delete(clipId);
  }

  /** Whether the clip's article is in the index (else only its lead can be searched). */
  has(clipId: string): boolean {
    return this.docOfClip.has(clipId);
  }

  get size(): number {
    return this.docOfClip.size;
  }

  /** Leads of clips not indexed yet, searched in their place (utils/search.ts). */
  leads(clipIds: string[]): Promise<Map<string, string>> {
    return readLeads(this.db, clipIds);
  }

  /** The articles' text: those read lately from memory, the others in one read transaction. */
  async texts(clipIds: string[]): Promise<Map<string, string>> {
    const texts = new Map<string, string>();
    const toRead: string[] = [];
    for (const id of clipIds) {
      const cached = this.textCache.get(id);
      if (cached && cached.doc === this.docOfClip.get(id)) {
        texts.set(id, cached.text);
        // The most recently used last: the oldest go first.
        this.textCache.delete(id);
        this.textCache.set(id, cached);
      } else toRead.push(id);
    }
    if (toRead.length === 0) return texts;
    const tx = this.db.transaction('bodies');
    const bodies = await Promise.all(toRead.map((id) => tx.store.get(id)));
    for (const body of bodies) {
      if (!body) continue;
      texts.set(body.id, body.text);
      const doc = this.docOfClip.get(body.id);
      if (doc !== undefined) this.remember(body.id, doc, body.text);
    }
    return texts;
  }

  private remember(clipId: string, doc: number, text: string): void {
    const old = this.textCache.get(clipId);
    if (old) {
      this.cachedChars -= old.text.length;
      this.textCache.delete(clipId);
    }
    if (text.length > TEXT_CACHE_CHARS / 4) return;
    this.textCache.set(clipId, { doc, text });
    this.cachedChars += text.length;
    for (const [id, entry] of this.textCache) {
      if (this.cachedChars <= TEXT_CACHE_CHARS) break;
      this.textCache.delete(id);
      this.cachedChars -= entry.text.length;
    }
  }

  async candidates(term: string): Promise<ArticleCandidates> {
    const { exact, prefixes, certain } = lookupOf(term);
    if (exact.length + prefixes.length === 0) return { clipIds: new Set(), certain: false };
    const tx = this.db.transaction('searchPostings');
    const ranges = [
      ...exact.map((t) => ({ term: t, range: IDBKeyRange.bound([t, 0], [t, Number.POSITIVE_INFINITY]) })),
      ...prefixes.map((p) => ({
        term: undefined,
        prefix: p,
        range: IDBKeyRange.bound([p, 0], [`${p}\uffff`, Number.POSITIVE_INFINITY]),
      })),
    ];
    const lists = await Promise.all(ranges.map((r) => tx.store.getAll(r.range)));
    let result: Set<number> | undefined;
    ranges.forEach((r, i) => {
      const docs = new Set<number>();
      for (const bytes of lists[i]!) decodeDocs(bytes, (doc) => docs.add(doc));
      for (const [doc, terms] of this.tail) {
        if (r.term !== undefined ? terms.has(r.term) : [...terms].some((t) => t.startsWith(r.prefix!)))
          docs.add(doc);
      }
      if (result === undefined) result = docs;
      else for (const doc of result) if (!docs.has(doc)) result.delete(doc);
    });
    const clipIds = new Set<string>();
    for (const doc of result ?? []) {
      const clipId = this.clipOfDoc.get(doc);
      if (clipId !== undefined) clipIds.add(clipId);
    }
    return { clipIds, certain };
  }
}
