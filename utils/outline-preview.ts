import { renderOutlinePreviewSafe } from './markdown-render';
import { sanitizeToBody } from './sanitize';

/**
 * The outline as HTML, for the preview and for pasting as rich text: rendered by marked (with
 * CJK-friendly emphasis) and sanitized like everything else shown from a clipped page, since
 * quotes and titles in it come from web pages. Links open in a new tab, without opener or referrer.
 * Only web and mailto links survive: footnote jumps (`#…`) are dropped with the ids they point at —
 * markers stay as superscript numbers, the back arrows go — and the footnotes stay at the end as
 * a numbered list of sources, which is what a blog editor keeps when the HTML is pasted.
 */
export function outlineHtml(markdown: string, win: Window & typeof globalThis = window): string {
  const { html, foreign } = renderOutlinePreviewSafe(markdown);
  // The renderer writes only what the sanitizer keeps, already in its final shape: sanitizing 2,000
  // quotes again would take twice as long as rendering them. Raw HTML or an image (a note may
  // hold one) is not the renderer's own: then everything is sanitized, as before.
  if (!foreign) return html;
  return sanitizedOutlineHtml(html, win);
}

/**
 * Rendered outline HTML that holds what the renderer does not write itself, made safe: sanitized,
 * then footnote jumps and empty headings taken out and links sent to a new tab.
 */
export function sanitizedOutlineHtml(html: string, win: Window & typeof globalThis = window): string {
  const body = sanitizeToBody(html, 'about:blank', win);
  // An empty heading says nothing (marked-footnote's, left empty: the outline has its own).
  for (const h of Array.from(body.querySelectorAll('h1, h2, h3, h4, h5, h6')))
    if (!h.textContent?.trim()) h.remove();
  // A link whose target the sanitizer dropped (a footnote jump) would paste into a blog editor as a
  // dead link: a marker keeps its number as plain `<sup>n</sup>`, a "back to the text" arrow goes.
  for (const a of Array.from(body.querySelectorAll('a:not([href])'))) {
    if (a.textContent?.startsWith('↩')) {
      const before = a.previousSibling;
      if (before?.nodeType === 3) before.textContent = (before.textContent ?? '').replace(/\s+$/, '');
      a.remove();
    } else a.replaceWith(...Array.from(a.childNodes));
  }
  for (const a of body.querySelectorAll('a[href]')) {
    a.setAttribute('target', '_blank');
    a.setAttribute('rel', 'noopener noreferrer');
  }
  return body.innerHTML;
}
