import * as v from 'valibot';
import { cutToLimit, LIMITS, MAX_OWN_TIME, MIN_OWN_TIME } from '../limits';
import { RECORD_SCHEMAS, type RecordLine } from './format';

/**
 * Brings a database record within the backup's limits before it is written, so that a backup
 * Kurabe writes is one it restores. Records Kurabe stores today are within them already (saveClip
 * and the editors keep to LIMITS); older data may not be: a note pasted before notes had a
 * limit, or a clip restored from a crafted file before the schema refused it (`clippedAt: 1e16`).
 * A valid record is written as it is; in another, each value past a limit is cut or brought to
 * the nearest value allowed. An address that is no web URL cannot be mended: the restore refuses
 * it (docs/backup-format.md, "Limits").
 */
export function fitRecord(line: RecordLine): RecordLine {
  // (safeParse, not v.is: a type guard would narrow the record to `never` below.)
  if (line.store === 'settings' || v.safeParse(RECORD_SCHEMAS[line.store], line.record).success) return line;
  switch (line.store) {
    case 'clips': {
      const clip = { ...line.record };
      clip.title = cutToLimit(clip.title, LIMITS.titleLength);
      clip.byline = cutToLimit(clip.byline, LIMITS.bylineLength);
      clip.siteName = cutToLimit(clip.siteName, LIMITS.siteNameLength);
      clip.lang = cutToLimit(clip.lang, LIMITS.langLength);
      clip.publishedTime = pageDate(clip.publishedTime);
      if (clip.modifiedTime !== undefined) clip.modifiedTime = pageDate(clip.modifiedTime);
      clip.excerpt = cutToLimit(clip.excerpt, LIMITS.excerptLength);
      clip.note = cutToLimit(clip.note, LIMITS.noteLength);
      clip.tags = clip.tags.slice(0, LIMITS.tagsPerClip).map((tag) => cutToLimit(tag, LIMITS.tagLength));
      clip.chars = count(clip.chars);
      clip.readingMinutes = count(clip.readingMinutes);
      clip.createdAt = ownTime(clip.createdAt);
      clip.clippedAt = ownTime(clip.clippedAt);
      clip.updatedAt = ownTime(clip.updatedAt);
      if (clip.deletedAt !== undefined) clip.deletedAt = ownTime(clip.deletedAt);
      return { store: 'clips', record: clip };
    }
    case 'bodies':
      return {
        store: 'bodies',
        record: { ...line.record, html: cutToLimit(line.record.html, LIMITS.articleHtmlLength) },
      };
    case 'quotes': {
      const quote = { ...line.record };
      quote.text = cutToLimit(quote.text, LIMITS.quoteLength);
      quote.context = cutToLimit(quote.context, LIMITS.quoteContextLength);
      quote.note = cutToLimit(quote.note, LIMITS.noteLength);
      quote.createdAt = ownTime(quote.createdAt);
      if (quote.deletedAt !== undefined) quote.deletedAt = ownTime(quote.deletedAt);
      return { store: 'quotes', record: quote };
    }
    case 'boards': {
      const board = { ...line.record };
      const name = (part: { id: string; name: string }) => ({
        ...part,
        name: cutToLimit(part.name, LIMITS.nameLength),
      });
      board.title = cutToLimit(board.title, LIMITS.nameLength);
      board.subjects = board.subjects.slice(0, LIMITS.subjectsPerBoard).map(name);
      board.aspects = board.aspects.slice(0, LIMITS.aspectsPerBoard).map(name);
      board.cellNotes = Object.fromEntries(
        Object.entries(board.cellNotes)
          .slice(0, LIMITS.aspectsPerBoard)
          .map(([aspect, row]) => [
            aspect,
            Object.fromEntries(
              Object.entries(row)
                .slice(0, LIMITS.subjectsPerBoard)
                .map(([subject, note]) => [subject, cutToLimit(note, LIMITS.noteLength)]),
            ),
          ]),
      );
      board.order = cutToLimit(board.order, LIMITS.orderKeyLength);
      board.updatedAt = ownTime(board.updatedAt);
      if (board.archivedAt !== undefined) board.archivedAt = ownTime(board.archivedAt);
      if (board.deletedAt !== undefined) board.deletedAt = ownTime(board.deletedAt);
      return { store: 'boards', record: board };
    }
    case 'placements': {
      const placement = { ...line.record };
      placement.note = cutToLimit(placement.note, LIMITS.noteLength);
      placement.order = cutToLimit(placement.order, LIMITS.orderKeyLength);
      return { store: 'placements', record: placement };
    }
  }
}

/** The nearest time Kurabe could have set (2000–2200, whole milliseconds). */
function ownTime(time: number): number {
  if (Number.isNaN(time)) return MIN_OWN_TIME;
  return Math.min(MAX_OWN_TIME, Math.max(MIN_OWN_TIME, Math.round(time)));
}

/** A page's date, or '' when it is none (too long, or no date). */
function pageDate(date: string): string {
  return date.length <= LIMITS.pageDateLength && (date === '' || Number.isFinite(Date.parse(date)))
    ? date
    : '';
}

/** A count within 0…LIMITS.articleChars, whole. */
function count(n: number): number {
  if (Number.isNaN(n)) return 0;
  return Math.min(LIMITS.articleChars, Math.max(0, Math.round(n)));
}
