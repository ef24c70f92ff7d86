// Bundled by `npm run bench` and injected into pages in Chromium, to time Kurabe's extraction
// step beside bare Readability in the same page, on the same document, and to split the step
// into its stages.
import { Readability } from '@mozilla/readability';
import { readArticle } from '../utils/extract';
import { isFormText } from '../utils/extract/form-page';
import { htmlToText, storedHtml } from '../utils/extract/html-text';
import { jsonLdData, readPageMetadata } from '../utils/extract/metadata';
import { declaredTypes, isListingPage } from '../utils/extract/page-kind';
import { findComputedHidden, markHidden, prepareForReadability } from '../utils/extract/prepare';
import { runExtraction } from '../utils/extract/run';
import { tidyArticle } from '../utils/extract/tidy';
import { sanitizeArticle } from '../utils/sanitize';
import { countChars, primaryLanguage } from '../utils/text';

declare global {
  interface Window {
    kurabeBench: { extract(): unknown; bare(): unknown; stages(): Record<string, number> };
  }
}

function stages(): Record<string, number> {
  const times: Record<string, number> = {};
  const time = <R>(name: string, fn: () => R): R => {
    const start = performance.now();
    const result = fn();
    times[name] = performance.now() - start;
    return result;
  };
  const hidden = time('hidden_parts', () => findComputedHidden(document));
  // The page's JSON-LD, read once for its metadata and its declared kind (product, event…).
  const jsonLd = time('json_ld', () => jsonLdData(document));
  time('metadata', () => readPageMetadata(document, jsonLd));
  const types = time('declared_types', () => declaredTypes(document, jsonLd));
  const clone = time('clone', () => {
    const work = document.cloneNode(true) as Document;
    markHidden(work, hidden);
    return work;
  });
  time('prepare', () => prepareForReadability(clone));
  const lang = primaryLanguage(document.documentElement.lang) || 'en';
  const article = time('readability', () => readArticle(clone, lang));
  const body = article?.content ?? clone.createElement('div');
  time('tidy', () => tidyArticle(body, article?.title ?? '', article?.byline ?? ''));
  const clean = time('sanitize', () => sanitizeArticle(body, location.href));
  // The stored HTML, with the tree made to hold what the parser reads back from it.
  time('stored_html', () => storedHtml(clean));
  const text = time('text', () => htmlToText(clean));
  // The checks that keep a form or a listing page as a bookmark.
  time('form_page', () => isFormText(document, text, countChars(text)));
  time('listing_page', () => isListingPage(document, text, types));
  return times;
}

window.kurabeBench = {
  extract: () => runExtraction(document),
  bare: () => new Readability(document.cloneNode(true) as Document).parse(),
  stages,
};
