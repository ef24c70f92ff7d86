/** Attributes lazy-loading scripts keep the real image source in, most specific first. */
const LAZY_SRC = ['data-src', 'data-original', 'data-lazy-src', 'data-actualsrc', 'data-url'];
const LAZY_SRCSET = ['data-srcset', 'data-lazy-srcset'];

function looksLikePlaceholder(src: string | null): boolean {
  // Lazy loaders park a 1×1 GIF or an empty/"about:blank" src until the image scrolls in.
  return (
    !src ||
    src.startsWith('data:') ||
    src === 'about:blank' ||
    /(blank|spacer|placeholder|pixel)\.(gif|png|svg)/i.test(src)
  );
}

/** Gives lazy images their real source so Readability and the clip keep them. */
export function resolveLazyImages(root: Document | Element): void {
  for (const img of root.querySelectorAll('img')) {
    const lazy = LAZY_SRC.map((a) => img.getAttribute(a)).find((v) => v?.trim());
    if (lazy && looksLikePlaceholder(img.getAttribute('src'))) img.setAttribute('src', lazy.trim());
    const lazySet = LAZY_SRCSET.map((a) => img.getAttribute(a)).find((v) => v?.trim());
    if (lazySet) img.setAttribute('srcset', lazySet.trim());
    if (img.getAttribute('loading') === 'lazy') img.removeAttribute('loading');
  }
  // <picture> sources are dropped by sanitizing: move the best one onto the <img>.
  for (const picture of root.querySelectorAll('picture')) {
    const img = picture.querySelector('img');
    const source = picture.querySelector('source[srcset], source[data-srcset]');
    if (img && source && looksLikePlaceholder(img.getAttribute('src'))) {
      const set = source.getAttribute('srcset') ?? source.getAttribute('data-srcset') ?? '';
      const first = set.split(',')[0]?.trim().split(/\s+/)[0];
      if (first) img.setAttribute('src', first);
    }
  }
}

/** Readability strips classes, so a code block's language is carried in a data attribute. */
export function markCodeLanguages(root: Document | Element): void {
  for (const pre of root.querySelectorAll('pre')) {
    const code = pre.querySelector('code');
    const classes = `${pre.className} ${code?.className ?? ''} ${pre.parentElement?.className ?? ''}`;
    const lang =
      pre.getAttribute('data-lang') ??
      code?.getAttribute('data-lang') ??
      pre.getAttribute('data-language') ??
      /(?:^|\s)(?:language|lang|highlight-source|brush:?)-?([\w+#.-]+)/.exec(classes)?.[1];
    if (lang) pre.setAttribute('data-kurabe-lang', lang.toLowerCase());
  }
}

function isHiddenInline(el: Element): boolean {
  const style = el.getAttribute('style') ?? '';
  return /(^|;)\s*(display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/** Removes what a reader cannot see: `hidden`, `aria-hidden`, inline display:none. */
export function removeHidden(root: Document | Element): void {
  for (const el of Array.from(root.querySelectorAll('[hidden], [aria-hidden="true"], [style]'))) {
    if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true' || isHiddenInline(el))
      el.remove();
  }
}

/**
 * Boilerplate that Readability sometimes keeps inside the article container: share bars,
 * related-entry lists, comment sections, ad slots, newsletter boxes. Matched by role and by
 * id/class words, never by site.
 */
const BOILERPLATE =
  /(^|[\s_-])(share|sharing|social|related|recommend|comments?|ads?|advert\w*|sponsor\w*|newsletter|subscribe|promo|breadcrumbs?|pagination|pager)([\s_-]|$)/i;

export function removeBoilerplate(root: Document | Element): void {
  const body = 'body' in root ? root.body : root;
  const pageChars = body?.textContent?.length ?? 0;
  const candidates = root.querySelectorAll('[role], nav, aside, header, footer, [class], [id]');
  for (const el of Array.from(candidates)) {
    if (!el.isConnected) continue;
    const tag = el.tagName;
    if (tag === 'BODY' || tag === 'HTML' || tag === 'ARTICLE' || tag === 'MAIN') continue;
    const role = el.getAttribute('role');
    const words = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    const structural =
      tag === 'NAV' ||
      role === 'navigation' ||
      role === 'contentinfo' ||
      role === 'banner' ||
      // Page-level header, footer and sidebars; inside an article they may hold its own parts.
      ((tag === 'ASIDE' || tag === 'HEADER' || tag === 'FOOTER' || role === 'complementary') &&
        !el.closest('article, main'));
    if (!structural && !BOILERPLATE.test(words)) continue;
    // A wrapper named "has-comments" may hold the article itself: never drop most of the page.
    const holdsArticle = el.querySelector(structural ? 'article, main' : 'article, main, h1');
    if (holdsArticle || (el.textContent?.length ?? 0) > pageChars * 0.4) continue;
    el.remove();
  }
}
