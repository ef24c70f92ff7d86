import type { Clip } from './db';

/** Folds width and case so 'ＡＢＣ', 'abc' and 'ABC' match, and half-width kana its full form. */
export function foldForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * The clips whose title, site, byline, lead (the start of the text), note or tags contain every space-separated term of
 * the query, and that carry `tag` when one is given. Substring matching, so Japanese needs no
 * spaces: 「顧客満足度」 finds text that contains it.
 */
export function filterClips(clips: Clip[], query: string, tag?: string): Clip[] {
  const terms = foldForSearch(query)
    .split(/[\s\u3000]+/)
    .filter(Boolean);
  const tagged = tag ? clips.filter((clip) => clip.tags.includes(tag)) : clips;
  if (terms.length === 0) return tagged;
  return tagged.filter((clip) => {
    const haystack = haystackOf(clip);
    return terms.every((term) => haystack.includes(term));
  });
}

// Each clip's folded text, made once per clip record: typing in the filter box then folds only
// the query, not every clip's lead, note and tags again at each keystroke. A record read again
// (the library reloads after any change) is a new object and gets a fresh entry.
const haystacks = new WeakMap<Clip, string>();

function haystackOf(clip: Clip): string {
  let haystack = haystacks.get(clip);
  if (haystack === undefined) {
    haystack = foldForSearch(
      `${clip.title}\n${clip.siteName}\n${clip.byline}\n${clip.lead}\n${clip.note}\n${clip.tags.join(' ')}`,
    );
    haystacks.set(clip, haystack);
  }
  return haystack;
}
