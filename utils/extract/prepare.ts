/**
 * Rules applied to the clone of a page before Readability reads it. Each rule works on one
 * element; `prepareForReadability` applies them all in a single walk of the page (several
 * selector passes cost several times more on large pages, in jsdom most of all). The exported
 * one-rule functions exist for tests (tests/unit/prepare.test.ts) and callers that need one rule.
 */

/** Attributes lazy-loading scripts keep the real image source in, most specific first. */
const LAZY_SRC = [
  'data-src',
  'data-original',
  'data-lazy-src',
  'data-actualsrc',
  'data-url',
  'data-hi-res-src',
];
const LAZY_SRCSET = ['data-srcset', 'data-lazy-srcset', 'data-original-set'];

/** Marks set on the clone by `markHidden`: parts the live page hides with its style sheets. */
export const HIDDEN_MARK = 'data-kurabe-hidden';
/** What a code block's language may look like (c++, c#, objective-c, vue.js). */
export const CODE_LANGUAGE = /^[\w+#.-]{1,32}$/;

type Root = Document | Element;

function looksLikePlaceholder(src: string | null): boolean {
  // Lazy loaders park a 1×1 GIF or an empty/"about:blank" src until the image scrolls in.
  return (
    !src ||
    src.startsWith('data:') ||
    src === 'about:blank' ||
    /(blank|spacer|placeholder|pixel|lazy|loading)[\w-]*\.(gif|png|svg)/i.test(src)
  );
}

// --- lazy images ---------------------------------------------------------------------------

/** Gives a lazy image its real source: `data-src` and friends over a placeholder, `data-srcset`. */
function resolveLazyImage(img: Element): void {
  const lazy = LAZY_SRC.map((a) => img.getAttribute(a)).find((v) => v?.trim());
  if (lazy && looksLikePlaceholder(img.getAttribute('src'))) img.setAttribute('src', lazy.trim());
  const lazySet = LAZY_SRCSET.map((a) => img.getAttribute(a)).find((v) => v?.trim());
  if (lazySet) img.setAttribute('srcset', lazySet.trim());
  img.removeAttribute('loading');
}

/** Elements of a `<noscript>`: parsed markup where scripting was off, raw text where it was on. */
function noscriptContent(noscript: Element): Element[] {
  if (noscript.children.length) return Array.from(noscript.children);
  const template = noscript.ownerDocument.createElement('template');
  template.innerHTML = noscript.textContent ?? '';
  return Array.from(template.content.children);
}

/** Replaces a `<noscript>` that holds images (a lazy loader's fallback) by them, and its placeholder. */
function resolveNoscript(noscript: Element): void {
  const images = noscriptContent(noscript).flatMap((el) =>
    el.tagName === 'IMG' ? [el] : Array.from(el.querySelectorAll('img')),
  );
  if (images.length === 0) return;
  // The placeholder a lazy loader shows is the image just before the <noscript>, or its parent's.
  const previous = noscript.previousElementSibling;
  const placeholder =
    previous?.tagName === 'IMG'
      ? previous
      : (previous?.querySelector('img') ??
        Array.from(noscript.parentElement?.children ?? []).find((c) => c.tagName === 'IMG'));
  if (placeholder && looksLikePlaceholder(placeholder.getAttribute('src'))) placeholder.remove();
  noscript.replaceWith(...images.map((img) => noscript.ownerDocument.importNode(img, true)));
}

/** `<picture>` sources are dropped by sanitizing: the first one goes onto a placeholder `<img>`. */
function resolvePicture(picture: Element): void {
  const img = picture.querySelector('img');
  const source = picture.querySelector('source[srcset], source[data-srcset]');
  if (!img || !source || !looksLikePlaceholder(img.getAttribute('src'))) return;
  const set = source.getAttribute('srcset') ?? source.getAttribute('data-srcset') ?? '';
  const first = set.split(',')[0]?.trim().split(/\s+/)[0];
  if (first) img.setAttribute('src', first);
  if (!img.hasAttribute('srcset') && set) img.setAttribute('srcset', set);
}

/** Gives lazy images their real source: `data-src`, `data-srcset`, `<noscript>` fallbacks, `<picture>`. */
export function resolveLazyImages(root: Root): void {
  for (const img of root.querySelectorAll('img')) resolveLazyImage(img);
  for (const noscript of Array.from(root.querySelectorAll('noscript'))) resolveNoscript(noscript);
  for (const picture of root.querySelectorAll('picture')) resolvePicture(picture);
}

// --- code blocks ---------------------------------------------------------------------------

/** Readability strips classes, so a code block's language is carried in a data attribute. */
function markCodeLanguage(pre: Element): void {
  const code = pre.querySelector('code');
  const wrapper = pre.parentElement;
  const classes = `${pre.className} ${code?.className ?? ''} ${wrapper?.className ?? ''} ${wrapper?.parentElement?.className ?? ''}`;
  const lang =
    pre.getAttribute('data-lang') ??
    code?.getAttribute('data-lang') ??
    pre.getAttribute('data-language') ??
    code?.getAttribute('data-language') ??
    wrapper?.getAttribute('data-lang') ??
    /(?:^|\s)(?:language|lang|highlight-source|brush:\s*)-?([\w+#.-]+)/.exec(classes)?.[1] ??
    /(?:^|\s)highlight-([\w+#.-]+)/.exec(classes)?.[1];
  // A language is a short name; anything else (a backtick, a quote) would break the code fence.
  if (lang && CODE_LANGUAGE.test(lang) && lang !== 'plaintext' && lang !== 'text' && lang !== 'none') {
    pre.setAttribute('data-kurabe-lang', lang.toLowerCase());
  }
}

/**
 * Keeps the lines of a code block as lines: highlighters write `<br>` for line ends or one
 * element per line, which text extraction and Markdown would run together.
 */
function normalizePreLines(pre: Element): void {
  for (const br of Array.from(pre.getElementsByTagName('br')))
    br.replaceWith(pre.ownerDocument.createTextNode('\n'));
  const holder = pre.querySelector('code') ?? pre;
  const lines = Array.from(holder.children).filter((c) => /^(DIV|P|LI)$/.test(c.tagName));
  if (lines.length > 1 && lines.length === holder.children.length) {
    holder.textContent = lines.map((line) => line.textContent?.replace(/\n$/, '') ?? '').join('\n');
  }
}

export function markCodeLanguages(root: Root): void {
  for (const pre of root.querySelectorAll('pre')) markCodeLanguage(pre);
}

export function normalizePreLineBreaks(root: Root): void {
  for (const pre of root.querySelectorAll('pre')) normalizePreLines(pre);
}

// --- hidden parts --------------------------------------------------------------------------

/**
 * Whether a reader cannot see the element: `hidden` (not `until-found`), `aria-hidden`, inline
 * display:none or a computed mark.
 */
function isHidden(el: Element): boolean {
  // Most elements have no attribute at all: nothing to read then.
  if (!el.hasAttributes()) return false;
  if (
    (el.hasAttribute('hidden') && !isUntilFound(el)) ||
    el.hasAttribute(HIDDEN_MARK) ||
    el.getAttribute('aria-hidden') === 'true'
  )
    return true;
  const style = el.getAttribute('style');
  return !!style && /(^|;)\s*(display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/** Removes what a reader cannot see. */
export function removeHidden(root: Root): void {
  for (const el of Array.from(
    root.querySelectorAll(`[hidden], [aria-hidden="true"], [style], [${HIDDEN_MARK}]`),
  )) {
    if (el.tagName !== 'BODY' && el.tagName !== 'HTML' && isHidden(el)) el.remove();
  }
}

/**
 * `hidden="until-found"`: content the browser shows when it is found in the page or linked to (an
 * accordion's text), so article text to keep; Chromium skips rendering it
 * (content-visibility: hidden), engines without it hide it.
 */
function isUntilFound(el: Element): boolean {
  return el.getAttribute('hidden')?.toLowerCase() === 'until-found';
}

/** Options of `findComputedHidden`. */
export interface ComputedHiddenOptions {
  /** Read every element's style even when the page's hiding rules can be read (for a test). */
  readEveryElement?: boolean;
  /**
   * The element's shadow root, closed ones included where the caller can see them (an
   * extension's `chrome.dom.openOrClosedShadowRoot`, Firefox's `openOrClosedShadowRoot`);
   * `el.shadowRoot`, which sees open ones only, by default.
   */
  shadowRootOf?: (el: Element) => ShadowRoot | null | undefined;
}

/**
 * In the browser: the elements hidden by computed style (stylesheets, not only inline style) on
 * the live page, as positions in `body.getElementsByTagName('*')`, since a clone has no layout.
 * Positions, not marks on the page: extraction changes nothing on the live page (a page's
 * MutationObservers would see marks, and its style would have to be computed again).
 *
 * Only elements the browser has already styled to render the page are read, top-down: an
 * element is read when its parent was read and shows its children (`childrenShown`). Asking for
 * the style of a part the browser skips (a closed <details>, content-visibility, until-found, a
 * shadow host's light children) makes it style that part then, and fetch the part's background
 * images, fonts, cursors and masks: the page would learn the moment it was clipped. Such parts
 * are not marked hidden (a closed <details> is mostly the rest of the article), only not read.
 */
export function findComputedHidden(
  doc: Document,
  { readEveryElement = false, shadowRootOf = (el) => el.shadowRoot }: ComputedHiddenOptions = {},
): number[] {
  const win = doc.defaultView;
  const body = doc.body;
  if (!win || !body || typeof win.getComputedStyle !== 'function') return [];
  // The root and the body: rendered unless the page hides or defers all of itself.
  const root = doc.documentElement;
  const rootStyle = win.getComputedStyle(root);
  if (rootStyle.display === 'none' || childrenShown(root, rootStyle, shadowRootOf) !== 'all') return [];
  const bodyStyle = win.getComputedStyle(body);
  const bodyShows = bodyStyle.display === 'none' ? 'none' : childrenShown(body, bodyStyle, shadowRootOf);
  if (bodyShows === 'none') return [];
  // A large hidden part is more likely the rest of the article behind a "read more" button than
  // clutter: it is kept.
  const limit = (body.textContent?.length ?? 0) * 0.25;
  // Only the elements the page's hiding rules match are looked at, when those rules can be read;
  // `readEveryElement` is for the test that checks both ways find the same.
  const selectors = readEveryElement ? undefined : hidingSelectors(doc);
  if (selectors) {
    const shown = renderedCheck(body, bodyShows, win, shadowRootOf);
    return hiddenMatching(body, win, selectors, limit, shown);
  }
  return hiddenByEveryElement(body, bodyShows, win, shadowRootOf, limit);
}

/** What a browser renders of an element's children: all, none, or a closed <details>' summary. */
type ChildrenShown = 'all' | 'none' | 'summary';

/**
 * The elements a shadow root can be attached to (custom elements aside): asking an extension's
 * API about the others would cost a call each for nothing.
 */
const SHADOW_HOSTS = new Set([
  'article',
  'aside',
  'blockquote',
  'body',
  'div',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'main',
  'nav',
  'p',
  'section',
  'span',
]);
const canHostShadow = (name: string) => SHADOW_HOSTS.has(name) || name.includes('-');

/**
 * Elements whose children a browser never renders (their own style is read). Names here and below
 * are local names: XHTML pages write them in lower case too, where `tagName` keeps their case.
 */
const CHILDREN_NOT_SHOWN = new Set(['img', 'input', 'textarea', 'progress', 'meter']);

function isHiddenStyle(style: CSSStyleDeclaration): boolean {
  return style.display === 'none' || style.visibility === 'hidden' || style.visibility === 'collapse';
}

/**
 * What the browser renders of the children of `el`, a rendered element that is not display:
 * none, from its computed `style`: nothing under content-visibility hidden or auto (auto skips
 * what is off screen), under until-found, in a shadow host (light children show only where a
 * slot puts them) or a replaced element; only the first <summary> of a closed <details>.
 */
function childrenShown(
  el: Element,
  style: CSSStyleDeclaration,
  shadowRootOf: (el: Element) => ShadowRoot | null | undefined,
): ChildrenShown {
  if (CHILDREN_NOT_SHOWN.has(el.localName)) return 'none';
  // jsdom and older engines know no content-visibility: '' or undefined there.
  const contentVisibility = style.contentVisibility;
  if (contentVisibility && contentVisibility !== 'visible') return 'none';
  if (el.hasAttributes() && isUntilFound(el)) return 'none';
  if (el.firstElementChild && canHostShadow(el.localName) && shadowRootOf(el)) return 'none';
  if (el.localName === 'details' && !el.hasAttribute('open')) return 'summary';
  return 'all';
}

/** The <summary> a closed <details> shows: its first. */
function firstSummary(details: Element): Element | null {
  for (let c = details.firstElementChild; c; c = c.nextElementSibling)
    if (c.localName === 'summary') return c;
  return null;
}

/** Whether `child` of `parent` is rendered, when `parent` renders `shown` of its children. */
function showsChild(parent: Element, child: Element, shown: ChildrenShown): boolean {
  return shown === 'all' || (shown === 'summary' && child === firstSummary(parent));
}

/**
 * Every element's style read, top-down, each one only if the browser rendered it (see
 * `findComputedHidden`). Iterative: a page may nest elements thousands deep.
 */
function hiddenByEveryElement(
  body: HTMLElement,
  bodyShows: ChildrenShown,
  win: Window & typeof globalThis,
  shadowRootOf: (el: Element) => ShadowRoot | null | undefined,
  limit: number,
): number[] {
  const hidden: number[] = [];
  // The position of the element being looked at among the body's elements, in tree order.
  let position = 0;
  // Leaves an element and all it holds unread: their positions are counted.
  const skip = (el: Element) => {
    position += 1 + el.getElementsByTagName('*').length;
  };
  interface Frame {
    next: Element | null;
    /** Whether all the children are rendered, else only `summary` (a closed <details>). */
    all: boolean;
    summary: Element | null;
  }
  const frameOf = (el: Element, shown: ChildrenShown): Frame => ({
    next: el.firstElementChild,
    all: shown === 'all',
    summary: shown === 'summary' ? firstSummary(el) : null,
  });
  const stack: Frame[] = [frameOf(body, bodyShows)];
  while (stack.length) {
    const frame = stack[stack.length - 1]!;
    const el = frame.next;
    if (!el) {
      stack.pop();
      continue;
    }
    frame.next = el.nextElementSibling;
    // Not rendered; never shown as text, or dropped with all it holds: no style to read inside
    // (a page's inline SVG icons and scripts are most of its elements); or found-in-page content
    // (kept; engines without until-found hide it).
    if (
      !(frame.all || el === frame.summary) ||
      NOT_SHOWN.has(el.localName) ||
      (el.hasAttributes() && isUntilFound(el))
    ) {
      skip(el);
      continue;
    }
    const style = win.getComputedStyle(el);
    if (isHiddenStyle(style)) {
      if ((el.textContent?.length ?? 0) <= limit) hidden.push(position);
      // Nothing inside a hidden element is visible (visibility can be overridden, rarely is).
      skip(el);
      continue;
    }
    position++;
    if (!el.firstElementChild) continue;
    const shown = childrenShown(el, style, shadowRootOf);
    if (shown === 'none') position += el.getElementsByTagName('*').length;
    else stack.push(frameOf(el, shown));
  }
  return hidden;
}

/**
 * Whether the browser rendered an element under `body`, reading the style of its ancestors
 * top-down (each only when its own parent rendered it) and remembering each one's answer, so
 * that many elements of one part cost one climb.
 */
function renderedCheck(
  body: HTMLElement,
  bodyShows: ChildrenShown,
  win: Window & typeof globalThis,
  shadowRootOf: (el: Element) => ShadowRoot | null | undefined,
): (el: Element) => boolean {
  const childrenOf = new Map<Element, ChildrenShown>([[body, bodyShows]]);
  const chain: Element[] = [];
  return (el) => {
    // The ancestors not met yet, nearest first.
    chain.length = 0;
    let known: Element | null = el.parentElement;
    while (known && !childrenOf.has(known)) {
      chain.push(known);
      known = known.parentElement;
    }
    if (!known) return false;
    let parent: Element = known;
    let shown = childrenOf.get(parent)!;
    for (let i = chain.length - 1; i >= 0; i--) {
      const node = chain[i]!;
      if (
        shown !== 'none' &&
        !NOT_SHOWN.has(node.localName) &&
        showsChild(parent, node, shown) &&
        !(node.hasAttributes() && isUntilFound(node))
      ) {
        const style = win.getComputedStyle(node);
        shown = style.display === 'none' ? 'none' : childrenShown(node, style, shadowRootOf);
      } else shown = 'none';
      childrenOf.set(node, shown);
      parent = node;
    }
    return !NOT_SHOWN.has(el.localName) && showsChild(parent, el, shown);
  };
}

/**
 * Always looked at: the browser's own rules that hide what a page shows as text, and inline
 * styles (they are no style sheet's rules).
 */
const BROWSER_HIDING = [
  '[hidden]',
  '[style]',
  'dialog:not([open])',
  'rp',
  'datalist',
  'input[type="hidden" i]',
  '[popover]:not(:popover-open)',
  // A form the parser left inside a table.
  'table > form',
  'thead > form',
  'tbody > form',
  'tfoot > form',
  'tr > form',
];
/** More hiding rules than this, and matching them costs more than reading every element's style. */
const MAX_HIDING_RULES = 300;
/** More style rules than this, and reading them costs more than reading every element's style. */
const MAX_STYLE_RULES = 3000;

/**
 * The selectors of the page's style rules that may hide an element (display: none, visibility:
 * hidden or collapse, or either from a custom property), and the browser's own. Undefined when
 * they cannot all be known — a cross-origin style sheet, nested rules (their selectors are
 * relative), too many rules — and then every element's style is read instead.
 */
export function hidingSelectors(doc: Document): string[] | undefined {
  // A selector this browser cannot match (a pseudo-element, another engine's prefix) hides no
  // element, and would make the whole list invalid: each is tried once on an empty fragment.
  const probe = doc.createDocumentFragment();
  const found = BROWSER_HIDING.filter((selector) => {
    try {
      probe.querySelector(selector);
      return true;
    } catch {
      return false;
    }
  });
  let budget = MAX_STYLE_RULES;
  const readRules = (rules: CSSRuleList): boolean => {
    budget -= rules.length;
    if (budget < 0) return false;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i] as CSSRule & {
        selectorText?: string;
        style?: CSSStyleDeclaration;
        cssRules?: CSSRuleList;
        styleSheet?: CSSStyleSheet | null;
      };
      if (typeof rule.selectorText === 'string' && rule.style) {
        if (rule.cssRules?.length) return false;
        if (!hides(rule.style)) continue;
        try {
          probe.querySelector(rule.selectorText);
          found.push(rule.selectorText);
        } catch {
          // not an element selector here
        }
      } else if ('styleSheet' in rule) {
        if (!rule.styleSheet || !readSheet(rule.styleSheet)) return false;
      } else if (rule.cssRules && !readRules(rule.cssRules)) return false;
    }
    return true;
  };
  const readSheet = (sheet: CSSStyleSheet): boolean => {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      return false; // cross-origin: its rules cannot be read
    }
    return readRules(rules);
  };
  const sheets = [...Array.from(doc.styleSheets), ...(doc.adoptedStyleSheets ?? [])];
  for (const sheet of sheets) if (!readSheet(sheet)) return undefined;
  return found.length > MAX_HIDING_RULES + BROWSER_HIDING.length ? undefined : found;
}

function hides(style: CSSStyleDeclaration): boolean {
  const display = style.getPropertyValue('display');
  const visibility = style.getPropertyValue('visibility');
  return (
    display === 'none' ||
    visibility === 'hidden' ||
    visibility === 'collapse' ||
    display.includes('var(') ||
    visibility.includes('var(')
  );
}

/**
 * `findComputedHidden` for a page whose hiding rules are known: only the elements they match are
 * looked at (their computed style decides: another rule may win), in tree order, and only those
 * the browser rendered (`rendered`).
 */
function hiddenMatching(
  body: HTMLElement,
  win: Window & typeof globalThis,
  selectors: string[],
  limit: number,
  rendered: (el: Element) => boolean,
): number[] {
  const marked = new Set<Element>();
  // The last hidden part found: in tree order, an element inside any hidden part is inside this
  // one (a part inside an earlier one is never recorded).
  let lastPart: Element | undefined;
  for (const el of body.querySelectorAll(selectors.join(', '))) {
    if (lastPart?.contains(el) || isUntilFound(el) || !rendered(el)) continue;
    const style = win.getComputedStyle(el);
    if (isHiddenStyle(style)) {
      lastPart = el;
      if ((el.textContent?.length ?? 0) <= limit) marked.add(el);
    }
  }
  const positions: number[] = [];
  if (marked.size === 0) return positions;
  const all = body.getElementsByTagName('*');
  for (let i = 0; i < all.length && positions.length < marked.size; i++)
    if (marked.has(all[i]!)) positions.push(i);
  return positions;
}

/**
 * Elements whose style need not be read: hidden by nature (scripts, styles, line breaks), or
 * dropped whole by the sanitizer (vector and math markup, media, frames, selects).
 */
const NOT_SHOWN = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'link',
  'meta',
  'title',
  'head',
  'base',
  'param',
  'source',
  'track',
  'area',
  'noembed',
  'noframes',
  'br',
  'svg',
  'math',
  'video',
  'audio',
  'iframe',
  'object',
  'embed',
  'canvas',
  'select',
]);

/** Marks the elements at `positions` (from `findComputedHidden` on the original) in a clone. */
export function markHidden(clone: Document, positions: readonly number[]): void {
  if (!clone.body || positions.length === 0) return;
  const all = clone.body.getElementsByTagName('*');
  for (const position of positions) all[position]?.setAttribute(HIDDEN_MARK, '');
}

// --- boilerplate ---------------------------------------------------------------------------

/**
 * ids and classes of regions that are not the article, as words (not a list of sites). パンくず
 * (pankuzu) and topic-path are the Japanese names of a breadcrumb trail; rightbar, leftNavi,
 * side-menu name a side column of an old two- or three-column layout, which Readability's own
 * names (sidebar) miss and which sits inside the article's container on such pages.
 */
const BOILERPLATE =
  /(^|[\s_-])(share|sharing|social|sns|related|recommend(ed|ations?)?|comments?|disqus|ads?|advert\w*|ad-?slot|ad-?container|sponsor\w*|newsletter|subscribe|subscription|signup|promo|breadcrumbs?|pagination|pager|popular|ranking|trending|outbrain|taboola|banner|nav|navbar|subnav|menu|submenu|sidebar|widget|toolbar|masthead|pankuzu|topic-?path|(left|right|side)[\s_-]?(bar|navi?|menu))([\s_-]|$)/i;
/** Words that may name the article too ("article-body pagination-first"): Readability's okMaybeItsACandidate. */
const MAYBE_ARTICLE = /and|article|body|column|content|main|shadow/i;
const COMMENTS = /(^|[\s_-])(comments?|disqus)([\s_-]|$)/i;
/**
 * ids and classes of small parts of an article page that are never the article, whatever else
 * the element is named ("entry-tags", "article-author-box", "post-toc"): tables of contents
 * (ez-toc, Table of Contents Plus, SWELL p-toc, Hatena table-of-contents), author boxes (Cocoon
 * author-box, SWELL p-authorBox, about-the-author), tag and category lists, blog and link cards
 * (Cocoon blogcard, SWELL p-blogCard, AFFINGER st-cardlink, Hatena embed-card), affiliate product
 * boxes (Rinker yyi-rinker, かんたんリンク kaerebalink, ヨメレバ booklink, もしも easyLink,
 * shoplink buttons, Hatena asin-detail), AdSense slots and 広告/PR labels (Cocoon ad-label, SWELL
 * c-prNotation), like buttons and counts, category labels (AFFINGER catgroup, Cocoon cat-link),
 * creator profiles and tip boxes (note, Zenn), OGP link cards (Ameblo), cookie/consent notices, paywall boxes, read-more teasers.
 * After camelCase names are split, so "authorBox" reads "author Box".
 */
const ARTICLE_PARTS =
  /(^|[\s_-])(toc|toc[\s_-]?container|table[\s_-]?of[\s_-]?contents|author[\s_-]?(box|bio|info|profile|card|area)|about[\s_-]?(the[\s_-]?)?author|profile[\s_-]?box|writer[\s_-]?(box|profile)|tags?|tag[\s_-]?(list|links|box|cloud)|tagcloud|categor(y|ies)[\s_-]?(list|links)|blog[\s_-]?card|link[\s_-]?card|cardlink|embed[\s_-]?card|yyi[\s_-]?rinker[\w-]*|rinker[\w-]*|kaerebalink[\w-]*|booklink[\w-]*|easy[\s_-]?link[\w-]*|shoplink[\w-]*|adsbygoogle|asin|likes?|cat(egory)?[\s_-]?(name|group|links?|list|label)|pr[\s_-]?(label|notation)|ad[\s_-]?label|profile|profile[\s_-]?card|creator[\s_-]?(info|profile)|support[\s_-]?(box|button|area)|ogp[\s_-]?card|cookies?[\s_-]?(banner|notice|consent|bar)?|consent|gdpr|paywall|read[\s_-]?more|more[\s_-]?stories|see[\s_-]?also|also[\s_-]?read)([\s_-]|$)/i;
/** Above this many characters, an element named like an article part holds more than that part. */
const MAX_PART_CHARS = 3000;

function linkDensity(el: Element): number {
  const text = el.textContent?.replace(/\s+/g, '') ?? '';
  if (!text) return 0;
  let linked = 0;
  for (const a of el.getElementsByTagName('a')) linked += a.textContent?.replace(/\s+/g, '').length ?? 0;
  return linked / text.length;
}

/** Links that share the page on a social service rather than lead to anything to read. */
const SHARE_HREF =
  /^(whatsapp:|line:|mailto:\?)|\/\/([\w-]+\.)*(facebook\.com\/(sharer|share\.php|dialog\/share)|(twitter|x)\.com\/(intent|share)|pinterest\.[a-z.]+\/pin\/create|linkedin\.com\/(shareArticle|sharing)|reddit\.com\/submit|b\.hatena\.ne\.jp\/(entry|add)|getpocket\.com\/(edit|save)|social-plugins\.line\.me|line\.me\/R\/msg|t(elegram)?\.me\/share|api\.whatsapp\.com\/send|wa\.me\/)/i;

/**
 * Removes share bars: the smallest block around two or more share links that holds little
 * else, whatever it is named. `parents` are the parents of share links found by the walk.
 */
function removeShareBars(parents: Iterable<Element>): void {
  for (let block of parents) {
    if (!block.isConnected && !block.parentNode) continue;
    const shareLinks = () =>
      Array.from(block.getElementsByTagName('a')).filter((a) => SHARE_HREF.test(a.getAttribute('href') ?? ''))
        .length;
    if (shareLinks() < 2) {
      // Links may sit one per <li> or <span>: look one level up.
      if (!block.parentElement) continue;
      block = block.parentElement;
      if (shareLinks() < 2) continue;
    }
    if ((block.textContent?.trim().length ?? 0) > 200) continue;
    block.remove();
  }
}

/**
 * Links to shops and affiliate networks (Amazon, 楽天, Yahoo!ショッピング, もしもアフィリエイト, A8,
 * ValueCommerce): a row of two or more of them holding little else is a product box's buttons.
 */
const SHOP_HREF =
  /\/\/([\w-]+\.)*(amazon\.(co\.jp|com|jp|de|co\.uk|fr)\/|amzn\.(to|asia)\/|(hb\.afl|item|search|books)\.rakuten\.co\.jp|shopping\.yahoo\.co\.jp|af\.moshimo\.com|px\.a8\.net|ck\.jp\.ap\.valuecommerce\.com|click\.linksynergy\.com)/i;

/** The words of a shop button, not of a product's name (a list of linked products stays). */
const SHOP_BUTTON =
  /(で見る|でみる|で探す|で購入|で買う|をチェック|を見る|公式サイト|詳細はこちら|購入はこちら|amazon|楽天|rakuten|yahoo|view on|buy now|shop now|check price)/i;

/**
 * Removes shop buttons: a block that is a single shop link and nothing else ("Amazonで見る",
 * "公式サイトを見る"), and the smallest block around two or more shop links holding little else.
 * A shop link inside a sentence stays.
 */
function removeShopRows(parents: Iterable<Element>): void {
  for (let block of parents) {
    if (!block.isConnected) continue;
    const text = block.textContent?.trim() ?? '';
    const links = block.getElementsByTagName('a');
    if (
      links.length === 1 &&
      text.length <= 40 &&
      links[0]!.textContent?.trim() === text &&
      SHOP_BUTTON.test(text)
    ) {
      block.remove();
      continue;
    }
    const shopLinks = () =>
      Array.from(block.getElementsByTagName('a')).filter((a) => SHOP_HREF.test(a.getAttribute('href') ?? ''))
        .length;
    if (shopLinks() < 2) {
      if (!block.parentElement) continue;
      block = block.parentElement;
      if (shopLinks() < 2) continue;
    }
    if ((block.textContent?.trim().length ?? 0) > 200 || linkDensity(block) < 0.5) continue;
    // Buttons, not a list of products whose links are their names or addresses.
    const named = Array.from(block.getElementsByTagName('a')).some((a) => {
      const label = a.textContent?.trim() ?? '';
      return SHOP_HREF.test(a.getAttribute('href') ?? '') && label !== '' && !SHOP_BUTTON.test(label);
    });
    if (!named) block.remove();
  }
}

/**
 * The avatar and name beside a speech bubble (Cocoon speech-person/speech-icon/speech-name,
 * SWELL c-balloon__icon, JIN balloon-icon/icon-name, AFFINGER st-kaiwa-face, SANGO faceicon): a
 * class word joining a bubble word and an icon word. The bubble's own words are kept.
 */
const BUBBLE_CHROME =
  /(^|\s)([\w-]*(balloon|speech|kaiwa|bubble|fukidashi|hukidashi|voice|chat)[\w-]*(icon|face|name|avatar|person|img)[\w-]*|faceicon|icon-name)(\s|$)/i;

/** The whole text of a label that marks an ad or sponsored slot, not text of the article. */
const AD_LABEL =
  /^[[【(（]?(広告|PR|スポンサー(ド)?\s?リンク|sponsored( links?)?|advertisements?|ad|anzeige|publicité|广告|廣告|赞助)[\]】)）]?$/i;
const LABEL_TAGS = new Set(['P', 'DIV', 'SPAN', 'INS', 'SMALL', 'LABEL', 'H2', 'H3', 'H4', 'H5', 'H6']);

/**
 * The heading of a box that is about the page, not of the article: author boxes ("この記事を書いた人",
 * "About the author") and lists of other articles ("関連記事", "あわせて読みたい", "Related articles",
 * "Read more").
 */
const BOX_HEADING =
  /^(この記事を書いた人|この記事の著者|この記事を書いたひと|著者プロフィール|執筆者プロフィール|about the author|関連記事|関連する記事|関連エントリー?|あわせて読みたい|合わせて読みたい|こちらもおすすめ|こちらの記事もおすすめ|おすすめ記事|人気記事|人気の記事|(最新|新着|最近)の?(ブログ)?(記事|投稿|エントリー?)|過去の(記事|投稿|エントリー?)|recent (posts|articles|entries)|latest (posts|articles|stories)|related (articles?|posts?|stories|content|reading)|read (more|next)|more (from|stories|on)\b.*|you (may|might) (also )?like|recommended( for you)?|相关(文章|阅读|推荐)|延伸阅读|推荐阅读)\s*([(（][^)）]{1,12}[)）])?\s*[:：]?$/i;
const AUTHOR_HEADING = /書いた人|著者|執筆者|author/i;
const HEADING_TAGS = new Set(['H2', 'H3', 'H4', 'H5', 'H6', 'P', 'DIV', 'SPAN', 'STRONG', 'B', 'DT']);

/**
 * Whether `el` has at most one child element, read from sibling links: jsdom (the command line's
 * DOM) counts `childElementCount` through a live collection it builds per element, which on every
 * element of the page was the largest single cost of the preparation.
 */
function atMostOneChild(el: Element): boolean {
  return !el.firstElementChild?.nextElementSibling;
}

/** Whether `el` is a short label or box heading (see `AD_LABEL`, `BOX_HEADING`), by its text. */
function labelKind(el: Element): 'ad' | 'box' | null {
  if (!LABEL_TAGS.has(el.tagName) && !HEADING_TAGS.has(el.tagName)) return null;
  if (!atMostOneChild(el)) return null;
  const raw = el.textContent ?? '';
  if (raw.length > 60) return null;
  const text = raw.replace(/\s+/g, ' ').trim();
  if (!text) return null;
  if (LABEL_TAGS.has(el.tagName) && AD_LABEL.test(text)) return 'ad';
  if (HEADING_TAGS.has(el.tagName) && BOX_HEADING.test(text)) return 'box';
  return null;
}

/**
 * The box a `BOX_HEADING` heads: its container when that holds little else (an author box's
 * text, or a list or card mostly of links), else the heading and the link list right after it.
 */
function headedBox(heading: Element, isArticle: (el: Element) => boolean): Element[] {
  const text = heading.textContent ?? '';
  const author = AUTHOR_HEADING.test(text);
  // The heading may sit in a wrapper of its own (<div class="label"><span>…</span></div>).
  let head = heading;
  while (
    head.parentElement &&
    head.parentElement.firstElementChild === head.parentElement.lastElementChild &&
    !isArticle(head.parentElement)
  )
    head = head.parentElement;
  const box = head.parentElement;
  if (box && !isArticle(box) && box.tagName !== 'BODY' && box.tagName !== 'HTML') {
    const chars = box.textContent?.length ?? 0;
    if (chars <= (author ? 1200 : 2500) && (author || linkDensity(box) > 0.3) && !box.querySelector('h1'))
      return [box];
  }
  const next = head.nextElementSibling;
  const list =
    next && (author || (next.getElementsByTagName('a').length > 0 && linkDensity(next) > 0.5)) ? [next] : [];
  return [head, ...list];
}

/** Links a blog engine marks as tags or categories (WordPress, livedoor: rel="tag", "category tag"). */
const REL_TAG = /(^|\s)tag(\s|$)/i;

/** Removes tag lists: the smallest block around rel="tag" links that holds little else. */
function removeTagLists(parents: Iterable<Element>): void {
  for (let block of parents) {
    if (!block.isConnected) continue;
    if (linkDensity(block) < 0.6 && block.parentElement) block = block.parentElement;
    if ((block.textContent?.trim().length ?? 0) > 200 || linkDensity(block) < 0.6) continue;
    block.remove();
  }
}

/** Classes of an <aside> that is a note of the text (Zenn msg, callouts, admonitions), not a sidebar. */
const NOTE_ASIDE = /(^|[\s_-])(msg|message|note|callout|alert|info|warning|tip|admonition|memo)([\s_-]|$)/i;

/** The continuation of a blog post after its "read more" break (FC2 entry_more, entry-more). */
const MORE_PART = /(^|\s)(entry|article|post)[_-](body[_-])?more(\s|$)/i;

/** Replaces `el` by an element named `tag` holding its children. */
function renameElement(el: Element, tag: string): void {
  const renamed = el.ownerDocument.createElement(tag);
  renamed.append(...Array.from(el.childNodes));
  el.replaceWith(renamed);
}

const STRUCTURAL_TAGS = new Set(['NAV', 'ASIDE', 'HEADER', 'FOOTER']);
const LINK_BLOCK_TAGS = /^(DIV|SECTION|UL|OL|ASIDE|TABLE)$/;

interface BoilerplateContext {
  /** Characters of the whole page: a region with most of them holds the article. */
  pageChars: number;
  /** The page marks up its article: link-dense blocks outside it are navigation. */
  hasArticle: boolean;
  inArticle: boolean;
  inMain: boolean;
}

/**
 * Whether an element is a region that is not the article: page navigation, a page-level header,
 * footer or sidebar, an element whose id or class names it a share bar, related list, comment
 * section, ad slot or newsletter box, or a link list outside the marked-up article. Never a
 * region that holds the article itself.
 */
function isBoilerplate(el: Element, ctx: BoilerplateContext): boolean {
  const tag = el.tagName;
  // Without attributes only the tag and the link density can tell.
  if (
    !el.hasAttributes() &&
    !STRUCTURAL_TAGS.has(tag) &&
    !(ctx.hasArticle && !ctx.inArticle && LINK_BLOCK_TAGS.test(tag))
  )
    return false;
  const role = el.getAttribute('role');
  const structural =
    tag === 'NAV' ||
    role === 'navigation' ||
    role === 'contentinfo' ||
    role === 'banner' ||
    role === 'complementary' ||
    role === 'menu' ||
    role === 'menubar' ||
    // Page-level header, footer and sidebars; inside an article they may hold its own parts.
    ((tag === 'ASIDE' || tag === 'HEADER' || tag === 'FOOTER') && !ctx.inArticle && !ctx.inMain);
  let named = false;
  let linkBlock = false;
  if (!structural) {
    // camelCase names ("ArticleComments") are split into words first.
    const words = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.replace(
      /([a-z])([A-Z])/g,
      '$1 $2',
    );
    // A name that may also mean the article saves an element, unless it names comments.
    named =
      words.length > 1 && BOILERPLATE.test(words) && (!MAYBE_ARTICLE.test(words) || COMMENTS.test(words));
    // A part's name on the article's own wrapper ("entry-content entry-content-read-more")
    // names what it holds, not what it is: such a wrapper is a part only without paragraphs.
    if (
      !named &&
      words.length > 1 &&
      ARTICLE_PARTS.test(words) &&
      (!MAYBE_ARTICLE.test(words) || !el.querySelector('p'))
    ) {
      const chars = el.textContent?.length ?? 0;
      named = chars <= MAX_PART_CHARS && chars <= ctx.pageChars * 0.25;
    }
    linkBlock =
      !named &&
      ctx.hasArticle &&
      !ctx.inArticle &&
      LINK_BLOCK_TAGS.test(tag) &&
      el.getElementsByTagName('a').length >= 3 &&
      !holdsArticle(el) &&
      linkDensity(el) > 0.6;
  }
  if (!structural && !named && !linkBlock) return false;
  // A wrapper named "has-comments" may hold the article itself: never drop most of the page.
  if (holdsAny(el, ['article', 'main']) || (!structural && holdsTitleHeading(el))) return false;
  return (el.textContent?.length ?? 0) <= ctx.pageChars * 0.4;
}

/**
 * Whether `el` holds an element of one of `tags`. One tag at a time: jsdom (the command line's
 * DOM) matches a selector list element by element, several times slower.
 */
function holdsAny(el: Element, tags: readonly string[]): boolean {
  return tags.some((tag) => el.getElementsByTagName(tag).length > 0);
}

/**
 * Whether `el` holds an <h1> that may be the article's title: any but a site logo — an <h1> with
 * no text (a logo image) or whose text is all one link to the site's top or a folder above the
 * page ("/", "/blog/"). A banner holding only the logo is the page's header, with its tagline
 * ("PHP/Ajax/…の最新技術情報をお届け"), which Readability otherwise keeps when it falls back
 * to the whole page for a short post.
 */
function holdsTitleHeading(el: Element): boolean {
  for (const h1 of el.getElementsByTagName('h1')) if (!isLogoHeading(h1)) return true;
  return false;
}

function isLogoHeading(h1: Element): boolean {
  const text = h1.textContent?.trim() ?? '';
  if (!text) return true;
  const links = h1.getElementsByTagName('a');
  if (links.length !== 1 || links[0]!.textContent?.trim() !== text) return false;
  const href = links[0]!.getAttribute('href');
  if (href === null) return false;
  try {
    const page = new URL(h1.ownerDocument.URL);
    const target = new URL(href, page);
    return (
      target.origin === page.origin &&
      target.pathname.endsWith('/') &&
      page.pathname.startsWith(target.pathname) &&
      page.pathname !== target.pathname
    );
  } catch {
    return false;
  }
}

/** Whether `el` holds a marked-up article. */
function holdsArticle(el: Element | Document): boolean {
  return el.getElementsByTagName('article').length > 0 || !!el.querySelector('[itemprop="articleBody"]');
}

function contextOf(root: Root): { top: Element | null; pageChars: number; hasArticle: boolean } {
  const top = 'body' in root ? root.body : root;
  return {
    top,
    pageChars: top?.textContent?.length ?? 0,
    hasArticle: holdsArticle(root),
  };
}

/**
 * Deeper than this, an HTML parser never nests elements (Chromium's stops at 512 and puts the
 * rest beside each other); only a script builds more. Readability recurses once per level, and
 * a page 10,000 levels deep overflowed its stack.
 */
export const MAX_DEPTH = 512;

/**
 * Puts everything under `el` right under it, in the same order: its text, and the elements that
 * hold no other element; hidden parts are dropped. What an HTML parser does past its depth
 * limit, so that nothing of a page built deeper by a script is lost.
 */
export function flattenBelow(el: Element): void {
  const kept: Node[] = [];
  let node: Node | null = el.firstChild;
  while (node) {
    let inside = false;
    if (node.nodeType === 3) kept.push(node);
    else if (node.nodeType === 1 && !isHidden(node as Element)) {
      if ((node as Element).firstElementChild) inside = true;
      else kept.push(node);
    }
    if (inside) {
      node = node.firstChild;
      continue;
    }
    while (node !== el && !node!.nextSibling) node = node!.parentNode;
    node = node === el ? null : node!.nextSibling;
  }
  const flat = el.ownerDocument.createDocumentFragment();
  for (const n of kept) flat.appendChild(n);
  el.replaceChildren(flat);
}

/**
 * Walks elements top-down; `visit` returns false to skip (after removing) an element's subtree.
 * Iterative, with each next sibling read before its elder is visited (a visit may remove it): it
 * runs on every element of the page, and recursion with copied child lists cost a third of it.
 * Elements nested deeper than `MAX_DEPTH` are flattened (`flattenBelow`) on the way.
 */
function walk(top: Element, visit: (el: Element, inArticle: boolean, inMain: boolean) => boolean): void {
  interface Frame {
    next: Element | null;
    inArticle: boolean;
    inMain: boolean;
  }
  const stack: Frame[] = [{ next: top.firstElementChild, inArticle: false, inMain: false }];
  while (stack.length) {
    const frame = stack[stack.length - 1]!;
    const el = frame.next;
    if (!el) {
      stack.pop();
      continue;
    }
    frame.next = el.nextElementSibling;
    if (!visit(el, frame.inArticle, frame.inMain) || !el.firstElementChild) continue;
    if (stack.length >= MAX_DEPTH) flattenBelow(el);
    const tag = el.tagName;
    const attributes = el.hasAttributes();
    stack.push({
      next: el.firstElementChild,
      inArticle:
        frame.inArticle || tag === 'ARTICLE' || (attributes && el.getAttribute('itemprop') === 'articleBody'),
      inMain: frame.inMain || tag === 'MAIN' || (attributes && el.getAttribute('role') === 'main'),
    });
  }
}

const isArticleItself = (el: Element) =>
  el.tagName === 'ARTICLE' || el.tagName === 'MAIN' || el.getAttribute('itemprop') === 'articleBody';

/** Removes regions that are not the article (see `isBoilerplate`). */
export function removeBoilerplate(root: Root): void {
  const { top, pageChars, hasArticle } = contextOf(root);
  if (!top) return;
  walk(top, (el, inArticle, inMain) => {
    if (isArticleItself(el) || !isBoilerplate(el, { pageChars, hasArticle, inArticle, inMain })) return true;
    el.remove();
    return false;
  });
}

// --- <br><br> paragraphs -------------------------------------------------------------------

const BLOCK_TAGS =
  /^(P|DIV|UL|OL|TABLE|BLOCKQUOTE|PRE|H[1-6]|FIGURE|SECTION|ARTICLE|HR|DL|ASIDE|HEADER|FOOTER|NAV|FORM)$/;
const BR_HOSTS = /^(DIV|TD|SECTION|ARTICLE|MAIN)$/;

/** Whether a block holds a run of two `<br>`s among its own children. */
function hasBrRun(block: Element): boolean {
  // Sibling links, not `children`: this runs on every <div> of the page.
  for (let child = block.firstElementChild; child; child = child.nextElementSibling) {
    if (child.tagName !== 'BR') continue;
    let next = child.nextSibling;
    while (next && next.nodeType === 3 && !next.nodeValue?.trim()) next = next.nextSibling;
    if (next?.nodeName === 'BR') return true;
  }
  return false;
}

/** Splits a block's `<br><br>`-separated text into paragraphs. */
function splitBrBlock(block: Element): void {
  const doc = block.ownerDocument;
  const groups: Node[][] = [[]];
  let pendingBreaks = 0;
  for (const child of Array.from(block.childNodes)) {
    if (child.nodeName === 'BR') {
      pendingBreaks++;
      continue;
    }
    if (child.nodeType === 3 && !child.nodeValue?.trim()) {
      if (pendingBreaks === 0) groups.at(-1)!.push(child);
      continue;
    }
    const isBlock = child.nodeType === 1 && BLOCK_TAGS.test((child as Element).tagName);
    if (pendingBreaks >= 2 || isBlock) groups.push([]);
    else if (pendingBreaks === 1) groups.at(-1)!.push(doc.createElement('br'));
    pendingBreaks = 0;
    groups.at(-1)!.push(child);
    if (isBlock) groups.push([]);
  }
  block.replaceChildren(
    ...groups
      .filter((g) => g.some((n) => n.nodeType === 1 || n.nodeValue?.trim()))
      .map((g) => {
        if (g.length === 1 && g[0]!.nodeType === 1 && BLOCK_TAGS.test((g[0] as Element).tagName))
          return g[0]!;
        const p = doc.createElement('p');
        p.append(...g);
        return p;
      }),
  );
}

/**
 * Splits text written as `<br><br>` runs inside one block (common on Japanese news sites) into
 * real paragraphs, so Readability scores them as paragraphs and Markdown keeps them apart.
 */
export function splitBrParagraphs(root: Root): void {
  for (const block of Array.from(root.querySelectorAll('div, td, section, article, main'))) {
    if (hasBrRun(block)) splitBrBlock(block);
  }
}

// --- DOM clobbering ------------------------------------------------------------------------

/**
 * Elements whose name or id becomes a property of their form (form controls and images: then
 * `form.parentNode` is an `<input name="parentNode">`) or of the document (named images, forms,
 * embeds, objects, frames: `document.getElementById` can be an `<img>`).
 */
const FORM_CLOBBERING = 'button, fieldset, input, object, output, select, textarea, img';
/** Elements whose name becomes a property of the document. */
const NAMED_ON_DOCUMENT = new Set(['IMG', 'FORM', 'EMBED', 'OBJECT', 'IFRAME', 'FRAME']);

/**
 * Takes names and ids off the elements that can shadow DOM properties, before anything walks the
 * clone: a page with `<form><input name="parentNode">` made Readability climb from the input to
 * the form and back for ever (the tab froze). Names and ids mean nothing in a clip; the sanitizer
 * drops them anyway. The query goes through the prototype, since the document's own
 * `querySelectorAll` may be one of the shadowed properties.
 */
export function disarmClobbering(root: Root): void {
  const disarm = (el: Element) => {
    callInherited(el, 'removeAttribute', 'name');
    callInherited(el, 'removeAttribute', 'id');
  };
  // One query of simple selectors; the controls are then looked for inside each form. (Selectors
  // of descendants of <form> made the browser check every element's ancestors: a tenth of the
  // preparation.)
  for (const el of Array.from(
    callInherited<NodeListOf<Element>>(root, 'querySelectorAll', 'form, [name], [form]'),
  )) {
    // A form's own `tagName` may be one of its controls (`<input name="tagName">`).
    const tag = readInherited<string>(el, 'tagName');
    if (tag === 'FORM') {
      for (const control of Array.from(
        callInherited<NodeListOf<Element>>(el, 'querySelectorAll', FORM_CLOBBERING),
      ))
        disarm(control);
    }
    if (
      callInherited<boolean>(el, 'hasAttribute', 'form') ||
      (NAMED_ON_DOCUMENT.has(tag) && callInherited<boolean>(el, 'hasAttribute', 'name'))
    )
      disarm(el);
  }
}

/**
 * A DOM property as the node's prototypes define it, not as the node shows it: a form's or a
 * document's own property of that name may be a shadowing element. (No `Document` global to
 * borrow from on jsdom in Node.)
 */
function inherited(node: object, name: string): PropertyDescriptor {
  for (let proto = Object.getPrototypeOf(node); proto; proto = Object.getPrototypeOf(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name);
    if (descriptor) return descriptor;
  }
  throw new Error(`no ${name} on ${String(node)}`);
}

function callInherited<R>(node: object, name: string, ...args: unknown[]): R {
  return (inherited(node, name).value as (...args: unknown[]) => R).apply(node, args);
}

function readInherited<T>(node: object, name: string): T {
  return inherited(node, name).get?.call(node) as T;
}

// --- all rules, one walk -------------------------------------------------------------------

/**
 * Prepares a clone for Readability with every rule above in one walk: hidden parts and
 * boilerplate removed (their insides never visited), lazy images resolved, code blocks marked
 * and their lines kept, `<br><br>` text split into paragraphs.
 */
export function prepareForReadability(root: Root): void {
  disarmClobbering(root);
  const { top, pageChars, hasArticle } = contextOf(root);
  if (!top) return;
  const noscripts: Element[] = [];
  const pictures: Element[] = [];
  const pres: Element[] = [];
  const brBlocks: Element[] = [];
  const shareParents = new Set<Element>();
  const shopParents = new Set<Element>();
  const boxParts: Element[] = [];
  const noteAsides: Element[] = [];
  const moreParts: Element[] = [];
  const tagParents = new Set<Element>();
  walk(top, (el, inArticle, inMain) => {
    if (
      isHidden(el) ||
      (!isArticleItself(el) && isBoilerplate(el, { pageChars, hasArticle, inArticle, inMain }))
    ) {
      el.remove();
      return false;
    }
    // Only the avatar and name: the box around the whole bubble may be named like them too
    // (AFFINGER "kaiwaicon1"), and holds the words.
    if (
      el.hasAttribute('class') &&
      BUBBLE_CHROME.test(el.getAttribute('class') ?? '') &&
      isShort(el, 20) &&
      !el.querySelector('p')
    ) {
      el.remove();
      return false;
    }
    const label = atMostOneChild(el) ? labelKind(el) : null;
    if (label === 'ad') {
      el.remove();
      return false;
    }
    if (label === 'box') {
      // Decided now, before the walk takes anything out of the box (a card's link).
      boxParts.push(...headedBox(el, isArticleItself));
      return false;
    }
    if (
      el.hasAttribute('class') &&
      MORE_PART.test(el.getAttribute('class') ?? '') &&
      el.previousElementSibling
    ) {
      moreParts.push(el);
    }
    if (el.tagName === 'ASIDE' && inArticle && NOTE_ASIDE.test(el.getAttribute('class') ?? '')) {
      // Readability drops every <aside> of the article; a note box is part of the text.
      noteAsides.push(el);
    }
    switch (el.tagName) {
      case 'IMG':
        resolveLazyImage(el);
        break;
      case 'NOSCRIPT':
        noscripts.push(el);
        return false;
      case 'PICTURE':
        pictures.push(el);
        break;
      case 'PRE':
        pres.push(el);
        return false;
      case 'A':
        if (el.parentElement && SHARE_HREF.test(el.getAttribute('href') ?? ''))
          shareParents.add(el.parentElement);
        else if (el.parentElement && SHOP_HREF.test(el.getAttribute('href') ?? ''))
          shopParents.add(el.parentElement);
        else if (el.parentElement && REL_TAG.test(el.getAttribute('rel') ?? ''))
          tagParents.add(el.parentElement);
        break;
      default:
        if (BR_HOSTS.test(el.tagName) && hasBrRun(el)) brBlocks.push(el);
    }
    return true;
  });
  // Changes to the tree wait until the walk is over.
  for (const noscript of noscripts) resolveNoscript(noscript);
  for (const picture of pictures) resolvePicture(picture);
  for (const pre of pres) {
    markCodeLanguage(pre);
    normalizePreLines(pre);
  }
  for (const block of brBlocks) splitBrBlock(block);
  removeShareBars(shareParents);
  removeShopRows(shopParents);
  removeTagLists(tagParents);
  for (const part of boxParts) part.remove();
  for (const aside of noteAsides) renameElement(aside, 'div');
  // The rest of a post behind "続きを読む" (FC2 entry_more) joins the body it continues, which
  // Readability would leave out when it is short.
  for (const more of moreParts) {
    if (more.isConnected && more.previousElementSibling)
      more.previousElementSibling.append(...Array.from(more.childNodes));
    more.remove();
  }
}

/** Whether `el` holds at most `max` characters of text. */
function isShort(el: Element, max: number): boolean {
  return (el.textContent?.trim().length ?? 0) <= max;
}

/** Removes share bars anywhere under `root` (see `removeShareBars`). */
export function removeShareLinks(root: Root): void {
  const parents = new Set<Element>();
  for (const a of root.querySelectorAll('a[href]')) {
    if (a.parentElement && SHARE_HREF.test(a.getAttribute('href') ?? '')) parents.add(a.parentElement);
  }
  removeShareBars(parents);
}
