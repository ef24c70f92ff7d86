import type { Clip, Quote } from '../utils/db';
import {
  type Field,
  field,
  fingerprint,
  MAX_SNIPPETS,
  marksIn,
  type SearchHit,
  searchTerms,
  snippetsOf,
} from '../utils/search';

/**
 * The search Kurabe had before the article index of DB version 7 (utils/search.ts before it; its folding, fingerprint and snippets are imported from there),
 * kept for the bench and scripts/search-compare.ts to measure beside it: search over everything the user clipped or wrote: titles, text, notes, tags, quotes and their
 * notes. Matching is by substring on folded text (NFKC, lower case), so Japanese needs no spaces
 * (「顧客満足度」 finds text that contains it) and an English word finds its longer forms; an
 * English plural or -ing/-ed form is searched by its stem. Every term must match somewhere.
 *
 * `SearchIndex` keeps each clip's folded text and refolds a clip only when it changed
 * (`updatedAt`, its quotes), so typing a query does not rebuild anything.
 */

export type { SearchHit, Snippet } from '../utils/search';

interface Entry {
  version: string;
  title: Field;
  body: Field[];
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
          // Leads are apart since version 9: given with the clip (ClipWithLead) or none.
          article?.field ?? field((clip as Clip & { lead?: string }).lead ?? ''),
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
