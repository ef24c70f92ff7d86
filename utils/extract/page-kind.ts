import { jsonLdData } from './metadata';

/**
 * Pages that are not articles — a product, a catalogue entry, an event, a search result or a top
 * page — kept as a bookmark (title, URL, description) unless their text reads as an article. The
 * rule, measured on the ja-dev pages and the fixtures (see the issue 19 report): the page declares
 * itself such a page (Open Graph `og:type`, or a schema.org type in JSON-LD or microdata), and
 * less than `MIN_PROSE_SHARE` of the extracted text is prose (lines that hold a sentence).
 */

/** Declared types of pages that are not articles (og:type values and schema.org types, lower case). */
const NOT_ARTICLE_TYPES = new Set([
  'product',
  'product.item',
  'product.group',
  'books.book',
  'book',
  'event',
  'itemlist',
  'searchresultspage',
  'collectionpage',
  'offer',
  'aggregateoffer',
  'store',
  'softwareapplication',
]);
/** Declared types of articles: a page that declares one is an article whatever else it declares. */
const ARTICLE_TYPES =
  /^(article|newsarticle|blogposting|techarticle|reportage|report|scholarlyarticle|posting)$/i;

/** Below this share of prose, the text of a page declared a product, event… is its listing, not an article. */
export const MIN_PROSE_SHARE = 0.5;

/** The page's declared types: og:type, JSON-LD @type (nested @graph included), microdata itemtype. */
export function declaredTypes(doc: Document, jsonLd: readonly unknown[] = jsonLdData(doc)): string[] {
  const types: string[] = [];
  let og: string | null = null;
  for (const meta of doc.getElementsByTagName('meta'))
    if (meta.getAttribute('property') === 'og:type') {
      og = meta.getAttribute('content');
      break;
    }
  if (og) types.push(og.trim().toLowerCase());
  for (const data of jsonLd.slice(0, 20)) {
    if (data === undefined) continue;
    const stack = [data];
    for (let seen = 0; stack.length && seen < 200; seen++) {
      const item = stack.pop();
      if (Array.isArray(item)) stack.push(...item);
      else if (item && typeof item === 'object') {
        const obj = item as Record<string, unknown>;
        for (const t of ([] as unknown[]).concat(obj['@type'] ?? []))
          if (typeof t === 'string') types.push(t.toLowerCase());
        if (obj['@graph']) stack.push(obj['@graph']);
      }
    }
  }
  for (const el of Array.from(doc.querySelectorAll('[itemtype]')).slice(0, 20)) {
    const t = /schema\.org\/(\w+)/i.exec(el.getAttribute('itemtype') ?? '')?.[1];
    if (t) types.push(t.toLowerCase());
  }
  return types;
}

/** A sentence end, Latin or CJK. */
const SENTENCE_END = /[.!?。！？」』)）](\s|$)|[。！？]/;

/**
 * The share of the text's characters in prose lines: lines that end a sentence and are long
 * enough to be one (20 characters of Japanese or Chinese, 60 of other scripts). Spec lists, prices,
 * dates, table rows and menus are not prose.
 */
export function proseShare(text: string): number {
  let prose = 0;
  let all = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const chars = line.replace(/\s/g, '').length;
    all += chars;
    const cjk = (line.match(/[\u3040-\u30ff\u3400-\u9fff]/g)?.length ?? 0) > chars / 3;
    if (chars >= (cjk ? 20 : 60) && SENTENCE_END.test(line) && !line.includes('\t')) prose += chars;
  }
  return all ? prose / all : 0;
}

/** Whether the page declares a type that is not an article, and no article type. */
export function declaresNotArticle(types: readonly string[]): boolean {
  return types.some((t) => NOT_ARTICLE_TYPES.has(t)) && !types.some((t) => ARTICLE_TYPES.test(t));
}

/** Whether a page is a product, catalogue, event, search or top page rather than an article (see above). */
export function isListingPage(doc: Document, text: string, types = declaredTypes(doc)): boolean {
  return declaresNotArticle(types) && proseShare(text) < MIN_PROSE_SHARE;
}
