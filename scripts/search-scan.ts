import type { Clip, Quote } from '../utils/db';
import { stem } from '../utils/tokenize';

/**
 * The search Kurabe had before the article index of DB version 5 (utils/search.ts before it),
 * kept for the bench and scripts/search-compare.ts to measure beside it: search over everything the user clipped or wrote: titles, text, notes, tags, quotes and their
 * notes. Matching is by substring on folded text (NFKC, lower case), so Japanese needs no spaces
 * (「顧客満足度」 finds text that contains it) and an English word finds its longer forms; an
 * English plural or -ing/-ed form is searched by its stem. Every term must match somewhere.
 *
 * `SearchIndex` keeps each clip's folded text and refolds a clip only when it changed
 * (`updatedAt`, its quotes), so typing a query does not rebuild anything.
 */

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

interface Field {
  /** Shown text (the original when folding kept its length, else the folded text). */
  shown: string;
  folded: string;
}

interface Entry {
  version: string;
  title: Field;
  body: Field[];
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase();

/**
 * A short fingerprint of texts (FNV-1a), so that an edited note of the same length still refolds
 * its clip, without keeping a second copy of every note in the version string.
 */
function fingerprint(texts: readonly string[]): string {
  let hash = 0x811c9dc5;
  for (const text of texts) {
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 0x1f, 0x01000193); // a separator: ["ab",""] ≠ ["a","b"]
  }
  return (hash >>> 0).toString(36);
}
function field(text: string): Field {
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
const MAX_SNIPPETS = 3;

function marksIn(folded: string, terms: string[]): [number, number][] {
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

function snippetsOf(f: Field, terms: string[]): Snippet[] {
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

export class SearchIndex {
  private readonly entries = new Map<string, Entry>();
  /** Each article's text, folded, and the clip version (`updatedAt`) it was read at. */
  private readonly texts = new Map<string, { field: Field; version: number }>();

  /** Clips whose article text is not here yet, or older than the clip: the ones to read. */
  needsText(clips: Clip[]): string[] {
    return clips.filter((c) => this.texts.get(c.id)?.version !== c.updatedAt).map((c) => c.id);
  }

  /** Keeps a clip's article text (folded once); the caller need not keep it. */
  setText(clipId: string, text: string, version: number): void {
    this.texts.set(clipId, { field: field(text), version });
    this.entries.delete(clipId); // refolded at the next update
  }

  /**
   * Brings the index up to date with `clips` and their quotes: only changed clips are refolded.
   * A clip whose article text is not loaded yet is searched by its lead. `texts` (optional) sets
   * articles' text at the same time. `placementNotes` are the notes written on the clip's
   * placements, on any board: everything the user writes is searchable.
   */
  update(
    clips: Clip[],
    quotesByClip: Map<string, Quote[]>,
    texts?: Map<string, string>,
    placementNotes?: Map<string, string[]>,
  ): void {
    const live = new Set<string>();
    for (const clip of clips) {
      live.add(clip.id);
      const text = texts?.get(clip.id);
      if (text !== undefined && this.texts.get(clip.id)?.version !== clip.updatedAt)
        this.setText(clip.id, text, clip.updatedAt);
      const quotes = quotesByClip.get(clip.id) ?? [];
      const notes = placementNotes?.get(clip.id) ?? [];
      const article = this.texts.get(clip.id);
      const written = fingerprint([...quotes.flatMap((q) => [q.id, q.text, q.note]), ...notes]);
      const version = `${clip.updatedAt}:${article?.version ?? 'lead'}:${written}`;
      if (this.entries.get(clip.id)?.version === version) continue;
      this.entries.set(clip.id, {
        version,
        title: field(clip.title),
        body: [
          article?.field ?? field(clip.lead),
          field(clip.note),
          field(clip.tags.join(' ')),
          ...quotes.flatMap((q) => [field(q.text), field(q.note)]),
          ...notes.map(field),
        ].filter((f) => f.folded),
      });
    }
    for (const id of this.entries.keys()) if (!live.has(id)) this.entries.delete(id);
    for (const id of this.texts.keys()) if (!live.has(id)) this.texts.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Clips that match every term, in the order given to `update`. */
  search(query: string, limit = 100): SearchHit[] {
    const terms = searchTerms(query);
    if (terms.length === 0) return [];
    const hits: SearchHit[] = [];
    for (const [clipId, entry] of this.entries) {
      const all = [entry.title, ...entry.body];
      if (!terms.every((term) => all.some((f) => f.folded.includes(term)))) continue;
      hits.push({
        clipId,
        title: { text: entry.title.shown, marks: marksIn(entry.title.folded, terms) },
        snippets: entry.body.flatMap((f) => snippetsOf(f, terms)).slice(0, MAX_SNIPPETS),
      });
      if (hits.length >= limit) break;
    }
    return hits;
  }
}
