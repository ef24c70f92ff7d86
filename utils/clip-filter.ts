import type { Clip } from './db';

/** Folds width and case so 'ＡＢＣ', 'abc' and 'ABC' match, and half-width kana its full form. */
export function foldForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * The clips whose title, site, byline or text contain every space-separated term of the query.
 * Substring matching, so Japanese needs no spaces: 「顧客満足度」 finds text that contains it.
 */
export function filterClips(clips: Clip[], query: string): Clip[] {
  const terms = foldForSearch(query)
    .split(/[\s\u3000]+/)
    .filter(Boolean);
  if (terms.length === 0) return clips;
  return clips.filter((clip) => {
    const haystack = foldForSearch(`${clip.title}\n${clip.siteName}\n${clip.byline}\n${clip.text}`);
    return terms.every((term) => haystack.includes(term));
  });
}
