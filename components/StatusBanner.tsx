import {
  type BookmarkReason,
  type BrowserFamily,
  type ClipFailureReason,
  failureMessageName,
} from '@/utils/clip-outcome';
import { t } from '@/utils/i18n';

/** The browser this build is for (WXT builds one package per browser). */
const BROWSER_FAMILY: BrowserFamily = import.meta.env.FIREFOX ? 'firefox' : 'chrome';

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
      return t(failureMessageName(status.reason, BROWSER_FAMILY));
  }
}

/**
 * How long a success stays before it has faded away. The clip is at the top of the Inbox,
 * highlighted, so the line only confirms; a pointer over it or the focus in it holds it.
 */
const FADE_MS = 6_000;

/**
 * Statuses that fade by themselves: the clip was kept as an article. A failure stays until
 * closed (nothing was kept, the user must know why), and so do a bookmark and a fallback (kept,
 * but not as an article: the line says why and what to do), as does the "clipping…" line until
 * its result replaces it.
 */
const FADES: ReadonlySet<ClipStatus['kind']> = new Set(['saved', 'updated', 'restored']);

interface StatusBannerProps {
  status: ClipStatus;
  onDismiss: () => void;
}

export function StatusBanner({ status, onDismiss }: StatusBannerProps) {
  const tone = status.kind === 'failed' ? 'error' : status.kind === 'working' ? 'busy' : 'ok';
  const quote = 'quoteAdded' in status && status.quoteAdded;
  const filedOn = 'filedOn' in status ? status.filedOn : undefined;
  const fades = FADES.has(status.kind);
  return (
    <div
      class={`status status-${tone}${fades ? ' status-fades' : ''}`}
      role={tone === 'error' ? 'alert' : 'status'}
      data-status={status.kind}
      // The fade is a CSS animation (paused while hovered or focused); its end closes the line.
      style={fades ? { animationDuration: `${FADE_MS}ms` } : undefined}
      onAnimationEnd={(e) => {
        if (fades && e.target === e.currentTarget) onDismiss();
      }}
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
