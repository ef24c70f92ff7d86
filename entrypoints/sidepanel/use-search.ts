import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type Board, type Clip, getDB, type KurabeDatabase, type Placement, type Quote } from '@/utils/db';
import { t } from '@/utils/i18n';
import { groupByBoard, type SearchGroup, SearchIndex, SHOWN_HITS, searchCells } from '@/utils/search';
import { ArticleIndex, buildSearchIndex } from '@/utils/search-postings';
import { SEARCH_QUERY_MEASURE } from '@/utils/timing';
import { type Kept, useKept, useKeptObject } from './kept-state';

/** After the Search tab opens, the article index's build waits this long (the first query comes first). */
const BUILD_DELAY_MS = 2000;

/** One build at a time in this panel (it resumes where the last one stopped). */
let building: Promise<unknown> | undefined;

/**
 * The panel's article index (its clip → document table, read once per panel), the database it
 * was read from (a closed and reopened database is read again), and when its read began: a clip
 * saved since then is read again when the tab opens.
 */
let shared: { db: KurabeDatabase; index: Promise<ArticleIndex>; since: number } | undefined;

/**
 * Reads the article index's table ahead of the first query: the panel calls this when it has
 * painted (in idle time), so opening the Search tab finds it loaded. Kept for the panel's life.
 */
export async function preloadSearch(): Promise<ArticleIndex> {
  const db = await getDB();
  if (shared?.db !== db) {
    const index = ArticleIndex.load(db);
    const read = { db, index, since: Date.now() };
    shared = read;
    index.catch(() => {
      if (shared === read) shared = undefined; // tried again when the tab opens
    });
  }
  return shared.index;
}

/** The panel's index of titles, notes, tags and quotes (kept across the tab's visits). */
const SEARCH_INDEX = 'searchIndex';
const newSearchIndex = () => new SearchIndex();

/** The notes written on each clip's placements (searched with the clip). */
function placementNotesByClip(placements: Placement[]): Map<string, string[]> {
  const notesByClip = new Map<string, string[]>();
  for (const p of placements) {
    if (p.note) notesByClip.set(p.clipId, [...(notesByClip.get(p.clipId) ?? []), p.note]);
  }
  return notesByClip;
}

/**
 * Folds the clips' titles, notes and tags into the panel's search index in idle time, a slice at
 * a time (SearchIndex.foldAhead), so the Search tab's first query does not fold the whole library.
 * The panel calls it when its library changes; `signal` stops a pass made stale by a newer one.
 */
export function foldSearchAhead(
  kept: Kept,
  clips: Clip[],
  placements: Placement[],
  signal: AbortSignal,
): void {
  if (!kept.has(SEARCH_INDEX)) kept.set(SEARCH_INDEX, newSearchIndex());
  const index = kept.get(SEARCH_INDEX) as SearchIndex;
  const notes = placementNotesByClip(placements);
  type Deadline = { timeRemaining(): number };
  const idle: (run: (deadline: Deadline) => void, options: { timeout: number }) => void =
    globalThis.requestIdleCallback ?? ((run) => setTimeout(() => run({ timeRemaining: () => 10 }), 50));
  let from = 0;
  const step = (deadline: Deadline) => {
    if (signal.aborted) return;
    from = index.foldAhead(clips, notes, from, () => deadline.timeRemaining() > 2);
    if (from < clips.length) idle(step, { timeout: 1000 });
  };
  idle(step, { timeout: 1000 });
}

/**
 * The Search tab: the small fields of every clip in memory (refolded only when a clip changed),
 * the article index in IndexedDB (utils/search-postings.ts, built in the background for clips not
 * indexed yet), the query, and the results grouped by board. `active` while the tab is shown.
 */
export function useSearch(clips: Clip[], placements: Placement[], boards: Board[], active: boolean) {
  // The query and the small fields' index outlive the tab's view (one per panel).
  const [query, setQuery] = useKept('searchQuery', '');
  const [quotes, setQuotes] = useState<Quote[]>([]);
  const [articles, setArticles] = useState<ArticleIndex>();
  const [groups, setGroups] = useState<SearchGroup[]>([]);
  /** Hits asked for (more on request), and how many more clips may match. */
  const [limit, setLimit] = useState(SHOWN_HITS);
  const [more, setMore] = useState(0);
  // Bumped when the article index takes in new records, so the query runs again.
  const [articlesVersion, setArticlesVersion] = useState(0);
  const index = { current: useKeptObject(SEARCH_INDEX, newSearchIndex) };
  /** Each clip's `updatedAt` when the article index last read its record. */
  const seen = useRef(new Map<string, number>());

  const indexVersion = useMemo(() => {
    if (!active) return 0;
    const byClip = new Map<string, Quote[]>();
    for (const q of quotes) {
      if (q.deletedAt === undefined) byClip.set(q.clipId, [...(byClip.get(q.clipId) ?? []), q]);
    }
    // Notes written on a clip's placements are searched with the clip.
    index.current.update(clips, byClip, placementNotesByClip(placements));
    return Date.now();
  }, [active, clips, quotes, placements]);

  /** The article index the tab has loaded, told what the build writes. */
  const openArticles = useRef<ArticleIndex | undefined>(undefined);

  /** Indexes the articles not indexed yet, in slices, telling the open index what it wrote. */
  const build = useCallback(() => {
    building ??= (async () => {
      const db = await getDB();
      await buildSearchIndex(db, {
        onProgress: (_done, _left, written) => {
          const into = openArticles.current;
          if (!into || written.length === 0) return;
          for (const record of written) into.take(record);
          setArticlesVersion((n) => n + 1);
        },
      });
    })()
      .catch(() => {}) // the next panel open goes on from where it stopped
      .finally(() => {
        building = undefined;
      });
    return building;
  }, []);

  // The build of an existing library (or the tail's segment) starts a little after the tab opens.
  useEffect(() => {
    const timer = setTimeout(() => void build(), BUILD_DELAY_MS);
    return () => clearTimeout(timer);
  }, [build]);

  // Clips saved since the index was read (clipped again, restored): their records, read again.
  useEffect(() => {
    if (!articles) return;
    const changed = clips.filter((c) => seen.current.get(c.id) !== c.updatedAt);
    if (changed.length === 0) return;
    for (const c of changed) seen.current.set(c.id, c.updatedAt);
    void articles
      .refresh(changed.map((c) => c.id))
      .then(() => setArticlesVersion((n) => n + 1))
      // A panel closing (its database with it) reads nothing more; the next one reads them.
      .catch(() => {});
  }, [articles, clips]);

  useEffect(() => {
    // Not before the article index is loaded: without it every article would be searched by its lead.
    if (!indexVersion || !articles) return;
    let current = true;
    void (async () => {
      const start = performance.now();
      const { hits, more } = await index.current.find(query, articles, limit);
      if (!current) return;
      setMore(more);
      setGroups(groupByBoard(hits, placements, boards, t('searchUnfiled'), searchCells(boards, query)));
      // For the bench (npm run bench, section search): the query's time, index reads included.
      performance.measure(SEARCH_QUERY_MEASURE, { start, detail: query });
    })().catch((error: unknown) => {
      // A query of a panel closing (its database closed under it) ends quietly.
      if (current) throw error;
    });
    return () => {
      current = false;
    };
  }, [indexVersion, articles, articlesVersion, query, limit, placements, boards]);

  const changeQuery = useCallback(
    (next: string) => {
      setLimit(SHOWN_HITS);
      setQuery(next);
    },
    [setQuery],
  );
  const showMore = useCallback(() => setLimit((n) => n + SHOWN_HITS * 5), []);

  /**
   * When the tab opens: quotes, and the article index's table (read ahead when the panel opened;
   * postings are read per query). Clips saved since that read are read again (the effect above).
   */
  const load = useCallback(async () => {
    const db = await getDB();
    const [allQuotes, loaded] = await Promise.all([db.getAll('quotes'), preloadSearch()]);
    const since = shared?.since ?? 0;
    seen.current = new Map(clips.filter((c) => c.updatedAt < since).map((c) => [c.id, c.updatedAt]));
    setQuotes(allQuotes);
    openArticles.current = loaded;
    setArticles(loaded);
  }, [clips, build]);

  return { query, setQuery: changeQuery, groups, more, showMore, load };
}
