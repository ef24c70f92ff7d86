import { htmlToText, inertBody } from '../extract/html-text';
import type { DerivedBody } from './restore';

export * from './format';
export * from './read';
export * from './restore';
export * from './staging';
export * from './write';

/**
 * Rebuilds a body's text from its sanitized HTML (parsed with `inertBody`), as extraction made it
 * (htmlToText of the same element). The DOM-bound half of a restore: the side panel passes it as
 * `deriveBody`.
 */
export function deriveBodyFromHtml(html: string, doc: Document = document): DerivedBody {
  return { text: htmlToText(inertBody(html, doc)) };
}
