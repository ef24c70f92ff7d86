import { IDBFactory } from 'fake-indexeddb';
import * as v from 'valibot';
import { beforeEach, describe, expect, it } from 'vitest';
import { BodySchema, type RecordLine } from '@/utils/backup/format';
import { type RestoreOptions, restoreFromStream } from '@/utils/backup/restore';
import { countStaged } from '@/utils/backup/staging';
import { writeBackup } from '@/utils/backup/write';
import { clipIdForUrl } from '@/utils/clip-id';
import { type KurabeDatabase, openKurabeDB, saveClip } from '@/utils/db';
import { LIMITS, MAX_OWN_TIME, MIN_OWN_TIME } from '@/utils/limits';
import {
  articleLines,
  backupFile,
  encode,
  fixtureBytes,
  plainDerive,
  restoredId,
  snapshot,
  streamOf,
  T0,
} from '../helpers/backup';
import { makeClip, makePage } from '../helpers/pages';

/**
 * The limits of a backup (utils/limits.ts, docs/backup-format.md "Limits"): a record past one is
 * refused as `invalidRecord` naming its line and field, and the database is left as it was; a
 * record at the limit is restored. Times Kurabe sets itself lie between 2000 and 2200; a page's
 * own dates are dates; addresses are http(s); only the library's settings are restored.
 */

let db: KurabeDatabase;
const options: RestoreOptions = { deriveBody: plainDerive };

beforeEach(async () => {
  db = await openKurabeDB(new IDBFactory());
  await saveClip(db, makePage({ url: 'https://a.example/kept' }), { clipId: () => 'kept', now: T0 });
  return () => db.close();
});

type Json = Record<string, unknown>;
const clip = (extra: Json = {}, id = 'c1'): RecordLine =>
  ({ store: 'clips', record: { ...articleLines(id, '')[0]!.record, ...extra } }) as RecordLine;
const body = (html: string, id = 'c1'): RecordLine => ({ store: 'bodies', record: { id, html } });
const quote = (extra: Json = {}, id = 'q1'): RecordLine =>
  ({
    store: 'quotes',
    record: { id, clipId: 'c1', text: 'quoted', context: '', note: '', createdAt: T0, ...extra },
  }) as RecordLine;
const board = (extra: Json = {}): RecordLine =>
  ({
    store: 'boards',
    record: {
      id: 'b1',
      title: '比較',
      subjects: [
        { id: 's1', name: 'A' },
        { id: 's2', name: 'B' },
      ],
      aspects: [{ id: 'a1', name: '給与' }],
      cellNotes: {},
      order: 'a0',
      updatedAt: T0,
      ...extra,
    },
  }) as RecordLine;
const placement = (extra: Json = {}): RecordLine =>
  ({
    store: 'placements',
    record: { id: 'p1', boardId: 'b1', clipId: 'c1', order: 'a0', note: '', ...extra },
  }) as RecordLine;
const setting = (key: string, value: unknown): RecordLine => ({ store: 'settings', record: { key, value } });

/** Restores `lines` (with a header and an end line) into the seeded database. */
async function restore(lines: (RecordLine | string)[]) {
  return restoreFromStream(db, streamOf(backupFile(lines)), options);
}

/** Restores `lines` and expects them refused at `path` of line `line`, the database unchanged. */
async function expectRefused(lines: RecordLine[], line: number, path: string) {
  const before = await snapshot(db);
  const result = await restore(lines);
  expect(result).toMatchObject({ ok: false, code: 'invalidRecord' });
  if (result.ok) return;
  expect(result.problems[0]).toMatchObject({ code: 'invalidRecord', line, path });
  // An English message that says what is wrong.
  expect(result.problems[0]!.message).toMatch(/^[A-Z][\x20-\x7e]+$/);
  expect(await snapshot(db)).toEqual(before);
  expect(await countStaged(db)).toBe(0);
}

async function expectRestored(lines: RecordLine[]) {
  const result = await restore(lines);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
}

const chars = (n: number, unit = 'x') => unit.repeat(n);
/** n characters of which each is two UTF-16 units: a limit counts characters, not units. */
const wide = (n: number) => '😀'.repeat(n);
const urlOf = (length: number) => {
  const start = 'https://a.example/';
  return start + chars(length - start.length);
};
const names = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `n${i}`, name: `name ${i}` }));
const row = (n: number, note = 'x') =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`n${i}`, note]));

describe('dates (issue 12, item 2)', () => {
  it('refuses the clip of the report: clippedAt 1e16 (the export threw "Invalid time value")', async () => {
    await expectRefused([clip({ clippedAt: 1e16 }), body('')], 2, 'record.clippedAt');
  });

  it.each([
    ['clip createdAt', () => [clip({ createdAt: MIN_OWN_TIME - 1 })], 2, 'record.createdAt'],
    ['clip updatedAt', () => [clip({ updatedAt: MAX_OWN_TIME + 1 })], 2, 'record.updatedAt'],
    ['clip deletedAt', () => [clip({ deletedAt: 8.64e15 })], 2, 'record.deletedAt'],
    ['clip clippedAt, not whole', () => [clip({ clippedAt: T0 + 0.5 })], 2, 'record.clippedAt'],
    ['clip clippedAt, negative', () => [clip({ clippedAt: -1 })], 2, 'record.clippedAt'],
    ['quote createdAt', () => [clip(), quote({ createdAt: 0 })], 3, 'record.createdAt'],
    ['quote deletedAt', () => [clip(), quote({ deletedAt: 1e16 })], 3, 'record.deletedAt'],
    ['board updatedAt', () => [board({ updatedAt: 1 })], 2, 'record.updatedAt'],
    ['board archivedAt', () => [board({ archivedAt: 1e16 })], 2, 'record.archivedAt'],
    ['board deletedAt', () => [board({ deletedAt: -8.64e15 })], 2, 'record.deletedAt'],
    ['autoFileSince', () => [setting('autoFileSince', 1e16)], 2, 'record.value'],
  ] as const)('refuses a time of its own outside 2000–2200: %s', async (_, lines, line, path) => {
    await expectRefused(lines(), line, path);
  });

  it('accepts times at both bounds', async () => {
    await expectRestored([
      clip({ createdAt: MIN_OWN_TIME, clippedAt: MAX_OWN_TIME, updatedAt: MIN_OWN_TIME }),
      quote({ createdAt: MAX_OWN_TIME, deletedAt: MIN_OWN_TIME }),
      board({ updatedAt: MAX_OWN_TIME, archivedAt: MIN_OWN_TIME }),
      setting('autoFileSince', MAX_OWN_TIME),
    ]);
    expect(await db.get('clips', restoredId('c1'))).toMatchObject({ clippedAt: MAX_OWN_TIME });
  });

  it('accepts a page’s own date of any age, refuses one that is no date', async () => {
    await expectRestored([
      clip({ publishedTime: '1850-01-01', modifiedTime: '+275760-09-13T00:00:00Z' }),
      clip({ publishedTime: '', modifiedTime: '' }, 'c2'),
      // As long as a date may be (a browser skips the comment in parentheses).
      clip({ publishedTime: `Jan 1 2026 (${chars(LIMITS.pageDateLength - 13)})` }, 'c3'),
    ]);
    await expectRefused([clip({ publishedTime: 'someday' })], 2, 'record.publishedTime');
    await expectRefused([clip({ modifiedTime: '+275760-09-13T00:00:00.001Z' })], 2, 'record.modifiedTime');
    await expectRefused(
      [clip({ publishedTime: `Jan 1 2026 (${chars(LIMITS.pageDateLength - 12)})` })],
      2,
      'record.publishedTime',
    );
  });
});

describe('sizes (issue 12, item 3)', () => {
  it('refuses the clip of the report: 300,000 tags (a 2.9 MB file)', async () => {
    const tags = Array.from({ length: 300_000 }, (_, i) => `t${i}`);
    await expectRefused([clip({ tags })], 2, 'record.tags');
  });

  /** [what, lines at the limit, lines past it, the line and path of the problem]. */
  const cases: [string, () => RecordLine[], () => RecordLine[], number, string][] = [
    [
      'clip title',
      () => [clip({ title: wide(LIMITS.titleLength) })],
      () => [clip({ title: chars(LIMITS.titleLength + 1) })],
      2,
      'record.title',
    ],
    [
      'clip byline',
      () => [clip({ byline: chars(LIMITS.bylineLength) })],
      () => [clip({ byline: chars(LIMITS.bylineLength + 1) })],
      2,
      'record.byline',
    ],
    [
      'clip siteName',
      () => [clip({ siteName: chars(LIMITS.siteNameLength) })],
      () => [clip({ siteName: chars(LIMITS.siteNameLength + 1) })],
      2,
      'record.siteName',
    ],
    [
      'clip lang',
      () => [clip({ lang: chars(LIMITS.langLength) })],
      () => [clip({ lang: chars(LIMITS.langLength + 1) })],
      2,
      'record.lang',
    ],
    [
      'clip excerpt',
      () => [clip({ excerpt: chars(LIMITS.excerptLength) })],
      () => [clip({ excerpt: chars(LIMITS.excerptLength + 1) })],
      2,
      'record.excerpt',
    ],
    [
      'clip note',
      () => [clip({ note: wide(LIMITS.noteLength) })],
      () => [clip({ note: chars(LIMITS.noteLength + 1) })],
      2,
      'record.note',
    ],
    [
      'clip url',
      () => [clip({ url: urlOf(LIMITS.urlLength) })],
      () => [clip({ url: urlOf(LIMITS.urlLength + 1) })],
      2,
      'record.url',
    ],
    [
      'clip normalizedUrl',
      () => [clip({ normalizedUrl: urlOf(LIMITS.urlLength) })],
      () => [clip({ normalizedUrl: urlOf(LIMITS.urlLength + 1) })],
      2,
      'record.normalizedUrl',
    ],
    [
      'clip id',
      () => [clip({}, chars(LIMITS.idLength))],
      () => [clip({}, chars(LIMITS.idLength + 1))],
      2,
      'record.id',
    ],
    [
      'tags per clip',
      () => [clip({ tags: Array.from({ length: LIMITS.tagsPerClip }, (_, i) => `t${i}`) })],
      () => [clip({ tags: Array.from({ length: LIMITS.tagsPerClip + 1 }, (_, i) => `t${i}`) })],
      2,
      'record.tags',
    ],
    [
      'tag length',
      () => [clip({ tags: [wide(LIMITS.tagLength)] })],
      () => [clip({ tags: ['ok', chars(LIMITS.tagLength + 1)] })],
      2,
      'record.tags.1',
    ],
    [
      'chars',
      () => [clip({ chars: LIMITS.articleChars })],
      () => [clip({ chars: LIMITS.articleChars + 1 })],
      2,
      'record.chars',
    ],
    ['chars, negative', () => [clip({ chars: 0 })], () => [clip({ chars: -1 })], 2, 'record.chars'],
    [
      'readingMinutes',
      () => [clip({ readingMinutes: LIMITS.articleChars })],
      () => [clip({ readingMinutes: 1.5 })],
      2,
      'record.readingMinutes',
    ],
    [
      'quote text',
      () => [clip(), quote({ text: chars(LIMITS.quoteLength) })],
      () => [clip(), quote({ text: chars(LIMITS.quoteLength + 1) })],
      3,
      'record.text',
    ],
    [
      'quote context',
      () => [clip(), quote({ context: chars(LIMITS.quoteContextLength) })],
      () => [clip(), quote({ context: chars(LIMITS.quoteContextLength + 1) })],
      3,
      'record.context',
    ],
    [
      'quote note',
      () => [clip(), quote({ note: chars(LIMITS.noteLength) })],
      () => [clip(), quote({ note: chars(LIMITS.noteLength + 1) })],
      3,
      'record.note',
    ],
    [
      'board title',
      () => [board({ title: wide(LIMITS.nameLength) })],
      () => [board({ title: chars(LIMITS.nameLength + 1) })],
      2,
      'record.title',
    ],
    [
      'subjects per board',
      () => [board({ subjects: names(LIMITS.subjectsPerBoard) })],
      () => [board({ subjects: names(LIMITS.subjectsPerBoard + 1) })],
      2,
      'record.subjects',
    ],
    [
      'aspects per board',
      () => [board({ aspects: names(LIMITS.aspectsPerBoard) })],
      () => [board({ aspects: names(LIMITS.aspectsPerBoard + 1) })],
      2,
      'record.aspects',
    ],
    [
      'subject name',
      () => [board({ subjects: [{ id: 's', name: chars(LIMITS.nameLength) }] })],
      () => [board({ subjects: [{ id: 's', name: chars(LIMITS.nameLength + 1) }] })],
      2,
      'record.subjects.0.name',
    ],
    [
      'rows of the table',
      () => [
        board({ cellNotes: Object.fromEntries(names(LIMITS.aspectsPerBoard).map(({ id }) => [id, {}])) }),
      ],
      () => [
        board({ cellNotes: Object.fromEntries(names(LIMITS.aspectsPerBoard + 1).map(({ id }) => [id, {}])) }),
      ],
      2,
      'record.cellNotes',
    ],
    [
      'cells of a row',
      () => [board({ cellNotes: { a1: row(LIMITS.subjectsPerBoard) } })],
      () => [board({ cellNotes: { a1: row(LIMITS.subjectsPerBoard + 1) } })],
      2,
      'record.cellNotes.a1',
    ],
    [
      'cell note',
      () => [board({ cellNotes: { a1: { s1: chars(LIMITS.noteLength) } } })],
      () => [board({ cellNotes: { a1: { s1: chars(LIMITS.noteLength + 1) } } })],
      2,
      'record.cellNotes.a1.s1',
    ],
    [
      'board order',
      () => [board({ order: chars(LIMITS.orderKeyLength) })],
      () => [board({ order: chars(LIMITS.orderKeyLength + 1) })],
      2,
      'record.order',
    ],
    [
      'placement order',
      () => [clip(), board(), placement({ order: chars(LIMITS.orderKeyLength) })],
      () => [clip(), board(), placement({ order: chars(LIMITS.orderKeyLength + 1) })],
      4,
      'record.order',
    ],
    [
      'placement note',
      () => [clip(), board(), placement({ note: chars(LIMITS.noteLength) })],
      () => [clip(), board(), placement({ note: chars(LIMITS.noteLength + 1) })],
      4,
      'record.note',
    ],
    [
      'placement aspectId',
      () => [clip(), board(), placement({ aspectId: chars(LIMITS.idLength) })],
      () => [clip(), board(), placement({ aspectId: chars(LIMITS.idLength + 1) })],
      4,
      'record.aspectId',
    ],
  ];

  it.each(cases)('%s: accepted at the limit, refused past it', async (_, atLimit, pastLimit, line, path) => {
    await expectRefused(pastLimit(), line, path);
    await expectRestored(atLimit());
  });

  it('an article’s HTML: accepted at its limit, refused past it', () => {
    // The schema alone: a file of 30 million characters would only make this test slow, and the
    // reader reports a schema's issue as every case above shows.
    expect(v.safeParse(BodySchema, { id: 'c1', html: chars(LIMITS.articleHtmlLength) }).success).toBe(true);
    const past = v.safeParse(BodySchema, { id: 'c1', html: chars(LIMITS.articleHtmlLength + 1) });
    expect(past.success).toBe(false);
    expect(past.issues && v.getDotPath(past.issues[0]!)).toBe('html');
  });

  it('quotes per clip are counted across the file', async () => {
    const quotes = (n: number) => Array.from({ length: n }, (_, i) => quote({ text: `q${i}` }, `q${i}`));
    await expectRefused(
      [clip(), ...quotes(LIMITS.quotesPerClip + 1)],
      2 + LIMITS.quotesPerClip + 1,
      'record.clipId',
    );
    await expectRestored([clip(), ...quotes(LIMITS.quotesPerClip)]);
    expect(await db.countFromIndex('quotes', 'clipId', restoredId('c1'))).toBe(LIMITS.quotesPerClip);
  });

  it('quotes per clip are counted with the ones the database has', async () => {
    const quotes = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => quote({ text: `q${from + i}`, clipId: 'kept' }, `q${from + i}`));
    await expectRestored(quotes(0, LIMITS.quotesPerClip - 1));
    // One more fits, the same ones again are kept, not added: the clip still has room for one.
    await expectRestored(quotes(0, LIMITS.quotesPerClip - 1));
    await expectRefused(quotes(LIMITS.quotesPerClip, 2), 3, 'record.clipId');
    await expectRestored(quotes(LIMITS.quotesPerClip, 1));
    expect(await db.countFromIndex('quotes', 'clipId', 'kept')).toBe(LIMITS.quotesPerClip);
  });
});

describe('addresses (gap: a javascript: source link)', () => {
  it.each([
    ['url', 'javascript:alert(1)'],
    ['url', 'data:text/html,<script>alert(1)</script>'],
    ['url', 'JAVASCRIPT:alert(1)'],
    ['url', 'vbscript:x'],
    ['url', '/relative/path'],
    ['url', ''],
    ['normalizedUrl', 'javascript:alert(1)//https://a.example/'],
    ['normalizedUrl', 'file:///etc/passwd'],
  ])('refuses a clip whose %s is %s', async (field, value) => {
    await expectRefused([clip({ [field]: value })], 2, `record.${field}`);
  });

  it('refuses the crafted fixture javascript-url.jsonl', async () => {
    const before = await snapshot(db);
    const result = await restoreFromStream(db, streamOf(fixtureBytes('javascript-url.jsonl')), options);
    expect(result).toMatchObject({
      ok: false,
      problems: [{ code: 'invalidRecord', line: 2, path: 'record.url' }],
    });
    expect(await snapshot(db)).toEqual(before);
  });

  it('accepts http and https addresses', async () => {
    await expectRestored([clip({ url: 'HTTP://A.example/x?y#z', normalizedUrl: 'https://a.example/x' })]);
  });
});

describe('settings (issue 12, item 5: a backup carries no transient state)', () => {
  it('restores an old backup with an event, a clip under way and an unknown key, dropping them', async () => {
    const before = await snapshot(db);
    const result = await restoreFromStream(db, streamOf(fixtureBytes('transient-settings.jsonl')), options);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.summary.settings).toEqual({ added: 1, updated: 0, kept: 0 });
    expect(await db.getAllKeys('settings')).toEqual([
      ...before.settings!.map(([key]) => key),
      'exportOptions:b-sales',
    ]);
    expect(await db.get('settings', 'lastClipEvent')).toBeUndefined();
  });

  it('refuses a library setting whose value its schema refuses', async () => {
    await expectRefused(
      [setting('exportOptions:b1', { quoteStyle: 'marquee' })],
      2,
      'record.value.quoteStyle',
    );
    await expectRefused([setting('autoFileSince', 'yesterday')], 2, 'record.value');
  });

  it('drops transient and unknown keys whatever their value, without failing', async () => {
    await expectRestored([
      setting('lastClipEvent', { type: 'clip-failed', reason: 'storageFull', at: 8.64e15 }),
      setting('clipInProgress:12', { tabId: 12, at: 1e16 }),
      setting('somethingNew', { huge: chars(200_000) }),
      setting('exportOptions:', { summary: false }),
      setting('lastClipEvent', 'twice is no duplicate: dropped lines are not kept'),
    ]);
    expect(await db.getAllKeys('settings')).toEqual([]);
  });

  it('refuses a key longer than any key Kurabe writes', async () => {
    await expectRefused([setting(`exportOptions:${chars(LIMITS.idLength + 1)}`, {})], 2, 'record.key');
  });
});

describe('what Kurabe stores stays within the limits (a page or a paste never makes a backup unrestorable)', () => {
  it('a hostile page: every field past its limit is cut, and its backup restores', async () => {
    const long = chars(LIMITS.urlLength);
    await saveClip(
      db,
      makePage({
        url: `https://h.example/a?q=${long}`,
        originalUrl: `https://h.example/a?q=${long}#x`,
        title: wide(LIMITS.titleLength + 1),
        byline: chars(LIMITS.bylineLength * 2),
        siteName: chars(LIMITS.siteNameLength * 2),
        lang: chars(LIMITS.langLength * 2),
        publishedTime: `Jan 1 2026 (${chars(200)})`,
        excerpt: chars(LIMITS.excerptLength * 2),
      }),
      {
        clipId: () => 'hostile',
        now: T0,
        quotes: [{ text: chars(LIMITS.quoteLength + 5), context: chars(LIMITS.quoteContextLength + 5) }],
      },
    );
    const stored = (await db.get('clips', 'hostile'))!;
    expect(stored).toMatchObject({
      url: 'https://h.example/a',
      normalizedUrl: 'https://h.example/a',
      publishedTime: '',
    });
    // Cut at the limit in UTF-16 units (so within it in characters), never inside a character.
    expect(stored.title).toBe(wide(LIMITS.titleLength / 2));
    let text = '';
    await writeBackup(db, (part) => {
      text += part;
    });
    const other = await openKurabeDB(new IDBFactory());
    const result = await restoreFromStream(other, streamOf(encode(text)), options);
    expect(result).toMatchObject({ ok: true });
    other.close();
  });

  it('data stored before the limits (or restored from a crafted file before they were checked) backs up into a file that restores', async () => {
    const poisoned = {
      ...makeClip('old', 'x'.repeat(LIMITS.titleLength + 5), '', { normalizedUrl: 'https://old.example/' }),
      note: 'n'.repeat(LIMITS.noteLength + 1),
      tags: Array.from({ length: 300 }, (_, i) => `${'t'.repeat(LIMITS.tagLength)}${i}`),
      publishedTime: 'not a date',
      chars: -3,
      readingMinutes: 2.5,
      createdAt: 5,
      clippedAt: 1e16,
      updatedAt: T0,
    };
    await db.put('clips', poisoned);
    await db.put('bodies', { id: 'old', html: '<p>old</p>', text: 'old' });
    await db.put('quotes', {
      id: 'oq',
      clipId: 'old',
      text: 'q',
      context: '',
      note: '',
      noteKind: 'article',
      createdAt: 8.64e15,
    });
    await db.put('boards', {
      id: 'ob',
      title: '比較'.repeat(LIMITS.nameLength),
      subjects: Array.from({ length: LIMITS.subjectsPerBoard + 3 }, (_, i) => ({
        id: `s${i}`,
        name: `s${i}`,
      })),
      aspects: [{ id: 'a', name: 'a' }],
      cellNotes: { a: { s0: 'c'.repeat(LIMITS.noteLength + 1) } },
      order: 'o'.repeat(LIMITS.orderKeyLength + 1),
      updatedAt: -1,
    });
    await db.put('placements', {
      id: 'op',
      boardId: 'ob',
      clipId: 'old',
      order: 'a',
      note: 'p'.repeat(LIMITS.noteLength + 9),
      noteKind: 'article',
    });
    let text = '';
    await writeBackup(db, (part) => {
      text += part;
    });
    const other = await openKurabeDB(new IDBFactory());
    const result = await restoreFromStream(other, streamOf(encode(text)), options);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    // Restored under its page's id (a restore re-keys an old id), its quote and placement with it.
    const old = clipIdForUrl('https://old.example/');
    expect(await other.get('clips', old)).toMatchObject({
      title: 'x'.repeat(LIMITS.titleLength),
      publishedTime: '',
      chars: 0,
      readingMinutes: 3,
      createdAt: MIN_OWN_TIME,
      clippedAt: MAX_OWN_TIME,
      updatedAt: T0,
    });
    expect((await other.get('clips', old))?.tags).toHaveLength(LIMITS.tagsPerClip);
    expect((await other.get('quotes', 'oq'))?.clipId).toBe(old);
    expect((await other.get('placements', 'op'))?.clipId).toBe(old);
    expect((await other.get('quotes', 'oq'))?.createdAt).toBe(MAX_OWN_TIME);
    expect((await other.get('boards', 'ob'))?.subjects).toHaveLength(LIMITS.subjectsPerBoard);
    expect((await other.get('placements', 'op'))?.note).toHaveLength(LIMITS.noteLength);
    // The kept clip, within every limit, is written as it is (under its page's id).
    const kept = clipIdForUrl('https://a.example/kept');
    expect(await other.get('clips', kept)).toEqual({ ...(await db.get('clips', 'kept')), id: kept });
    other.close();
  });

  it('a clip takes no quote past LIMITS.quotesPerClip', async () => {
    for (let i = 0; i < LIMITS.quotesPerClip + 1; i += 500) {
      const quotes = Array.from({ length: 500 }, (_, j) => ({ text: `q${i + j}`, context: '' }));
      await saveClip(db, makePage({ url: 'https://a.example/many' }), {
        newId: () => `id${i}-${Math.random()}`,
        quotes,
      });
    }
    const clipId = (await db.getFromIndex('clips', 'normalizedUrl', 'https://a.example/many'))!.id;
    expect(await db.countFromIndex('quotes', 'clipId', clipId)).toBe(LIMITS.quotesPerClip);
  });
});
