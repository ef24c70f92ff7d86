import { htmlToText } from '../extract/html-text';
import { sanitizeStoredHtml } from '../sanitize';
import type { DerivedBody } from './restore';

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
  return { html: clean.innerHTML, text: htmlToText(clean) };
}
