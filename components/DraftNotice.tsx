import { t } from '@/utils/i18n';
import type { DraftField } from './use-draft-field';

/** The other panel's text is shown up to this many characters (a note may be 100,000). */
const OTHER_SHOWN = 200;

/**
 * Next to a field whose save replaced a value another panel had written while the user typed:
 * says so, shows what the other panel had, and offers to put it back.
 */
export function DraftNotice({ field }: { field: Pick<DraftField, 'conflict' | 'useOther' | 'dismiss'> }) {
  if (!field.conflict) return null;
  const chars = [...field.conflict.other];
  const other =
    chars.length > OTHER_SHOWN ? `${chars.slice(0, OTHER_SHOWN).join('')}…` : field.conflict.other;
  return (
    <p class="draft-notice" role="status">
      <span>{t('draftSavedOverOther')}</span>{' '}
      <span class="draft-other">{other ? t('draftOtherWas', other) : t('draftOtherWasEmpty')}</span>{' '}
      <button type="button" class="link-button draft-use-other" onClick={field.useOther}>
        {t('draftUseOther')}
      </button>
      <button
        type="button"
        class="icon-button draft-dismiss"
        onClick={field.dismiss}
        aria-label={t('dismiss')}
        title={t('dismiss')}
      >
        ×
      </button>
    </p>
  );
}
