import { t } from '@/utils/i18n';

interface ShortcutHintProps {
  /** The key the browser has for the clip command, '' when none is set. */
  shortcut: string;
  /** Opens the browser's shortcut page; absent where a page cannot open it (Firefox before 137). */
  onChange?: () => void;
  /** Where the browser keeps its shortcut page, told beside the button (Firefox: about:addons → ⚙). */
  where?: string;
}

export function ShortcutHint({ shortcut, onChange, where }: ShortcutHintProps) {
  return (
    <p class="shortcut muted">
      {shortcut ? t('shortcutIs', shortcut) : t('shortcutNone')}{' '}
      {onChange ? (
        <button type="button" class="link-button" onClick={onChange} title={where}>
          {t('shortcutChange')}
        </button>
      ) : (
        <span>{t('shortcutHowFirefox')}</span>
      )}
    </p>
  );
}
