import { LIMITS } from './limits';

/** Tags are short labels: longer ones are cut, not refused (the backup schema's limit too). */
export const MAX_TAG_LENGTH = LIMITS.tagLength;
/** A clip keeps this many tags at most: the first ones typed (the backup schema's limit too). */
export const MAX_TAGS = LIMITS.tagsPerClip;

/**
 * Tags typed into one field: separated by commas (also 、，), spaces (also the ideographic space)
 * or a leading #; folded to NFKC, trimmed, without duplicates, in the order given, at most
 * MAX_TAGS of them.
 */
export function parseTags(input: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of input.normalize('NFKC').split(/[\s,、，#]+/)) {
    const tag = [...raw.trim()].slice(0, MAX_TAG_LENGTH).join('');
    const key = tag.toLowerCase();
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
    if (out.length === MAX_TAGS) break;
  }
  return out;
}

/** `tags` with `added` appended (no duplicates, case-insensitively). */
export function addTags(tags: string[], added: string[]): string[] {
  return parseTags([...tags, ...added].join(','));
}

/** Every tag used on the clips, most used first, then alphabetically. */
export function tagCounts(lists: string[][]): { tag: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const list of lists) for (const tag of list) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts]
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}
