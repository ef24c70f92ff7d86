import * as v from 'valibot';
import { LIMITS } from '../limits';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type BackupBody,
  type BackupFailure,
  type BackupHeader,
  type BackupProblem,
  type BackupProblemCode,
  type BackupRecord,
  type BackupStore,
  EndLineSchema,
  failure,
  HeaderSchema,
  librarySetting,
  MAX_PROBLEMS,
  OLDEST_READABLE_VERSION,
  problem,
  type RecordLine,
  RecordLineSchema,
  upgradeRecord,
} from './format';

/** A validated record and the line it came from (for the problems a restore may still find). */
export interface Located<T> {
  line: number;
  record: T;
}

/** What is kept of a body whose HTML is not held in memory: its id (as in the file). */
export interface BodyRef {
  id: string;
}

/** The validated records per store; `Body` is what is kept of each body (see ReadBodiesOptions). */
export type BackupRecords<Body extends BodyRef = BackupBody> = {
  [S in BackupStore]: Located<S extends 'bodies' ? Body : BackupRecord<S>>[];
};

/**
 * A whole backup file, validated, upgraded to BACKUP_VERSION, held in memory for the restore:
 * every record, bodies with their HTML (`BackupContents`) or by id only (`BackupContents<BodyRef>`,
 * their HTML handed to a BodySink while reading).
 */
export interface BackupContents<Body extends BodyRef = BackupBody> {
  header: BackupHeader;
  records: BackupRecords<Body>;
}

export type ReadResult<Body extends BodyRef = BackupBody> =
  | { ok: true; contents: BackupContents<Body> }
  | BackupFailure;

export interface ReadBackupOptions {
  /** Stops reading; the result is `cancelled`. */
  signal?: AbortSignal;
  /** Called after each chunk read, with the file size when `totalBytes` was given. */
  onProgress?: (bytesRead: number, totalBytes?: number) => void;
  /** The file's size (File.size), passed on to onProgress. */
  totalBytes?: number;
}

/**
 * Takes a batch of validated bodies (in file order) out of the reader's memory: the restore
 * writes them to the `restoreStaging` store. Reading waits for it; if it rejects, so does
 * readBackup, with its error.
 */
export type BodySink = (batch: BackupBody[]) => Promise<void>;

/** How a batch for a BodySink is cut: at this many bodies or this much HTML, whichever is first. */
export interface BodyBatch {
  /** Bodies per batch (default BODY_BATCH_COUNT). */
  count?: number;
  /** Characters of HTML per batch (default BODY_BATCH_CHARS). */
  chars?: number;
}

export interface ReadBodiesOptions {
  /**
   * What happens to each valid body's HTML:
   * - `'keep'` (the default): kept in the contents with the rest (tools, small files);
   * - `'skip'`: validated and dropped; the contents list the bodies by id (a reader that needs
   *   no articles, as scripts/outline.ts);
   * - a BodySink: handed on in batches while reading, awaited before the next chunk is read; the
   *   contents list the bodies by id. A batch is handed on only while the file has no problem.
   */
  bodies?: 'keep' | 'skip' | BodySink;
  bodyBatch?: BodyBatch;
}

/** A batch of bodies for a BodySink is handed on at this many bodies… */
export const BODY_BATCH_COUNT = 200;
/** …or at this many characters of HTML (4 MiB as two-byte strings at most). */
export const BODY_BATCH_CHARS = 2 * 1024 * 1024;

/**
 * No line Kurabe writes comes near this (a body is an article's HTML); a longer one means the
 * file is something else, and reading on would only fill memory.
 */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;
/** The header is a few hundred bytes: a longer first line is not a Kurabe backup. */
const MAX_HEADER_BYTES = 64 * 1024;

/**
 * A field's checks stop at its first failure: one problem per field, and a string already too
 * long is not then parsed as a date or a URL (a line can be 64 MiB).
 */
const ONE_ISSUE_PER_FIELD = { abortPipeEarly: true } as const;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function cancelledFailure(): BackupFailure {
  return failure([problem('cancelled', 0, '', 'The restore was cancelled; nothing was changed.')]);
}

/**
 * Checks a backup line by line as it arrives and keeps the valid records. It keeps going after a
 * problem in a record (so the user sees up to MAX_PROBLEMS at once) but stops at one that makes
 * the rest meaningless (no header, a newer version, a cut file).
 *
 * With `bodyHtml: 'keep'` bodies are kept whole; otherwise only their ids are, and with
 * `'collect'` the valid bodies also wait in `pendingBodies` until `takeBodies()` hands them on.
 */
export class BackupValidator {
  header: BackupHeader | undefined;
  problems: BackupProblem[] = [];
  /** Set by a problem after which reading on makes no sense. */
  fatal = false;
  /** Valid bodies not yet taken (`bodyHtml: 'collect'`), and their HTML's length. */
  pendingBodies: BackupBody[] = [];
  pendingChars = 0;
  readonly records: BackupRecords<BodyRef> = {
    settings: [],
    boards: [],
    clips: [],
    bodies: [],
    quotes: [],
    placements: [],
  };
  private endLine = 0;
  private recordLines = 0;
  /** id (settings: key) → its line, per store; clips' normalized URLs too. */
  private readonly seen = new Map<string, number>();
  /** Quotes of the file per clip id: a clip holds at most LIMITS.quotesPerClip. */
  private readonly quotesPerClip = new Map<string, number>();

  constructor(private readonly bodyHtml: 'keep' | 'drop' | 'collect' = 'keep') {}

  /** The bodies collected since the last call, taken out of the validator. */
  takeBodies(): BackupBody[] {
    const batch = this.pendingBodies;
    this.pendingBodies = [];
    this.pendingChars = 0;
    return batch;
  }

  /** Whether reading should stop: a fatal problem, or enough problems to show. */
  get stopped(): boolean {
    return this.fatal || this.problems.length >= MAX_PROBLEMS;
  }

  add(code: BackupProblemCode, line: number, path: string, message: string, fatal = false): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(problem(code, line, path, message));
    if (fatal) this.fatal = true;
  }

  /** Line `n` (1-based) without its "\n"; `unterminated` for a last line no "\n" ended. */
  line(n: number, raw: string, unterminated: boolean): void {
    if (this.stopped) return;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // Blank lines carry nothing (an editor may add one at the end).
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (unterminated) {
        this.add('truncated', n, '', 'The last line is cut off: the file is incomplete.', true);
      } else {
        const reason = error instanceof Error ? ` (${error.message})` : '';
        this.notRecord(n, `The line is not JSON${reason}.`);
      }
      return;
    }
    if (!this.header) {
      this.readHeader(n, value);
    } else if (this.endLine) {
      this.add('wrongFormat', n, '', `A line after the end line (line ${this.endLine}).`, true);
    } else if (isObject(value) && 'end' in value && !('store' in value)) {
      this.readEnd(n, value);
    } else {
      this.recordLines++;
      this.readRecord(n, value);
    }
  }

  /** Line `n` is not UTF-8 text. */
  notText(n: number, unterminated: boolean): void {
    if (this.stopped) return;
    // A file cut inside a character leaves half of it on its last line.
    if (unterminated) this.add('truncated', n, '', 'The last line is cut off: the file is incomplete.', true);
    else this.notRecord(n, 'The line is not UTF-8 text.');
  }

  /** A line that is not JSON: the end of reading before the header, else a bad record line. */
  private notRecord(n: number, message: string): void {
    // Counted as a record line (it stands where one should), so the end line's count still
    // tells whether lines are missing besides.
    if (this.header && !this.endLine) this.recordLines++;
    this.add('notJsonLines', n, '', message, !this.header);
  }

  private readHeader(n: number, value: unknown): void {
    if (!isObject(value) || value.format !== BACKUP_FORMAT) {
      const other =
        isObject(value) && typeof value.format === 'string' ? ` It is a "${value.format}" file.` : '';
      this.add(
        'wrongFormat',
        n,
        '',
        `The file is not a Kurabe backup: its first line is no backup header.${other}`,
        true,
      );
      return;
    }
    const { version } = value;
    if (typeof version === 'number' && version > BACKUP_VERSION) {
      this.add(
        'newerVersion',
        n,
        'version',
        `The backup was written by a newer Kurabe (format version ${version}; this one reads up to ${BACKUP_VERSION}). Update Kurabe to restore it.`,
        true,
      );
      return;
    }
    if (typeof version === 'number' && version < OLDEST_READABLE_VERSION) {
      this.add(
        'unsupportedVersion',
        n,
        'version',
        `Format version ${version} is older than this Kurabe can read (${OLDEST_READABLE_VERSION} to ${BACKUP_VERSION}).`,
        true,
      );
      return;
    }
    const header = v.safeParse(HeaderSchema, value);
    if (!header.success) {
      for (const issue of header.issues)
        this.add('invalidRecord', n, v.getDotPath(issue) ?? '', issue.message);
      this.fatal = true;
      return;
    }
    this.header = header.output;
  }

  private readEnd(n: number, value: unknown): void {
    const end = v.safeParse(EndLineSchema, value);
    if (!end.success) {
      for (const issue of end.issues) this.add('invalidRecord', n, v.getDotPath(issue) ?? '', issue.message);
      this.fatal = true;
      return;
    }
    this.endLine = n;
    if (end.output.records !== this.recordLines) {
      this.add(
        'countMismatch',
        n,
        'records',
        `The end line counts ${end.output.records} records but the file holds ${this.recordLines}: lines are missing or were added.`,
      );
    }
  }

  private readRecord(n: number, value: unknown): void {
    const version = this.header?.version ?? BACKUP_VERSION;
    const lines: unknown[] =
      version < BACKUP_VERSION && isObject(value)
        ? upgradeRecord(version, { store: value.store, record: value.record })
        : [value];
    for (const line of lines) {
      const parsed = v.safeParse(RecordLineSchema, line, ONE_ISSUE_PER_FIELD);
      if (!parsed.success) {
        for (const issue of parsed.issues)
          this.add('invalidRecord', n, v.getDotPath(issue) ?? '', issue.message);
        continue;
      }
      this.keep(n, parsed.output);
    }
  }

  private keep(n: number, line: RecordLine): void {
    if (line.store === 'settings') {
      const setting = librarySetting(line.record.key);
      // A transient or unknown setting is no part of the library: dropped, whatever its value.
      if (!setting) return;
      const value = v.safeParse(setting.value, line.record.value, ONE_ISSUE_PER_FIELD);
      if (!value.success) {
        for (const issue of value.issues) {
          const path = v.getDotPath(issue);
          this.add('invalidRecord', n, path ? `record.value.${path}` : 'record.value', issue.message);
        }
        return;
      }
      line = { store: 'settings', record: { key: line.record.key, value: value.output } };
    }
    if (line.store === 'quotes') {
      const { clipId } = line.record;
      const count = (this.quotesPerClip.get(clipId) ?? 0) + 1;
      this.quotesPerClip.set(clipId, count);
      if (count > LIMITS.quotesPerClip) {
        this.add(
          'invalidRecord',
          n,
          'record.clipId',
          `Too many quotes: the clip "${clipId}" has more than ${LIMITS.quotesPerClip} in the file.`,
        );
        return;
      }
    }
    const { store, record } = line;
    const id = line.store === 'settings' ? line.record.key : line.record.id;
    const idPath = store === 'settings' ? 'record.key' : 'record.id';
    const first = this.seen.get(`${store}\u0000${id}`);
    if (first !== undefined) {
      this.add('duplicateId', n, idPath, `A second ${store} record "${id}" (the first is on line ${first}).`);
      return;
    }
    this.seen.set(`${store}\u0000${id}`, n);
    if (line.store === 'clips') {
      const key = `url\u0000${line.record.normalizedUrl}`;
      const sameUrl = this.seen.get(key);
      if (sameUrl !== undefined) {
        this.add(
          'duplicateUrl',
          n,
          'record.normalizedUrl',
          `A second clip of ${line.record.normalizedUrl} (the first is on line ${sameUrl}).`,
        );
        return;
      }
      this.seen.set(key, n);
    }
    // Once the file is known to be bad, its records are not kept: they will not be restored.
    if (this.problems.length > 0) return;
    if (line.store === 'bodies' && this.bodyHtml !== 'keep') {
      // The HTML (nearly all of a large file) leaves memory: only the id stays.
      this.records.bodies.push({ line: n, record: { id: line.record.id } });
      if (this.bodyHtml === 'collect') {
        this.pendingBodies.push(line.record);
        this.pendingChars += line.record.html.length;
      }
      return;
    }
    (this.records[store] as Located<typeof record>[]).push({ line: n, record });
  }

  /** After the last line (`lastLine` lines in all). */
  finish(lastLine: number): void {
    if (this.fatal) return;
    if (!this.header) {
      if (this.problems.length === 0) this.add('emptyFile', 0, '', 'The file is empty.', true);
      return;
    }
    if (!this.endLine) {
      this.add(
        'truncated',
        lastLine + 1,
        '',
        'The file ends before its end line: it is incomplete (cut off while saving or copying).',
        true,
      );
    }
  }

  result(): ReadResult<BodyRef> {
    if (this.problems.length || !this.header) return failure(this.problems);
    return { ok: true, contents: { header: this.header, records: this.records } };
  }
}

/** Joins the pieces of a line that came in several chunks (most lines come in one). */
function joinBytes(pieces: Uint8Array[], last: Uint8Array): Uint8Array {
  if (pieces.length === 0) return last;
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, last.length));
  let at = 0;
  for (const piece of [...pieces, last]) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

const NEWLINE = 0x0a;

/**
 * Reads and validates a whole backup from a byte stream (File.stream()), without ever holding
 * the file as one string: bytes are cut into lines as they come, each line is decoded and checked
 * as soon as it is complete, and only the current line's bytes are kept meanwhile. Lines are cut
 * before decoding because "\n" (0x0A) is never part of a multi-byte UTF-8 character: a character
 * split between chunks stays whole, and bytes that are not UTF-8 are reported on their own line.
 *
 * The validated records are kept in memory; bodies (nearly all of a large file) only by default:
 * `bodies: 'skip'` drops their HTML and a BodySink takes it out of memory in batches (a restore
 * stages it in IndexedDB, see restoreFromStream and docs/backup-format.md).
 */
export function readBackup(
  stream: ReadableStream<Uint8Array>,
  options?: ReadBackupOptions & { bodies?: 'keep'; bodyBatch?: BodyBatch },
): Promise<ReadResult>;
export function readBackup(
  stream: ReadableStream<Uint8Array>,
  options: ReadBackupOptions & ReadBodiesOptions & { bodies: 'skip' | BodySink },
): Promise<ReadResult<BodyRef>>;
export async function readBackup(
  stream: ReadableStream<Uint8Array>,
  {
    signal,
    onProgress,
    totalBytes,
    bodies = 'keep',
    bodyBatch: { count: batchCount = BODY_BATCH_COUNT, chars: batchChars = BODY_BATCH_CHARS } = {},
  }: ReadBackupOptions & ReadBodiesOptions = {},
): Promise<ReadResult<BodyRef>> {
  if (signal?.aborted) return cancelledFailure();
  const sink = typeof bodies === 'function' ? bodies : undefined;
  const validator = new BackupValidator(sink ? 'collect' : bodies === 'skip' ? 'drop' : 'keep');
  const reader = stream.getReader();
  // A pending read ends at once when the user cancels, not at the next chunk.
  const onAbort = () => void reader.cancel().catch(() => {});
  signal?.addEventListener('abort', onAbort, { once: true });
  // fatal: bytes that are not UTF-8 are an error, not U+FFFD slipped into a restored note.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  /** The current line's bytes so far, when it spans chunks. */
  const pieces: Uint8Array[] = [];
  let pieceBytes = 0;
  let lineNumber = 0;
  let bytesRead = 0;

  const endLine = (last: Uint8Array, unterminated: boolean) => {
    const bytes = joinBytes(pieces, last);
    pieces.length = 0;
    pieceBytes = 0;
    lineNumber++;
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      validator.notText(lineNumber, unterminated);
      return;
    }
    validator.line(lineNumber, text, unterminated);
  };

  const takeBytes = (chunk: Uint8Array) => {
    let start = 0;
    while (!validator.stopped) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1) break;
      endLine(chunk.subarray(start, newline), false);
      start = newline + 1;
    }
    if (validator.stopped || start >= chunk.length) return;
    // A copy: the chunk itself need not outlive this read.
    const rest = chunk.slice(start);
    pieces.push(rest);
    pieceBytes += rest.length;
    if (!validator.header && pieceBytes > MAX_HEADER_BYTES) {
      validator.add(
        'wrongFormat',
        lineNumber + 1,
        '',
        'The file is not a Kurabe backup: its first line is too long.',
        true,
      );
    } else if (pieceBytes > MAX_LINE_BYTES) {
      validator.add(
        'lineTooLong',
        lineNumber + 1,
        '',
        `The line is longer than ${MAX_LINE_BYTES} bytes.`,
        true,
      );
    }
  };

  /**
   * Hands the collected bodies to the sink: when a batch is full, or at the end (`all`). A file
   * with a problem will not be restored: its bodies are dropped instead.
   */
  const handOn = async (all: boolean) => {
    if (!sink) return;
    if (validator.problems.length) {
      validator.takeBodies();
      return;
    }
    const { pendingBodies, pendingChars } = validator;
    if (pendingBodies.length === 0) return;
    if (all || pendingBodies.length >= batchCount || pendingChars >= batchChars)
      await sink(validator.takeBodies());
  };

  /** Whether the stream was read to its end (else it is cancelled: the rest is not needed). */
  let readToEnd = false;
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (signal?.aborted) return cancelledFailure();
        const reason = error instanceof Error ? error.message : String(error);
        return failure([problem('readFailed', 0, '', `The file could not be read: ${reason}`)]);
      }
      if (signal?.aborted) return cancelledFailure();
      if (chunk.done) {
        readToEnd = true;
        break;
      }
      bytesRead += chunk.value.byteLength;
      takeBytes(chunk.value);
      onProgress?.(bytesRead, totalBytes);
      if (validator.stopped) break;
      await handOn(false);
      if (signal?.aborted) return cancelledFailure();
    }
    if (readToEnd && !validator.stopped && pieces.length) endLine(new Uint8Array(0), true);
    validator.finish(lineNumber);
    await handOn(true);
    if (signal?.aborted) return cancelledFailure();
    return validator.result();
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (readToEnd) reader.releaseLock();
    else void reader.cancel().catch(() => {});
  }
}

/** The records of a store in file order (for tests and tools). */
export function recordsOf<S extends BackupStore, Body extends BodyRef = BackupBody>(
  contents: BackupContents<Body>,
  store: S,
): (S extends 'bodies' ? Body : BackupRecord<S>)[] {
  return (contents.records[store] as Located<S extends 'bodies' ? Body : BackupRecord<S>>[]).map(
    (located) => located.record,
  );
}
