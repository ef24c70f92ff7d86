import * as v from 'valibot';
import { isoDay, userTimeZone } from '../dates';
import type { Clip, ClipBody, KurabeDatabase } from '../db';
import { fitRecord } from './fit';
import {
  BACKUP_FORMAT,
  BACKUP_MIME_TYPE,
  BACKUP_STORES,
  BACKUP_VERSION,
  type BackupHeader,
  type BackupStore,
  type EndLine,
  librarySetting,
  type RecordLine,
} from './format';
import { oneRestoreAtATime } from './staging';

export interface BackupOptions {
  /** When the backup is made (the header's createdAt). */
  now?: Date;
  /** The extension's version, for the header (browser.runtime.getManifest().version). */
  appVersion?: string;
}

/**
 * Records read per request. Bodies are read a few at a time: an article with inline images can
 * be megabytes, and a chunk is held as text until it is handed on.
 */
const RECORDS_PER_READ: Record<BackupStore, number> = {
  settings: 256,
  boards: 256,
  clips: 256,
  bodies: 16,
  quotes: 256,
  placements: 256,
};
/** Lines are handed on once they add up to this many characters (about a megabyte). */
const CHARS_PER_PART = 1 << 20;

export function backupHeader({ now = new Date(), appVersion = '' }: BackupOptions = {}): BackupHeader {
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: now.toISOString(),
    app: { name: 'Kurabe', version: appVersion },
  };
}

/** What a database record becomes in the file: derived data left out. */
function toRecordLine(store: BackupStore, value: unknown, key: IDBValidKey): RecordLine {
  switch (store) {
    case 'clips': {
      // The lead is the start of the body's text, rebuilt with it on restore; the words are counted from it.
      // (Records have no lead since version 9, which keeps it in `leads`; the file's shape is unchanged.)
      const { lead: _lead, words: _words, ...clip } = value as Clip & { lead?: string };
      return { store, record: clip };
    }
    case 'bodies': {
      // Text and Markdown are rebuilt from the sanitized HTML on restore.
      const { id, html } = value as ClipBody;
      return { store, record: { id, html } };
    }
    case 'settings':
      return { store, record: { key: String(key), value } };
    default:
      return { store, record: value } as RecordLine;
  }
}

/**
 * A setting as the backup carries it, or undefined for one it leaves out: only the library's
 * settings (LIBRARY_SETTINGS) go into a backup. The others describe this browser's moment (the
 * last clip event, a clip under way in a tab): restored elsewhere they would replay as false
 * messages. A library setting whose value its schema refuses is left out too (a restore would
 * refuse the whole file for it).
 */
function backedUpSetting(key: IDBValidKey, value: unknown): { key: string; value: unknown } | undefined {
  const setting = librarySetting(key);
  if (!setting) return undefined;
  const parsed = v.safeParse(setting.value, value);
  return parsed.success ? { key: String(key), value: parsed.output } : undefined;
}

/**
 * Writes the whole library as backup text (header, records, end line), handing it to `onText`
 * part by part, each part whole lines of about a megabyte.
 *
 * Everything is read in ONE read-only transaction, so the file is a consistent snapshot: a clip
 * saved meanwhile waits, and no placement can point to a clip the file lacks. That is why
 * `onText` is synchronous rather than an async generator's consumer: a transaction commits as
 * soon as its code awaits anything but its own requests, so a consumer that awaited a file write
 * between parts would end the snapshot halfway. To stream to disk, collect Blobs (backupBlob):
 * the browser keeps Blob data out of the JavaScript heap.
 */
export async function writeBackup(
  db: KurabeDatabase,
  onText: (text: string) => void,
  options: BackupOptions = {},
): Promise<{ records: number }> {
  onText(`${JSON.stringify(backupHeader(options))}\n`);
  const tx = db.transaction([...BACKUP_STORES], 'readonly');
  let records = 0;
  let lines: string[] = [];
  let chars = 0;
  const flush = () => {
    if (lines.length) onText(lines.join(''));
    lines = [];
    chars = 0;
  };
  for (const store of BACKUP_STORES) {
    const source = tx.objectStore(store);
    let after: IDBValidKey | undefined;
    for (;;) {
      const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
      // Keys and values of one range in one transaction line up (the settings store needs the
      // keys: they are not in its values).
      const [keys, values] = await Promise.all([
        source.getAllKeys(range, RECORDS_PER_READ[store]),
        source.getAll(range, RECORDS_PER_READ[store]),
      ]);
      for (let i = 0; i < keys.length; i++) {
        let value = values[i];
        if (store === 'settings') {
          const setting = backedUpSetting(keys[i]!, value);
          if (!setting) continue;
          value = setting.value;
        }
        const line = `${JSON.stringify(fitRecord(toRecordLine(store, value, keys[i]!)))}\n`;
        lines.push(line);
        chars += line.length;
        records++;
        if (chars >= CHARS_PER_PART) flush();
      }
      if (keys.length < RECORDS_PER_READ[store]) break;
      after = keys[keys.length - 1];
    }
  }
  await tx.done;
  const end: EndLine = { end: true, records };
  lines.push(`${JSON.stringify(end)}\n`);
  flush();
  return { records };
}

/**
 * The backup as a Blob, built from a Blob per part: only one part at a time is a JavaScript
 * string, never the whole file.
 */
export function backupBlob(db: KurabeDatabase, options: BackupOptions = {}): Promise<Blob> {
  // After a restore under way, not during it: it writes new clips' bodies ahead of their clips,
  // and a file holding a body without its clip would be refused when restored.
  return oneRestoreAtATime(async () => {
    const parts: Blob[] = [];
    await writeBackup(db, (text) => parts.push(new Blob([text])), options);
    return new Blob(parts, { type: BACKUP_MIME_TYPE });
  });
}

/** `kurabe-backup-2026-11-27.jsonl`, the day of `now` in the user's time zone (utils/dates.ts). */
export function backupFileName(now: Date = new Date(), timeZone = userTimeZone()): string {
  return `kurabe-backup-${isoDay(now.getTime(), timeZone)}.jsonl`;
}
