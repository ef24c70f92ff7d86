import { useCallback, useMemo, useState } from 'preact/hooks';
import { type Board, type Clip, getDB, type Placement, type Quote } from '@/utils/db';
import { t } from '@/utils/i18n';
import { groupByBoard, SearchIndex, searchCells } from '@/utils/search';
import { useKept, useKeptObject } from './kept-state';

/** Articles read at a time into the search index (each record holds its HTML and Markdown too). */
const SEARCH_TEXT_BATCH = 200;

/**
 * The Search tab: an index that follows the library (refolding only changed clips, so typing only
 * searches it), the query, and the results grouped by board. `active` while the tab is shown.
 */
export function useSearch(clips: Clip[], placements: Placement[], boards: Board[], active: boolean) {
  // The query and the index outlive the tab's view (one per panel).
  const [query, setQuery] = useKept('searchQuery', '');
  const [quotes, setQuotes] = useState<Quote[]>([]);
  // Bumped as batches of articles arrive, so the index takes them in.
  const [textsRead, setTextsRead] = useState(0);
  // Kept across renders and visits: it refolds only the clips that changed.
  const index = { current: useKeptObject('searchIndex', () => new SearchIndex()) };

  const indexVersion = useMemo(() => {
    if (!active) return 0;
    const byClip = new Map<string, Quote[]>();
    for (const q of quotes) {
      if (q.deletedAt === undefined) byClip.set(q.clipId, [...(byClip.get(q.clipId) ?? []), q]);
    }
    // Notes written on a clip's placements are searched with the clip.
    const notesByClip = new Map<string, string[]>();
    for (const p of placements) {
      if (p.note) notesByClip.set(p.clipId, [...(notesByClip.get(p.clipId) ?? []), p.note]);
    }
    index.current.update(clips, byClip, undefined, notesByClip);
    return Date.now();
  }, [active, clips, quotes, placements, textsRead]);

  const groups = useMemo(
    () =>
      indexVersion
        ? groupByBoard(
            index.current.search(query),
            placements,
            boards,
            t('searchUnfiled'),
            searchCells(boards, query),
          )
        : [],
    [indexVersion, query, placements, boards],
  );

  /** When the tab opens: quotes, and the articles new or changed since the index last read them. */
  const load = useCallback(async () => {
    const db = await getDB();
    setQuotes(await db.getAll('quotes'));
    // A batch at a time: the index keeps each article's folded text, nothing else holds it.
    const versions = new Map(clips.map((c) => [c.id, c.updatedAt]));
    const ids = index.current.needsText(clips);
    for (let i = 0; i < ids.length; i += SEARCH_TEXT_BATCH) {
      const batch = await Promise.all(ids.slice(i, i + SEARCH_TEXT_BATCH).map((id) => db.get('bodies', id)));
      for (const body of batch)
        if (body) index.current.setText(body.id, body.text, versions.get(body.id) ?? 0);
      setTextsRead((n) => n + batch.length);
    }
  }, [clips]);

  return { query, setQuery, groups, load };
}
