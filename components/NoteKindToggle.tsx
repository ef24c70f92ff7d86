import type { NoteKind } from '@/utils/db';
import { t } from '@/utils/i18n';

interface NoteKindToggleProps {
  kind: NoteKind;
  /** The other kind was chosen. */
  onChange: (kind: NoteKind) => void;
}

/**
 * What a note is for, at a glance and one click (or Enter/Space) to change: 「記事用」 (the outline
 * exports it) or 「メモ」 (it stays in Kurabe). The name starts with the visible kind, then says
 * what pressing does, so a screen reader and a voice command both find it by what is shown.
 */
export function NoteKindToggle({ kind, onChange }: NoteKindToggleProps) {
  // A record written before note kinds (none in a migrated database) counts as article text, as the outline reads it.
  const current: NoteKind = kind === 'memo' ? 'memo' : 'article';
  const shown = current === 'article' ? t('noteKindArticle') : t('noteKindMemo');
  const action = current === 'article' ? t('noteKindMakeMemo') : t('noteKindMakeArticle');
  return (
    <button
      type="button"
      class={`note-kind note-kind-${current}`}
      data-note-kind={current}
      aria-label={`${shown}: ${action}`}
      title={action}
      onClick={() => onChange(current === 'article' ? 'memo' : 'article')}
    >
      {shown}
    </button>
  );
}
