import { useState } from 'preact/hooks';
import type { BoardError, NewBoard } from '@/utils/boards';
import { t } from '@/utils/i18n';
import { isSubmitEnter } from '@/utils/ime';

interface BoardFormProps {
  /** Creates the board; returns why not, or nothing when it was created. */
  onCreate: (input: NewBoard) => Promise<{ error: BoardError; detail?: string } | undefined>;
  onCancel: () => void;
}

const lines = (text: string) => text.split('\n');

/** A new comparison board: title, subjects and aspects, one per line. */
export function BoardForm({ onCreate, onCancel }: BoardFormProps) {
  const [title, setTitle] = useState('');
  const [subjects, setSubjects] = useState('');
  const [aspects, setAspects] = useState('');
  const [error, setError] = useState<{ error: BoardError; detail?: string }>();

  const submit = async () => {
    setError(await onCreate({ title, subjects: lines(subjects), aspects: lines(aspects) }));
  };

  return (
    <form
      class="board-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        {t('boardTitleLabel')}
        <input
          type="text"
          name="title"
          value={title}
          placeholder={t('boardTitlePlaceholder')}
          onInput={(e) => setTitle(e.currentTarget.value)}
          onKeyDown={(e) => {
            // Enter submits, but never the Enter that confirms an IME conversion.
            if (e.key === 'Enter') {
              e.preventDefault();
              if (isSubmitEnter(e)) void submit();
            }
          }}
        />
      </label>
      <label>
        {t('boardSubjectsLabel')}
        <textarea
          name="subjects"
          rows={3}
          value={subjects}
          onInput={(e) => setSubjects(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('boardAspectsLabel')}
        <textarea
          name="aspects"
          rows={4}
          value={aspects}
          onInput={(e) => setAspects(e.currentTarget.value)}
        />
      </label>
      {error && (
        <p class="form-error" role="alert">
          {t(`boardError_${error.error}`, error.detail ?? '')}
        </p>
      )}
      <div class="form-actions">
        <button type="submit" class="primary-button">
          {t('createBoard')}
        </button>
        <button type="button" class="plain-button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
