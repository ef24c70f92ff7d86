import createDOMPurify, { type Config, type DOMPurify } from 'dompurify';
import { serializeForParsing, storedHtml } from './extract/html-text';
import { CODE_LANGUAGE } from './extract/prepare';

/**
 * What survives from a clipped page: text structure, links, images, tables, code. Nothing that
 * runs, loads a frame, submits, plays media or styles the page: a clip is read in Kurabe's own
 * pages, so page CSS (and its `url()` loads) and active content have no place there.
 *
 * One allowlist, two engines: the browser's own HTML Sanitizer (`Element.setHTML`) where it has
 * one, and DOMPurify elsewhere (jsdom, older browsers) and whenever a clip is shown. A test in
 * Chromium checks that both give the same tree on every hostile vector and fixture page.
 */
export const ALLOWED_TAGS = [
  'a',
  'abbr',
  'address',
  'article',
  'aside',
  'b',
  'bdi',
  'bdo',
  'blockquote',
  'br',
  'caption',
  'cite',
  'code',
  'col',
  'colgroup',
  'data',
  'dd',
  'del',
  'details',
  'dfn',
  'div',
  'dl',
  'dt',
  'em',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'main',
  'mark',
  'nav',
  'ol',
  'p',
  'picture',
  'pre',
  'q',
  'rp',
  'rt',
  'ruby',
  's',
  'samp',
  'section',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'summary',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'time',
  'tr',
  'u',
  'ul',
  'var',
  'wbr',
];

/**
 * Elements dropped with everything inside them: code, styles, frames, plugins, media, vector and
 * math markup, form controls' own text, and what only shows without scripts. Any other element
 * not allowed is unwrapped: its text stays.
 */
export const DROPPED_WITH_CONTENT = [
  'script',
  'style',
  'template',
  'noscript',
  'noembed',
  'noframes',
  'title',
  'head',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'video',
  'audio',
  'select',
  'textarea',
  'xmp',
  'plaintext',
];

/** `data-kurabe-*` carries hints from extraction (code language, footnotes); nothing else of `data-*`. */
export const ALLOWED_ATTRIBUTES = [
  'href',
  'src',
  'srcset',
  'sizes',
  'alt',
  'title',
  'width',
  'height',
  'cite',
  'datetime',
  'class',
  'colspan',
  'rowspan',
  'headers',
  'scope',
  'abbr',
  'span',
  'lang',
  'dir',
  'start',
  'reversed',
  'type',
  'value',
  'open',
  'data-kurabe-lang',
  'data-kurabe-fn',
  'data-kurabe-fn-ref',
];

const SAFE_LINK = /^(https?:|mailto:)/i;
const SAFE_IMAGE = /^(https?:|data:image\/(png|gif|jpe?g|webp|avif);)/i;
const FOOTNOTE_LABEL = /^\d{1,4}$/;

function resolve(value: string, base: string, allowed: RegExp): string | undefined {
  let url: string;
  try {
    url = new URL(value.trim(), base).href;
  } catch {
    return undefined;
  }
  return allowed.test(url) ? url : undefined;
}

/** Keeps the `srcset` candidates that are web URLs, made absolute. */
function cleanSrcset(srcset: string, base: string): string {
  return srcset
    .split(/,\s+(?=\S)/)
    .map((candidate) => {
      const [url, ...descriptor] = candidate.trim().split(/\s+/);
      // A descriptor is "2x" or "640w": anything else (a browser also splits at a comma without
      // a space, so "1x,javascript:…" hides a second candidate) drops the candidate.
      if (!descriptor.every((d) => /^\d+(\.\d+)?[wx]$/i.test(d))) return '';
      const abs = url ? resolve(url, base, /^https?:/i) : undefined;
      return abs ? [abs, ...descriptor].join(' ') : '';
    })
    .filter(Boolean)
    .join(', ');
}

/** Attributes whose values are checked, not only their names. */
const RULED_ATTRIBUTES = [
  'href',
  'src',
  'cite',
  'srcset',
  'class',
  'data-kurabe-fn',
  'data-kurabe-fn-ref',
  'data-kurabe-lang',
];
const RULED_SELECTOR = RULED_ATTRIBUTES.map((name) => `[${name}]`).join(',');

/**
 * The value an allowed attribute keeps, or undefined to drop it: URLs absolute against `base` and
 * limited to http(s) (mailto for links, raster data: URLs for images); only a code block's
 * language of the classes; extraction's own marks only in the shapes extraction writes them.
 */
function ruledValue(tagName: string, name: string, value: string, base: string): string | undefined {
  switch (name) {
    case 'href':
    case 'cite':
      return resolve(value, base, SAFE_LINK);
    case 'src':
      return resolve(value, base, tagName.toUpperCase() === 'IMG' ? SAFE_IMAGE : SAFE_LINK);
    case 'srcset':
      return cleanSrcset(value, base) || undefined;
    case 'class': {
      // Only a code block's language is worth keeping; page classes mean nothing in Kurabe.
      const kept = value.split(/\s+/).filter((c) => /^(language|lang)-[\w+#.-]+$/.test(c));
      return kept.length ? kept.join(' ') : undefined;
    }
    case 'data-kurabe-fn':
    case 'data-kurabe-fn-ref':
      // Extraction's own marks, written into the Markdown: a page cannot make them say anything else.
      return FOOTNOTE_LABEL.test(value) ? value : undefined;
    case 'data-kurabe-lang':
      return CODE_LANGUAGE.test(value) ? value : undefined;
    default:
      return value;
  }
}

// --- DOMPurify ----------------------------------------------------------------------------

const DOMPURIFY_CONFIG: Config = {
  ALLOWED_TAGS,
  ALLOWED_ATTR: ALLOWED_ATTRIBUTES,
  FORBID_CONTENTS: DROPPED_WITH_CONTENT,
  KEEP_CONTENT: true,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  RETURN_DOM: true,
};

const purifiers = new WeakMap<object, DOMPurify>();
/** Read by the hook: DOMPurify calls it without a way to pass the page's address along. */
let currentBase = 'about:blank';

function purifierFor(win: Window & typeof globalThis): DOMPurify {
  let purify = purifiers.get(win);
  if (purify) return purify;
  purify = createDOMPurify(win);
  // The configuration is parsed once, not on every call.
  purify.setConfig(DOMPURIFY_CONFIG);
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    if (!RULED_ATTRIBUTES.includes(data.attrName)) return;
    const value = ruledValue((node as Element).tagName, data.attrName, data.attrValue, currentBase);
    if (value === undefined) data.keepAttr = false;
    else data.attrValue = value;
  });
  purifiers.set(win, purify);
  return purify;
}

function purify(input: string | Node, baseUrl: string, win: Window & typeof globalThis): HTMLElement {
  currentBase = baseUrl;
  try {
    // DOMPurify works in a document of its own, which is inert: nothing in it runs or loads,
    // images included (a detached <img> of a live document would fetch at once).
    const body = purifierFor(win).sanitize(input) as unknown as HTMLElement | null;
    // A <frameset> document has no body: nothing of it is kept.
    return body ?? win.document.implementation.createHTMLDocument('').body;
  } finally {
    currentBase = 'about:blank';
  }
}

// --- the browser's HTML Sanitizer -----------------------------------------------------------

interface SetHTML {
  setHTML(html: string, options: { sanitizer: object }): void;
}

/** The part of the HTML Sanitizer API's `Sanitizer` used here. */
interface NativeSanitizer {
  replaceElementWithChildren(name: string): boolean;
}

interface NativeKit {
  /** Where the output is parsed: an inert document (nothing in it runs or loads). */
  inert: Document;
  /** Made once: building one from its configuration costs as much as sanitizing a short article. */
  sanitizer: NativeSanitizer;
  /** Element names it unwraps (told as they are met; any one of them is always unwrapped). */
  unwrapped: Set<string>;
}

const nativeKits = new WeakMap<object, NativeKit | null>();

/**
 * The window's native sanitizing kit, or null when its Sanitizer refuses the configuration (an
 * implementation older than the one this was written for): then DOMPurify does the work.
 */
function nativeKitFor(win: Window & typeof globalThis): NativeKit | null {
  let kit = nativeKits.get(win);
  if (kit !== undefined) return kit;
  try {
    const Sanitizer = (win as unknown as { Sanitizer: new (config: object) => NativeSanitizer }).Sanitizer;
    kit = {
      inert: win.document.implementation.createHTMLDocument(''),
      sanitizer: new Sanitizer({
        elements: ALLOWED_TAGS,
        attributes: ALLOWED_ATTRIBUTES,
        comments: false,
        // Chromium parses `<?target …>` in HTML as a processing instruction; none is kept.
        processingInstructions: [],
        dataAttributes: false,
      }),
      unwrapped: new Set(),
    };
  } catch {
    kit = null;
  }
  nativeKits.set(win, kit);
  return kit;
}

/** Whether this window has the HTML Sanitizer API (Chromium 146+, Firefox 148+). */
function hasNativeSanitizer(win: Window & typeof globalThis): boolean {
  return (
    typeof (win as { Sanitizer?: unknown }).Sanitizer === 'function' && 'setHTML' in win.Element.prototype
  );
}

function nativeSanitize(element: Element, baseUrl: string, kit: NativeKit): HTMLElement {
  const { inert, sanitizer, unwrapped } = kit;
  // Elements dropped with their content go before the article is written out for the Sanitizer's
  // parser: Firefox's parses `<noscript>` as raw text (as with scripting on), so markup that sat in
  // a comment inside one (`<noscript><!-- </noscript><img …> -->`) came back as an element there;
  // DOMPurify, and Chromium's parser, keep none of it.
  for (const el of element.querySelectorAll(DROPPED_SELECTOR)) el.remove();
  // The API drops an element it is not told about with its content; DOMPurify unwraps it. The
  // names present are told to the sanitizer so both keep the same text.
  for (const el of element.querySelectorAll('*')) {
    const name = el.localName;
    if (
      !unwrapped.has(name) &&
      !ALLOWED_SET.has(name) &&
      !DROPPED_SET.has(name) &&
      el.namespaceURI === HTML_NS
    ) {
      sanitizer.replaceElementWithChildren(name);
      unwrapped.add(name);
    }
    // DOMPurify's guard against markup that breaks out of an attribute when it is parsed again
    // as XML or by an older parser: the same rule, so that both engines keep the same.
    if (!el.hasAttributes()) continue;
    for (let i = el.attributes.length - 1; i >= 0; i--) {
      const attr = el.attributes[i]!;
      if (ATTRIBUTE_SET.has(attr.name) && ATTRIBUTE_BREAKOUT.test(attr.value)) el.removeAttribute(attr.name);
    }
  }
  const out = inert.createElement('div');
  // Written so that the Sanitizer's parser reads the article's tree, code blocks that start with
  // a blank line included (DOMPurify takes the nodes themselves).
  (out as unknown as SetHTML).setHTML(serializeForParsing(element), { sanitizer });
  applyRuledAttributes(out, baseUrl);
  return out;
}

/** The values of the attributes whose values are ruled (URLs, classes, Kurabe's marks), in place. */
function applyRuledAttributes(root: Element, baseUrl: string): void {
  for (const el of root.querySelectorAll(RULED_SELECTOR)) {
    for (const name of RULED_ATTRIBUTES) {
      const value = el.getAttribute(name);
      if (value === null) continue;
      const kept = ruledValue(el.tagName, name, value, baseUrl);
      if (kept === undefined) el.removeAttribute(name);
      else if (kept !== value) el.setAttribute(name, kept);
    }
  }
}

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const ALLOWED_SET = new Set(ALLOWED_TAGS);
const DROPPED_SET = new Set(DROPPED_WITH_CONTENT);
const DROPPED_SELECTOR = DROPPED_WITH_CONTENT.join(',');
const ATTRIBUTE_SET = new Set(ALLOWED_ATTRIBUTES);
/** DOMPurify's ATTR_VALUE_BREAKOUT (3.5). */
const ATTRIBUTE_BREAKOUT =
  /((--!?|])>)|<\/(style|script|title|xmp|textarea|noscript|iframe|noembed|noframes)/i;

// --- entry points -------------------------------------------------------------------------

/**
 * Sanitizes HTML from a page into a detached, inert `<body>` with DOMPurify. For showing stored
 * HTML: it is sanitized again there, by the other engine when the clip was sanitized natively.
 * Works in a browser page and in jsdom (pass its window).
 */
export function sanitizeToBody(
  html: string,
  baseUrl: string,
  win: Window & typeof globalThis = window,
): HTMLElement {
  return purify(html, baseUrl, win);
}

/**
 * Sanitizes an article element of an inert document (the clone Readability worked on) and
 * returns the sanitized copy, in another inert document. Uses the browser's HTML Sanitizer when
 * there is one: six times faster than DOMPurify on the fixture articles, which matters in the
 * page at every click. `engine` is for the test that compares the two.
 */
export function sanitizeArticle(
  element: Element,
  baseUrl: string,
  win: Window & typeof globalThis = window,
  engine: 'auto' | 'dompurify' = 'auto',
): HTMLElement {
  const kit = engine === 'auto' && hasNativeSanitizer(win) ? nativeKitFor(win) : null;
  if (kit) return nativeSanitize(element, baseUrl, kit);
  // DOMPurify takes nodes (it imports them), which saves serializing and parsing; a fragment, so
  // that what it returns holds the article's content and not its wrapper.
  const content = element.ownerDocument.createDocumentFragment();
  content.append(...element.childNodes);
  return purify(content, baseUrl, win);
}

/** The engine `sanitizeArticle` uses in this window. */
export function articleSanitizer(win: Window & typeof globalThis = window): 'native' | 'dompurify' {
  return hasNativeSanitizer(win) && nativeKitFor(win) ? 'native' : 'dompurify';
}

/** Sanitized HTML as a string (see `sanitizeToBody`), written to be parsed back as the same tree (`storedHtml`). */
export function sanitizeHtml(
  html: string,
  baseUrl: string,
  win: Window & typeof globalThis = window,
): string {
  return storedHtml(sanitizeToBody(html, baseUrl, win));
}

/**
 * Sanitizes stored HTML (a restored backup's article) with the allowlist of a clip, into a
 * detached, inert element: the browser's HTML Sanitizer where there is one, else DOMPurify. The
 * HTML is parsed once, as `inertBody` parses it, so clean HTML gives the same tree, and the same
 * text. A restore runs it on every article of a library, so the native engine gets the HTML as it
 * is, without the first pass `sanitizeArticle` makes to unwrap elements it was not told about:
 * stored HTML has none (it went through the allowlist when it was clipped), and in a crafted file
 * the Sanitizer drops such an element with its content, which keeps less, never more. (DOMPurify's
 * guard against attribute values that break out when parsed again another way is applied when the
 * article is shown, as for every stored article.)
 */
export function sanitizeStoredHtml(
  html: string,
  baseUrl: string,
  win: Window & typeof globalThis = window,
): HTMLElement {
  const kit = hasNativeSanitizer(win) ? nativeKitFor(win) : null;
  if (!kit) return purify(html, baseUrl, win);
  const out = kit.inert.createElement('div');
  (out as unknown as SetHTML).setHTML(html, { sanitizer: kit.sanitizer });
  applyRuledAttributes(out, baseUrl);
  return out;
}
