/**
 * Rules applied to the article Readability returns, before sanitizing. Each takes the article
 * element and changes it in place; each has a minimal test in tests/unit/tidy.test.ts.
 */

/** Every rule below, in the order extraction applies them. */
export function tidyArticle(
  article: Element,
  title: string,
  byline: string,
  /** The page's own addresses (its URL, its canonical link): a line that is one goes. */
  addresses: readonly (string | undefined)[] = [],
): void {
  removeTitleHeading(article, title);
  removeLeadingMeta(article, byline);
  removeChromeLines(article, addresses);
  normalizeHeadings(article);
  resolveSrcsets(article);
  markFootnotes(article);
  removeEmptyWrappers(article);
}

const norm = (s: string | null | undefined) => (s ?? '').normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/**
 * Removes a leading heading that repeats the title (the clip shows its title already).
 * Readability does this only for titles it can split into Latin words, so never for Japanese.
 */
export function removeTitleHeading(article: Element, title: string): void {
  const t = norm(title);
  if (!t) return;
  // Older blog templates title the entry with an <h3> under the blog's own <h1>/<h2>.
  const first = article.querySelector('h1, h2, h3');
  if (!first) return;
  const h = norm(first.textContent);
  // Only near the start: a heading after several paragraphs is part of the text.
  const before = article.textContent?.indexOf(first.textContent ?? '') ?? 0;
  if (h && before < 200 && (h === t || (h.length > 8 && (t.includes(h) || h.includes(t))))) first.remove();
}

/** Makes `##` the top heading level inside an article: the title is the only `#`. */
export function normalizeHeadings(article: Element): void {
  if (!article.querySelector('h1')) return;
  const doc = article.ownerDocument;
  for (const h of Array.from(article.querySelectorAll('h1, h2, h3, h4, h5, h6'))) {
    const level = Math.min(6, Number(h.tagName[1]) + 1);
    const replacement = doc.createElement(`h${level}`);
    replacement.append(...Array.from(h.childNodes));
    h.replaceWith(replacement);
  }
}

interface Candidate {
  url: string;
  width?: number;
  density?: number;
}

/** Parses a `srcset` into its candidates. */
function parseSrcset(srcset: string): Candidate[] {
  return srcset
    .split(/,\s+(?=\S)|,(?=https?:|\/)/)
    .map((part) => {
      const [url = '', descriptor = ''] = part.trim().split(/\s+/);
      const w = /^(\d+)w$/.exec(descriptor);
      const x = /^([\d.]+)x$/.exec(descriptor);
      return { url, ...(w && { width: Number(w[1]) }), ...(x && { density: Number(x[1]) }) };
    })
    .filter((c) => c.url);
}

/** Widest source up to this is "good": sharp in a reading column without a huge download. */
const GOOD_WIDTH = 1600;

/** The one source of a `srcset` worth keeping: the widest up to 1600 px (or 2x), else the smallest above. */
export function bestSource(srcset: string): string | undefined {
  const candidates = parseSrcset(srcset);
  if (candidates.length === 0) return undefined;
  const withWidth = candidates.filter((c) => c.width !== undefined);
  if (withWidth.length) {
    const fit = withWidth.filter((c) => c.width! <= GOOD_WIDTH).sort((a, b) => b.width! - a.width!);
    return (fit[0] ?? withWidth.sort((a, b) => a.width! - b.width!)[0])!.url;
  }
  const withDensity = candidates.map((c) => ({ ...c, density: c.density ?? 1 }));
  const fit = withDensity.filter((c) => c.density <= 2).sort((a, b) => b.density - a.density);
  return (fit[0] ?? withDensity[0])!.url;
}

/** Resolves every image's `srcset` to one good `src` (Markdown and the reader show one image). */
export function resolveSrcsets(article: Element): void {
  for (const img of article.querySelectorAll('img[srcset]')) {
    const best = bestSource(img.getAttribute('srcset') ?? '');
    if (best) img.setAttribute('src', best);
    img.removeAttribute('srcset');
    img.removeAttribute('sizes');
  }
}

/**
 * Marks footnote references and notes (`<sup><a href="#fn1">`, an `<ol>` of notes whose items
 * the references point to) so they survive sanitizing (which drops ids) and become Markdown
 * footnotes.
 */
export function markFootnotes(article: Element): void {
  // Only Kurabe sets these: the same attributes written by the page itself are dropped, so a page
  // cannot forge a footnote label (it is written into the Markdown).
  // One pass over the article's elements: attribute selectors are matched element by element
  // in jsdom (the command line's DOM), one query per selector.
  const anchors: Element[] = [];
  const byId = new Map<string, Element>();
  for (const el of article.querySelectorAll('*')) {
    if (!el.hasAttributes()) continue;
    el.removeAttribute('data-kurabe-fn');
    el.removeAttribute('data-kurabe-fn-ref');
    const id = el.getAttribute('id');
    // The last element of an id wins, as it did.
    if (id !== null) byId.set(id, el);
    if (el.localName === 'a' && el.getAttribute('href')?.startsWith('#')) anchors.push(el);
  }
  if (anchors.length === 0) return;
  const numbers = new Map<string, string>();
  for (const a of anchors) {
    let id = a.getAttribute('href')!.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch {
      // keep it as written
    }
    const target = byId.get(id);
    if (target?.tagName !== 'LI') continue;
    const ref = a.closest('sup') ?? (a.parentElement?.tagName === 'SUP' ? a.parentElement : null);
    if (!ref) continue;
    const label = numbers.get(id) ?? String(numbers.size + 1);
    numbers.set(id, label);
    ref.setAttribute('data-kurabe-fn-ref', label);
    target.setAttribute('data-kurabe-fn', label);
  }
  // Back links (↩) inside the notes point at the references: they mean nothing in a clip.
  for (const li of article.querySelectorAll('li[data-kurabe-fn]')) {
    for (const back of Array.from(li.querySelectorAll('a[href^="#"]'))) {
      const arrowsOnly = /^(?:↩|↑|\^|⤴|\uFE0E|\uFE0F|\s)*$/u.test(back.textContent ?? '');
      if (arrowsOnly || back.getAttribute('href')?.includes('ref')) back.remove();
    }
  }
}

/** Elements that show something without text. */
const MEDIA = /^(IMG|PICTURE|VIDEO|AUDIO|IFRAME|TABLE|PRE|HR|BR|SVG|MATH|CANVAS|INPUT|OBJECT|EMBED)$/;
/** Wrappers that mean nothing once empty. */
const WRAPPER = /^(DIV|SPAN|SECTION|P|LI|UL|OL|FIGURE|A|B|STRONG|EM|I)$/;

/** Removes wrappers left with nothing to read or see (Readability keeps some), in one pass. */
export function removeEmptyWrappers(article: Element): void {
  if (MEDIA.test(article.tagName)) return;
  // Children first, then their parent, without recursion (a page may nest elements thousands
  // deep): each frame gathers whether its element shows anything, and removes an empty wrapper
  // once all its children are seen. The next sibling is read before a child is looked into.
  interface Frame {
    el: Element;
    next: ChildNode | null;
    shows: boolean;
  }
  const stack: Frame[] = [{ el: article, next: article.firstChild, shows: false }];
  while (stack.length) {
    const frame = stack[stack.length - 1]!;
    const child = frame.next;
    if (child) {
      frame.next = child.nextSibling;
      if (child.nodeType === 3) frame.shows ||= !!child.nodeValue?.trim();
      else if (child.nodeType === 1) {
        const el = child as Element;
        if (MEDIA.test(el.tagName)) frame.shows = true;
        else stack.push({ el, next: el.firstChild, shows: false });
      }
      continue;
    }
    stack.pop();
    if (frame.shows) {
      const parent = stack[stack.length - 1];
      if (parent) parent.shows = true;
    } else if (WRAPPER.test(frame.el.tagName) && frame.el !== article) frame.el.remove();
  }
}

/** A line that is about the article (who, when), not of it. */
const META_LINE =
  /^(by|written by|published|updated|posted|last updated|photo:|image:|文[:：・]|著者|筆者|公開日?|更新日?|投稿日?|配信|发布时间|发表时间|發佈時間|来源|來源|作者|责任编辑[:：]?\s*$)/i;
const DATE_LIKE =
  /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b|\b\d{1,2} (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\d{4}[年/.-]\s?\d{1,2}[月/.-]\s?\d{1,2}|\d{1,2}:\d{2}\s?(am|pm)?/i;

/**
 * Removes the byline and date lines at the top of an article (they are the clip's metadata
 * already): short blocks before the first real paragraph that hold a `<time>`, a date, the
 * byline, or start with "By", "Published", 公開日, 发布时间 and the like.
 */
export function removeLeadingMeta(article: Element, byline: string): void {
  // "By ROBERT BURNS, AP National Security Writer" in the metadata, the line without its "By".
  const by = norm(byline).replace(/^by/, '');
  // In document order, up to the first real paragraph, so the rest of the article is never
  // visited; a removed element's subtree is skipped. A walk of sibling links, not a live
  // `getElementsByTagName('*')`: reading a live list by index costs jsdom (the command line's
  // DOM) a proxy trap per element, and rebuilding it after every removal.
  let el: Element | null = article.firstElementChild;
  while (el) {
    let removed = false;
    const meta = META_BLOCKS.has(el.tagName) ? metaVerdict(el, by) : 'skip';
    if (meta === 'end') return;
    if (meta === 'meta') {
      removed = true;
    }
    // The next element in document order: the first child, else the next sibling of the
    // nearest ancestor that has one (a removed element's children are not visited).
    let next: Element | null = removed ? null : el.firstElementChild;
    for (let up: Element | null = el; !next && up && up !== article; up = up.parentElement)
      next = up.nextElementSibling;
    if (removed) el.remove();
    el = next;
  }
}

/** Whether a leading block is a meta line ('meta'), ends the search ('end'), or neither. */
function metaVerdict(el: Element, by: string): 'meta' | 'end' | 'skip' {
  const raw = el.textContent ?? '';
  // A long block is a real paragraph (the search ends) or a wrapper of the article: its text
  // is not squashed, which for the article's wrapper would cost as much as the rest of tidying.
  if (raw.length > 1000) return el.tagName === 'P' ? 'end' : 'skip';
  const text = raw.replace(/\s+/g, ' ').trim();
  // The first real paragraph ends the search (a Japanese or Chinese one is shorter: the same
  // sentence takes a third of the characters).
  if (el.tagName === 'P' && (text.length >= 120 || (text.length >= 40 && isMostlyCjk(text)))) return 'end';
  if (!text || text.length > 120 || el.querySelector('picture, figure, table')) return 'skip';
  // An image makes a block more than a line, unless it is a date's badge link (a bookmark count).
  const withImage = !!el.querySelector('img');
  if (withImage && !(DATE_LIKE.test(text) && text.length <= 60 && !el.querySelector('img:not(a img)')))
    return 'skip';
  // Only innermost-enough blocks: a wrapper holding a real paragraph is not a meta line.
  if (el.querySelector('p') && el.tagName !== 'HEADER') return 'skip';
  const isMeta =
    isBreadcrumbList(el) ||
    el.tagName === 'TIME' ||
    el.tagName === 'ADDRESS' ||
    !!el.querySelector('time') ||
    META_LINE.test(text) ||
    (!!by && norm(text).replace(/^by/, '') === by) ||
    (DATE_LIKE.test(text) && text.length <= 60);
  return isMeta ? 'meta' : 'skip';
}

/**
 * A breadcrumb trail as a list before the article: two to six short items, the first a link to a
 * site's top ("朝日新聞デジタル > 記事" as <li>s), whatever the list is named.
 */
function isBreadcrumbList(el: Element): boolean {
  if (el.tagName !== 'UL' && el.tagName !== 'OL') return false;
  const items = Array.from(el.children);
  if (items.length < 2 || items.length > 6 || items.some((li) => li.tagName !== 'LI')) return false;
  if (items.some((li) => (li.textContent ?? '').trim().length > 40)) return false;
  const links = items[0]!.getElementsByTagName('a');
  const href = links.length === 1 ? links[0]!.getAttribute('href') : null;
  if (href === null) return false;
  try {
    return new URL(href, el.ownerDocument.URL).pathname === '/';
  } catch {
    return false;
  }
}

/** Whether most characters of `text` are Chinese or Japanese. */
function isMostlyCjk(text: string): boolean {
  const cjk = text.match(/[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/g)?.length ?? 0;
  return cjk > text.length / 2;
}

const META_BLOCKS = new Set([
  'P',
  'DIV',
  'SPAN',
  'TIME',
  'HEADER',
  'UL',
  'LI',
  'H3',
  'H4',
  'H5',
  'H6',
  'ADDRESS',
]);

/**
 * Short blocks of an article that are about it or lead away from it, recognized by their words
 * (classes of false positives measured on the development sets with scripts/fp-blocks.mjs).
 */
const CHROME_LINES: readonly [string, RegExp, number][] = [
  // Photo credits: "Photo: Gene J. Puskar", "Image credit: NASA", "写真：ロイター".
  [
    'credit',
    /^[(（]?(photos?|images?|pictures?|illustrations?|credits?|fotos?)( credits?)?\s*[:：|]|^(写真|画像|撮影|出典|图片来源)\s*[:：]/i,
    100,
  ],
  // Author notes at the end: "Phil Helsel is a reporter for NBC News.", "… contributed to this report."
  [
    'author',
    /^[\p{Lu}][\p{L}.'’-]+( [\p{Lu}][\p{L}.'’-]+){0,3} (is|was) (an? |the )?([\p{L}-]+ ){0,4}(reporter|writer|editor|correspondent|journalist|contributor|columnist|author|producer)\b|contributed (additional )?(reporting )?(to this (report|story|article)|from [\p{Lu}][\p{L} ,.'’-]{1,60})\.?$/u,
    250,
  ],
  // Newsletter and subscription promotions.
  [
    'newsletter',
    /\b(sign up|subscribe|subscription)\b.*\b(newsletter|inbox|magazine|issues)\b|\bnewsletter\b.*\b(sign up|subscribe|inbox)\b|メルマガ(登録|購読)|ニュースレター(登録|購読)/i,
    300,
  ],
  // Links to the previous and next post: "前の記事 ≪：…", "次の記事 ≫：…", "« Previous post: …".
  [
    'pagination',
    /^([«≪<‹]\s*)?(前の(記事|投稿|エントリー?)|次の(記事|投稿|エントリー?)|previous (post|article|story|entry)|next (post|article|story|entry)|上一篇|下一篇)\s*[«≪»≫<>‹›]?\s*[:：»≫>›]/i,
    150,
  ],
  // Breadcrumb trails the page did not name as such: "HOME ＞ イベント・セミナー情報 ＞ …",
  // "トップ > ニュース", "首页 > 新闻", "Home » Blog »" (a line starting with the site's top).
  ['breadcrumb', /^(home|top|ホーム|トップ(ページ)?|首页|首頁)\s*[>＞»›≫]\s*\S/i, 200],
  // A byline with the time of posting after the article: "By.KJ : 2019年04月04日 09:00",
  // "Posted by admin at 2019/04/04 09:00", "投稿者：… 2019年4月4日".
  [
    'posted',
    /^(posted by|by|投稿者|written by)\s*[.:：]?\s*\S.{0,40}(\d{4}[年/.-]\s?\d{1,2}[月/.-]\s?\d{1,2}|\d{1,2}:\d{2})/i,
    80,
  ],
  // When the article was first published, as a line of its own anywhere: "First Published:
  // Tuesday, November 19, 2019 08:38 AM", "Published on: 2019/11/19".
  ['published', /^(first |originally )?published( on)?\s*[:：]\s*\S.{0,50}(\d{4}|\d{1,2}:\d{2})/i, 80],
  // The time it takes to read: "Reading time: 3 minutes", "Tempo de leitura: 1 minuto", "読了時間：約3分".
  [
    'reading time',
    /^(estimated )?(reading time|read time|tempo de leitura|tiempo de lectura|temps de lecture|lesezeit|読了時間|この記事は約|阅读时间|閱讀時間)\s*[:：]?\s*(約|约)?\s*\d+\s*(min|minutes?|minutos?|分)/i,
    60,
  ],
  // How a science news site asks to be cited: "Citation: … (2019, November 18) retrieved
  // 20 November 2019 from https://phys.org/news/…".
  ['citation', /^citation:.*\bretrieved\b.{0,40}\bfrom https?:\/\/\S+$/i, 400],
  // Requests for corrections and the comments' state, not the article: "間違いの指摘をしていた
  // だける方はメール…", "誤字脱字のご指摘は…", "Spot an error? Let us know", "Comments are closed."
  [
    'feedback',
    /(間違い|誤り|誤字|誤植)[^。]{0,6}(ご)?(指摘|報告)(を)?(していただける|いただける|頂ける|は|くださる)[^。]{0,30}(方|お願い|ください|まで|から)|^(spot(ted)?|found|see) (an? )?(error|mistake|typo)s?\b.{0,20}(let us know|tell us|contact|report)|^report (an? )?(error|mistake|typo)s?\b|^comments are (closed|disabled)\.?$|^コメントは(受け付けていません|締め切られました|できません)。?$/i,
    100,
  ],
  // An ad's link marked as one at its start: "[PR]　英単語を…記憶する方法", "【PR】…", "(広告) …".
  ['ad link', /^[[【(（]\s*(PR|広告|AD|sponsored|广告)\s*[\]】)）]\s*\S/i, 120],
  // How to reach the author, after the article: a line that is only an e-mail address or a
  // social profile ("paul.takahashi@chron.com", "twitter.com/paultakahashi", "@yamada_t"), or
  // "Reach the reporters on Twitter at …", "Contact the writer at …".
  [
    'contact',
    /^(mailto:)?[\w.+-]+@[\w-]+(\.[\w-]+)+$|^(https?:\/\/)?(www\.)?(twitter|x|facebook|instagram|linkedin|threads)\.(com|net)\/(in\/)?@?[\w.-]+\/?$|^@\w{1,15}$|^(reach|contact|email|e-mail|write to|follow) (the |this )?(reporters?|writers?|authors?|columnists?|correspondents?)\b/i,
    200,
  ],
  // One-line teasers: "Related post: …", "Read more: …", "関連記事：…".
  [
    'teaser',
    /^(related( posts?| articles?| stories| coverage)?|read (more|also|next)|see also|also read|more on this|関連記事|あわせて読みたい|合わせて読みたい|相关阅读|延伸阅读)\s*[:：»>]/i,
    150,
  ],
];

/** Elements inside a block that make it more than a line. */
const INNER_BLOCK_TAGS = 'p, div, li, figcaption, table, pre, img';

/** Elements that hold a line of text. */
const LINE_TAGS = 'p, figcaption, div, li, small, span, h4, h5, h6';

/**
 * Removes the short blocks `CHROME_LINES` describes, and a caption that repeats one already seen
 * (a gallery's captions are copied once per size). Only blocks without other blocks inside.
 */
export function removeChromeLines(article: Element, addresses: readonly (string | undefined)[] = []): void {
  const captions = new Set<string>();
  const own = new Set<string>();
  for (const url of addresses) if (url && /^https?:/i.test(url.trim())) own.add(bareAddress(url));
  // The elements that hold an inner block, marked from each block up, once: asked of every line
  // element, a query (or a walk) of its subtree cost the most of tidying. Removals below never
  // change the answer for an element not yet seen: a block's holders come before it in the list.
  const holders = new Set<Element>();
  for (const block of article.querySelectorAll(INNER_BLOCK_TAGS)) {
    // An icon inside a link that has words ("📝 間違いの指摘は…") does not make a line a block.
    if (block.tagName === 'IMG' && block.closest('a')?.textContent?.trim()) continue;
    for (let up = block.parentElement; up && up !== article && !holders.has(up); up = up.parentElement)
      holders.add(up);
  }
  for (const el of Array.from(article.querySelectorAll(LINE_TAGS))) {
    if (!article.contains(el) || holders.has(el)) continue;
    const raw = el.textContent ?? '';
    if (raw.length > 400) continue;
    const text = raw.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    if (el.tagName === 'FIGCAPTION') {
      if (captions.has(text)) {
        el.remove();
        continue;
      }
      captions.add(text);
    }
    if (CHROME_LINES.some(([, pattern, max]) => text.length <= max && pattern.test(text))) el.remove();
    // The page's own address as a line (a print header: "https://www.chron.com/…/article.php").
    else if (own.size && /^(https?:\/\/|www\.)\S+$/i.test(text) && own.has(bareAddress(text))) el.remove();
  }
  removeTrailingBoxLabel(article);
}

/** An address without its scheme, `www.`, fragment and final slash, to compare two spellings. */
function bareAddress(url: string): string {
  return url
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/^www\./i, '')
    .replace(/#.*$/, '')
    .replace(/\/$/, '')
    .toLowerCase();
}

/** The heading of a related-articles box, alone: "関連ニュース", "関連記事", "Related stories". */
const BOX_LABEL =
  /^(関連ニュース|関連記事|関連エントリー?|おすすめ記事|人気記事|related( news| posts| articles| stories)?|recommended( for you)?|more stories|相关新闻|相关阅读|相关文章)$/i;

/**
 * Removes the heading of a box of other articles left as the article's last line once the box's
 * list went (as a boilerplate region or a link block): a label with nothing under it.
 */
function removeTrailingBoxLabel(article: Element): void {
  // The innermost last element that holds text.
  let last: Element | null = null;
  for (let el = article.lastElementChild; el; el = el.lastElementChild) {
    while (el && !(el.textContent ?? '').trim()) el = el.previousElementSibling;
    if (!el) break;
    last = el;
  }
  if (!last) return;
  const text = (last.textContent ?? '').replace(/\s+/g, ' ').trim();
  // Nothing of the article after it (a text node beside it would be).
  if (
    BOX_LABEL.test(text) &&
    (article.textContent ?? '').trimEnd().endsWith((last.textContent ?? '').trimEnd())
  )
    last.remove();
}
