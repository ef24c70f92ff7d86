import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { useLibrary } from './library-store';

/**
 * Deleting a clip: one that sits on boards asks first (the returned `dialog`, shown above the
 * view); others go to the Trash at once, with Undo. `onTrashed` runs once the clip is in the Trash
 * (the reader closes).
 */
export function useAskTrash(onTrashed?: () => void) {
  const library = useLibrary();
  /** A clip that sits on boards, waiting for the user to confirm its move to the Trash. */
  const [pending, setPending] = useState<{ id: string; title: string; boards: number }>();

  const trash = (id: string) => void library.moveToTrash(id, onTrashed);
  // The question shows above the list, which may be scrolled far from the card clicked: it takes
  // the focus and comes into view, else the click seems to do nothing.
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!pending) return;
    yes.current?.focus();
    yes.current?.closest('[role="alertdialog"]')?.scrollIntoView?.({ block: 'nearest' });
  }, [pending]);

  const ask = (id: string) => {
    const onBoards = new Set(library.boards.placements.filter((p) => p.clipId === id).map((p) => p.boardId))
      .size;
    const clip = library.clips.find((c) => c.id === id);
    if (onBoards > 0 && clip) setPending({ id, title: clip.title, boards: onBoards });
    else trash(id);
  };

  const dialog = pending && (
    <div class="confirm confirm-trash" role="alertdialog" aria-labelledby="confirm-trash-text">
      <p id="confirm-trash-text">{t('confirmTrashFiled', pending.title, pending.boards)}</p>
      <button
        type="button"
        class="danger-button confirm-trash-yes"
        ref={yes}
        onClick={() => {
          trash(pending.id);
          setPending(undefined);
        }}
      >
        {t('confirmTrashYes')}
      </button>{' '}
      <button type="button" class="plain-button" onClick={() => setPending(undefined)}>
        {t('cancel')}
      </button>
    </div>
  );
  return { ask, dialog };
}
