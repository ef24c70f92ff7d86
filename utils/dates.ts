/**
 * Every date Kurabe shows or writes goes through here, and nothing here throws. One rule makes a
 * day of a date everywhere — the card, the reader, the export, the Markdown files, the backup's
 * file name: an instant is the day it is in the user's time zone (the browser's, `userTimeZone`);
 * a page's date written as a bare day ("2026-05-20", no time) names that day, not an instant, and
 * stays that day in every zone. A date can come
 * from anywhere: a backup file (any number the schema lets through), a page (any string it wrote
 * in its metadata), the clock. `Date` holds ±8.64e15 ms around 1970; past that, or for NaN, a
 * Date is invalid and `toISOString` and `Intl.DateTimeFormat` throw a RangeError (which left the
 * board's export without a preview). An invalid value is written as '' (or left out), never as
 * "Invalid Date".
 */

/** The largest time value a Date holds, either side of 1970 (ECMAScript's TimeClip). */
export const MAX_TIME_VALUE = 8.64e15;

/** The day a string starts with, written as ISO 8601 does ("2026-11-20…", "+012026-11-20"). */
const ISO_DAY = /^\s*([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?!\d)/;
/** A bare day ("2026-11-20"): a calendar day, which `Date` would read as midnight UTC. */
const BARE_DAY = /^\s*([+-]\d{6}|\d{4})-(\d{2})-(\d{2})\s*$/;

/**
 * The user's time zone: the browser's, read again at each run of script (the machine may move to
 * another; the engine takes the change between runs). Within one run it is read once: each read
 * makes an Intl.DateTimeFormat, and the Inbox's 20 first cards spent 4–8 ms on them.
 */
export function userTimeZone(): string {
  if (zoneThisRun === undefined) {
    zoneThisRun = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    queueMicrotask(() => {
      zoneThisRun = undefined;
    });
  }
  return zoneThisRun;
}
let zoneThisRun: string | undefined;

/** Whether `value` is a bare day (no time of day), which is the same day in every zone. */
function isBareDay(value: number | string): value is string {
  return typeof value === 'string' && BARE_DAY.test(value);
}

/** Whether a year, month (1–12) and day name a day that exists within a Date's range. */
function dayExists(year: number, month: number, day: number): boolean {
  // Date.UTC would roll 2026-02-30 over into March: the day must come back as it was written.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return (
    Math.abs(date.getTime()) <= MAX_TIME_VALUE &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

/**
 * A time value (milliseconds since 1970) for a number of milliseconds or a date string, or
 * undefined when it is none: NaN, ±Infinity, out of a Date's range, an empty or unreadable
 * string, or an ISO day that does not exist ("2026-02-30", which V8 reads as March 2).
 */
export function timeValue(value: number | string | null | undefined): number | undefined {
  let ms = Number.NaN;
  if (typeof value === 'number') ms = value;
  else if (typeof value === 'string' && value.trim()) {
    const iso = ISO_DAY.exec(value);
    if (!iso || dayExists(Number(iso[1]), Number(iso[2]), Number(iso[3]))) ms = Date.parse(value);
  }
  // Date keeps whole milliseconds: 1.5 is the same instant as 1.
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME_VALUE ? Math.trunc(ms) : undefined;
}

const formats = new Map<string, Intl.DateTimeFormat | null>();

/**
 * An Intl.DateTimeFormat, made once per locale, options and zone; null when Intl refuses them
 * (an unknown locale or time zone): the caller falls back.
 */
function formatFor(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat | null {
  const key = `${locale}\u0000${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat(locale, options);
    } catch {
      format = null;
    }
    formats.set(key, format);
  }
  return format;
}

/**
 * A date for people ("2026年11月20日" / "Nov 20, 2026") in `locale` and `timeZone` (the user's
 * when not given); '' when the value is not a date. A bare day is that day. An unknown locale or
 * zone falls back to the user's.
 */
export function formatDateIn(value: number | string, locale: string, timeZone = userTimeZone()): string {
  const ms = timeValue(value);
  if (ms === undefined) return '';
  // A bare day was read as its midnight in UTC: in UTC it is that day.
  const zone = isBareDay(value) ? 'UTC' : timeZone;
  const format =
    formatFor(locale, { dateStyle: 'medium', timeZone: zone }) ??
    formatFor(locale, { dateStyle: 'medium', timeZone: userTimeZone() }) ??
    formatFor('en', { dateStyle: 'medium' });
  try {
    return format?.format(ms) ?? '';
  } catch {
    // The range was checked; this is for an engine that formats less of it.
    return '';
  }
}

/** A year as ISO 8601 writes it: four digits within 0000–9999, else signed and six digits. */
function isoYear(year: number): string {
  if (year >= 0 && year <= 9999) return String(year).padStart(4, '0');
  return `${year < 0 ? '-' : '+'}${String(Math.abs(year)).padStart(6, '0')}`;
}

/**
 * The day of a time value as YYYY-MM-DD in `timeZone` (said by every caller: the user's, from
 * `userTimeZone`, for anything shown or written; UTC when unknown); '' when the value is not a
 * date. A bare day is that day. Years before 1 and after 9999 are written as ISO 8601 does
 * (-000001).
 */
export function isoDay(value: number | string, timeZone: string): string {
  if (isBareDay(value)) return pageDay(value, timeZone);
  const ms = timeValue(value);
  if (ms === undefined) return '';
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    era: 'short',
    calendar: 'gregory',
    numberingSystem: 'latn',
  };
  const format =
    formatFor('en-US', { ...options, timeZone }) ?? formatFor('en-US', { ...options, timeZone: 'UTC' });
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = format?.formatToParts(ms) ?? [];
  } catch {
    return '';
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const year = Number(part('year'));
  const [month, day] = [part('month'), part('day')];
  if (!Number.isInteger(year) || !/^\d{2}$/.test(month) || !/^\d{2}$/.test(day)) return '';
  // "BC" years count back from 1 BC, which is ISO's year 0.
  const era = part('era');
  return `${isoYear(era === 'BC' || era === 'B' ? 1 - year : year)}-${month}-${day}`;
}

/** A time value as an ISO 8601 instant (for a `<time datetime>` attribute), or undefined. */
export function isoDateTime(value: number | string): string | undefined {
  const ms = timeValue(value);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/**
 * The day a page says it was published, for an outline or a file, by the one rule: a bare day
 * ("2026-11-20") is that day when it exists; an instant ("2026-11-20T23:10+09:00", "Fri, 20 Nov
 * 2026 20:00:00 GMT") is the day it is in `timeZone` (the user's, as the card shows it); '' when
 * there is no such day.
 */
export function pageDay(published: string, timeZone: string): string {
  const iso = BARE_DAY.exec(published);
  if (iso) {
    const year = Number(iso[1]);
    return dayExists(year, Number(iso[2]), Number(iso[3])) ? `${isoYear(year)}-${iso[2]}-${iso[3]}` : '';
  }
  return isoDay(published, timeZone);
}
