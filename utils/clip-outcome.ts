import type { ExtractedPage } from './extract';

/** Why a page could not be clipped; each has a message in the locales (`clipFailed_<reason>`; message names allow no hyphen). */
export type ClipFailureReason = 'unclippable' | 'scriptFailed' | 'storageFailed';

/** What the injected extraction script sends back. */
export type ExtractResult = { ok: true; page: ExtractedPage } | { ok: false; error: string };

/** The badge shown on the tab for a moment after a click. */
export function badgeFor(outcome: 'working' | 'saved' | 'updated' | 'failed'): {
  text: string;
  color: string;
} {
  switch (outcome) {
    case 'working':
      return { text: '…', color: '#6b7280' };
    case 'saved':
      return { text: '✓', color: '#2f7d4f' };
    case 'updated':
      return { text: '↻', color: '#2f6f9f' };
    case 'failed':
      return { text: '!', color: '#b3261e' };
  }
}

/** Reads executeScript's results defensively: a page may return anything, or nothing. */
export function readExtractResult(results: { result?: unknown }[] | undefined): ExtractResult {
  const value = results?.[0]?.result as ExtractResult | undefined;
  if (!value || typeof value !== 'object' || typeof value.ok !== 'boolean') {
    return { ok: false, error: 'The extraction script returned nothing.' };
  }
  if (value.ok && (typeof value.page?.url !== 'string' || typeof value.page.title !== 'string')) {
    return { ok: false, error: 'The extraction script returned a malformed page.' };
  }
  return value;
}
