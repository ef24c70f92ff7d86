// @vitest-environment jsdom
import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { deriveBodyFromHtml } from '@/utils/backup';
import type { RecordLine } from '@/utils/backup/format';
import { restoreFromStream } from '@/utils/backup/restore';
import { countStaged } from '@/utils/backup/staging';
import {
  type Board,
  getBody,
  getSetting,
  type KurabeDatabase,
  listBoards,
  listClips,
  listInboxPage,
  listPlacements,
  listQuotes,
  listTrashedBoards,
  openKurabeDB,
  saveClip,
} from '@/utils/db';
import { LIMITS, MAX_OWN_TIME, MIN_OWN_TIME } from '@/utils/limits';
import { clipsAsMarkdownFiles } from '@/utils/markdown-files';
import { renderOutline } from '@/utils/outline';
import { outlineHtml } from '@/utils/outline-preview';
import { runOutline } from '../../scripts/outline';
import { backupFile, snapshot, streamOf, T0 } from '../helpers/backup';
import { makePage } from '../helpers/pages';

/**
 * Backups that are valid but extreme: times at the bounds of 2000–2200, a page's dates of any age,
 * every string empty, odd (lone surrogates, bidi marks, combining and astral characters, Markdown
 * and HTML syntax) or exactly at its limit, lists at their limit. Some have one value pushed past
 * a limit. The property: past a limit the restore refuses with `invalidRecord` and the database
 * is unchanged; otherwise it restores, and then every board's outline renders (the export view,
 * its preview, the outline command line), the Markdown folder export works, and the panel's data
 * loading (db.ts list functions) works. KURABE_EXTREME_RUNS for more runs.
 */

const RUNS = Number(process.env.KURABE_EXTREME_RUNS ?? 30);

type Json = Record<string, unknown>;
interface Library {
  settings: Json[];
  boards: Json[];
  clips: Json[];
  bodies: Json[];
  quotes: Json[];
  placements: Json[];
}

// --- values --------------------------------------------------------------------------------

const ODD = [
  '',
  ' ',
  '\u0000',
  '\uFEFF',
  '\u202E',
  'e\u0301',
  '𠮷野家',
  '👩‍👩‍👧',
  '\uD800',
  '\uDC00x',
  '<script>alert(1)</script>',
  '| a | b |',
  '\n# heading\n',
  '[^1]: x',
  '> quote',
  '`code`',
  '\\',
  '"\'',
  '比較\u3000記事',
  'mailto:a@b.example',
];

/** A string within `limit` characters: empty, odd, arbitrary, or exactly at the limit. */
function text(limit: number, { rarelyFull = true } = {}): fc.Arbitrary<string> {
  const full = fc
    // Exactly `limit` characters: of one UTF-16 unit, of two (astral), or combining marks alone.
    .constantFrom('x', 'あ', '😀', '\u0301')
    .map((c) => c.repeat(limit));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ODD.filter((s) => [...s].length <= limit)) },
    { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: Math.min(limit, 12) }) },
    { weight: rarelyFull ? 1 : 3, arbitrary: full },
  );
}

const ownTime = fc.oneof(
  fc.constantFrom(MIN_OWN_TIME, MAX_OWN_TIME),
  fc.integer({ min: MIN_OWN_TIME, max: MAX_OWN_TIME }),
);
const pageDate = fc.constantFrom(
  '',
  '1850-01-01',
  '0001-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  '2026-11-20T23:10:00+09:00',
  `Jan 1 2026 (${'x'.repeat(LIMITS.pageDateLength - 13)})`,
);
const webUrl = (n: number) =>
  fc.oneof(
    fc.constantFrom(
      `https://a.example/${n}`,
      `HTTP://A.EXAMPLE:8080/${n}?q=😀#frag`,
      `https://例え.jp/パス/${n}`,
      `http://[::1]/${n}`,
    ),
    fc
      .constant(`https://a.example/${n}/`)
      .map((start) => start + 'x'.repeat(LIMITS.urlLength - start.length)),
  );
const count = fc.oneof(fc.constantFrom(0, 1, LIMITS.articleChars), fc.nat({ max: 100_000 }));
const names = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, name: `${prefix} ${i}` }));
const listOf = <T>(item: fc.Arbitrary<T>, limit: number) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.array(item, { maxLength: 3 }) },
    { weight: 1, arbitrary: item.map((one) => Array.from({ length: limit }, () => one)) },
  );

// --- a library -----------------------------------------------------------------------------

const boardArb = (i: number) =>
  fc
    .record({
      title: text(LIMITS.nameLength),
      subjectCount: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(2, 3) },
        { weight: 1, arbitrary: fc.constant(LIMITS.subjectsPerBoard) },
      ),
      aspectCount: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(0, 1, 2) },
        { weight: 1, arbitrary: fc.constant(LIMITS.aspectsPerBoard) },
      ),
      cell: text(LIMITS.noteLength),
      fullTable: fc.boolean(),
      order: text(LIMITS.orderKeyLength),
      updatedAt: ownTime,
      archivedAt: fc.option(ownTime, { nil: undefined }),
      deletedAt: fc.option(ownTime, { nil: undefined, freq: 4 }),
    })
    .map(({ subjectCount, aspectCount, cell, fullTable, ...rest }) => {
      const subjects = names(subjectCount, `b${i}s`);
      const aspects = names(aspectCount, `b${i}a`);
      // Every cell of the table (aspects × subjects: the most a table has), each short, or one
      // cell with any note.
      const cellNotes = fullTable
        ? Object.fromEntries(aspects.map((a) => [a.id, Object.fromEntries(subjects.map((s) => [s.id, 'x']))]))
        : Object.fromEntries(aspects.slice(0, 1).map((a) => [a.id, { [subjects[0]!.id]: cell }]));
      const board: Json = { id: `b${i}`, subjects, aspects, cellNotes, ...rest };
      for (const key of ['archivedAt', 'deletedAt']) if (board[key] === undefined) delete board[key];
      return board;
    });

const clipArb = (i: number) =>
  fc
    .record({
      normalizedUrl: webUrl(i),
      url: webUrl(i),
      title: text(LIMITS.titleLength),
      byline: text(LIMITS.bylineLength),
      siteName: text(LIMITS.siteNameLength),
      lang: text(LIMITS.langLength),
      publishedTime: pageDate,
      modifiedTime: fc.option(pageDate, { nil: undefined }),
      excerpt: text(LIMITS.excerptLength),
      chars: count,
      readingMinutes: count,
      kind: fc.constantFrom('article', 'bookmark'),
      note: text(LIMITS.noteLength),
      tags: listOf(text(LIMITS.tagLength), LIMITS.tagsPerClip),
      createdAt: ownTime,
      clippedAt: ownTime,
      updatedAt: ownTime,
      deletedAt: fc.option(ownTime, { nil: undefined, freq: 4 }),
      html: fc.constantFrom(
        '',
        '<p>本文</p>',
        '<pre>\ncode</pre><p>x</p>',
        '<h2>見出し</h2><ul><li>一</li></ul>',
      ),
    })
    .map(({ html, ...clip }) => {
      const record: Json = { id: `c${i}`, ...clip };
      for (const key of ['modifiedTime', 'deletedAt']) if (record[key] === undefined) delete record[key];
      return { clip: record, body: { id: `c${i}`, html } };
    });

const quoteArb = (i: number, clips: number) =>
  fc
    .record({
      clip: fc.nat({ max: clips - 1 }),
      text: text(LIMITS.quoteLength),
      context: text(LIMITS.quoteContextLength),
      note: text(LIMITS.noteLength),
      createdAt: ownTime,
      deletedAt: fc.option(ownTime, { nil: undefined, freq: 4 }),
    })
    .map(({ clip, deletedAt, ...rest }) => ({
      id: `q${i}`,
      clipId: `c${clip}`,
      ...rest,
      ...(deletedAt !== undefined && { deletedAt }),
    }));

const libraryArb: fc.Arbitrary<Library> = fc
  .record({
    boards: fc.integer({ min: 1, max: 2 }),
    clips: fc.integer({ min: 1, max: 3 }),
    quotes: fc.integer({ min: 1, max: 3 }),
  })
  .chain(({ boards, clips, quotes }) =>
    fc.record({
      boards: fc.tuple(...Array.from({ length: boards }, (_, i) => boardArb(i))),
      clips: fc.tuple(...Array.from({ length: clips }, (_, i) => clipArb(i))),
      quotes: fc.tuple(...Array.from({ length: quotes }, (_, i) => quoteArb(i, clips))),
      placementNote: text(LIMITS.noteLength),
      placementOrder: text(LIMITS.orderKeyLength),
      exportOptions: fc.record(
        {
          titleSeparate: fc.boolean(),
          quoteStyle: fc.constantFrom('blockquote', 'bullet'),
          summary: fc.boolean(),
          references: fc.constantFrom('footnotes', 'inline'),
        },
        { requiredKeys: [] },
      ),
      autoFileSince: fc.option(ownTime, { nil: null }),
    }),
  )
  .map(({ boards, clips, quotes, placementNote, placementOrder, exportOptions, autoFileSince }) => {
    const placements: Json[] = [];
    boards.forEach((board, b) => {
      const aspects = board.aspects as { id: string }[];
      const subjects = board.subjects as { id: string }[];
      clips.forEach(({ clip }, c) => {
        placements.push({
          id: `p${b}-${c}`,
          boardId: board.id,
          clipId: clip.id,
          ...(aspects[c % Math.max(1, aspects.length)] && { aspectId: aspects[c % aspects.length]!.id }),
          ...(c % 2 === 0 && { subjectId: subjects[0]!.id }),
          order: placementOrder,
          note: placementNote,
        });
      });
      quotes.forEach((quote, q) => {
        placements.push({
          id: `pq${b}-${q}`,
          boardId: board.id,
          clipId: quote.clipId,
          quoteId: quote.id,
          order: `${q}`,
          note: '',
        });
      });
    });
    return {
      settings: [
        { key: 'exportOptions:b0', value: exportOptions },
        { key: 'autoFileSince', value: autoFileSince },
        // Transient state of an older backup: dropped, never refused.
        {
          key: 'lastClipEvent',
          value: { type: 'clip-failed', reason: 'storageFull', detail: '', at: 8.64e15 },
        },
      ],
      boards,
      clips: clips.map(({ clip }) => clip),
      bodies: clips.map(({ body }) => body),
      quotes,
      placements,
    };
  });

// --- one value past a limit ----------------------------------------------------------------

const past = (limit: number) => 'y'.repeat(limit + 1);
/**
 * Each pushes one value of a library past a limit (or outside what the schema allows): the
 * store, the record's index, the field and the value.
 */
const VIOLATIONS: Record<string, [keyof Library, number, string, unknown]> = {
  'clip title': ['clips', 0, 'title', past(LIMITS.titleLength)],
  'clip byline': ['clips', 0, 'byline', past(LIMITS.bylineLength)],
  'clip siteName': ['clips', 0, 'siteName', past(LIMITS.siteNameLength)],
  'clip lang': ['clips', 0, 'lang', past(LIMITS.langLength)],
  'clip excerpt': ['clips', 0, 'excerpt', past(LIMITS.excerptLength)],
  'clip note': ['clips', 0, 'note', past(LIMITS.noteLength)],
  'clip url length': ['clips', 0, 'url', `https://a.example/${past(LIMITS.urlLength)}`],
  'clip url scheme': ['clips', 0, 'url', 'javascript:alert(document.domain)'],
  'clip normalizedUrl scheme': ['clips', 0, 'normalizedUrl', 'data:text/html,<b>x</b>'],
  'tags per clip': ['clips', 0, 'tags', Array.from({ length: LIMITS.tagsPerClip + 1 }, (_, i) => `t${i}`)],
  'tag length': ['clips', 0, 'tags', [past(LIMITS.tagLength)]],
  'clippedAt 1e16': ['clips', 0, 'clippedAt', 1e16],
  'createdAt before 2000': ['clips', 0, 'createdAt', MIN_OWN_TIME - 1],
  'updatedAt after 2200': ['clips', 0, 'updatedAt', MAX_OWN_TIME + 1],
  'clippedAt not whole': ['clips', 0, 'clippedAt', T0 + 0.25],
  'publishedTime no date': ['clips', 0, 'publishedTime', 'yesterday-ish'],
  'modifiedTime too long': ['clips', 0, 'modifiedTime', `Jan 1 2026 (${'x'.repeat(LIMITS.pageDateLength)})`],
  'chars negative': ['clips', 0, 'chars', -1],
  'readingMinutes too large': ['clips', 0, 'readingMinutes', LIMITS.articleChars + 1],
  'quote text': ['quotes', 0, 'text', past(LIMITS.quoteLength)],
  'quote context': ['quotes', 0, 'context', past(LIMITS.quoteContextLength)],
  'quote createdAt': ['quotes', 0, 'createdAt', 8.64e15],
  'board title': ['boards', 0, 'title', past(LIMITS.nameLength)],
  'subjects per board': ['boards', 0, 'subjects', names(LIMITS.subjectsPerBoard + 1, 'x')],
  'aspects per board': ['boards', 0, 'aspects', names(LIMITS.aspectsPerBoard + 1, 'x')],
  'rows of a table': [
    'boards',
    0,
    'cellNotes',
    Object.fromEntries(names(LIMITS.aspectsPerBoard + 1, 'r').map(({ id }) => [id, {}])),
  ],
  'cell note': ['boards', 0, 'cellNotes', { a: { s: past(LIMITS.noteLength) } }],
  'board archivedAt': ['boards', 0, 'archivedAt', -1],
  'board order': ['boards', 0, 'order', past(LIMITS.orderKeyLength)],
  'placement note': ['placements', 0, 'note', past(LIMITS.noteLength)],
  'placement order': ['placements', 0, 'order', past(LIMITS.orderKeyLength)],
  autoFileSince: ['settings', 1, 'value', MAX_OWN_TIME + 1],
  'export options': ['settings', 0, 'value', { references: 'endnotes' }],
};

function linesOf(library: Library): RecordLine[] {
  const lines: Json[] = [];
  for (const store of ['settings', 'boards', 'clips', 'bodies', 'quotes', 'placements'] as const)
    for (const record of library[store]) lines.push({ store, record });
  return lines as unknown as RecordLine[];
}

// --- what must work after a restore --------------------------------------------------------

async function expectEverythingWorks(db: KurabeDatabase, file: Uint8Array): Promise<void> {
  const { inbox, trash } = await listClips(db);
  await listInboxPage(db, 50);
  const boards: Board[] = [...(await listBoards(db)), ...(await listTrashedBoards(db))];
  expect(boards.length).toBeGreaterThan(0);
  const clips = [...inbox, ...trash];
  const quotes = (await Promise.all(clips.map((c) => listQuotes(db, c.id)))).flat();
  const bodies = new Map(await Promise.all(clips.map(async (c) => [c.id, await getBody(db, c.id)] as const)));
  await getSetting(db, 'exportOptions:b0');
  const placementsAll = [];
  for (const board of boards) {
    const placements = await listPlacements(db, board.id);
    placementsAll.push(...placements);
    for (const options of [
      { locale: 'ja' as const, references: 'footnotes' as const, timeZone: 'Asia/Tokyo' },
      {
        locale: 'en' as const,
        references: 'inline' as const,
        quoteStyle: 'bullet' as const,
        titleSeparate: true,
      },
    ]) {
      const markdown = renderOutline({ board, placements, clips, quotes }, options);
      expect(typeof markdown).toBe('string');
      // The export view's preview of it (once: DOMPurify on jsdom is slow).
      if (options.locale === 'ja') outlineHtml(markdown, window);
    }
    // The command line on the same file.
    const run = await runOutline(['backup.jsonl', '--board', board.id, '--time-zone', 'UTC'], () =>
      streamOf(file),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  }
  const list = await runOutline(['backup.jsonl', '--list'], () => streamOf(file));
  expect(list.code).toBe(0);
  // The Markdown folder export.
  clipsAsMarkdownFiles(
    clips,
    bodies,
    quotes,
    boards,
    placementsAll,
    { note: 'メモ', quotes: '引用' },
    new Set(),
    document,
  );
}

it(`restores valid extreme backups and refuses any value past a limit (${RUNS} runs)`, async () => {
  const outcomes = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(
      libraryArb,
      fc.option(fc.constantFrom(...Object.keys(VIOLATIONS)), { nil: undefined, freq: 2 }),
      async (library, violation) => {
        if (violation) {
          const [store, index, field, value] = VIOLATIONS[violation]!;
          library[store][index]![field] = value;
        }
        const file = backupFile(linesOf(library));
        const db = await openKurabeDB(new IDBFactory());
        try {
          await saveClip(db, makePage({ url: 'https://kept.example/' }), { newId: () => 'kept', now: T0 });
          const before = await snapshot(db);
          const result = await restoreFromStream(db, streamOf(file), { deriveBody: deriveBodyFromHtml });
          const outcome = result.ok ? 'restored' : `refused (${violation ? 'past a limit' : 'valid!'})`;
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          expect(await countStaged(db)).toBe(0);
          if (violation) {
            expect(result, violation).toMatchObject({ ok: false, code: 'invalidRecord' });
            expect(await snapshot(db)).toEqual(before);
          } else {
            if (!result.ok) throw new Error(JSON.stringify(result.problems));
            await expectEverythingWorks(db, file);
          }
        } finally {
          db.close();
        }
      },
    ),
    { numRuns: RUNS },
  );
  console.log('extreme backups:', Object.fromEntries(outcomes));
  expect(outcomes.get('restored') ?? 0).toBeGreaterThan(0);
}, 120_000);
