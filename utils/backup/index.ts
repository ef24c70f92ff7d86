import { htmlToText } from '../extract/html-text';
import type { DerivedBody } from './restore';

export * from './format';
export * from './read';
export * from './restore';
export * from './staging';
export * from './write';

/**
 * Rebuilds a body's text from its sanitized HTML, as extraction made it (htmlToText of the same
 * element). The DOM-bound half of a restore: the side
 * panel passes it as `deriveBody`. The HTML is parsed in a document of its own, which is inert:
 * nothing in it loads (an <img> parsed into the panel's document would fetch at once).
 */
export function deriveBodyFromHtml(html: string, doc: Document = document): DerivedBody {
  const inert = doc.implementation.createHTMLDocument('');
  inert.body.innerHTML = html;
  return { text: htmlToText(inert.body) };
}
