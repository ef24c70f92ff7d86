import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Quote } from '@/utils/db';
import { SearchIndex, searchTerms } from '@/utils/search';
import type { LabelledSet } from '@/utils/suggest-eval';
import { SearchIndex as ScanIndex } from '../../scripts/search-scan';
import { makeClip } from '../helpers/pages';
import { indexedLibrary } from '../helpers/search-library';

interface Labelled {
  written: {
    notes: Record<string, string>;
    tags: Record<string, string[]>;
    quotes: { clipId: string; text: string; note: string }[];
    placementNotes: Record<string, string[]>;
  };
  queries: { query: string; kind: string; expect: string[] }[];
}
const fixtures = path.resolve(import.meta.dirname, '../fixtures');
const corpus = JSON.parse(readFileSync(path.join(fixtures, 'suggest/labelled.json'), 'utf8')) as LabelledSet;
const labelled = JSON.parse(readFileSync(path.join(fixtures, 'search/labelled.json'), 'utf8')) as Labelled;

const { written } = labelled;
const clips = corpus.clips.map((c, i) =>
  makeClip(c.id, c.title, c.text.slice(0, 40), {
    note: written.notes[c.id] ?? '',
    tags: written.tags[c.id] ?? [],
    updatedAt: i,
  }),
);
const texts = new Map(corpus.clips.map((c) => [c.id, c.text]));
const quotes = new Map<string, Quote[]>();
for (const [i, q] of written.quotes.entries()) {
  quotes.set(q.clipId, [
    {
      id: `q${i}`,
      clipId: q.clipId,
      text: q.text,
      context: '',
      note: q.note,
      noteKind: 'memo',
      createdAt: 0,
    },
  ]);
}
const placementNotes = new Map(Object.entries(written.placementNotes));

/** Recall over every query (found ∩ expected / expected), and the clips found but not expected. */
function score(found: Map<string, string[]>) {
  let relevant = 0;
  let retrieved = 0;
  const extra: string[] = [];
  for (const q of labelled.queries) {
    const got = new Set(found.get(q.query));
    relevant += q.expect.length;
    retrieved += q.expect.filter((id) => got.has(id)).length;
    for (const id of got) if (!q.expect.includes(id)) extra.push(`${q.query}: ${id}`);
  }
  return { recall: retrieved / relevant, extra };
}

describe('the labelled search set', () => {
  it('has at least 40 queries, Japanese and English, each with clips to find', () => {
    expect(labelled.queries.length).toBeGreaterThanOrEqual(40);
    expect(labelled.queries.every((q) => q.expect.length > 0)).toBe(true);
    expect(labelled.queries.some((q) => /^[a-z]/.test(q.query))).toBe(true);
    expect(labelled.queries.some((q) => /^[ぁ-んァ-ン一-龥]/.test(q.query))).toBe(true);
  });

  it('the article index finds every labelled clip (recall at least the scan’s), and nothing else', async () => {
    const { articles } = await indexedLibrary(clips, texts);
    const index = new SearchIndex();
    index.update(clips, quotes, placementNotes);
    const scan = new ScanIndex();
    scan.update(clips, quotes, texts, placementNotes);
    const byIndex = new Map<string, string[]>();
    const byScan = new Map<string, string[]>();
    for (const { query } of labelled.queries) {
      byIndex.set(
        query,
        (await index.search(query, articles, 1000)).map((h) => h.clipId),
      );
      byScan.set(
        query,
        scan.search(query, 1000).map((h) => h.clipId),
      );
    }
    const indexScore = score(byIndex);
    const scanScore = score(byScan);
    expect(indexScore.recall).toBeGreaterThanOrEqual(scanScore.recall);
    expect(indexScore.recall).toBe(1);
    // No false hit: a clip found beyond the labels holds every term somewhere, as a substring
    // (the titles and notes in memory are matched inside English words too: "sync" in "async").
    const holds = (query: string, id: string) => {
      const clip = clips.find((c) => c.id === id)!;
      const all = [
        clip.title,
        texts.get(id)!,
        clip.note,
        clip.tags.join(' '),
        ...(quotes.get(id) ?? []).flatMap((q) => [q.text, q.note]),
        ...(placementNotes.get(id) ?? []),
      ]
        .join('\n')
        .normalize('NFKC')
        .toLowerCase();
      // The terms as searched: English stems ("brewing" → "brew").
      return searchTerms(query).every((term) => all.includes(term));
    };
    const falseHits = indexScore.extra.filter((e) => !holds(e.split(': ')[0]!, e.split(': ')[1]!));
    expect(falseHits).toEqual([]);
  });
});
