import type { ComponentChildren } from 'preact';
import { formatNumber, t } from '@/utils/i18n';
import type { SearchGroup, Snippet } from '@/utils/search';
import { AddToBoardButton, type BoardFiling } from './AddToBoard';

interface SearchViewProps {
  query: string;
  groups: SearchGroup[];
  /** Clips after those shown that may match (not yet checked against their articles). */
  more: number;
  onMore: () => void;
  onQuery: (query: string) => void;
  onOpen: (clipId: string) => void;
  /** Opens a board's comparison table (a cell note matched). */
  onOpenTable: (boardId: string) => void;
  filing: BoardFiling;
}

/** A snippet with its matches in <mark>. */
function Marked({ snippet }: { snippet: Snippet }) {
  const parts: ComponentChildren[] = [];
  let at = 0;
  for (const [start, end] of snippet.marks) {
    if (start < at) continue;
    parts.push(snippet.text.slice(at, start), <mark key={start}>{snippet.text.slice(start, end)}</mark>);
    at = end;
  }
  parts.push(snippet.text.slice(at));
  return <>{parts}</>;
}

/** Search over everything, results grouped by board, matches highlighted. */
export function SearchView({
  query,
  groups,
  more,
  onMore,
  onQuery,
  onOpen,
  onOpenTable,
  filing,
}: SearchViewProps) {
  const clipCount = new Set(groups.flatMap((g) => g.hits.map((h) => h.clipId))).size;
  const total = clipCount + groups.reduce((n, g) => n + g.cells.length, 0);
  return (
    <section class="search" aria-labelledby="search-title">
      <h1 id="search-title" class="visually-hidden">
        {t('tabSearch')}
      </h1>
      <input
        type="search"
        class="filter search-input"
        value={query}
        aria-label={t('searchLabel')}
        placeholder={t('searchPlaceholder')}
        onInput={(e) => onQuery(e.currentTarget.value)}
      />
      {query.trim() && total === 0 && <p class="empty">{t('searchNothing', query)}</p>}
      {total > 0 && <p class="muted">{t('searchCount', formatNumber(total))}</p>}
      {groups.map((group) => (
        <section class="search-group" key={group.boardId ?? 'unfiled'} data-board-id={group.boardId ?? ''}>
          <h2>{group.title}</h2>
          {group.cells.length > 0 && (
            <ul class="clip-list">
              {group.cells.map((cell) => (
                <li class="clip-card search-hit search-cell" key={`${cell.aspectId}:${cell.subjectId}`}>
                  <button type="button" class="clip-open" onClick={() => onOpenTable(cell.boardId)}>
                    <span class="clip-title">{t('searchCellTitle', cell.aspect, cell.subject)}</span>
                    <span class="clip-excerpt search-snippet">
                      <Marked snippet={cell.snippet} />
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <ul class="clip-list">
            {group.hits.map((hit) => (
              <li class="clip-card search-hit" key={hit.clipId}>
                <button type="button" class="clip-open" onClick={() => onOpen(hit.clipId)}>
                  <span class="clip-title">
                    <Marked snippet={hit.title} />
                  </span>
                  {hit.snippets.map((s, i) => (
                    <span class="clip-excerpt search-snippet" key={i}>
                      <Marked snippet={s} />
                    </span>
                  ))}
                </button>
                <div class="card-actions">
                  <AddToBoardButton target={{ clipId: hit.clipId }} title={hit.title.text} filing={filing} />
                </div>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {more > 0 && (
        <button type="button" class="search-more" onClick={onMore}>
          {t('searchMore', formatNumber(more))}
        </button>
      )}
    </section>
  );
}
