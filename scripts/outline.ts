// Usage: npm run outline -- BACKUP.jsonl --board "TITLE or ID" [options]
// Prints a board of a Kurabe backup as the Markdown outline the side panel's export shows, from
// the same renderer, so outlines can be produced and checked outside the browser.
//   --title-separate          no "# title" line; headings start at ## (Hatena Blog and the like)
//   --quotes blockquote|bullet
//   --no-summary              leave out the "まとめ" / "Summary" section
//   --references footnotes|inline
//   --locale ja|en            the outline's own labels (default ja)
//   --time-zone ZONE          the zone of the dates written (default: this machine's)
//   --list                    list the backup's boards instead
import { createReadStream, existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { describeProblem, readBackup, recordsOf } from '../utils/backup';
import type { Board, Clip } from '../utils/db';
import { DEFAULT_OUTLINE_OPTIONS, type OutlineOptions, renderOutline } from '../utils/outline';

const USAGE =
  'usage: npm run outline -- BACKUP.jsonl --board "TITLE or ID" [--title-separate] [--quotes blockquote|bullet]\n' +
  '       [--no-summary] [--references footnotes|inline] [--locale ja|en] [--time-zone ZONE] [--list]';

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      board: { type: 'string' },
      'title-separate': { type: 'boolean', default: false },
      quotes: { type: 'string', default: DEFAULT_OUTLINE_OPTIONS.quoteStyle },
      'no-summary': { type: 'boolean', default: false },
      references: { type: 'string', default: DEFAULT_OUTLINE_OPTIONS.references },
      locale: { type: 'string', default: 'ja' },
      'time-zone': { type: 'string', default: Intl.DateTimeFormat().resolvedOptions().timeZone },
      list: { type: 'boolean', default: false },
    },
  });
}
try {
  parsed = parse();
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`, 2);
}
const { values, positionals } = parsed;
const [file] = positionals;
if (!file || positionals.length > 1 || (!values.board && !values.list)) fail(USAGE, 2);
if (!existsSync(file)) fail(`No such file: ${file}`);
const oneOf = <T extends string>(name: string, value: string, allowed: readonly T[]): T =>
  (allowed as readonly string[]).includes(value)
    ? (value as T)
    : fail(`--${name} must be one of ${allowed.join(', ')} (got "${value}")\n${USAGE}`, 2);
const options: OutlineOptions = {
  titleSeparate: values['title-separate'],
  quoteStyle: oneOf('quotes', values.quotes, ['blockquote', 'bullet'] as const),
  summary: !values['no-summary'],
  references: oneOf('references', values.references, ['footnotes', 'inline'] as const),
  locale: oneOf('locale', values.locale, ['ja', 'en'] as const),
  timeZone: values['time-zone'],
};
try {
  new Intl.DateTimeFormat('en', { timeZone: options.timeZone });
} catch {
  fail(`--time-zone: unknown time zone "${options.timeZone}"`, 2);
}

// The same streaming reader and checks as a restore: a damaged file is refused, not half-read.
// The articles are checked but not kept: an outline does not use them.
const result = await readBackup(Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, {
  bodies: 'skip',
});
if (!result.ok)
  fail(`${file} cannot be read:\n${result.problems.map((p) => `  ${describeProblem(p)}`).join('\n')}`);
const boards = recordsOf(result.contents, 'boards') as Board[];

if (values.list) {
  for (const b of boards) console.log(`${b.id}\t${b.title}${b.deletedAt ? '\t(in the Trash)' : ''}`);
  process.exit(0);
}

const wanted = (values.board ?? '').normalize('NFKC').trim();
const byId = boards.find((b) => b.id === values.board);
const byTitle = boards.filter((b) => b.title.normalize('NFKC').trim() === wanted);
// A title in the Trash loses to a live board of the same title.
const live = byTitle.filter((b) => !b.deletedAt);
const candidates = byId ? [byId] : live.length ? live : byTitle;
if (candidates.length === 0) {
  fail(
    `No board "${values.board}" in ${file}. Its boards:\n${boards.map((b) => `  ${b.id}\t${b.title}`).join('\n') || '  (none)'}`,
  );
}
if (candidates.length > 1) {
  fail(
    `${candidates.length} boards are titled "${values.board}"; give one by id:\n${candidates.map((b) => `  ${b.id}`).join('\n')}`,
  );
}
const board = candidates[0]!;
process.stdout.write(
  renderOutline(
    {
      board,
      placements: recordsOf(result.contents, 'placements').filter((p) => p.boardId === board.id),
      // A backup leaves out each clip's lead (derived text); the outline does not use it.
      clips: recordsOf(result.contents, 'clips').map((clip): Clip => ({ ...clip, lead: '' })),
      quotes: recordsOf(result.contents, 'quotes'),
    },
    options,
  ),
);
