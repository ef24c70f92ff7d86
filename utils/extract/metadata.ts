import { timeValue } from '../dates';

/** Metadata a page declares about itself, read from the original (uncloned) document. */
export interface PageMetadata {
  canonical?: string;
  publishedTime?: string;
  modifiedTime?: string;
  author?: string;
  siteName?: string;
  description?: string;
  title?: string;
}

interface JsonLdArticle {
  datePublished?: string;
  dateModified?: string;
  author?: string;
  publisher?: string;
  headline?: string;
}

const ARTICLE_TYPES =
  /^(Article|BlogPosting|NewsArticle|TechArticle|Report|ScholarlyArticle|WebPage|SocialMediaPosting|LiveBlogPosting)$/;

function nameOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value)) {
    const names = value.map(nameOf).filter((n): n is string => !!n);
    return names.length ? names.join(', ') : undefined;
  }
  if (value && typeof value === 'object' && 'name' in value) return nameOf((value as { name: unknown }).name);
  return undefined;
}

/**
 * The page's JSON-LD blocks, parsed, one entry per script in document order (`undefined` for a
 * broken one: common, and the other sources still apply). Read once per extraction and given to
 * both `readPageMetadata` and `declaredTypes`.
 */
export function jsonLdData(doc: Document): unknown[] {
  const data: unknown[] = [];
  // All scripts, filtered here: an attribute selector is matched element by element in jsdom.
  for (const script of doc.querySelectorAll('script')) {
    if (script.getAttribute('type')?.toLowerCase() !== 'application/ld+json') continue;
    try {
      data.push(JSON.parse(script.textContent ?? ''));
    } catch {
      data.push(undefined);
    }
  }
  return data;
}

function readJsonLd(blocks: readonly unknown[]): JsonLdArticle {
  const found: JsonLdArticle = {};
  for (const data of blocks) {
    if (data === undefined) continue;
    const queue: unknown[] = [data];
    while (queue.length) {
      const item = queue.shift();
      if (Array.isArray(item)) {
        queue.push(...item);
        continue;
      }
      if (!item || typeof item !== 'object') continue;
      const obj = item as Record<string, unknown>;
      if (Array.isArray(obj['@graph'])) queue.push(...obj['@graph']);
      const types = ([] as unknown[]).concat(obj['@type'] ?? []);
      if (!types.some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t))) continue;
      found.datePublished ??= typeof obj.datePublished === 'string' ? obj.datePublished : undefined;
      found.dateModified ??= typeof obj.dateModified === 'string' ? obj.dateModified : undefined;
      found.author ??= nameOf(obj.author);
      found.publisher ??= nameOf(obj.publisher);
      found.headline ??= typeof obj.headline === 'string' ? obj.headline : undefined;
    }
  }
  return found;
}

/** Every `<meta>` content by its property, name or itemprop (lower-case), read in one pass. */
function metaIndex(doc: Document): Map<string, string> {
  const index = new Map<string, string>();
  for (const el of doc.getElementsByTagName('meta')) {
    const content = el.getAttribute('content')?.trim();
    if (!content) continue;
    for (const attr of ['property', 'name', 'itemprop']) {
      const key = el.getAttribute(attr)?.toLowerCase();
      if (key && !index.has(key)) index.set(key, content);
    }
  }
  return index;
}

/**
 * A date string that is a date (timeValue: a browser reads it, within a Date's range, no
 * "2026-02-30"), else undefined. Kept as written: it keeps the page's own time zone.
 */
export function validDate(value: string | null | undefined): string | undefined {
  const v = value?.trim();
  return v && timeValue(v) !== undefined ? v : undefined;
}

/** Reads canonical URL, dates, author, site name and description from meta tags and JSON-LD. */
export function readPageMetadata(doc: Document, jsonLd: readonly unknown[] = jsonLdData(doc)): PageMetadata {
  const ld = readJsonLd(jsonLd);
  const metas = metaIndex(doc);
  const meta = (...keys: string[]) => keys.map((k) => metas.get(k.toLowerCase())).find(Boolean);
  // The first <time datetime> of the page, read only when nothing else gives the date.
  const time = () => doc.querySelector('time[datetime]');
  return {
    canonical: doc.querySelector('link[rel~="canonical"]')?.getAttribute('href') ?? undefined,
    publishedTime:
      validDate(
        meta(
          'article:published_time',
          'datePublished',
          'date',
          'dc.date',
          'pubdate',
          'publishdate',
          'publish_date',
          'parsely-pub-date',
          'sailthru.date',
        ),
      ) ??
      validDate(ld.datePublished) ??
      validDate(time()?.getAttribute('datetime')),
    modifiedTime:
      validDate(meta('article:modified_time', 'og:updated_time', 'dateModified', 'last-modified')) ??
      validDate(ld.dateModified),
    author: meta('author', 'article:author', 'dc.creator') ?? ld.author,
    siteName: meta('og:site_name', 'application-name') ?? ld.publisher,
    description: meta('description', 'og:description', 'twitter:description'),
    title: meta('og:title', 'twitter:title') ?? ld.headline,
  };
}
