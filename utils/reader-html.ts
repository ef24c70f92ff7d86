import { serializeForParsing } from './extract/html-text';
import { sanitizeToBody } from './sanitize';

export interface ReaderHtmlOptions {
  /** Load remote images (the user asked for them on this clip). */
  showImages: boolean;
  /** Label of an image placeholder, given its alt text. */
  placeholder: (alt: string) => string;
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
  // The reader sets this as innerHTML: a code block that starts with a blank line keeps it.
  return { html: serializeForParsing(body), hiddenImages };
}
