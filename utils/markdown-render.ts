import { Marked, Renderer, type Token, type Tokens } from 'marked';
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

const SAFE_LINK = /^(https?:|mailto:)/i;
/** What marked leaves unescaped in an attribute (a character reference). */
const CHARACTER_REFERENCE = /&(#\d{1,7}|#[Xx][a-fA-F0-9]{1,6}|\w+);/;

/** HTML-escapes text for an attribute or element (what marked does to text it writes). */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A link's address as the sanitizer would keep it (absolute, web or mailto), or undefined. */
function safeHref(href: string): string | undefined {
  let url: string;
  try {
    // marked writes a destination encoded so; the sanitizer then resolves what it finds.
    url = new URL(encodeURI(href).replace(/%25/g, '%').trim()).href;
  } catch {
    return undefined;
  }
  return SAFE_LINK.test(url) ? url : undefined;
}

/** marked-footnote's tokens: the sources (`footnote`) and the list they are rendered from. */
interface FootnoteToken {
  label: string;
  refs: { id: string }[];
}
interface FootnotesToken {
  rawItems: FootnoteToken[];
  items: FootnoteToken[];
}

/**
 * The first source of each label, for one rendering's list; keyed by the list of sources, which
 * marked-footnote makes anew for each rendering. Sources are all read (block level) before the
 * text cites them (inline level).
 */
const footnoteSources = new WeakMap<FootnoteToken[], Map<string, FootnoteToken>>();
function footnoteSource({ rawItems }: FootnotesToken, label: string): FootnoteToken | undefined {
  let sources = footnoteSources.get(rawItems);
  if (!sources) {
    sources = new Map();
    for (const item of rawItems) if (!sources.has(item.label)) sources.set(item.label, item);
    footnoteSources.set(rawItems, sources);
  }
  return sources.get(label);
}

/** Whether the last `renderOutlinePreviewSafe` met markup its renderer does not write itself. */
let metForeignMarkup = false;

// The preview's renderer: the same tokens as `outlineRenderer`, written only as elements and
// attributes the sanitizer keeps, in the shape `outlineHtml` used to leave them after sanitizing
// (links to the web in a new tab, footnote markers as plain numbers, sources as a numbered list).
// Raw HTML and images are not its own: when the Markdown has any (a note may), it says so and the
// caller sanitizes the whole result as before.
// (marked-footnote numbers its markers with a counter its own renderer resets: replaced here, it
// would count on from one rendering to the next, so each rendering gets its own instance.)
const safeOutlineRenderer = () =>
  new Marked({ gfm: true }).use(markedFootnote({ description: '' }), markedCjkEmphasis(), {
    renderer: {
      html({ text }) {
        metForeignMarkup = true;
        return text;
      },
      image({ href, title, text }) {
        metForeignMarkup = true;
        return `<img src="${escapeHtml(href)}" alt="${escapeHtml(text)}"${title ? ` title="${escapeHtml(title)}"` : ''}>`;
      },
      heading({ tokens, depth }) {
        const inner = this.parser.parseInline(tokens);
        // An empty heading says nothing.
        return inner.replace(/<[^>]*>/g, '').trim() ? `<h${depth}>${inner}</h${depth}>\n` : '';
      },
      link({ href, title, text, tokens, autolink }) {
        // As marked writes it: an autolink's text escaped whole, `&lt;` included.
        const inner = autolink ? escapeHtml(text) : this.parser.parseInline(tokens);
        // marked leaves `&name;` in an address as written, and the page then reads it as a
        // character reference: that address is left to the sanitizer, which sees what the page does.
        if (CHARACTER_REFERENCE.test(href) || (title && CHARACTER_REFERENCE.test(title))) {
          metForeignMarkup = true;
          return Renderer.prototype.link.call(this, { href, title, text, tokens, autolink } as Tokens.Link);
        }
        const safe = safeHref(href);
        if (!safe) return inner;
        const titled = title ? ` title="${escapeHtml(title)}"` : '';
        return `<a href="${escapeHtml(safe)}"${titled} target="_blank" rel="noopener noreferrer">${inner}</a>`;
      },
    },
    extensions: [
      {
        // marked-footnote's own tokenizer, with its lookup by label made through a map:
        // it filters every source for every marker, 2,000 markers × 500 sources on the bench's
        // board, a fifth of the preview's time. Same tokens (tried first: marked runs the
        // tokenizer added last first).
        name: 'footnoteRef',
        level: 'inline',
        tokenizer(src) {
          const match = /^\[\^([^\]\n]+)\]/.exec(src);
          if (!match) return undefined;
          const [raw, label] = match as unknown as [string, string];
          const footnotes = this.lexer.tokens[0] as unknown as FootnotesToken | undefined;
          if (!footnotes?.rawItems) return undefined;
          const source = footnoteSource(footnotes, label);
          if (!source) return undefined;
          const token = { type: 'footnoteRef', raw, index: source.refs.length, id: '', label };
          if (source.refs.length) token.id = source.refs[0]!.id;
          else {
            // Cited for the first time: numbered in that order, as the footnotes list is.
            footnotes.items.push(source);
            token.id = String(footnotes.items.length);
          }
          source.refs.push(token);
          return token;
        },
        renderer(token) {
          return `<sup>${escapeHtml(String(token.id))}</sup>`;
        },
      },
      {
        name: 'footnotes',
        renderer(token) {
          const items = (token.items ?? []) as { content: Token[] }[];
          if (items.length === 0) return '';
          const list = items
            .map(({ content }) => `<li>\n${this.parser.parse(content).trimEnd()}\n</li>\n`)
            .join('');
          return `<section>\n<ol>\n${list}</ol>\n</section>\n`;
        },
      },
    ],
  });

/**
 * The outline's preview written safe by its renderer: only elements and attributes the sanitizer
 * keeps, and `foreign` true when the Markdown held raw HTML or an image, which must then be
 * sanitized (`outlineHtml` does).
 */
export function renderOutlinePreviewSafe(markdown: string): { html: string; foreign: boolean } {
  metForeignMarkup = false;
  const html = safeOutlineRenderer().parse(markdown, { async: false });
  return { html, foreign: metForeignMarkup };
}
