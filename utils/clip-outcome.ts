import { isQuotaExceeded } from './db';
import type { ExtractedPage } from './extract';
import type { SelectedQuote } from './extract/selection';
import { guessLanguage } from './text';
import { normalizeUrl } from './url';

/**
 * Why nothing could be clipped; each has a message `clipFailed_<reason>` in the locales
 * (message names allow no hyphen). `interrupted`: the browser stopped the extension's worker in
 * the middle of the clip, and nothing was kept.
 */
export type ClipFailureReason =
  | 'browserPage'
  | 'fileAccess'
  | 'viewSource'
  | 'scriptFailed'
  | 'storageFailed'
  | 'storageFull'
  | 'interrupted';

/** The browsers Kurabe is built for: each names its own closed pages differently. */
export type BrowserFamily = 'chrome' | 'firefox';

/**
 * The message name for a failure in `family`: a browser page is called what that browser calls it
 * (Chrome: chrome://, its web store; Firefox: about:, moz-extension:, the reader view).
 */
export function failureMessageName(
  reason: ClipFailureReason,
  family: BrowserFamily,
): `clipFailed_${ClipFailureReason | 'browserPageFirefox'}` {
  return reason === 'browserPage' && family === 'firefox'
    ? 'clipFailed_browserPageFirefox'
    : `clipFailed_${reason}`;
}

/** The failure to report when storing a clip threw `error`. */
export function storageFailureReason(error: unknown): ClipFailureReason {
  return isQuotaExceeded(error) ? 'storageFull' : 'storageFailed';
}

/**
 * Why a web page was kept as a bookmark because no script may run in it; each has a message
 * `clipFallback_<reason>`.
 */
export type UnscriptableReason = 'webStore' | 'pdf' | 'blocked';

/**
 * Why a page was kept as a bookmark instead of an article, when it says more than "no article
 * here"; each has a message `clipFallback_<reason>`. `tooComplex`: the script ran, but reading the
 * article overflowed the engine's stack (a page nested thousands of levels deep).
 */
export type BookmarkReason = UnscriptableReason | 'tooComplex';

/** What the injected extraction script sends back. */
export type ExtractResult =
  | { ok: true; page: ExtractedPage; selection?: SelectedQuote; fallback?: 'tooComplex' }
  | { ok: false; error: string };

/**
 * Why a tab without a readable web URL cannot be clipped. Chrome gives an extension no URL at all
 * for its own pages (chrome://, the web store, the PDF viewer) even after a click; Firefox gives
 * the URL of its own (about:, about:reader for the reader view, moz-extension:), not a web one.
 */
export function whyNotClippable(url: string | undefined): ClipFailureReason {
  if (url?.startsWith('file:')) return 'fileAccess';
  if (url?.startsWith('view-source:')) return 'viewSource';
  return 'browserPage';
}

const WEB_STORES = [
  /^chromewebstore\.google\.com$/,
  /^chrome\.google\.com$/, // the old /webstore address
  /^microsoftedge\.microsoft\.com$/,
  /^addons\.mozilla\.org$/,
];

/** Why scripting a web page failed, from its URL. */
export function whyUnscriptable(url: string): UnscriptableReason {
  try {
    const { hostname, pathname } = new URL(url);
    if (WEB_STORES.some((store) => store.test(hostname))) return 'webStore';
    if (/\.pdf$/i.test(pathname)) return 'pdf';
  } catch {
    // not a URL: nothing more specific to say
  }
  return 'blocked';
}

/** A bookmark clip of a page no script may read: its title and URL are all there is. */
export function bookmarkFromTab(tab: { url: string; title?: string }): ExtractedPage {
  const title = tab.title?.trim() || tab.url;
  let siteName = '';
  try {
    siteName = new URL(tab.url).hostname.replace(/^www\./, '');
  } catch {
    // keep it empty
  }
  return {
    kind: 'bookmark',
    url: normalizeUrl(tab.url),
    originalUrl: tab.url,
    title,
    byline: '',
    siteName,
    lang: guessLanguage(title),
    publishedTime: '',
    modifiedTime: '',
    excerpt: '',
    html: '',
    text: '',
    chars: 0,
    readingMinutes: 1,
  };
}

/** The badge shown on the tab after a click. */
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
  if (value.ok && value.fallback !== undefined && value.fallback !== 'tooComplex') {
    return { ok: false, error: 'The extraction script returned a malformed page.' };
  }
  if (value.ok && value.selection && typeof value.selection.text !== 'string') {
    return { ok: true, page: value.page, ...(value.fallback && { fallback: value.fallback }) };
  }
  return value;
}
