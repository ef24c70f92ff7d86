import { Marked } from 'marked';
import markedFootnote from 'marked-footnote';
import { markedCjkEmphasis } from './marked-cjk-emphasis';

/**
 * Markdown → HTML as Kurabe shows it (marked with GFM and footnotes). Not sanitized: whoever
 * puts the result in a page sanitizes it first.
 */
const renderer = new Marked({ gfm: true }).use(markedFootnote());

export function renderMarkdown(markdown: string): string {
  return renderer.parse(markdown, { async: false });
}

/**
 * The outline's preview: as `renderMarkdown`, and `**` next to Japanese punctuation is emphasis
 * (`**「強調」**です`), as the person who typed it meant. Not sanitized either.
 */
const outlineRenderer = new Marked({ gfm: true }).use(markedFootnote(), markedCjkEmphasis());

export function renderOutlinePreview(markdown: string): string {
  return outlineRenderer.parse(markdown, { async: false });
}
