/**
 * The limits of a library: sizes a real library never reaches, so that a crafted backup (or a
 * runaway bug) cannot make the panel unusable. The backup schema refuses a record past them; the
 * editors refuse (or cut, where said) what a person types past them. One table, so the schema,
 * the editors and the tests agree.
 */

/** Times Kurabe sets itself (clipped, created, updated, deleted, archived, event times) lie in this range. */
export const MIN_OWN_TIME = Date.UTC(2000, 0, 1);
export const MAX_OWN_TIME = Date.UTC(2200, 0, 1);

export const LIMITS = {
  /** A page's address (clip url, normalized url). Browsers accept about 2 MB; real pages stay far below. */
  urlLength: 16_384,
  /** A clip's title, a page's byline and site name. */
  titleLength: 2_000,
  bylineLength: 1_000,
  siteNameLength: 1_000,
  /** BCP 47 tags are at most 35 characters in practice; some pages write more. */
  langLength: 100,
  /** A page's own date (published, modified) as the page wrote it. */
  pageDateLength: 100,
  excerptLength: 10_000,
  /** A note the user writes: on a clip, a quote, a placement, a cell of the comparison table. */
  noteLength: 100_000,
  tagsPerClip: 200,
  /** Tags are cut to this length when typed (utils/tags.ts). */
  tagLength: 40,
  quotesPerClip: 2_000,
  quoteLength: 100_000,
  quoteContextLength: 20_000,
  /** A board's title and its subjects' and aspects' names (utils/boards.ts refuses longer). */
  nameLength: 100,
  /** Japanese comparison articles compare up to "30選" or "50選": a board of them must restore. */
  subjectsPerBoard: 100,
  aspectsPerBoard: 100,
  /** 別名 of one subject or aspect (ノーション, Notion JP…): a handful in practice. */
  aliasesPerPart: 20,
  /** Clips and quotes one comparison-table cell cites: a cell is a sentence or three. */
  sourcesPerCell: 50,
  /** Blogs one board remembers a draft on (a person writes on one or two). */
  blogsPerBoard: 20,
  /** Sortable order keys (utils/order-key.ts) grow by a character or two per insert between neighbours. */
  orderKeyLength: 1_000,
  /** A record id: Kurabe makes UUIDs; older or imported ids may differ, but not by this much. */
  idLength: 200,
  /** A clip's article as sanitized HTML, in characters (the largest real pages are a few MB). */
  articleHtmlLength: 30_000_000,
  /** A clip's character count and reading time. */
  articleChars: 100_000_000,
} as const;

/**
 * `text` cut to at most `limit` UTF-16 units (so at most `limit` characters), never between the
 * halves of a surrogate pair. What Kurabe stores stays within the limits its backup schema
 * checks: a page (or a paste) past one must not make the user's next backup unrestorable.
 */
export function cutToLimit(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const last = text.charCodeAt(limit - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? limit - 1 : limit);
}
