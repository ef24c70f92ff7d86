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
// The outline writes its own 「出典」 heading above the footnotes: marked-footnote's own heading
// ("Footnotes", hidden by a class that sanitizing removes) is left empty, and the preview drops it.
const outlineRenderer = new Marked({ gfm: true }).use(
  markedFootnote({ description: '' }),
  markedCjkEmphasis(),
);

export function renderOutlinePreview(markdown: string): string {
  return outlineRenderer.parse(markdown, { async: false });
}
