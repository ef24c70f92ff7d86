import type { Board } from '@/utils/db';
import { formatDate, formatNumber, t } from '@/utils/i18n';

interface BoardListProps {
  boards: Board[];
  /** Placements per board id. */
  counts: Map<string, number>;
  onOpen: (id: string) => void;
  onNew: () => void;
}

export function BoardList({ boards, counts, onOpen, onNew }: BoardListProps) {
  const card = (board: Board) => (
    <li class="clip-card board-card" key={board.id} data-board-id={board.id}>
      <button type="button" class="clip-open" onClick={() => onOpen(board.id)}>
        <span class="clip-title">{board.title}</span>
        <span class="clip-meta">
          <span>{board.subjects.map((s) => s.name).join(' / ')}</span>
          <span>
            {t('boardCounts', formatNumber(counts.get(board.id) ?? 0), formatDate(board.updatedAt))}
          </span>
        </span>
      </button>
    </li>
  );
  return (
    <section class="boards" aria-labelledby="boards-title">
      <header class="inbox-header">
        <h1 id="boards-title">{t('boardsTitle')}</h1>
        <button type="button" class="primary-button new-board" onClick={onNew}>
          + {t('newBoard')}
        </button>
      </header>
      {boards.length === 0 && <p class="empty">{t('boardsEmpty')}</p>}
      <ul class="clip-list">{boards.filter((b) => !b.archivedAt).map(card)}</ul>
      {boards.some((b) => b.archivedAt) && (
        <details class="archived-boards">
          <summary>{t('archivedBoards')}</summary>
          <ul class="clip-list">{boards.filter((b) => b.archivedAt).map(card)}</ul>
        </details>
      )}
    </section>
  );
}
