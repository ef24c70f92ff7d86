import type { BookmarkReason, ClipFailureReason } from '@/utils/clip-outcome';
import { t } from '@/utils/i18n';

/** What the panel says about the latest click. */
export type ClipStatus =
  | { kind: 'working'; title: string }
  | { kind: 'saved'; quoteAdded: boolean; filedOn?: string }
  | { kind: 'bookmark'; quoteAdded: boolean }
  | { kind: 'fallback'; reason: BookmarkReason; quoteAdded: boolean }
  | { kind: 'updated'; firstClippedOn: string; quoteAdded: boolean; filedOn?: string }
  | { kind: 'restored'; firstClippedOn: string; quoteAdded: boolean; filedOn?: string }
  | { kind: 'failed'; reason: ClipFailureReason };

function message(status: ClipStatus): string {
  switch (status.kind) {
    case 'working':
      return t('clipping', status.title);
    case 'saved':
      return t('clipSaved');
    case 'bookmark':
      return t('clipBookmark');
    case 'fallback':
      return t(`clipFallback_${status.reason}`);
    case 'updated':
      return t('clipUpdated', status.firstClippedOn);
    case 'restored':
      return t('clipRestored', status.firstClippedOn);
    case 'failed':
      return t(`clipFailed_${status.reason}`);
  }
}

interface StatusBannerProps {
  status: ClipStatus;
  onDismiss: () => void;
}

export function StatusBanner({ status, onDismiss }: StatusBannerProps) {
  const tone = status.kind === 'failed' ? 'error' : status.kind === 'working' ? 'busy' : 'ok';
  const quote = 'quoteAdded' in status && status.quoteAdded;
  const filedOn = 'filedOn' in status ? status.filedOn : undefined;
  return (
    <div
      class={`status status-${tone}`}
      role={tone === 'error' ? 'alert' : 'status'}
      data-status={status.kind}
    >
      <span class="status-text">
        {message(status)}
        {quote && ` ${t('quoteAdded')}`}
        {filedOn && ` ${t('addedToBoard', filedOn)}`}
      </span>
      {status.kind !== 'working' && (
        <button
          type="button"
          class="icon-button"
          onClick={onDismiss}
          aria-label={t('dismiss')}
          title={t('dismiss')}
        >
          ×
        </button>
      )}
    </div>
  );
}
