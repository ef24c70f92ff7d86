import type { Board, Clip } from '@/utils/db';
import { formatDate, t } from '@/utils/i18n';

interface TrashViewProps {
  clips: Clip[];
  boards: Board[];
  onRestoreBoard: (id: string) => void;
  confirmingEmpty: boolean;
  onRestore: (id: string) => void;
  onAskEmpty: () => void;
  onConfirmEmpty: () => void;
  onCancelEmpty: () => void;
  onBack: () => void;
}

/** The Trash: deleted clips, each restorable; emptied only on request, after a confirmation. */
export function TrashView({
  clips,
  boards,
  onRestoreBoard,
  confirmingEmpty,
  onRestore,
  onAskEmpty,
  onConfirmEmpty,
  onCancelEmpty,
  onBack,
}: TrashViewProps) {
  const count = clips.length + boards.length;
  return (
    <section class="trash" aria-labelledby="trash-title">
      <nav class="reader-nav">
        <button type="button" class="link-button" onClick={onBack}>
          ← {t('back')}
        </button>
      </nav>
      <header class="inbox-header">
        <h1 id="trash-title">{t('trashTitle')}</h1>
        {count > 0 && !confirmingEmpty && (
          <button type="button" class="danger-button empty-trash" onClick={onAskEmpty}>
            {t('emptyTrash')}
          </button>
        )}
      </header>
      {confirmingEmpty && (
        <div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
          <p id="confirm-text">{t('emptyTrashConfirm', count)}</p>
          <button type="button" class="danger-button confirm-empty" onClick={onConfirmEmpty}>
            {t('emptyTrashYes')}
          </button>{' '}
          <button type="button" class="plain-button" onClick={onCancelEmpty}>
            {t('cancel')}
          </button>
        </div>
      )}
      {count === 0 && <p class="empty">{t('trashEmpty')}</p>}
      {boards.length > 0 && (
        <>
          <h2>{t('trashBoards')}</h2>
          <ul class="clip-list trashed-boards">
            {boards.map((board) => (
              <li class="clip-card trashed" key={board.id} data-board-id={board.id}>
                <div class="clip-row">
                  <span class="clip-title">{board.title}</span>
                  <button
                    type="button"
                    class="plain-button restore-board"
                    onClick={() => onRestoreBoard(board.id)}
                  >
                    {t('restore')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
          {clips.length > 0 && <h2>{t('trashClips')}</h2>}
        </>
      )}
      <ul class="clip-list">
        {clips.map((clip) => (
          <li class="clip-card trashed" key={clip.id} data-clip-id={clip.id}>
            <div class="clip-row">
              <span class="clip-title">{clip.title}</span>
              <button type="button" class="plain-button restore" onClick={() => onRestore(clip.id)}>
                {t('restore')}
              </button>
            </div>
            <span class="clip-meta">
              <span>{clip.siteName}</span>
              {clip.deletedAt !== undefined && <TrashedOn at={clip.deletedAt} />}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** When a clip went to the Trash; nothing for a time that is no date (restored from a backup). */
function TrashedOn({ at }: { at: number }) {
  const date = formatDate(at);
  return date ? <span>{t('trashedOn', date)}</span> : null;
}
