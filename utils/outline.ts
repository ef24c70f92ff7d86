import { cellKey } from './cell-candidates';
import { isoDay, pageDay } from './dates';
import type { Board, Clip, NoteKind, Placement, Quote } from './db';
import {
  autolink,
  escapeLinkText,
  escapePlain,
  escapePlainInline,
  escapePlainLines,
  linkDestination,
  noteInCell,
  noteParagraphs,
  oneLine,
} from './markdown-escape';

/**
 * A board as the Markdown outline of a comparison article (比較記事の構成案): a pure function of
 * the board, its clips, quotes and notes, so the extension and the command line write the same
 * text. No browser API, no clock: the same input gives the same Markdown.
 *
 * Shape (labels in the outline's language):
 *
 *     # Board title                      (left out when the title is entered separately)
 *     ## 比較表                           (aspects × subjects)
 *     ## <aspect>  → ### <subject> … ### 共通   (a subject with nothing filed: left out, or its
 *                                            table cell's note when it has one)
 *     ## 未分類                           (placements with no aspect, when there are some)
 *     ## まとめ                           (an empty section to write in, by option)
 *     ## 出典                             (sources, numbered by first reference)
 *
 * Text from web pages (titles, quotes, excerpts) and board names are escaped as plain text;
 * the user's notes keep their inline Markdown but cannot change the structure (markdown-escape.ts).
 * The outline writes no emphasis of its own, so none can sit next to Japanese punctuation.
 * Notes of the kind "memo" stay out unless `includeMemos` is set (renderOutlineReport counts them).
 */

export type OutlineLocale = 'ja' | 'en';

export interface OutlineOptions {
  /** The title goes in the blog's own title field (Hatena Blog): no `#` line; the body starts at `##`. */
  titleSeparate: boolean;
  /** Each quote as a block quote, or as a list item in quotation marks. */
  quoteStyle: 'blockquote' | 'bullet';
  /** An empty "まとめ" / "Summary" section before the sources. */
  summary: boolean;
  /** Sources as footnotes (`[^1]` in the text, definitions at the end) or as links in the text. */
  references: 'footnotes' | 'inline';
  /** The language of the outline's own labels. */
  locale: OutlineLocale;
  /** Time zone of the dates written (IANA name). The extension passes the user's. */
  timeZone: string;
  /** Notes of the kind "memo" (private: to-dos, reminders) are written too; off, only article text. */
  includeMemos: boolean;
  /**
   * A table cell with neither note nor quote gets its top candidate sentence (候補文, given in
   * `OutlineInput.candidates`), marked 「要確認」 / "To check" as a draft, with its source.
   */
  fillEmptyCells: boolean;
}

export const DEFAULT_OUTLINE_OPTIONS: Readonly<OutlineOptions> = {
  titleSeparate: false,
  quoteStyle: 'blockquote',
  summary: true,
  references: 'footnotes',
  locale: 'ja',
  timeZone: 'UTC',
  includeMemos: false,
  fillEmptyCells: false,
};

export interface OutlineInput {
  board: Board;
  /** The board's placements (others are ignored), in any order. Read once. */
  placements: Iterable<Placement>;
  /** The clips placements point at, as a list or by id. Clips in the Trash are left out. */
  clips: Iterable<Clip> | ReadonlyMap<string, Clip>;
  /** Quotes of those clips (others are ignored), in any order. Read once; deleted ones are left out. */
  quotes: Iterable<Quote>;
  /** The top candidate sentence of each cell (utils/cell-candidates.ts, keyed by `cellKey`), for `fillEmptyCells`. */
  candidates?: ReadonlyMap<string, { sentence: string; clipId: string }>;
}

/** The outline language for a UI language tag ("ja-JP" → ja, anything else → en). */
export function outlineLocale(language: string): OutlineLocale {
  return /^ja\b/i.test(language) ? 'ja' : 'en';
}

interface Labels {
  comparison: string;
  aspect: string;
  general: string;
  unsorted: string;
  summary: string;
  sources: string;
  untitled: string;
  /** A quotation in a list item. */
  quoted: (text: string) => string;
  /** A site name after a title. */
  site: (name: string) => string;
  /** A title at the head of a source, and what follows it when details follow. */
  sourceTitle: (title: string) => string;
  afterTitle: string;
  /** Between a source's details. */
  separator: string;
  published: (date: string) => string;
  clipped: (date: string) => string;
  /** The mark of a table cell filled with a candidate sentence, to be checked by the writer. */
  draft: (text: string) => string;
}

/** The outline's words. Kept here, not in messages.json: the command line has no browser.i18n. */
const LABELS: Record<OutlineLocale, Labels> = {
  ja: {
    comparison: '比較表',
    aspect: '観点',
    general: '共通',
    unsorted: '未分類',
    summary: 'まとめ',
    sources: '出典',
    untitled: '（無題）',
    quoted: (text) => `「${text}」`,
    site: (name) => `（${name}）`,
    sourceTitle: (title) => `「${title}」`,
    afterTitle: '',
    separator: '、',
    published: (date) => `公開 ${date}`,
    clipped: (date) => `クリップ ${date}`,
    draft: (text) => `【要確認】${text}`,
  },
  en: {
    comparison: 'Comparison',
    aspect: 'Aspect',
    general: 'General',
    unsorted: 'Unsorted',
    summary: 'Summary',
    sources: 'Sources',
    untitled: '(untitled)',
    quoted: (text) => `“${text}”`,
    site: (name) => ` (${name})`,
    sourceTitle: (title) => `“${title}”`,
    afterTitle: ', ',
    separator: ', ',
    published: (date) => `published ${date}`,
    clipped: (date) => `clipped ${date}`,
    draft: (text) => `[To check] ${text}`,
  },
};

/** How long the first quote of a cell may be in the comparison table, in graphemes, "…" included. */
export const CELL_QUOTE_LENGTH = 40;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The first `count` graphemes of `line` (fewer when it has fewer). Only a prefix is segmented,
 * grown until it holds more than `count` (its last one may be cut) or is the whole line: Node 20's
 * grapheme segmenter (V8 11) costs time in the whole string's length for every segment it gives,
 * so the outline command line took about 5 s to keep 40 characters of a 100,000-character quote
 * (Chromium 156 segments 144,000 characters in 23 ms: the panel never had this cost).
 */
export function firstGraphemes(line: string, count: number): string[] {
  for (let size = count * 4 + 16; ; size *= 4) {
    const whole = size >= line.length;
    const parts: string[] = [];
    for (const { segment } of graphemes.segment(whole ? line : line.slice(0, size))) {
      parts.push(segment);
      if (parts.length > count) return parts.slice(0, count);
    }
    if (whole) return parts;
  }
}

/**
 * `text` on one line, cut to at most `length` user-perceived characters, "…" included, when
 * longer: a kanji, a kana with its dakuten or an emoji with its modifiers counts once.
 */
export function shorten(text: string, length = CELL_QUOTE_LENGTH): string {
  const line = oneLine(text);
  const parts = firstGraphemes(line, length + 1);
  if (parts.length <= length) return line;
  let kept = parts.slice(0, length - 1).join('');
  // Space-separated words are not cut in the middle ("the war…"), unless that loses half the text.
  const cutInWord = /\w$/.test(kept) && /^\w/.test(parts[length - 1]!);
  const lastSpace = kept.lastIndexOf(' ');
  if (cutInWord && lastSpace > kept.length / 2) kept = kept.slice(0, lastSpace);
  return `${kept.trimEnd()}…`;
}

/** One item of a board section, in the board's order. */
type Item =
  | { kind: 'quote'; clip: Clip; quote: Quote; placement: Placement }
  | { kind: 'clip'; clip: Clip; quotes: Quote[]; placement: Placement };

/** Items of one aspect (or of none), by subject id ('' for items not tied to a subject). */
type AspectItems = Map<string, Item[]>;

const NONE = '';

/**
 * Sources in order of first reference: the number a clip gets is the place it first appears in
 * the text (the comparison table does not reference; its quotes are repeated, with their source,
 * in the sections below).
 */
class Sources {
  readonly clips: Clip[] = [];
  private readonly numbers = new Map<string, number>();

  numberOf(clip: Clip): number {
    let n = this.numbers.get(clip.id);
    if (n === undefined) {
      this.clips.push(clip);
      n = this.clips.length;
      this.numbers.set(clip.id, n);
    }
    return n;
  }
}

function byOrder(a: Placement, b: Placement): number {
  // String order, as the board view (board-layout.ts); the id breaks ties so output is stable.
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function byCreated(a: Quote, b: Quote): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A cell's note, read without trusting the record's shape (an id like "constructor" is no note). */
function cellNote(board: Board, aspectId: string, subjectId: string): string {
  const row = Object.hasOwn(board.cellNotes, aspectId) ? board.cellNotes[aspectId] : undefined;
  const note = row && Object.hasOwn(row, subjectId) ? row[subjectId] : undefined;
  return typeof note === 'string' ? note : '';
}

function heading(level: number, text: string): string {
  return `${'#'.repeat(level)} ${text}`.trimEnd();
}

function indent(block: string): string {
  return block
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
}

function tableRow(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/**
 * Gathers the board's items: placements of this board whose clip (and quote) exist and are not
 * deleted, in the board's order, by aspect and subject. A placement whose aspect or subject was
 * removed from the board counts as unsorted or general, as the board view shows it. One pass
 * over each input: 500 clips with 2,000 quotes is a few milliseconds.
 */
function gatherItems(input: OutlineInput): {
  byAspect: Map<string, AspectItems>;
  liveClip: (id: string) => Clip | undefined;
} {
  const { board } = input;
  const clips = isClipMap(input.clips) ? input.clips : new Map(Array.from(input.clips, (c) => [c.id, c]));
  const liveClip = (id: string) => {
    const clip = clips.get(id);
    return clip && clip.deletedAt === undefined ? clip : undefined;
  };
  const quotesById = new Map<string, Quote>();
  const quotesByClip = new Map<string, Quote[]>();
  for (const quote of input.quotes) {
    if (quote.deletedAt !== undefined) continue;
    quotesById.set(quote.id, quote);
    const list = quotesByClip.get(quote.clipId);
    if (list) list.push(quote);
    else quotesByClip.set(quote.clipId, [quote]);
  }
  const placements: Placement[] = [];
  const placedQuotes = new Set<string>();
  for (const placement of input.placements) {
    if (placement.boardId !== board.id || !liveClip(placement.clipId)) continue;
    if (placement.quoteId !== undefined) {
      if (!quotesById.has(placement.quoteId)) continue;
      placedQuotes.add(placement.quoteId);
    }
    placements.push(placement);
  }
  placements.sort(byOrder);

  const aspectIds = new Set(board.aspects.map((a) => a.id));
  const subjectIds = new Set(board.subjects.map((s) => s.id));
  const byAspect = new Map<string, AspectItems>();
  for (const placement of placements) {
    const clip = liveClip(placement.clipId)!;
    const item: Item =
      placement.quoteId !== undefined
        ? { kind: 'quote', clip, quote: quotesById.get(placement.quoteId)!, placement }
        : {
            kind: 'clip',
            clip,
            // A clip filed whole shows its quotes, except those filed on the board by themselves.
            quotes: (quotesByClip.get(clip.id) ?? []).filter((q) => !placedQuotes.has(q.id)).sort(byCreated),
            placement,
          };
    const aspect = placement.aspectId && aspectIds.has(placement.aspectId) ? placement.aspectId : NONE;
    const subject = placement.subjectId && subjectIds.has(placement.subjectId) ? placement.subjectId : NONE;
    let aspectItems = byAspect.get(aspect);
    if (!aspectItems) {
      aspectItems = new Map();
      byAspect.set(aspect, aspectItems);
    }
    const list = aspectItems.get(subject);
    if (list) list.push(item);
    else aspectItems.set(subject, [item]);
  }
  return { byAspect, liveClip };
}

function isClipMap(clips: OutlineInput['clips']): clips is ReadonlyMap<string, Clip> {
  return clips instanceof Map;
}

/** The first quote shown in a cell (one with text), if any. */
function firstQuote(items: readonly Item[]): Quote | undefined {
  for (const item of items) {
    const quotes = item.kind === 'quote' ? [item.quote] : item.quotes;
    const quote = quotes.find((q) => oneLine(q.text));
    if (quote) return quote;
  }
  return undefined;
}

/** Renders a board as its Markdown outline (see the top of this file). Ends with one newline. */
export function renderOutline(input: OutlineInput, options: Partial<OutlineOptions> = {}): string {
  return renderOutlineReport(input, options).markdown;
}

export interface OutlineReport {
  markdown: string;
  /** Notes of the kind "memo" not written (includeMemos off): the export says how many. */
  memosLeftOut: number;
}

/** The outline, and what it left out. */
export function renderOutlineReport(
  input: OutlineInput,
  options: Partial<OutlineOptions> = {},
): OutlineReport {
  let memosLeftOut = 0;
  const settings: OutlineOptions = { ...DEFAULT_OUTLINE_OPTIONS, ...options };
  const labels = LABELS[settings.locale];
  const { board } = input;
  const { byAspect, liveClip } = gatherItems(input);
  const sources = new Sources();
  const blocks: string[] = [];

  /** A clip's title; escaped for a line start unless it sits after other text. */
  const titleOf = (clip: Clip, atLineStart: boolean) =>
    (atLineStart ? escapePlain(clip.title) : escapePlainInline(clip.title)) || labels.untitled;
  const urlOf = (clip: Clip) => clip.normalizedUrl || clip.url;
  /** The clip's title as a link to its page (as text when it has no web address). */
  const titleLink = (clip: Clip, atLineStart: boolean) => {
    const destination = linkDestination(urlOf(clip));
    return destination
      ? `[${escapeLinkText(clip.title) || labels.untitled}](${destination})`
      : titleOf(clip, atLineStart);
  };
  const footnote = (clip: Clip) => `[^${sources.numberOf(clip)}]`;
  /** Citations of a table cell: a footnote per live clip, or its linked title in parentheses. */
  const citations = (cited: readonly { clipId: string }[]) => {
    const clips = [...new Set(cited.map((c) => c.clipId))].map(liveClip).filter((c) => c !== undefined);
    if (settings.references === 'footnotes') return clips.map(footnote).join('');
    return clips
      .map((clip) => {
        sources.numberOf(clip);
        return labels.site(titleLink(clip, false));
      })
      .join('');
  };

  /** A quote as a block quote or a list item, with its source; then the notes given. */
  const quoteBlocks = (clip: Clip, quote: Quote, notes: string[]): string[] => {
    const lines = escapePlainLines(quote.text);
    if (lines.length === 0) return [];
    const paragraphs = notes.flatMap(noteParagraphs);
    if (settings.quoteStyle === 'blockquote') {
      if (settings.references === 'footnotes') lines[lines.length - 1] += footnote(clip);
      else {
        sources.numberOf(clip);
        lines.push(`— ${titleLink(clip, false)}`);
      }
      // One paragraph per line of the quote: a soft line break would show as a space in Japanese.
      return [lines.map((line) => `> ${line}`).join('\n>\n'), ...paragraphs];
    }
    // In a list item, the quote's lines are joined: an item holds one paragraph of quote.
    const quoted = labels.quoted(escapePlainInline(quote.text));
    let item: string;
    if (settings.references === 'footnotes') item = `- ${quoted}${footnote(clip)}`;
    else {
      sources.numberOf(clip);
      item = `- ${quoted} — ${titleLink(clip, false)}`;
    }
    return [[item, ...paragraphs.map(indent)].join('\n\n')];
  };

  /** A clip without quotes: a list item of its title, site and excerpt, its notes inside. */
  const clipBlock = (clip: Clip, notes: string[]): string => {
    const site = escapePlainInline(clip.siteName);
    const excerpt = escapePlainInline(clip.excerpt);
    const siteName = site ? labels.site(site) : '';
    let title: string;
    if (settings.references === 'footnotes') title = `${titleOf(clip, true)}${siteName}${footnote(clip)}`;
    else {
      sources.numberOf(clip);
      title = `${titleLink(clip, true)}${siteName}`;
    }
    const item = `- ${title}${excerpt ? ` — ${excerpt}` : ''}`;
    return [item, ...notes.flatMap(noteParagraphs).map(indent)].join('\n\n');
  };

  /**
   * The notes of these records the outline writes: article text, and memos when asked for. A memo
   * left out is counted (the export panel says how many), an empty note is no note.
   */
  const notesOf = (...noted: { note: string; noteKind?: NoteKind }[]): string[] =>
    noted.flatMap(({ note, noteKind }) => {
      if (!note.trim()) return [];
      if (noteKind === 'memo' && !settings.includeMemos) {
        memosLeftOut++;
        return [];
      }
      return [note];
    });

  /** The blocks of a list of items: consecutive one-line list items stay one tight list. */
  const itemBlocks = (items: readonly Item[]): string[] => {
    const out: string[] = [];
    for (const item of items) {
      const { clip, placement } = item;
      if (item.kind === 'quote') {
        out.push(...quoteBlocks(clip, item.quote, notesOf(item.quote, placement)));
      } else if (item.quotes.some((q) => oneLine(q.text))) {
        // The clip's quotes, then what the user wrote about the clip and about its place here.
        for (const quote of item.quotes) out.push(...quoteBlocks(clip, quote, notesOf(quote)));
        out.push(...notesOf(clip, placement).flatMap(noteParagraphs));
      } else {
        out.push(clipBlock(clip, notesOf(clip, placement)));
      }
    }
    return joinTightItems(out);
  };

  // Title.
  if (!settings.titleSeparate) blocks.push(heading(1, escapePlainInline(board.title) || labels.untitled));

  // The comparison table: one row per aspect, one column per subject.
  if (board.aspects.length > 0) {
    blocks.push(heading(2, labels.comparison));
    const rows = [
      tableRow([labels.aspect, ...board.subjects.map((s) => escapePlainInline(s.name))]),
      tableRow(['---', ...board.subjects.map(() => '---')]),
      ...board.aspects.map((aspect) => {
        const items = byAspect.get(aspect.id);
        return tableRow([
          escapePlainInline(aspect.name),
          ...board.subjects.map((subject) => {
            const note = noteInCell(cellNote(board, aspect.id, subject.id));
            // The clips and quotes the cell's text came from (candidates inserted), each cited once.
            if (note) return note + citations(board.cellSources?.[aspect.id]?.[subject.id] ?? []);
            const quote = firstQuote(items?.get(subject.id) ?? []);
            if (quote) return escapePlainInline(shorten(quote.text));
            const candidate = settings.fillEmptyCells
              ? input.candidates?.get(cellKey(aspect.id, subject.id))
              : undefined;
            const source = candidate && liveClip(candidate.clipId);
            if (!candidate || !source) return '';
            return (
              labels.draft(escapePlainInline(shorten(candidate.sentence))) +
              citations([{ clipId: source.id }])
            );
          }),
        ]);
      }),
    ];
    blocks.push(rows.join('\n'));
  }

  // One section per aspect (the article's skeleton, matching the table); in it one sub-section
  // per subject that has something to say, and "共通" when something is filed for all subjects.
  // A subject with nothing filed is left out, unless its table cell has a note: that note is
  // what the article says there, so it stands in for the section.
  for (const aspect of board.aspects) {
    blocks.push(heading(2, escapePlainInline(aspect.name)));
    const items = byAspect.get(aspect.id);
    for (const subject of board.subjects) {
      let content = itemBlocks(items?.get(subject.id) ?? []);
      if (content.length === 0) content = noteParagraphs(cellNote(board, aspect.id, subject.id));
      if (content.length > 0) blocks.push(heading(3, escapePlainInline(subject.name)), ...content);
    }
    const general = items?.get(NONE);
    if (general?.length) blocks.push(heading(3, labels.general), ...itemBlocks(general));
  }

  // Placements with no aspect: a section of their own at the end, so nothing filed is lost from
  // the outline; only the sub-sections that hold something.
  const unsorted = byAspect.get(NONE);
  if (unsorted) {
    blocks.push(heading(2, labels.unsorted));
    for (const subject of board.subjects) {
      const items = unsorted.get(subject.id);
      if (items?.length) blocks.push(heading(3, escapePlainInline(subject.name)), ...itemBlocks(items));
    }
    const general = unsorted.get(NONE);
    if (general?.length) blocks.push(heading(3, labels.general), ...itemBlocks(general));
  }

  if (settings.summary) blocks.push(heading(2, labels.summary));

  // Sources, last: footnote definitions are shown at the end of the article anyway.
  if (sources.clips.length > 0) {
    blocks.push(heading(2, labels.sources));
    const entries = sources.clips.map((clip, index) => {
      // Days as YYYY-MM-DD in the outline's time zone; '' (left out) for a value that is no date.
      const published = pageDay(clip.publishedTime, settings.timeZone);
      // The day the kept text was read: a page clipped again is updated in place.
      const clipped = isoDay(clip.clippedAt, settings.timeZone);
      const details = [
        escapePlainInline(clip.siteName),
        escapePlainInline(clip.byline),
        published && labels.published(published),
        autolink(urlOf(clip)) ?? escapePlainInline(urlOf(clip)),
        clipped && labels.clipped(clipped),
      ].filter(Boolean);
      const title = labels.sourceTitle(titleOf(clip, false));
      const entry = details.length ? `${title}${labels.afterTitle}${details.join(labels.separator)}` : title;
      return settings.references === 'footnotes' ? `[^${index + 1}]: ${entry}` : `${index + 1}. ${entry}`;
    });
    blocks.push(entries.join('\n'));
  }

  return { markdown: `${blocks.filter(Boolean).join('\n\n')}\n`, memosLeftOut };
}

/**
 * Joins blocks, keeping consecutive one-line list items together (a tight list); anything with a
 * blank line inside stays a block of its own.
 */
function joinTightItems(blocks: string[]): string[] {
  const out: string[] = [];
  const isShortItem = (block: string) => block.startsWith('- ') && !block.includes('\n');
  for (const block of blocks) {
    const last = out.at(-1);
    if (last !== undefined && isShortItem(block) && last.split('\n').every((line) => line.startsWith('- '))) {
      out[out.length - 1] = `${last}\n${block}`;
    } else out.push(block);
  }
  return out;
}
