import { LIMITS } from './limits';

/**
 * Editing a quote's boundaries: the quote must stay a faithful excerpt of its page. The edited
 * text is accepted when it occurs in the page's text once both are compared as a reader would
 * see them: NFKC (full-width letters, half-width kana) and every run of white space as one space.
 */

/** Why an edit was refused; each has a message `quoteEdit_<reason>` in the locales. */
export type QuoteEditError = 'empty' | 'tooLong' | 'notInArticle';

export type QuoteEdit = { ok: true; text: string } | { ok: false; error: QuoteEditError };

/** Text as compared: NFKC, white space collapsed to one space, trimmed. */
export function foldForExcerpt(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/**
 * Checks an edited quote against the texts it may come from (the article's text; for a page kept
 * as a bookmark, the quote's own sentence and original selection). Returns the text to store
 * (trimmed, the user's own spacing kept inside) or why not.
 */
export function checkQuoteEdit(edited: string, sources: readonly string[]): QuoteEdit {
  const text = edited.trim();
  if (!text) return { ok: false, error: 'empty' };
  if (text.length > LIMITS.quoteLength) return { ok: false, error: 'tooLong' };
  const folded = foldForExcerpt(text);
  if (!sources.some((source) => foldForExcerpt(source).includes(folded)))
    return { ok: false, error: 'notInArticle' };
  return { ok: true, text };
}
