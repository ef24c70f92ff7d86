import type { Board } from '@/utils/db';
import { formatDate, formatNumber, t } from '@/utils/i18n';

interface BoardListProps {
  boards: Board[];
  /** Placements per board id. */
  counts: Map<string, number>;
  onOpen: (id: string) => void;
  onNew: () => void;
  /** Moves a board one place up or down in the list. */
  onStep: (id: string, direction: -1 | 1) => void;
  /** Whether new clips whose board is clear are filed without asking (off by default). */
  autoFile: boolean;
  onAutoFile: (on: boolean) => void;
}

export function BoardList({ boards, counts, onOpen, onNew, onStep, autoFile, onAutoFile }: BoardListProps) {
  const active = boards.filter((b) => !b.archivedAt);
  const card = (board: Board) => (
    <li class="clip-card board-card" key={board.id} data-board-id={board.id}>
      {!board.archivedAt && (
        <span class="board-order">
          <button
            type="button"
            class="icon-button board-up"
            disabled={active[0]?.id === board.id}
            aria-label={`${t('moveUp')}: ${board.title}`}
            onClick={() => onStep(board.id, -1)}
          >
            ↑
          </button>
          <button
            type="button"
            class="icon-button board-down"
            disabled={active.at(-1)?.id === board.id}
            aria-label={`${t('moveDown')}: ${board.title}`}
            onClick={() => onStep(board.id, 1)}
          >
            ↓
          </button>
        </span>
      )}
      <button type="button" class="clip-open" onClick={() => onOpen(board.id)}>
        <span class="clip-title">{board.title}</span>
        <span class="clip-meta">
          <span>{board.subjects.map((s) => s.name).join(' / ')}</span>
          <span>{boardCounts(counts.get(board.id) ?? 0, board.updatedAt)}</span>
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
      <label class="auto-file">
        <input
          type="checkbox"
          class="auto-file-toggle"
          checked={autoFile}
          onChange={(e) => onAutoFile(e.currentTarget.checked)}
        />
        {t('autoFileLabel')}
      </label>
    </section>
  );
}

/** "3件・更新 2026/11/20"; the count alone for a time that is no date (restored from a backup). */
function boardCounts(count: number, updatedAt: number): string {
  const changed = formatDate(updatedAt);
  return changed ? t('boardCounts', formatNumber(count), changed) : t('clipCount', formatNumber(count));
}
