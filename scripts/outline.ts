// Usage: npm run outline -- BACKUP.jsonl --board "TITLE or ID" [options]
// Prints a board of a Kurabe backup as the Markdown outline the side panel's export shows, from
// the same renderer, so outlines can be produced and checked outside the browser.
//   --title-separate          no "# title" line; headings start at ## (Hatena Blog and the like)
//   --quotes blockquote|bullet
//   --no-summary              leave out the "まとめ" / "Summary" section
//   --references footnotes|inline
//   --include-memos           write the notes marked メモ / memo too (left out by default)
//   --locale ja|en            the outline's own labels (default ja)
//   --time-zone ZONE          the zone of the dates written (default: this machine's)
//   --list                    list the backup's boards instead
import { createReadStream, existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { describeProblem, readBackup, recordsOf } from '../utils/backup';
import { userTimeZone } from '../utils/dates';
import type { Board } from '../utils/db';
import { DEFAULT_OUTLINE_OPTIONS, type OutlineOptions, renderOutline } from '../utils/outline';

const USAGE =
  'usage: npm run outline -- BACKUP.jsonl --board "TITLE or ID" [--title-separate] [--quotes blockquote|bullet]\n' +
  '       [--no-summary] [--references footnotes|inline] [--include-memos] [--locale ja|en] [--time-zone ZONE] [--list]';

/** What the command prints and exits with. */
export interface OutlineRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Ends a run early with `message` on stderr. */
class Exit extends Error {
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
  }
}

/**
 * The command line, without the process: `args` as after `npm run outline --`, `open` gives a
 * file's bytes (undefined when there is no such file). Tests run it in-process on generated
 * backups (tests/unit/backup-extreme.test.ts); the process below runs it on real files.
 */
export async function runOutline(
  args: string[],
  open: (file: string) => ReadableStream<Uint8Array> | undefined,
  defaultTimeZone = userTimeZone(),
): Promise<OutlineRun> {
  try {
    return { code: 0, stdout: await outline(args, open, defaultTimeZone), stderr: '' };
  } catch (error) {
    if (error instanceof Exit) return { code: error.code, stdout: '', stderr: `${error.message}\n` };
    throw error;
  }
}

async function outline(
  args: string[],
  open: (file: string) => ReadableStream<Uint8Array> | undefined,
  defaultTimeZone: string,
): Promise<string> {
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        board: { type: 'string' },
        'title-separate': { type: 'boolean', default: false },
        quotes: { type: 'string', default: DEFAULT_OUTLINE_OPTIONS.quoteStyle },
        'no-summary': { type: 'boolean', default: false },
        'include-memos': { type: 'boolean', default: false },
        references: { type: 'string', default: DEFAULT_OUTLINE_OPTIONS.references },
        locale: { type: 'string', default: 'ja' },
        'time-zone': { type: 'string', default: defaultTimeZone },
        list: { type: 'boolean', default: false },
      },
    });
  }
  try {
    parsed = parse();
  } catch (error) {
    throw new Exit(`${(error as Error).message}\n${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  const [file] = positionals;
  if (!file || positionals.length > 1 || (!values.board && !values.list)) throw new Exit(USAGE, 2);
  const oneOf = <T extends string>(name: string, value: string, allowed: readonly T[]): T => {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new Exit(`--${name} must be one of ${allowed.join(', ')} (got "${value}")\n${USAGE}`, 2);
  };
  const options: OutlineOptions = {
    titleSeparate: values['title-separate'],
    quoteStyle: oneOf('quotes', values.quotes, ['blockquote', 'bullet'] as const),
    summary: !values['no-summary'],
    references: oneOf('references', values.references, ['footnotes', 'inline'] as const),
    locale: oneOf('locale', values.locale, ['ja', 'en'] as const),
    timeZone: values['time-zone'],
    includeMemos: values['include-memos'],
    // The command line computes no candidate sentences: empty cells stay empty.
    fillEmptyCells: false,
  };
  try {
    new Intl.DateTimeFormat('en', { timeZone: options.timeZone });
  } catch {
    throw new Exit(`--time-zone: unknown time zone "${options.timeZone}"`, 2);
  }
  const stream = open(file);
  if (!stream) throw new Exit(`No such file: ${file}`);

  // The same streaming reader and checks as a restore: a damaged file is refused, not half-read.
  // The articles are checked but not kept: an outline does not use them.
  const result = await readBackup(stream, { bodies: 'skip' });
  if (!result.ok)
    throw new Exit(
      `${file} cannot be read:\n${result.problems.map((p) => `  ${describeProblem(p)}`).join('\n')}`,
    );
  const boards = recordsOf(result.contents, 'boards') as Board[];

  if (values.list)
    return boards.map((b) => `${b.id}\t${b.title}${b.deletedAt ? '\t(in the Trash)' : ''}\n`).join('');

  const wanted = (values.board ?? '').normalize('NFKC').trim();
  const byId = boards.find((b) => b.id === values.board);
  const byTitle = boards.filter((b) => b.title.normalize('NFKC').trim() === wanted);
  // A title in the Trash loses to a live board of the same title.
  const live = byTitle.filter((b) => !b.deletedAt);
  const candidates = byId ? [byId] : live.length ? live : byTitle;
  if (candidates.length === 0) {
    throw new Exit(
      `No board "${values.board}" in ${file}. Its boards:\n${boards.map((b) => `  ${b.id}\t${b.title}`).join('\n') || '  (none)'}`,
    );
  }
  if (candidates.length > 1) {
    throw new Exit(
      `${candidates.length} boards are titled "${values.board}"; give one by id:\n${candidates.map((b) => `  ${b.id}`).join('\n')}`,
    );
  }
  const board = candidates[0]!;
  return renderOutline(
    {
      board,
      placements: recordsOf(result.contents, 'placements').filter((p) => p.boardId === board.id),
      // A backup's clip records are the database's (no lead: the outline does not use it).
      clips: recordsOf(result.contents, 'clips'),
      quotes: recordsOf(result.contents, 'quotes'),
    },
    options,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const run = await runOutline(process.argv.slice(2), (file) =>
    existsSync(file) ? (Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>) : undefined,
  );
  process.stderr.write(run.stderr);
  process.stdout.write(run.stdout, () => process.exit(run.code));
}
