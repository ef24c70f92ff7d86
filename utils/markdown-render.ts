import { Marked } from 'marked';
import markedFootnote from 'marked-footnote';

/**
 * Markdown → HTML as Kurabe shows it (marked with GFM and footnotes). Not sanitized: whoever
 * puts the result in a page sanitizes it first.
 */
const renderer = new Marked({ gfm: true }).use(markedFootnote());

export function renderMarkdown(markdown: string): string {
  return renderer.parse(markdown, { async: false });
}
