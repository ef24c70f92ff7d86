import { Readability } from '@mozilla/readability';
import { sanitizeArticle } from '../sanitize';
import {
  cleanTitle,
  countChars,
  detectLanguage,
  guessLanguage,
  primaryLanguage,
  readingMinutes,
  wordCount,
} from '../text';
import { absoluteUrl, clipUrl, isWebUrl } from '../url';
import { isFormText } from './form-page';
import { htmlToText, storedHtml } from './html-text';
import { jsonLdData, type PageMetadata, readPageMetadata, validDate } from './metadata';
import { declaredTypes, isListingPage } from './page-kind';
import { keepOnePost } from './posts';
import { markHidden, prepareForReadability } from './prepare';
import { tidyArticle } from './tidy';

/** What the extraction script returns to the background: plain, serializable data. */
export interface ExtractedPage {
  kind: 'article' | 'bookmark';
  /** Normalized URL: the clip's identity. */
  url: string;
  /** The address the page was read at. */
  originalUrl: string;
  title: string;
  byline: string;
  siteName: string;
  lang: string;
  publishedTime: string;
  /** When the page says it was last changed ('' when it does not). */
  modifiedTime: string;
  excerpt: string;
  /**
   * Sanitized article HTML with absolute URLs. Its Markdown is made from it when a clip is
   * exported (`articleMarkdown`), not here: nothing reads it sooner, and the page waits for
   * every millisecond spent here.
   */
  html: string;
  /** Plain text, one line per block. */
  text: string;
  chars: number;
  /** Words of `text`, for languages counted in words only (utils/text.ts wordCount). */
  words?: number;
  readingMinutes: number;
}

export interface ExtractOptions {
  /**
   * Work on the document itself instead of a clone. Only for documents nobody looks at (the
   * command line's jsdom pages): a live page must never be changed.
   */
  consumeDocument?: boolean;
  /** Elements the live page hides with its style sheets (`findComputedHidden`): left out. */
  hidden?: readonly number[];
}

/** Below this many characters of text, Readability's "article" is a fragment, not an article. */
const MIN_ARTICLE_CHARS = 80;

/**
 * Readability's comma pattern (it scores paragraphs by their commas) with the Japanese and
 * half-width ideographic commas 、､ added: it knows only Latin and full-width ，, so natural
 * Japanese paragraphs scored 3 to 4 times lower than the same text written with ，.
 */
const COMMAS = /\u002C|\u060C|\uFE50|\uFE10|\uFE11|\u2E41|\u2E34|\u2E32|\uFF0C|\u3001|\uFF64/g;

/**
 * Readability retries with looser rules when an article has fewer than 500 characters. Japanese
 * and Chinese carry 2 to 3 times more per character, so a complete short post falls under it and
 * the retries can pick a comment thread instead; their threshold is scaled down.
 */
function charThreshold(lang: string): number {
  return lang === 'ja' || lang === 'zh' || lang === 'ko' ? 200 : 500;
}

const NOT_TEXT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);

/**
 * The first `max` characters of the page's text, scripts and styles left out: enough to tell its
 * language, without building the text of the whole page.
 */
function textSample(doc: Document, max: number): string {
  if (!doc.body) return '';
  const walker = doc.createTreeWalker(doc.body, 4 /* NodeFilter.SHOW_TEXT */);
  let sample = '';
  for (let node = walker.nextNode(); node && sample.length < max; node = walker.nextNode()) {
    if (!NOT_TEXT.has(node.parentNode?.nodeName ?? '')) sample += node.nodeValue ?? '';
  }
  return sample.slice(0, max);
}

/**
 * Readability as extraction runs it on a prepared clone: Japanese commas, the shorter threshold
 * for CJK pages, and the article left as an element of the clone.
 */
export function readArticle(work: Document, lang: string) {
  const reader = new Readability<HTMLElement>(work, {
    // The sanitizer keeps no class but a code language: Readability need not walk them off first.
    keepClasses: true,
    charThreshold: charThreshold(lang),
    // The article stays an element of the (inert) clone: no serializing and parsing it again.
    serializer: (node) => node as HTMLElement,
  });
  (reader as unknown as { REGEXPS: Record<string, RegExp> }).REGEXPS = {
    ...(reader as unknown as { REGEXPS: Record<string, RegExp> }).REGEXPS,
    commas: COMMAS,
  };
  return reader.parse();
}

function hostnameOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

function isUrlLike(value: string | undefined): boolean {
  return !!value && /^https?:\/\//i.test(value);
}

type ReadArticle = ReturnType<typeof readArticle>;

/**
 * What a clip says about its page besides the article: from the page's metadata, and Readability's.
 * `declaredLang` is read before Readability runs: the command line lets it work on the document
 * itself, whose root it may leave without attributes.
 */
function pageFacts(pageUrl: string, meta: PageMetadata, article: ReadArticle, declaredLang: string) {
  const url = isWebUrl(pageUrl) ? clipUrl(pageUrl, meta.canonical) : pageUrl;
  // A declared site name tells exactly what to strip from a title; a host name does not.
  const declaredSite = (article?.siteName ?? meta.siteName ?? '').trim() || undefined;
  return {
    url,
    declaredLang,
    declaredSite,
    siteName: declaredSite ?? hostnameOf(pageUrl),
    byline: (article?.byline ?? '').trim() || (isUrlLike(meta.author) ? '' : (meta.author ?? '')),
    publishedTime: validDate(article?.publishedTime) ?? meta.publishedTime ?? '',
    modifiedTime: meta.modifiedTime ?? '',
  };
}

/** A bookmark of the page: its title, URL and description (`excerpt`), no article. */
function bookmarkOf(
  doc: Document,
  pageUrl: string,
  meta: PageMetadata,
  article: ReadArticle,
  {
    declaredLang,
    excerpt,
    titleForLanguage,
  }: { declaredLang: string; excerpt: string; titleForLanguage: string },
): ExtractedPage {
  const facts = pageFacts(pageUrl, meta, article, declaredLang);
  const lang = detectLanguage(facts.declaredLang || article?.lang, `${titleForLanguage}\n${excerpt}`);
  return {
    kind: 'bookmark',
    url: facts.url,
    originalUrl: pageUrl,
    title: cleanTitle((doc.title || meta.title || '').trim(), facts.declaredSite) || facts.url,
    byline: facts.byline,
    siteName: facts.siteName,
    lang,
    publishedTime: facts.publishedTime,
    modifiedTime: facts.modifiedTime,
    excerpt,
    html: '',
    text: excerpt,
    chars: countChars(excerpt),
    words: wordCount(excerpt, lang),
    readingMinutes: 1,
  };
}

/**
 * The bookmark kept when the article cannot be read at all (extraction itself failed: a page
 * nested too deep for the engine's stack): title, URL and description from the page's metadata.
 */
export function pageBookmark(doc: Document, pageUrl: string = doc.URL): ExtractedPage {
  const meta = readPageMetadata(doc);
  const excerpt = (meta.description ?? '').trim();
  return bookmarkOf(doc, pageUrl, meta, null, {
    declaredLang: primaryLanguage(doc.documentElement?.getAttribute('lang')),
    excerpt,
    titleForLanguage: (doc.title || meta.title || '').trim(),
  });
}

/**
 * The HTML and the plain text Kurabe stores for an article's content (Readability's element):
 * tidied, sanitized, its HTML written, then its text read from the same tree.
 */
export function storedArticle(
  content: HTMLElement,
  {
    title,
    byline,
    pageUrl,
    canonical,
    win,
  }: {
    title: string;
    byline: string;
    pageUrl: string;
    /** The page's canonical address, when it declares one. */
    canonical?: string;
    win: Window & typeof globalThis;
  },
): { html: string; text: string } {
  tidyArticle(content, title, byline, [pageUrl, canonical && absoluteUrl(canonical, pageUrl)]);
  const body = sanitizeArticle(content, pageUrl, win);
  for (const pre of body.querySelectorAll('pre[data-kurabe-lang]')) {
    // Keep the language in the standard place too, for anyone reading the stored HTML.
    const code = pre.querySelector('code');
    if (code && !code.className) code.className = `language-${pre.getAttribute('data-kurabe-lang')}`;
  }
  // Written first: it makes the tree hold what parsing the HTML gives back (a CR is read as a
  // line break, a tree the parser never makes is replaced by the one it reads), so a restore,
  // which makes the text from the HTML, makes this same text.
  const html = storedHtml(body);
  return { html, text: htmlToText(body) };
}

/**
 * Extracts the article of a document: Readability on a clone prepared for it (lazy images,
 * hidden and boilerplate parts removed, code languages and lines kept, <br><br> paragraphs
 * split), then tidied (title heading, heading levels, one image source, footnotes, empty
 * wrappers), sanitized, converted to Markdown and plain text, counted. Falls back to a bookmark
 * (title, URL, description) when there is no article, or when what Readability found is a form
 * (form-page.ts). Never changes the live document.
 */
export function extractPage(
  doc: Document,
  pageUrl: string = doc.URL,
  options: ExtractOptions = {},
): ExtractedPage {
  const win = doc.defaultView as (Window & typeof globalThis) | null;
  if (!win) throw new Error('extractPage needs a document that belongs to a window');
  // Parsed once for the metadata and the page's declared types.
  const jsonLd = jsonLdData(doc);
  const meta = readPageMetadata(doc, jsonLd);
  const declaredLang = primaryLanguage(doc.documentElement.getAttribute('lang'));
  const pageLang = declaredLang || guessLanguage(`${doc.title} ${textSample(doc, 3000)}`);

  // Read before the work copy is changed: on the command line it is the document itself.
  const listingTypes = declaredTypes(doc, jsonLd);
  const work = options.consumeDocument ? doc : (doc.cloneNode(true) as Document);
  markHidden(work, options.hidden ?? []);
  prepareForReadability(work);
  // A page of several whole posts: the one titled as the page, else the first.
  keepOnePost(work, cleanTitle((doc.title || meta.title || '').trim(), meta.siteName));
  const article = readArticle(work, pageLang);

  const { url, declaredSite, siteName, byline, publishedTime, modifiedTime } = pageFacts(
    pageUrl,
    meta,
    article,
    declaredLang,
  );
  const rawTitle = (article?.title || meta.title || doc.title || '').trim();
  const title = cleanTitle(rawTitle, declaredSite) || url;

  const content = article?.content ?? work.createElement('div');
  const { html, text } = storedArticle(content, {
    title,
    byline,
    pageUrl,
    canonical: meta.canonical,
    win,
  });
  const chars = countChars(text);

  // No article, a fragment, a form's labels (a sign-in or pricing page), or the listing of a
  // product, event or search page (declared so, and not prose): a bookmark.
  if (
    !article ||
    chars < MIN_ARTICLE_CHARS ||
    isFormText(doc, text, chars) ||
    // Only with a description to keep: a bookmark of nothing but a title is worth less.
    (!!meta.description?.trim() && isListingPage(doc, text, listingTypes))
  ) {
    return bookmarkOf(doc, pageUrl, meta, article, {
      declaredLang,
      excerpt: (meta.description ?? article?.excerpt ?? '').trim(),
      titleForLanguage: title,
    });
  }

  const lang = detectLanguage(declaredLang || article.lang, text);
  return {
    kind: 'article',
    url,
    originalUrl: pageUrl,
    title,
    byline,
    siteName,
    lang,
    publishedTime,
    modifiedTime,
    excerpt: (article.excerpt ?? meta.description ?? '').replace(/\s+/g, ' ').trim(),
    html,
    text,
    chars,
    words: wordCount(text, lang),
    readingMinutes: readingMinutes(text, lang),
  };
}
