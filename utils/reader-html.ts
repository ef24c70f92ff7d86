import { serializeForParsing } from './extract/html-text';
import { sanitizeToBody } from './sanitize';

export interface ReaderHtmlOptions {
  /** Load remote images (the user asked for them on this clip). */
  showImages: boolean;
  /** Label of an image placeholder, given its alt text. */
  placeholder: (alt: string) => string;
  /**
   * A sentence of the article to mark (`<mark class="context-highlight">`, one per text node it
   * spans): a cell's candidate shown in context. White space is compared collapsed.
   */
  highlight?: string;
}

/**
 * Prepares a stored clip's HTML for the reader view: sanitized again (the database is not
 * trusted either), remote images replaced by a labelled placeholder unless the user asked for
 * them (loading them would tell the site what you read), links opened in a new tab without
 * opener or referrer.
 */
export function readerHtml(
  html: string,
  baseUrl: string,
  options: ReaderHtmlOptions,
  win: Window & typeof globalThis = window,
): { html: string; hiddenImages: number } {
  const body = sanitizeToBody(html, baseUrl, win);
  let hiddenImages = 0;
  for (const a of body.querySelectorAll('a[href]')) {
    a.setAttribute('target', '_blank');
    a.setAttribute('rel', 'noopener noreferrer');
  }
  if (!options.showImages) {
    for (const img of Array.from(body.querySelectorAll('img'))) {
      const src = img.getAttribute('src') ?? '';
      if (src.startsWith('data:') && !img.hasAttribute('srcset')) continue;
      const placeholder = body.ownerDocument.createElement('span');
      placeholder.className = 'image-placeholder';
      placeholder.setAttribute('role', 'img');
      placeholder.textContent = options.placeholder(img.getAttribute('alt')?.trim() ?? '');
      img.replaceWith(placeholder);
      hiddenImages++;
    }
  } else {
    for (const img of body.querySelectorAll('img')) img.setAttribute('referrerpolicy', 'no-referrer');
  }
  if (options.highlight) markSentence(body, options.highlight);
  // The reader sets this as innerHTML: a code block that starts with a blank line keeps it.
  return { html: serializeForParsing(body), hiddenImages };
}

/**
 * Wraps the first occurrence of `sentence` in `root`'s text in `<mark class="context-highlight">`
 * elements, one per text node it crosses (a sentence may span a link or bold text). The text is
 * compared with white space collapsed, since the stored text and the DOM's text nodes break lines
 * differently. Returns whether it was found.
 */
export function markSentence(root: Element, sentence: string): boolean {
  const wanted = sentence.replace(/\s+/g, ' ').trim();
  if (!wanted) return false;
  // The text as one string with white space collapsed, and for each of its characters the text
  // node and offset it came from.
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  let flat = '';
  const from: { node: Text; offset: number }[] = [];
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const text = node.data;
    for (let i = 0; i < text.length; i++) {
      const ch = /\s/.test(text[i]!) ? ' ' : text[i]!;
      if (ch === ' ' && (flat.length === 0 || flat.endsWith(' '))) continue;
      flat += ch;
      from.push({ node, offset: i });
    }
  }
  const at = flat.indexOf(wanted);
  if (at < 0) return false;
  const first = from[at]!;
  const last = from[at + wanted.length - 1]!;
  // Each text node the sentence touches, with the part of it that belongs to the sentence.
  const parts: { node: Text; start: number; end: number }[] = [];
  for (let k = at; k < at + wanted.length; k++) {
    const { node, offset } = from[k]!;
    const part = parts[parts.length - 1];
    if (part?.node === node) part.end = offset + 1;
    else parts.push({ node, start: node === first.node ? first.offset : offset, end: offset + 1 });
  }
  if (parts.length) parts[parts.length - 1]!.end = last.offset + 1;
  for (const { node, start, end } of parts) {
    const range = doc.createRange();
    range.setStart(node, start);
    range.setEnd(node, end);
    const mark = doc.createElement('mark');
    mark.className = 'context-highlight';
    range.surroundContents(mark);
  }
  return true;
}
