import * as v from 'valibot';
import type { Board, Clip, ClipBody, Placement, Quote } from '../db';

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
export const BACKUP_VERSION = 1;
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

/** Keys are never empty: every id Kurabe makes is a UUID. */
const Id = v.pipe(v.string(), v.minLength(1));
/** Milliseconds since the epoch, as Date.now() gives. */
const Time = v.number();

/**
 * Record schemas use `v.object`: fields the schema does not know are dropped, not refused. A
 * change that adds data a reader must keep raises BACKUP_VERSION, so an older Kurabe refuses the
 * file (`newerVersion`) instead of dropping it silently.
 */
export const ClipSchema = v.object({
  id: Id,
  normalizedUrl: v.pipe(v.string(), v.minLength(1)),
  url: v.string(),
  title: v.string(),
  byline: v.string(),
  siteName: v.string(),
  lang: v.string(),
  publishedTime: v.string(),
  modifiedTime: v.optional(v.string()),
  excerpt: v.string(),
  // `lead` is left out: it is the first LEAD_LENGTH characters of the body's text.
  chars: v.number(),
  readingMinutes: v.number(),
  kind: v.picklist(['article', 'bookmark']),
  note: v.string(),
  tags: v.array(v.string()),
  createdAt: Time,
  clippedAt: Time,
  updatedAt: Time,
  deletedAt: v.optional(Time),
});

/** A clip's article: only the sanitized HTML. Its text is rebuilt from it. */
export const BodySchema = v.object({
  id: Id,
  html: v.string(),
});

export const QuoteSchema = v.object({
  id: Id,
  clipId: Id,
  text: v.string(),
  context: v.string(),
  note: v.string(),
  createdAt: Time,
  deletedAt: v.optional(Time),
});

const Named = v.object({ id: Id, name: v.string() });

export const BoardSchema = v.object({
  id: Id,
  title: v.string(),
  subjects: v.array(Named),
  aspects: v.array(Named),
  cellNotes: v.record(v.string(), v.record(v.string(), v.string())),
  order: v.string(),
  archivedAt: v.optional(Time),
  deletedAt: v.optional(Time),
  updatedAt: Time,
});

export const PlacementSchema = v.object({
  id: Id,
  boardId: Id,
  clipId: Id,
  quoteId: v.optional(Id),
  aspectId: v.optional(v.string()),
  subjectId: v.optional(v.string()),
  order: v.string(),
  note: v.string(),
});

/** The settings store has out-of-line keys: a backup line carries the key beside the value. */
export const SettingSchema = v.object({
  key: v.string(),
  /** Any JSON value (settings are plain data). */
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
  app: v.object({ name: v.string(), version: v.string() }),
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
  Assert<SameType<BackupClip, Omit<Clip, 'lead'>>>,
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

/** RECORD_UPGRADES[N] brings a version N record to N+1. Empty: version 1 is the first version. */
export const RECORD_UPGRADES: Readonly<Record<number, RecordUpgrade>> = {};

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
