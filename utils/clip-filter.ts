import type { Clip } from './db';

/** Folds width and case so 'ＡＢＣ', 'abc' and 'ABC' match, and half-width kana its full form. */
export function foldForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * The clips whose title, site, byline, lead (the start of the text), note or tags contain every space-separated term of
 * the query, and that carry `tag` when one is given. Substring matching, so Japanese needs no
 * spaces: 「顧客満足度」 finds text that contains it. The leads are kept apart from the clips
 * (version 9): `leads` gives them by clip id; until the panel has read them (undefined), the
 * other fields are searched.
 */
export function filterClips(
  clips: Clip[],
  query: string,
  tag?: string,
  leads?: ReadonlyMap<string, string>,
): Clip[] {
  const terms = foldForSearch(query)
    .split(/[\s\u3000]+/)
    .filter(Boolean);
  const tagged = tag ? clips.filter((clip) => clip.tags.includes(tag)) : clips;
  if (terms.length === 0) return tagged;
  return tagged.filter((clip) => {
    const haystack = haystackOf(clip);
    if (terms.every((term) => haystack.includes(term))) return true;
    const lead = leads?.get(clip.id);
    if (!lead) return false;
    const withLead = `${haystack}\n${foldedLeadOf(clip, lead)}`;
    return terms.every((term) => withLead.includes(term));
  });
}

// Each clip's folded text, made once per clip record: typing in the filter box then folds only
// the query, not every clip's lead, note and tags again at each keystroke. A record read again
// (the library reloads after any change) is a new object and gets a fresh entry.
const haystacks = new WeakMap<Clip, string>();
/** Each clip's folded lead, with the lead it was folded from (a lead read again may differ). */
const foldedLeads = new WeakMap<Clip, { lead: string; folded: string }>();

function haystackOf(clip: Clip): string {
  let haystack = haystacks.get(clip);
  if (haystack === undefined) {
    haystack = foldForSearch(
      `${clip.title}\n${clip.siteName}\n${clip.byline}\n${clip.note}\n${clip.tags.join(' ')}`,
    );
    haystacks.set(clip, haystack);
  }
  return haystack;
}

function foldedLeadOf(clip: Clip, lead: string): string {
  let entry = foldedLeads.get(clip);
  if (entry?.lead !== lead) {
    entry = { lead, folded: foldForSearch(lead) };
    foldedLeads.set(clip, entry);
  }
  return entry.folded;
}
