import * as v from 'valibot';
import {
  AUTO_FILE_SINCE_KEY,
  type Board,
  type Clip,
  type ClipBody,
  EXPORT_OPTIONS_KEY_PREFIX,
  type NoteKind,
  type Placement,
  type Quote,
} from '../db';
import { LIMITS, MAX_OWN_TIME, MIN_OWN_TIME } from '../limits';
import { isWebUrl } from '../url';

/**
 * The backup file format (docs/backup-format.md): JSON Lines, UTF-8. A header line, one line per
 * record, an end line that counts the records. Only what the user made is kept; what can be
 * computed again (a body's text, a clip's lead) is left out and rebuilt on restore.
 *
 * These valibot schemas are the one definition of the format: the reader validates with them and
 * scripts/backup-schema.ts generates docs/backup-schema.json from them.
 */

export const BACKUP_FORMAT = 'kurabe-backup';
/** Raised for any change a reader of the previous version would get wrong (see upgradeRecord). */
export const BACKUP_VERSION = 4;
/** The oldest version `upgradeRecord` can bring up to BACKUP_VERSION. */
export const OLDEST_READABLE_VERSION = 1;
export const BACKUP_MIME_TYPE = 'application/x-ndjson';

/**
 * The stores a backup holds, in file order: a record's references point to records written
 * before it (bodies, quotes and placements after clips and boards), which keeps a hand-read file
 * easy to follow. The reader does not depend on the order.
 */
export const BACKUP_STORES = ['settings', 'boards', 'clips', 'bodies', 'quotes', 'placements'] as const;
export type BackupStore = (typeof BACKUP_STORES)[number];

// --- limits ---------------------------------------------------------------------------------

/**
 * The JSON Schema of the checks valibot cannot describe by itself (v.check), by action, for
 * scripts/backup-schema.ts: a check registered here is documented, any other would fail there.
 */
export const CHECK_JSON_SCHEMAS = new WeakMap<object, Record<string, unknown>>();

function described<A extends object>(action: A, jsonSchema: Record<string, unknown>): A {
  CHECK_JSON_SCHEMAS.set(action, jsonSchema);
  return action;
}

/** Characters as a reader counts them (and JSON Schema's maxLength): code points, not UTF-16 units. */
function charCount(text: string, atMost: number): number {
  // A string of no more code units than the limit has no more code points either.
  if (text.length <= atMost) return text.length;
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** A string of at most `limit` characters (code points, as the editors count them). */
function maxChars(limit: number) {
  return described(
    v.check<string, (issue: v.CheckIssue<string>) => string>(
      (text) => charCount(text, limit) <= limit,
      (issue) => `Too long: at most ${limit} characters, this one has ${charCount(issue.input, limit)}.`,
    ),
    { maxLength: limit },
  );
}

const Text = (limit: number) => v.pipe(v.string(), maxChars(limit));

/** A list of at most `limit` items. */
const List = <T extends v.GenericSchema>(item: T, limit: number) =>
  v.pipe(
    v.array(item),
    v.maxLength(limit, (issue) => `Too many: at most ${limit}, this one has ${issue.received}.`),
  );

/** Keys are never empty: every id Kurabe makes is a UUID. */
const Id = v.pipe(v.string(), v.minLength(1), maxChars(LIMITS.idLength));

/**
 * Milliseconds since the epoch, as Date.now() gives, for a time Kurabe set itself (clipped,
 * created, updated, deleted, archived, an event): a whole number between 2000 and 2200. Anything
 * else no Kurabe wrote, and a date formatter would throw on it (`new Date(1e16)` is invalid).
 */
const Time = v.pipe(
  v.number(),
  v.integer('Not a time: a whole number of milliseconds is expected.'),
  v.minValue(MIN_OWN_TIME, `Not a time Kurabe set: earlier than ${new Date(MIN_OWN_TIME).toISOString()}.`),
  v.maxValue(MAX_OWN_TIME, `Not a time Kurabe set: later than ${new Date(MAX_OWN_TIME).toISOString()}.`),
);

/** A page's own date (published, modified) as the page wrote it: of any age, but a date. */
const PageDate = v.pipe(
  v.string(),
  maxChars(LIMITS.pageDateLength),
  described(
    v.check<string, string>(
      (text) => text === '' || Number.isFinite(Date.parse(text)),
      'Not a date: empty or a date string (as Date.parse reads it) is expected.',
    ),
    { description: "'' or a date string that Date.parse reads (ISO 8601 as extraction stores it)." },
  ),
);

/** A page's address: http or https only, the rule clipping follows (utils/url.ts isWebUrl). */
const WebUrl = v.pipe(
  v.string(),
  maxChars(LIMITS.urlLength),
  described(v.check<string, string>(isWebUrl, 'Not a web address: only http and https pages are clipped.'), {
    pattern: '^\\s*[Hh][Tt][Tt][Pp][Ss]?:',
    description: 'An absolute http or https URL.',
  }),
);

/** A count of an article (characters, minutes): a whole number, never negative. */
const Count = v.pipe(
  v.number(),
  v.integer('Not a count: a whole number is expected.'),
  v.minValue(0, 'Not a count: it is negative.'),
  v.maxValue(LIMITS.articleChars, `Too large: at most ${LIMITS.articleChars}.`),
);

/** What a note is for (db.ts NoteKind): text for the article, or a memo that stays in Kurabe. */
const NoteKindSchema = v.picklist(['article', 'memo'] as const satisfies readonly NoteKind[]);

// --- records -------------------------------------------------------------------------------

/**
 * Record schemas use `v.object`: fields the schema does not know are dropped, not refused. A
 * change that adds data a reader must keep raises BACKUP_VERSION, so an older Kurabe refuses the
 * file (`newerVersion`) instead of dropping it silently. Every string and list has a limit
 * (utils/limits.ts): a real library never comes near one, a crafted file past one is refused.
 */
export const ClipSchema = v.object({
  id: Id,
  normalizedUrl: WebUrl,
  url: WebUrl,
  title: Text(LIMITS.titleLength),
  byline: Text(LIMITS.bylineLength),
  siteName: Text(LIMITS.siteNameLength),
  lang: Text(LIMITS.langLength),
  publishedTime: PageDate,
  modifiedTime: v.optional(PageDate),
  excerpt: Text(LIMITS.excerptLength),
  // `lead` is left out: it is the first LEAD_LENGTH characters of the body's text; `words` too:
  // it is counted from that text when the body is restored.
  chars: Count,
  readingMinutes: Count,
  kind: v.picklist(['article', 'bookmark']),
  note: Text(LIMITS.noteLength),
  noteKind: NoteKindSchema,
  tags: List(Text(LIMITS.tagLength), LIMITS.tagsPerClip),
  createdAt: Time,
  clippedAt: Time,
  updatedAt: Time,
  deletedAt: v.optional(Time),
});

/**
 * A clip's article: only the sanitized HTML. Its text is rebuilt from it, and the HTML is
 * sanitized again on restore (a file is not trusted to hold what Kurabe wrote).
 */
export const BodySchema = v.object({
  id: Id,
  html: Text(LIMITS.articleHtmlLength),
});

export const QuoteSchema = v.object({
  id: Id,
  clipId: Id,
  text: Text(LIMITS.quoteLength),
  context: Text(LIMITS.quoteContextLength),
  note: Text(LIMITS.noteLength),
  noteKind: NoteKindSchema,
  createdAt: Time,
  deletedAt: v.optional(Time),
});

const Named = v.object({
  id: Id,
  name: Text(LIMITS.nameLength),
  /** 別名 (version 3): other names of a subject or an aspect. */
  aliases: v.optional(List(Text(LIMITS.nameLength), LIMITS.aliasesPerPart)),
});

/** A clip, or a quote of it, that a comparison-table cell cites (version 3). */
const CellSource = v.object({ clipId: Id, quoteId: v.optional(Id) });

/** A map of at most `limit` entries. */
const Entries = <T extends v.GenericSchema>(value: T, limit: number) =>
  v.pipe(
    v.record(Text(LIMITS.idLength), value),
    v.maxEntries(limit, (issue) => `Too many entries: at most ${limit}, this one has ${issue.received}.`),
  );

/**
 * The draft a board made on a blog (version 4): an id or member URI, the editor's address (a web
 * address: it is shown as a link), when it was sent, the blog's stamp. Never the blog's key.
 */
const BlogDraftSchema = v.object({
  remoteId: Text(LIMITS.urlLength),
  editUrl: WebUrl,
  sentAt: Time,
  remoteModified: Text(LIMITS.pageDateLength),
  /**
   * The SHA-256 (hex) of the draft's title and content as the blog kept them (database version
   * 11). Optional, and no new backup version: a reader that drops it (version 4 without it) only
   * compares that draft by its stamp until the next send — nothing is lost or sent twice.
   */
  contentHash: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'Not a SHA-256 in hex.'))),
});

export const BoardSchema = v.object({
  id: Id,
  title: Text(LIMITS.nameLength),
  subjects: List(Named, LIMITS.subjectsPerBoard),
  aspects: List(Named, LIMITS.aspectsPerBoard),
  /** aspectId → subjectId → note: at most a row per aspect, a cell per subject. */
  cellNotes: Entries(Entries(Text(LIMITS.noteLength), LIMITS.subjectsPerBoard), LIMITS.aspectsPerBoard),
  /** aspectId → subjectId → the clips and quotes the cell cites (version 3). */
  cellSources: v.optional(
    Entries(
      Entries(List(CellSource, LIMITS.sourcesPerCell), LIMITS.subjectsPerBoard),
      LIMITS.aspectsPerBoard,
    ),
  ),
  /** Blog key (kind and address) → the draft made there (version 4). */
  blogDrafts: v.optional(
    v.pipe(
      // A key holds the blog's address: as long as an address may be.
      v.record(Text(LIMITS.urlLength), BlogDraftSchema),
      v.maxEntries(
        LIMITS.blogsPerBoard,
        (issue) => `Too many blogs: at most ${LIMITS.blogsPerBoard}, this board has ${issue.received}.`,
      ),
    ),
  ),
  order: Text(LIMITS.orderKeyLength),
  archivedAt: v.optional(Time),
  deletedAt: v.optional(Time),
  updatedAt: Time,
});

export const PlacementSchema = v.object({
  id: Id,
  boardId: Id,
  clipId: Id,
  quoteId: v.optional(Id),
  aspectId: v.optional(Text(LIMITS.idLength)),
  subjectId: v.optional(Text(LIMITS.idLength)),
  order: Text(LIMITS.orderKeyLength),
  note: Text(LIMITS.noteLength),
  noteKind: NoteKindSchema,
});

// --- settings ------------------------------------------------------------------------------

/** Partial<ExportChoices>: what the export view saves per board; other fields are dropped. */
const ExportOptionsSchema = v.object({
  titleSeparate: v.optional(v.boolean()),
  quoteStyle: v.optional(v.picklist(['blockquote', 'bullet'])),
  summary: v.optional(v.boolean()),
  references: v.optional(v.picklist(['footnotes', 'inline'])),
  includeMemos: v.optional(v.boolean()),
  fillEmptyCells: v.optional(v.boolean()),
});

/**
 * The settings that belong to the library, and the schema of each one's value: only these are
 * backed up and restored. Everything else in the settings store describes one browser's moment
 * (the last clip event, a clip under way in a tab): written into a backup, it would replay
 * there as a false message. A restore drops any other key, known or not, without failing.
 */
export const LIBRARY_SETTINGS: readonly {
  /** The key, or its shape (docs/backup-format.md). */
  name: string;
  matches: (key: string) => boolean;
  value: v.GenericSchema;
}[] = [
  {
    name: `${EXPORT_OPTIONS_KEY_PREFIX}<board id>`,
    matches: (key) =>
      key.startsWith(EXPORT_OPTIONS_KEY_PREFIX) && v.is(Id, key.slice(EXPORT_OPTIONS_KEY_PREFIX.length)),
    value: ExportOptionsSchema,
  },
  { name: AUTO_FILE_SINCE_KEY, matches: (key) => key === AUTO_FILE_SINCE_KEY, value: v.nullable(Time) },
];

/** The library setting `key` is, or undefined for a key a backup does not carry. */
export function librarySetting(key: IDBValidKey): (typeof LIBRARY_SETTINGS)[number] | undefined {
  return typeof key === 'string' ? LIBRARY_SETTINGS.find((setting) => setting.matches(key)) : undefined;
}

/** The longest key a library setting has: a longer one is no key Kurabe wrote. */
const SETTING_KEY_LENGTH = EXPORT_OPTIONS_KEY_PREFIX.length + LIMITS.idLength;

/**
 * The settings store has out-of-line keys: a backup line carries the key beside the value. The
 * value is checked against its key's schema (LIBRARY_SETTINGS) when the line is read; a line of
 * another key is dropped.
 */
export const SettingSchema = v.object({
  key: Text(SETTING_KEY_LENGTH),
  /** Plain data, of the shape its key's entry in LIBRARY_SETTINGS gives. */
  value: v.unknown(),
});

export const RECORD_SCHEMAS = {
  settings: SettingSchema,
  boards: BoardSchema,
  clips: ClipSchema,
  bodies: BodySchema,
  quotes: QuoteSchema,
  placements: PlacementSchema,
} as const satisfies Record<BackupStore, v.GenericSchema>;

export type BackupClip = v.InferOutput<typeof ClipSchema>;
export type BackupBody = v.InferOutput<typeof BodySchema>;
export type BackupSetting = v.InferOutput<typeof SettingSchema>;
export type BackupRecord<S extends BackupStore> = v.InferOutput<(typeof RECORD_SCHEMAS)[S]>;

/** The first line. */
export const HeaderSchema = v.object({
  format: v.literal(BACKUP_FORMAT),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** When the backup was made (ISO 8601, UTC). */
  createdAt: v.pipe(v.string(), v.isoTimestamp()),
  /** What wrote it: for reading a bug report, never for deciding anything. */
  app: v.object({ name: Text(LIMITS.nameLength), version: Text(LIMITS.nameLength) }),
});
export type BackupHeader = v.InferOutput<typeof HeaderSchema>;

/** One line per record: `{"store":"clips","record":{…}}`. */
export const RecordLineSchema = v.variant('store', [
  v.object({ store: v.literal('settings'), record: SettingSchema }),
  v.object({ store: v.literal('boards'), record: BoardSchema }),
  v.object({ store: v.literal('clips'), record: ClipSchema }),
  v.object({ store: v.literal('bodies'), record: BodySchema }),
  v.object({ store: v.literal('quotes'), record: QuoteSchema }),
  v.object({ store: v.literal('placements'), record: PlacementSchema }),
]);
export type RecordLine = v.InferOutput<typeof RecordLineSchema>;

/**
 * The last line: `{"end":true,"records":N}`. A file cut at a line boundary is still JSON Lines;
 * without an end line and its count, a restore would take it for a smaller library.
 */
export const EndLineSchema = v.object({
  end: v.literal(true),
  records: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type EndLine = v.InferOutput<typeof EndLineSchema>;

// --- the schemas follow db.ts -------------------------------------------------------------

type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/**
 * Fails to compile when a record type in db.ts gains, loses or changes a field these schemas do
 * not: a field added to the database must be added to the backup (or left out on purpose here).
 */
export type SchemasFollowDatabase = [
  Assert<SameType<BackupClip, Omit<Clip, 'lead' | 'words'>>>,
  Assert<SameType<BackupBody, Omit<ClipBody, 'text' | 'markdown'>>>,
  Assert<SameType<v.InferOutput<typeof QuoteSchema>, Quote>>,
  Assert<SameType<v.InferOutput<typeof BoardSchema>, Board>>,
  Assert<SameType<v.InferOutput<typeof PlacementSchema>, Placement>>,
];

// --- results -------------------------------------------------------------------------------

/** Why a backup could not be read or restored: keys for translated messages (docs/backup-format.md). */
export const BACKUP_PROBLEM_CODES = [
  /** Nothing (or only blank lines) in the file. */
  'emptyFile',
  /** A line is not JSON, or not UTF-8 text. */
  'notJsonLines',
  /** JSON, but not a Kurabe backup (no header, another format, a line after the end line). */
  'wrongFormat',
  /** Written by a newer Kurabe: this one cannot read it without losing data. */
  'newerVersion',
  /** Older than any version this Kurabe can upgrade. */
  'unsupportedVersion',
  /** A record (or the header, or the end line) does not match its schema. */
  'invalidRecord',
  /** Two records of one store with the same id (settings: the same key). */
  'duplicateId',
  /** Two clips with the same normalized URL (the database allows one). */
  'duplicateUrl',
  /** A record points to a clip, board or quote that is neither in the file nor in the database. */
  'missingReference',
  /** The file ends early: its last line is cut or its end line is missing. */
  'truncated',
  /** The end line counts another number of records than the file holds. */
  'countMismatch',
  /** A line longer than MAX_LINE_BYTES: not a backup Kurabe wrote. */
  'lineTooLong',
  /** The AbortSignal fired; the database is unchanged. */
  'cancelled',
  /** The file could not be read (the stream failed). */
  'readFailed',
  /** The browser refused to store more (QuotaExceededError); the database is unchanged. */
  'storageFull',
  /** Writing failed for another reason; the database is unchanged. */
  'writeFailed',
  /**
   * A clip of a page the restore was adding was saved while it ran (clipped in a tab); nothing
   * was restored, and restoring again merges it by the usual rules.
   */
  'libraryChanged',
] as const;
export type BackupProblemCode = (typeof BACKUP_PROBLEM_CODES)[number];

export interface BackupProblem {
  code: BackupProblemCode;
  /** 1-based line of the file; 0 when the problem is not about one line (cancelled, storageFull). */
  line: number;
  /** Where in the line, as valibot's dot path (`record.title`); '' for the whole line. */
  path: string;
  /** English, for the command line and logs; the UI translates `code`. */
  message: string;
}

export interface BackupFailure {
  ok: false;
  /** The first problem's code. */
  code: BackupProblemCode;
  /** The first problems found, at most MAX_PROBLEMS, in file order. */
  problems: BackupProblem[];
}

/** A restore reports this many problems at most: enough to see what is wrong with a file. */
export const MAX_PROBLEMS = 5;

export function failure(problems: BackupProblem[]): BackupFailure {
  return { ok: false, code: problems[0]?.code ?? 'invalidRecord', problems: problems.slice(0, MAX_PROBLEMS) };
}

export function problem(code: BackupProblemCode, line: number, path: string, message: string): BackupProblem {
  return { code, line, path, message };
}

/** One line of English for a problem: `line 7, record.title: Invalid type: …`. */
export function describeProblem({ line, path, message }: BackupProblem): string {
  const where = [line > 0 ? `line ${line}` : '', path].filter(Boolean).join(', ');
  return where ? `${where}: ${message}` : message;
}

// --- older versions ------------------------------------------------------------------------

/** A record line before validation: what JSON.parse gave, store name included. */
export interface RawRecordLine {
  store: unknown;
  record: unknown;
}

/**
 * One step from version N to N+1, for one record line. It returns lines, not a line: a step may
 * rename a store, split a record in two (as database version 2 moved articles out of clips) or
 * drop it.
 */
export type RecordUpgrade = (line: RawRecordLine) => RawRecordLine[];

/** The stores whose records carry a note with a kind since version 2. */
const NOTED_STORES: ReadonlySet<unknown> = new Set(['clips', 'quotes', 'placements']);

/** RECORD_UPGRADES[N] brings a version N record to N+1. */
export const RECORD_UPGRADES: Readonly<Record<number, RecordUpgrade>> = {
  /**
   * 1 → 2: notes got a kind (article text or memo). A version 1 note was exported as article
   * text, so it stays article text. A record that is not an object is left for the schema to refuse.
   */
  1: (line) => {
    const { store, record } = line;
    if (!NOTED_STORES.has(store) || typeof record !== 'object' || record === null || Array.isArray(record))
      return [line];
    return [{ store, record: { ...record, noteKind: 'article' } }];
  },
  /**
   * 2 → 3: a comparison-table cell can cite clips and quotes. A version 2 cell cites nothing (its
   * text was plain text), so every board gets an empty `cellSources`; subjects and aspects had no
   * aliases, which stay absent.
   */
  2: (line) => {
    const { store, record } = line;
    if (store !== 'boards' || typeof record !== 'object' || record === null || Array.isArray(record))
      return [line];
    return [{ store, record: { ...record, cellSources: {} } }];
  },
  /**
   * 3 → 4: a board can remember the drafts it made on blogs. A version 3 board made none; the
   * field is optional (absent means none), so its records read as they are.
   */
  3: (line) => [line],
};

/**
 * Brings a record line of a `version` file up to BACKUP_VERSION, one step after another (as the
 * database upgrades do), before it is validated against today's schemas.
 */
export function upgradeRecord(
  version: number,
  line: RawRecordLine,
  upgrades: Readonly<Record<number, RecordUpgrade>> = RECORD_UPGRADES,
): RawRecordLine[] {
  let lines = [line];
  for (let from = version; from < BACKUP_VERSION; from++) {
    const step = upgrades[from];
    if (!step) throw new Error(`No upgrade from backup version ${from} to ${from + 1}`);
    lines = lines.flatMap(step);
  }
  return lines;
}
