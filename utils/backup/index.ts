import { htmlToText, storedHtml } from '../extract/html-text';
import { sanitizeStoredHtml } from '../sanitize';
import type { DerivedBody } from './restore';

export * from './derive-slices';
export * from './format';
export * from './read';
export * from './restore';
export * from './staging';
export * from './write';

/**
 * Sanitizes a restored body's HTML with a clip's allowlist (sanitizeStoredHtml) and rebuilds its
 * text from the clean tree, as extraction made it (htmlToText of the sanitized element). The
 * DOM-bound half of a restore: the side panel passes it as `deriveBody`. Stored HTML has absolute
 * URLs (extraction made them so); a relative one in a file has nothing to resolve against and goes.
 */
export function deriveBodyFromHtml(html: string, doc: Document = document): DerivedBody {
  const clean = sanitizeStoredHtml(html, 'about:blank', doc.defaultView as Window & typeof globalThis);
  // Written back as a clip's HTML is (storedHtml), so a code block's leading line break survives the
  // next backup too.
  return { html: storedHtml(clean, html), text: htmlToText(clean) };
}
