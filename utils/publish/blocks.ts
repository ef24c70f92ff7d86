import { Marked, type Token, type Tokens } from 'marked';
import markedFootnote from 'marked-footnote';
import { markedCjkEmphasis } from '../marked-cjk-emphasis';

/**
 * The outline (utils/outline.ts) as WordPress block markup, so a draft opens in the block editor
 * as editable blocks — headings, paragraphs, lists, quotes, the comparison table — and not as one
 * classic block.
 *
 * The outline's model is its Markdown: outline.ts writes it with every piece of page text escaped
 * and the user's notes reduced to inline Markdown. The same tokens the preview renders (marked,
 * GFM, footnotes, CJK-friendly emphasis: markdown-render.ts) are serialized here block by block,
 * exactly as the block editor of WordPress 6.1 (Debian 12's 6.1.9) serializes each core block, so
 * the editor finds each one valid:
 *
 *   heading    <!-- wp:heading {"level":3} -->\n<h3>…</h3>\n<!-- /wp:heading -->   (level 2: no attributes)
 *   paragraph  <!-- wp:paragraph -->\n<p>…</p>\n<!-- /wp:paragraph -->
 *   list       <!-- wp:list -->\n<ul><!-- wp:list-item -->\n<li>…</li>\n<!-- /wp:list-item --></ul>\n<!-- /wp:list -->
 *              (6.1 ships List v2: its save writes InnerBlocks, one core/list-item per item; a bare
 *              `<ul><li>` would only pass through a deprecation)
 *   quote      <!-- wp:quote -->\n<blockquote class="wp-block-quote"><!-- wp:paragraph -->…</blockquote>\n<!-- /wp:quote -->
 *   table      <!-- wp:table -->\n<figure class="wp-block-table"><table><thead>…</thead><tbody>…</tbody></table></figure>\n<!-- /wp:table -->
 *
 * Blocks are joined by a blank line, inner blocks too (blocks.js `serialize`). WordPress 6.1 has
 * no footnotes block (6.3 added it): a footnote marker is a superscript number and the sources a
 * numbered list of links under the outline's own 出典 / Sources heading.
 *
 * Everything is written escaped: text as text (`<` `>` `&` `"` `'` as references, so no page text
 * can open a tag or a block comment — `-->` and `<!-- wp:` become text), links only to http(s)
 * and mailto addresses, raw HTML in a note as its text. Pure: no DOM, same input, same output.
 */

/** A fresh parser per call: marked-footnote numbers its markers with a counter of its own. */
const parser = () => new Marked({ gfm: true }).use(markedFootnote({ description: '' }), markedCjkEmphasis());

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** HTML text or attribute value; a character reference the Markdown already holds is kept (as marked does). */
function escapeHtml(text: string, encodeAll = false): string {
  const pattern = encodeAll ? /[&<>"']/g : /[<>"']|&(?!(?:#\d{1,7}|#[Xx][a-fA-F0-9]{1,6}|\w+);)/g;
  return text.replace(pattern, (c) => HTML_ESCAPES[c]!);
}

/**
 * A post title as WordPress stores it: HTML (themes print it as it is), so the board's title is
 * escaped and shows as typed.
 */
export function wordPressTitle(title: string): string {
  return escapeHtml(title, true);
}

const SAFE_LINK = /^(?:https?:|mailto:)/i;

/** A link's address if it is a web or mail address (absolute), else undefined: the link becomes its text. */
function safeHref(href: string): string | undefined {
  try {
    const url = new URL(href.trim());
    return SAFE_LINK.test(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Inline tokens as HTML rich text, as a block's RichText holds it. */
function inline(tokens: readonly Token[] | undefined): string {
  if (!tokens) return '';
  return tokens.map(inlineToken).join('');
}

function inlineToken(token: Token): string {
  switch (token.type) {
    case 'text':
      return 'tokens' in token && token.tokens ? inline(token.tokens) : escapeHtml(token.text);
    case 'escape':
      return escapeHtml(token.text, true);
    case 'strong':
      return `<strong>${inline(token.tokens)}</strong>`;
    case 'em':
      return `<em>${inline(token.tokens)}</em>`;
    case 'del':
      return `<s>${inline(token.tokens)}</s>`;
    case 'codespan':
      return `<code>${escapeHtml(token.text)}</code>`;
    case 'br':
      return '<br>';
    case 'link': {
      const link = token as Tokens.Link;
      const inner = inline(link.tokens);
      const href = safeHref(link.href);
      return href ? `<a href="${escapeHtml(href, true)}">${inner}</a>` : inner;
    }
    case 'image': {
      // No remote image lands in a draft from an outline: its description stays, as text.
      return escapeHtml((token as Tokens.Image).text, true);
    }
    case 'footnoteRef':
      return `<sup>${escapeHtml(String((token as { label?: unknown }).label ?? ''), true)}</sup>`;
    case 'html':
      // The outline's own line break in a table cell; any other raw HTML is shown as typed, never as markup.
      return /^<br\s*\/?>$/i.test(token.raw) ? '<br>' : escapeHtml(token.raw, true);
    default:
      if ('tokens' in token && Array.isArray(token.tokens)) return inline(token.tokens);
      return escapeHtml(token.raw, true);
  }
}

/** The comment-delimited form of one block (blocks.js getCommentDelimitedContent). */
function block(name: string, content: string, attributes?: Record<string, unknown>): string {
  const attrs = attributes && Object.keys(attributes).length ? `${JSON.stringify(attributes)} ` : '';
  return `<!-- wp:${name} ${attrs}-->\n${content}\n<!-- /wp:${name} -->`;
}

const paragraph = (html: string) => block('paragraph', `<p>${html}</p>`);

/** A list item's rich text: its paragraphs on lines of their own (`<br>`), its nested lists as inner blocks. */
function listItem(item: Tokens.ListItem): string {
  const texts: string[] = [];
  const nested: string[] = [];
  for (const token of item.tokens) {
    if (token.type === 'list') nested.push(list(token as Tokens.List));
    else if (token.type === 'text' || token.type === 'paragraph')
      texts.push(inline((token as Tokens.Text).tokens ?? [token]));
    else if (token.type !== 'space') texts.push(escapeHtml(token.raw.trim(), true));
  }
  return block('list-item', `<li>${texts.join('<br>')}${nested.join('\n\n')}</li>`);
}

function list(token: Tokens.List): string {
  const tag = token.ordered ? 'ol' : 'ul';
  const start =
    token.ordered && typeof token.start === 'number' && token.start !== 1 ? token.start : undefined;
  const attributes: Record<string, unknown> = {};
  if (token.ordered) attributes.ordered = true;
  if (start !== undefined) attributes.start = start;
  const open = start !== undefined ? `<${tag} start="${start}">` : `<${tag}>`;
  return block('list', `${open}${token.items.map(listItem).join('\n\n')}</${tag}>`, attributes);
}

/**
 * A block quote: its paragraphs as inner paragraph blocks; the source line the outline writes
 * last with inline references ("— [title](url)") becomes the quote's citation.
 */
function quote(token: Tokens.Blockquote): string {
  const paragraphs = token.tokens.filter((t) => t.type !== 'space');
  let citation = '';
  const last = paragraphs.at(-1);
  if (last?.type === 'paragraph' && paragraphs.length > 1 && /^— /.test(last.text)) {
    paragraphs.pop();
    citation = inline((last as Tokens.Paragraph).tokens).replace(/^— /, '');
  }
  const inner = paragraphs.map(blockToken).filter(Boolean).join('\n\n');
  const cite = citation ? `<cite>${citation}</cite>` : '';
  return block('quote', `<blockquote class="wp-block-quote">${inner}${cite}</blockquote>`);
}

function table(token: Tokens.Table): string {
  const row = (cells: Tokens.TableCell[], tag: 'th' | 'td') =>
    `<tr>${cells.map((cell) => `<${tag}>${inline(cell.tokens)}</${tag}>`).join('')}</tr>`;
  const head = token.header.length ? `<thead>${row(token.header, 'th')}</thead>` : '';
  const body = token.rows.length ? `<tbody>${token.rows.map((r) => row(r, 'td')).join('')}</tbody>` : '';
  return block('table', `<figure class="wp-block-table"><table>${head}${body}</table></figure>`);
}

/** marked-footnote's definitions: the sources, numbered, as an ordered list. */
function footnotes(token: Token): string {
  const items = ((token as { items?: { label: string; content: Token[] }[] }).items ?? []).map((item) => {
    const text = item.content
      .filter((t) => t.type !== 'space')
      .map((t) => ('tokens' in t && t.tokens ? inline(t.tokens) : escapeHtml(t.raw.trim(), true)))
      .join('<br>');
    return block('list-item', `<li>${text}</li>`);
  });
  if (items.length === 0) return '';
  return block('list', `<ol>${items.join('\n\n')}</ol>`, { ordered: true });
}

function blockToken(token: Token): string {
  switch (token.type) {
    case 'space':
    case 'footnote': // a definition: written with the others at the end (`footnotes`)
      return '';
    case 'heading': {
      const { depth, tokens } = token as Tokens.Heading;
      const html = inline(tokens);
      if (!html) return '';
      return block('heading', `<h${depth}>${html}</h${depth}>`, depth === 2 ? undefined : { level: depth });
    }
    case 'paragraph':
      return paragraph(inline((token as Tokens.Paragraph).tokens));
    case 'text':
      return paragraph(inlineToken(token));
    case 'list':
      return list(token as Tokens.List);
    case 'blockquote':
      return quote(token as Tokens.Blockquote);
    case 'table':
      return table(token as Tokens.Table);
    case 'footnotes':
      return footnotes(token);
    default:
      // Anything else (a code block, a rule, raw HTML) stays as its text in a paragraph.
      return token.raw.trim() ? paragraph(escapeHtml(token.raw.trim(), true).replace(/\n/g, '<br>')) : '';
  }
}

/** The outline's Markdown as WordPress 6.1 block markup (post content), blocks joined by a blank line. */
export function outlineToBlocks(markdown: string): string {
  const tokens = parser().lexer(markdown);
  // marked-footnote puts its list of definitions first and moves it last while walking: the
  // definitions are written last here, where the outline's 出典 heading stands above them.
  const notes = tokens.filter((t) => t.type === 'footnotes');
  const rest = tokens.filter((t) => t.type !== 'footnotes');
  return [...rest, ...notes].map(blockToken).filter(Boolean).join('\n\n');
}
