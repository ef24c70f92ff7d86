import { foldForSearch as fold } from './clip-filter';
import type { Board, Clip, Placement, Quote } from './db';
/**
 * Search over everything the user clipped or wrote: titles, articles, notes, tags, quotes and
 * their notes, the notes on placements and the comparison tables' cells. Matching is by substring
 * on folded text (NFKC, lower case), so Japanese needs no spaces (「満足度」 finds 「顧客満足度」);
 * an English word finds the words it begins (its plural or -ing/-ed form is searched by its stem).
 * Every term must match somewhere.
 *
 * Articles are found through the index kept in IndexedDB (utils/search-postings.ts), and checked
 * against their text where the index cannot be sure; everything else is small and searched here,
 * folded once per change (`SearchIndex.update`), so typing a query rebuilds nothing.
 */
import type { ArticleCandidates } from './search-postings';
import { stem } from './tokenize';

export interface Snippet {
  text: string;
  /** [start, end) ranges of `text` to highlight. */
  marks: [number, number][];
}

export interface SearchHit {
  clipId: string;
  title: Snippet;
  snippets: Snippet[];
}

/** A cell of a board's comparison table whose note matches. */
export interface CellHit {
  boardId: string;
  aspectId: string;
  subjectId: string;
  /** 「観点 × 対象」 as the table names the cell. */
  aspect: string;
  subject: string;
  snippet: Snippet;
}

export interface SearchGroup {
  /** undefined: clips on no board. */
  boardId?: string;
  title: string;
  /** Cells of this board's comparison table whose notes match (before its clips). */
  cells: CellHit[];
  hits: SearchHit[];
}

/** A text as shown and as searched (exported for scripts/search-scan.ts, the old scan the bench keeps). */
export interface Field {
  /** Shown text (the original when folding kept its length, else the folded text). */
  shown: string;
  folded: string;
}

interface Entry {
  /** The clip's `updatedAt` and a fingerprint of its quotes and placement notes, when folded. */
  updatedAt: number;
  written: string;
  title: Field;
  /** Note, tags, quotes and their notes, notes on placements: what the user wrote. */
  fields: Field[];
  /** The article's lead, folded when first needed: searched while the article is not indexed. */
  lead: string;
  leadField?: Field;
  /** Whether `lead` was read from the `leads` store (version 9 keeps leads out of clip records). */
  leadRead?: boolean;
}

/** The article index as a query sees it (ArticleIndex in utils/search-postings.ts). */
export interface ArticleSearch {
  /** Clips whose article may hold the term. */
  candidates(term: string): Promise<ArticleCandidates>;
  /** Whether the clip's article is indexed (else its lead is searched). */
  has(clipId: string): boolean;
  /** The articles' text, read for checking and for snippets. */
  texts(clipIds: string[]): Promise<Map<string, string>>;
  /** The leads of clips whose article is not indexed (after a restore, until the build runs). */
  leads?(clipIds: string[]): Promise<Map<string, string>>;
}

const NONE: never[] = [];

/**
 * A short fingerprint of texts (FNV-1a), so that an edited note of the same length still refolds
 * its clip, without keeping a second copy of every note in the version string.
 */
export function fingerprint(texts: readonly string[]): string {
  let hash = 0x811c9dc5;
  for (const text of texts) {
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 0x1f, 0x01000193); // a separator: ["ab",""] ≠ ["a","b"]
  }
  return (hash >>> 0).toString(36);
}
export function field(text: string): Field {
  const folded = fold(text);
  // One string when folding changed nothing (most Japanese text): an article is kept once, not twice.
  if (folded === text) return { shown: folded, folded };
  return { shown: folded.length === text.length ? text : folded, folded };
}

/** Query terms, folded; English inflected forms reduced to their stem. */
export function searchTerms(query: string): string[] {
  return fold(query)
    .split(/[\s\u3000]+/)
    .filter(Boolean)
    .map((term) => (/^[a-z]{5,}$/.test(term) ? stem(term) : term));
}

const CONTEXT = 40;
export const MAX_SNIPPETS = 3;

export function marksIn(folded: string, terms: string[]): [number, number][] {
  const marks: [number, number][] = [];
  for (const term of terms) {
    let at = folded.indexOf(term);
    while (at >= 0) {
      marks.push([at, at + term.length]);
      at = folded.indexOf(term, at + term.length);
    }
  }
  return marks.sort((a, b) => a[0] - b[0]);
}

export function snippetsOf(f: Field, terms: string[]): Snippet[] {
  const out: Snippet[] = [];
  let covered = -1;
  for (const [start] of marksIn(f.folded, terms)) {
    if (start < covered) continue;
    const from = Math.max(0, start - CONTEXT);
    const to = Math.min(f.folded.length, start + CONTEXT * 2);
    const marks = marksIn(f.folded.slice(from, to), terms);
    out.push({
      text: `${from > 0 ? '…' : ''}${f.shown.slice(from, to)}${to < f.folded.length ? '…' : ''}`,
      marks: marks.map(([a, b]) => [a + (from > 0 ? 1 : 0), b + (from > 0 ? 1 : 0)]),
    });
    covered = to;
    if (out.length >= MAX_SNIPPETS) break;
  }
  return out;
}

/** Articles read at a time while checking a query's candidates. */
const TEXT_BATCH = 20;
/** Hits shown with a snippet of their article (reading an article costs about a millisecond). */
const SNIPPET_HITS = 20;
/** Hits a query shows at first (the panel shows more on request). */
export const SHOWN_HITS = 20;

/** A query's first hits, and how many more clips may match (found, not yet checked). */
export interface SearchResult {
  hits: SearchHit[];
  more: number;
}

/**
 * An article's text as a field to check and cut snippets from. Lower case is enough for most
 * text (and ten times cheaper than NFKC over a long article); NFKC only when a term is not found.
 */
function articleField(text: string, terms: string[]): Field {
  const lower = text.toLowerCase();
  if (lower.length === text.length && terms.every((term) => lower.includes(term)))
    return { shown: text, folded: lower };
  return field(text);
}

export class SearchIndex {
  private readonly entries = new Map<string, Entry>();
  /** Clip ids in the order given to `update` (the Inbox's): the order of the hits. */
  private order: string[] = [];

  /**
   * Brings the index up to date with `clips` and their quotes: only changed clips are refolded.
   * `placementNotes` are the notes written on the clip's placements, on any board: everything
   * the user writes is searchable. The articles are not here: see `search`.
   */
  update(clips: Clip[], quotesByClip: Map<string, Quote[]>, placementNotes?: Map<string, string[]>): void {
    const live = new Set<string>();
    for (const clip of clips) {
      live.add(clip.id);
      const quotes = quotesByClip.get(clip.id) ?? NONE;
      const notes = placementNotes?.get(clip.id) ?? NONE;
      const written = writtenFingerprint(quotes, notes);
      const known = this.entries.get(clip.id);
      if (known && known.updatedAt === clip.updatedAt && known.written === written) continue;
      this.entries.set(clip.id, entryOf(clip, quotes, notes, written));
    }
    for (const id of this.entries.keys()) if (!live.has(id)) this.entries.delete(id);
    this.order = clips.map((c) => c.id);
  }

  /**
   * Folds, ahead of the Search tab, the clips not folded yet (or changed since), from `from` on,
   * while `more()` says there is time (asked every 100 clips); returns where it stopped. Without
   * their quotes (read when the tab opens): `update` then refolds only the clips that have some.
   * The panel calls it in idle time, so the first query does not fold a whole library (70 ms in
   * Node at 10,000 clips).
   */
  foldAhead(clips: Clip[], placementNotes: Map<string, string[]>, from: number, more: () => boolean): number {
    let i = from;
    for (; i < clips.length; i++) {
      if (i > from && (i - from) % 100 === 0 && !more()) break;
      const clip = clips[i]!;
      if (this.entries.get(clip.id)?.updatedAt === clip.updatedAt) continue;
      const notes = placementNotes.get(clip.id) ?? NONE;
      this.entries.set(clip.id, entryOf(clip, NONE, notes, writtenFingerprint(NONE, notes)));
    }
    return i;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Clips that match every term, in the order given to `update`, at most `limit` (see `find`).
   */
  async search(query: string, articles?: ArticleSearch, limit = 100): Promise<SearchHit[]> {
    return (await this.find(query, articles, limit)).hits;
  }

  /**
   * Clips that match every term, in the order given to `update`: the first `limit` of them, and
   * how many more clips may match. A term matches a clip's title or what the user wrote here, or
   * its article through `articles`; a clip whose article is not indexed yet is searched by its
   * lead. Articles are read (the costly part of a query) only for the hits returned: to check a
   * term the index is not sure of, and for their snippets; the clips after them are counted as
   * `more` without reading anything (some may be bigram false hits, dropped when shown).
   */
  /**
   * A clip whose article is not indexed is searched by its lead, which the panel's clip records
   * no longer carry (version 9): read once, in one request, for the clips that need it (none once
   * the index is built; every clip restored, until the build reaches it).
   */
  private async readMissingLeads(articles?: ArticleSearch): Promise<void> {
    if (!articles?.leads) return;
    const missing: string[] = [];
    for (const [clipId, entry] of this.entries)
      if (!entry.leadRead && !entry.lead && !articles.has(clipId)) missing.push(clipId);
    if (missing.length === 0) return;
    const leads = await articles.leads(missing);
    for (const clipId of missing) {
      const entry = this.entries.get(clipId);
      if (!entry) continue;
      entry.lead = leads.get(clipId) ?? '';
      entry.leadField = undefined;
      entry.leadRead = true;
    }
  }

  async find(query: string, articles?: ArticleSearch, limit = SHOWN_HITS): Promise<SearchResult> {
    const terms = searchTerms(query);
    if (terms.length === 0) return { hits: [], more: 0 };
    const found = articles ? await Promise.all(terms.map((term) => articles.candidates(term))) : undefined;
    const hits: SearchHit[] = [];
    let more = 0;
    /** Candidates waiting for their article's text: which terms it must still hold. */
    let waiting: { clipId: string; entry: Entry; inArticle: boolean[]; read: boolean }[] = [];
    /** Whether a term was found in the clip's article by the index (its snippet is there). */
    let viaArticle = false;
    const finish = async () => {
      const toRead = waiting.filter((w) => w.read).map((w) => w.clipId);
      const texts = articles && toRead.length ? await articles.texts(toRead) : new Map<string, string>();
      for (const { clipId, entry, inArticle } of waiting) {
        const text = texts.get(clipId);
        const article = text === undefined ? undefined : articleField(text, terms);
        // Checked against the text: pairs of characters found apart, or a word inside another.
        if (!terms.every((term, i) => !inArticle[i] || article?.folded.includes(term))) continue;
        hits.push(hitOf(clipId, entry, terms, article));
      }
      waiting = [];
    };
    await this.readMissingLeads(articles);
    for (const clipId of this.order) {
      const entry = this.entries.get(clipId);
      if (!entry) continue;
      const indexed = articles?.has(clipId) ?? false;
      if (!indexed) entry.leadField ??= field(entry.lead);
      const inArticle: boolean[] = [];
      viaArticle = false;
      let matches = true;
      for (let i = 0; i < terms.length && matches; i++) {
        const term = terms[i]!;
        const written =
          entry.title.folded.includes(term) || entry.fields.some((f) => f.folded.includes(term));
        const candidate = indexed && found![i]!.clipIds.has(clipId);
        if (candidate && !written) viaArticle = true;
        // A term found only by the index, and not for certain, is checked against the text.
        inArticle.push(!written && candidate && !found![i]!.certain);
        matches = written || candidate || (!indexed && entry.leadField!.folded.includes(term));
      }
      if (!matches) continue;
      if (hits.length >= limit) {
        more++;
        continue;
      }
      if (!indexed) {
        hits.push(hitOf(clipId, entry, terms, entry.leadField));
        continue;
      }
      // The article is read to check a term the index is not sure of, and for the snippets of
      // the first hits (those further down show their title and what the user wrote).
      const read = inArticle.some(Boolean) || (viaArticle && hits.length + waiting.length < SNIPPET_HITS);
      waiting.push({ clipId, entry, inArticle, read });
      // Never more waiting than hits still to find: no article is read past the last hit shown.
      if (waiting.length >= Math.min(TEXT_BATCH, limit - hits.length)) await finish();
    }
    await finish();
    return { hits, more };
  }
}

/** Most clips have no quote and no placement note: no fingerprint to compute for them. */
function writtenFingerprint(quotes: readonly Quote[], notes: readonly string[]): string {
  return quotes.length || notes.length
    ? fingerprint([...quotes.flatMap((q) => [q.id, q.text, q.note]), ...notes])
    : '';
}

function entryOf(clip: Clip, quotes: readonly Quote[], notes: readonly string[], written: string): Entry {
  return {
    updatedAt: clip.updatedAt,
    written,
    title: field(clip.title),
    fields: [
      field(clip.note),
      field(clip.tags.join(' ')),
      ...quotes.flatMap((q) => [field(q.text), field(q.note)]),
      ...notes.map(field),
    ].filter((f) => f.folded),
    // Version 9 keeps leads apart (utils/db.ts ClipLead): searched when the caller joined them in.
    lead: (clip as Clip & { lead?: string }).lead ?? '',
  };
}

function hitOf(clipId: string, entry: Entry, terms: string[], article: Field | undefined): SearchHit {
  return {
    clipId,
    title: { text: entry.title.shown, marks: marksIn(entry.title.folded, terms) },
    snippets: [...(article ? [article] : []), ...entry.fields]
      .flatMap((f) => snippetsOf(f, terms))
      .slice(0, MAX_SNIPPETS),
  };
}

/**
 * The cells of the boards' comparison tables whose notes hold every term. Boards are few and their
 * notes short, so they are searched as they are, without an index.
 */
export function searchCells(boards: Board[], query: string): CellHit[] {
  const terms = searchTerms(query);
  if (terms.length === 0) return [];
  const hits: CellHit[] = [];
  for (const board of boards) {
    if (board.deletedAt !== undefined) continue;
    for (const aspect of board.aspects) {
      for (const subject of board.subjects) {
        const note = board.cellNotes[aspect.id]?.[subject.id];
        if (!note) continue;
        const f = field(note);
        if (!terms.every((term) => f.folded.includes(term))) continue;
        const [snippet] = snippetsOf(f, terms);
        if (snippet)
          hits.push({
            boardId: board.id,
            aspectId: aspect.id,
            subjectId: subject.id,
            aspect: aspect.name,
            subject: subject.name,
            snippet,
          });
      }
    }
  }
  return hits;
}

/**
 * Hits grouped by the boards their clips sit on (a clip on two boards is in both), then the rest;
 * a board's matching table cells (`cells`, from searchCells) head its group.
 */
export function groupByBoard(
  hits: SearchHit[],
  placements: Placement[],
  boards: Board[],
  unfiledTitle: string,
  cells: CellHit[] = [],
): SearchGroup[] {
  const boardsOf = new Map<string, Set<string>>();
  for (const p of placements) {
    if (!boardsOf.has(p.clipId)) boardsOf.set(p.clipId, new Set());
    boardsOf.get(p.clipId)!.add(p.boardId);
  }
  const groups: SearchGroup[] = boards
    .filter((b) => b.deletedAt === undefined)
    .map((b) => ({
      boardId: b.id,
      title: b.title,
      cells: cells.filter((c) => c.boardId === b.id),
      hits: hits.filter((h) => boardsOf.get(h.clipId)?.has(b.id)),
    }))
    .filter((g) => g.hits.length || g.cells.length);
  const unfiled = hits.filter((h) => !boardsOf.get(h.clipId)?.size);
  if (unfiled.length) groups.push({ title: unfiledTitle, cells: [], hits: unfiled });
  return groups;
}
