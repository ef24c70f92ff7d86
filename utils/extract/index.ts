import { Readability } from '@mozilla/readability';
import { htmlToMarkdown } from '../markdown';
import { sanitizeElement } from '../sanitize';
import { cleanTitle, countChars, detectLanguage, readingMinutes } from '../text';
import { clipUrl, isWebUrl } from '../url';
import { htmlToText } from './html-text';
import { readPageMetadata, validDate } from './metadata';
import { markCodeLanguages, removeBoilerplate, removeHidden, resolveLazyImages } from './prepare';

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
  excerpt: string;
  /** Sanitized article HTML with absolute URLs. */
  html: string;
  markdown: string;
  /** Plain text, one line per block. */
  text: string;
  chars: number;
  readingMinutes: number;
}

/** Below this many characters of text, Readability's "article" is a fragment, not an article. */
const MIN_ARTICLE_CHARS = 80;

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

/**
 * Extracts the article of a document: Readability on a clone prepared for it (lazy images,
 * hidden and boilerplate parts removed, code languages marked), then sanitized, converted to
 * Markdown and plain text, counted. Falls back to a bookmark clip (title, URL, description)
 * when there is no article. Never touches the live document.
 */
export function extractPage(doc: Document, pageUrl: string = doc.URL): ExtractedPage {
  const win = doc.defaultView as (Window & typeof globalThis) | null;
  if (!win) throw new Error('extractPage needs a document that belongs to a window');
  const meta = readPageMetadata(doc);

  const clone = doc.cloneNode(true) as Document;
  resolveLazyImages(clone);
  markCodeLanguages(clone);
  removeHidden(clone);
  removeBoilerplate(clone);
  // The article stays an element of the (inert) clone: no serializing and parsing it again.
  const article = new Readability<HTMLElement>(clone, {
    keepClasses: false,
    serializer: (node) => node as HTMLElement,
  }).parse();

  const url = isWebUrl(pageUrl) ? clipUrl(pageUrl, meta.canonical) : pageUrl;
  const body = article?.content ?? clone.createElement('div');
  sanitizeElement(body, pageUrl, win);
  for (const pre of body.querySelectorAll('pre[data-kurabe-lang]')) {
    // Keep the language in the standard place too, for anyone reading the stored HTML.
    const code = pre.querySelector('code');
    if (code && !code.className) code.className = `language-${pre.getAttribute('data-kurabe-lang')}`;
  }
  const text = htmlToText(body);
  const chars = countChars(text);
  // A declared site name tells exactly what to strip from a title; a host name does not.
  const declaredSite = (article?.siteName ?? meta.siteName ?? '').trim() || undefined;
  const siteName = declaredSite ?? hostnameOf(pageUrl);
  const rawTitle = (article?.title || meta.title || doc.title || '').trim();
  const title = cleanTitle(rawTitle, declaredSite) || url;
  const byline = (article?.byline ?? '').trim() || (isUrlLike(meta.author) ? '' : (meta.author ?? ''));
  const publishedTime = validDate(article?.publishedTime) ?? meta.publishedTime ?? '';
  const declaredLang = doc.documentElement.getAttribute('lang') || article?.lang;

  if (!article || chars < MIN_ARTICLE_CHARS) {
    const excerpt = (meta.description ?? article?.excerpt ?? '').trim();
    const lang = detectLanguage(declaredLang, `${title}\n${excerpt}`);
    return {
      kind: 'bookmark',
      url,
      originalUrl: pageUrl,
      title: cleanTitle((doc.title || meta.title || '').trim(), declaredSite) || url,
      byline,
      siteName,
      lang,
      publishedTime,
      excerpt,
      html: '',
      markdown: '',
      text: excerpt,
      chars: countChars(excerpt),
      readingMinutes: 1,
    };
  }

  const lang = detectLanguage(declaredLang, text);
  return {
    kind: 'article',
    url,
    originalUrl: pageUrl,
    title,
    byline,
    siteName,
    lang,
    publishedTime,
    excerpt: (article.excerpt ?? meta.description ?? '').replace(/\s+/g, ' ').trim(),
    html: body.innerHTML,
    markdown: htmlToMarkdown(body),
    text,
    chars,
    readingMinutes: readingMinutes(text, lang),
  };
}
