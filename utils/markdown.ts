import TurndownService from 'turndown';
import { inertBody } from './extract/html-text';
import { CODE_LANGUAGE } from './extract/prepare';
import { escapeAutolinks } from './markdown-escape';

/** Kurabe numbers footnotes itself; any other label is not one of its marks. */
const FOOTNOTE_LABEL = /^\d{1,4}$/;

/**
 * HTML → Markdown with GitHub's extensions. Tables, strikethrough and fenced code are rules of
 * our own rather than a GFM plugin: the published plugins keep header-less tables as raw HTML and
 * lose a code block's language once Readability has stripped its classes.
 */
function cellText(content: string): string {
  // A cell is one line in GFM: line breaks become <br>, pipes are escaped.
  return content.trim().replace(/\n+/g, '<br>').replace(/\|/g, '\\|');
}

function rowCells(row: HTMLTableRowElement): Element[] {
  return Array.from(row.children).filter((c) => c.tagName === 'TD' || c.tagName === 'TH');
}

function codeLanguage(pre: Element): string {
  const code = pre.querySelector('code');
  const hint = pre.getAttribute('data-kurabe-lang') ?? code?.getAttribute('data-kurabe-lang');
  const cls = `${pre.getAttribute('class') ?? ''} ${code?.getAttribute('class') ?? ''}`;
  const lang = hint || (/(?:^|\s)(?:language|lang)-([\w+#.-]+)/.exec(cls)?.[1] ?? '');
  // Written after the opening fence: a backtick or a space there would end the fence.
  return CODE_LANGUAGE.test(lang) ? lang : '';
}

function createService(): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '*',
    strongDelimiter: '**',
    hr: '---',
  });

  service.addRule('strikethrough', {
    filter: ['del', 's', 'strike' as keyof HTMLElementTagNameMap],
    replacement: (content) => `~~${content}~~`,
  });

  service.addRule('fencedCode', {
    filter: (node) => node.nodeName === 'PRE',
    replacement: (_content, node) => {
      const pre = node as HTMLElement;
      const text = (pre.textContent ?? '').replace(/\n$/, '');
      const longestFence = Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length));
      const fence = '`'.repeat(longestFence + 1);
      return `\n\n${fence}${codeLanguage(pre)}\n${text}\n${fence}\n\n`;
    },
  });

  service.addRule('tableCell', {
    filter: ['th', 'td'],
    replacement: (content) => ` ${cellText(content)} |`,
  });
  service.addRule('tableRow', {
    filter: 'tr',
    replacement: (content, node) => {
      const row = node as HTMLTableRowElement;
      const table = row.closest('table');
      const first = table?.querySelector('tr');
      let line = `|${content}\n`;
      if (first === row) {
        // GFM needs a header row: the first row is it, and the delimiter row follows.
        line += `|${rowCells(row)
          .map(() => ' --- |')
          .join('')}\n`;
      }
      return line;
    },
  });
  service.addRule('tableSection', {
    filter: ['thead', 'tbody', 'tfoot'],
    replacement: (content) => content,
  });
  service.addRule('tableCaption', {
    filter: ['caption'],
    replacement: (content) => `${content.trim()}\n\n`,
  });
  service.addRule('table', {
    filter: 'table',
    replacement: (content) => {
      const lines = content.split('\n').filter((l) => l.trim() !== '');
      // Caption (if any) sits before the rows; keep it as a paragraph above the table.
      const caption = lines.filter((l) => !l.startsWith('|'));
      const rows = lines.filter((l) => l.startsWith('|'));
      const width = Math.max(...rows.map((r) => r.split(/(?<!\\)\|/).length - 2), 1);
      const padded = rows.map((r) => {
        const cells = r.split(/(?<!\\)\|/).length - 2;
        return cells < width ? r + '  |'.repeat(width - cells) : r;
      });
      return `\n\n${caption.length ? `${caption.join('\n')}\n\n` : ''}${padded.join('\n')}\n\n`;
    },
  });
  // Footnotes marked by extraction: references become [^n], the notes "[^n]: text" lines.
  service.addRule('footnoteReference', {
    filter: (node) =>
      node.nodeName === 'SUP' && FOOTNOTE_LABEL.test(node.getAttribute('data-kurabe-fn-ref') ?? ''),
    replacement: (_content, node) => `[^${(node as HTMLElement).getAttribute('data-kurabe-fn-ref')}]`,
  });
  service.addRule('footnote', {
    filter: (node) =>
      node.nodeName === 'LI' && FOOTNOTE_LABEL.test(node.getAttribute('data-kurabe-fn') ?? ''),
    replacement: (content, node) =>
      `[^${(node as HTMLElement).getAttribute('data-kurabe-fn')}]: ${content.trim().replace(/\n+/g, ' ')}\n`,
  });
  service.addRule('footnoteList', {
    filter: (node) =>
      (node.nodeName === 'OL' || node.nodeName === 'UL') &&
      node.children.length > 0 &&
      Array.from(node.children).every((li) => FOOTNOTE_LABEL.test(li.getAttribute('data-kurabe-fn') ?? '')),
    replacement: (content) => `\n\n${content.trim()}\n\n`,
  });
  // Furigana readings would be read inline (子こども): the base text is enough.
  service.remove(['rt', 'rp'] as Array<keyof HTMLElementTagNameMap>);
  // Turndown escapes Markdown but not HTML: a page's text that spells a tag ("<script src=…>")
  // would become a live tag wherever the Markdown is rendered. Nor does it keep an address in
  // the text from becoming a link (`someone@example.com`, `www.…`): only the page's own links are.
  const escapeMarkdown = service.escape.bind(service);
  service.escape = (text: string) => escapeAutolinks(escapeMarkdown(text).replace(/</g, '&lt;'));
  return service;
}

let shared: TurndownService | undefined;

/**
 * Markdown of a stored article's sanitized HTML (parsed with `inertBody`). Made when a clip is
 * exported, not when it is clipped.
 */
export function articleMarkdown(html: string, doc: Document = document): string {
  return html ? htmlToMarkdown(inertBody(html, doc)) : '';
}

/** Markdown of an element (or an HTML string) that has already been sanitized. */
export function htmlToMarkdown(input: HTMLElement | string): string {
  shared ??= createService();
  return shared
    .turndown(input)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
