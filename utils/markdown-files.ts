import { isoDay, timeValue, userTimeZone } from './dates';
import type { Board, Clip, ClipBody, KurabeDatabase, Placement, Quote } from './db';
import { fileNameFor } from './filename';
import { articleMarkdown } from './markdown';
import { escapePlain, escapePlainLines } from './markdown-escape';

/**
 * Clips as Markdown files with front matter, one per clip, for tools that read a folder of notes
 * (Obsidian and the like): `clipsAsMarkdownFiles` makes them (pure), `writeMarkdownFolder`
 * writes the library's into a folder the user chose.
 */
export interface MarkdownFile {
  name: string;
  content: string;
}

/** A YAML scalar: a JSON string is a valid double-quoted YAML string, whatever it holds. */
const yaml = (value: string) => JSON.stringify(value);

function frontMatter(clip: Clip, boards: string[], timeZone: string): string {
  // The day in the user's time zone, as the card and the export show it; left out when no date.
  const clipped = isoDay(clip.clippedAt, timeZone);
  const lines = [
    `title: ${yaml(clip.title)}`,
    `source: ${yaml(clip.url)}`,
    clip.siteName && `site: ${yaml(clip.siteName)}`,
    clip.byline && `author: ${yaml(clip.byline)}`,
    // As the page wrote it (its zone and time kept: data, not a day shown), when it is a date.
    timeValue(clip.publishedTime) !== undefined && `published: ${yaml(clip.publishedTime)}`,
    clipped && `clipped: ${yaml(clipped)}`,
    `kind: ${clip.kind}`,
    clip.tags.length ? `tags: [${clip.tags.map(yaml).join(', ')}]` : '',
    boards.length ? `boards: [${boards.map(yaml).join(', ')}]` : '',
  ];
  return `---\n${lines.filter(Boolean).join('\n')}\n---\n`;
}

/**
 * A quote as a block quote, each of its lines quoted, then its note. The quote is the page's
 * text, escaped as the outline escapes it (no Markdown, HTML or link of its own); the note is the
 * user's Markdown, kept as written.
 */
function quoteBlock(quote: Quote): string {
  const quoted = escapePlainLines(quote.text)
    .map((line) => `> ${line}`)
    .join('\n');
  return quote.note ? `${quoted}\n\n${quote.note}` : quoted;
}

/**
 * One file per clip of the library (not the Trash): front matter, the clip's note, its quotes,
 * then the article's Markdown. Names come from titles, made unique with " (2)", " (3)"…
 */
export function clipsAsMarkdownFiles(
  clips: Clip[],
  bodies: ReadonlyMap<string, ClipBody>,
  quotes: Quote[],
  boards: Board[],
  placements: Placement[],
  labels: { note: string; quotes: string },
  /** Names already used (lower case), shared when a library is written a batch at a time. */
  taken = new Set<string>(),
  /** Where articles' HTML is parsed to make their Markdown (jsdom's in tests). */
  doc: Document = document,
): MarkdownFile[] {
  const quotesOf = new Map<string, Quote[]>();
  for (const q of quotes) {
    if (q.deletedAt !== undefined) continue;
    quotesOf.set(q.clipId, [...(quotesOf.get(q.clipId) ?? []), q]);
  }
  const boardTitle = new Map(boards.filter((b) => b.deletedAt === undefined).map((b) => [b.id, b.title]));
  const boardsOf = new Map<string, Set<string>>();
  for (const p of placements) {
    const title = boardTitle.get(p.boardId);
    if (title) boardsOf.set(p.clipId, (boardsOf.get(p.clipId) ?? new Set()).add(title));
  }
  const files: MarkdownFile[] = [];
  const timeZone = userTimeZone();
  for (const clip of clips) {
    if (clip.deletedAt !== undefined) continue;
    const base = fileNameFor(clip.title, 'md', 'clip').replace(/\.md$/, '');
    let name = `${base}.md`;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} (${n}).md`;
    taken.add(name.toLowerCase());
    const parts = [frontMatter(clip, [...(boardsOf.get(clip.id) ?? [])], timeZone)];
    if (clip.note) parts.push(`## ${labels.note}\n\n${clip.note}`);
    const clipQuotes = quotesOf.get(clip.id) ?? [];
    if (clipQuotes.length) parts.push(`## ${labels.quotes}\n\n${clipQuotes.map(quoteBlock).join('\n\n')}`);
    const markdown = articleMarkdown(bodies.get(clip.id)?.html ?? '', doc).trim();
    // A bookmark's description is the page's text too.
    parts.push(markdown || escapePlain(clip.excerpt));
    files.push({ name, content: `${parts.join('\n\n')}\n` });
  }
  return files;
}

/** What `showDirectoryPicker` gives (Chrome, Edge; not Firefox), as far as Kurabe uses it. */
export interface WritableFolder {
  name: string;
  getFileHandle(
    name: string,
    options: { create: boolean },
  ): Promise<{ createWritable(): Promise<{ write(data: string): Promise<void>; close(): Promise<void> }> }>;
}

/** Clips read and written at a time: each body holds an article. */
const FILES_PER_BATCH = 100;

/**
 * Writes every clip of the library into `folder` as a Markdown file (clipsAsMarkdownFiles),
 * reading the articles a batch at a time. Returns how many files were written.
 */
export async function writeMarkdownFolder(
  db: KurabeDatabase,
  folder: WritableFolder,
  labels: { note: string; quotes: string },
  onProgress: (done: number, total: number) => void = () => {},
): Promise<number> {
  const [clips, quotes, boards, placements] = await Promise.all([
    db.getAll('clips'),
    db.getAll('quotes'),
    db.getAll('boards'),
    db.getAll('placements'),
  ]);
  const live = clips.filter((c) => c.deletedAt === undefined);
  const taken = new Set<string>();
  let written = 0;
  for (let i = 0; i < live.length; i += FILES_PER_BATCH) {
    const batch = live.slice(i, i + FILES_PER_BATCH);
    const bodies = await Promise.all(batch.map((c) => db.get('bodies', c.id)));
    const byId = new Map(bodies.flatMap((b) => (b ? [[b.id, b] as const] : [])));
    for (const file of clipsAsMarkdownFiles(batch, byId, quotes, boards, placements, labels, taken)) {
      const writable = await (await folder.getFileHandle(file.name, { create: true })).createWritable();
      await writable.write(file.content);
      await writable.close();
      written++;
    }
    onProgress(written, live.length);
  }
  return written;
}
