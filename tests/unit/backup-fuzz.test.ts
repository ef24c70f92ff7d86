import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { BACKUP_PROBLEM_CODES, BACKUP_STORES, MAX_PROBLEMS } from '@/utils/backup/format';
import { readBackup } from '@/utils/backup/read';
import { type RestoreResult, restoreBackup, restoreFromStream } from '@/utils/backup/restore';
import { countStaged } from '@/utils/backup/staging';
import { writeBackup } from '@/utils/backup/write';
import { type KurabeDatabase, openKurabeDB } from '@/utils/db';
import { encode, type Library, plainDerive, seedLibrary, snapshot, streamOf, T0 } from '../helpers/backup';
import { makeClip } from '../helpers/pages';

/**
 * Corrupted backups, restored into a database that shares some records with them: whatever the
 * damage, restore returns a result (never throws), writes nothing unless it says ok, and what it
 * writes is a consistent merge. The restore is the side panel's (restoreFromStream: bodies staged
 * in batches of 1 to 5); it must agree with the reader and the restore from memory, and leave the
 * staging store empty.
 */

const RUNS = Number(process.env.KURABE_BACKUP_FUZZ_RUNS ?? 1000);

const board = (id: string, updatedAt: number, extra = {}) => ({
  id,
  title: `Board ${id}`,
  subjects: [{ id: `${id}-s`, name: '主題' }],
  aspects: [{ id: `${id}-a`, name: '観点' }],
  cellNotes: { [`${id}-a`]: { [`${id}-s`]: 'メモ' } },
  order: id,
  updatedAt,
  ...extra,
});
const url = (name: string) => `https://example.com/${name}`;
/** A clip with times Kurabe could have set (makeClip's are 0). */
const clip = (...[id, title, lead, extra]: Parameters<typeof makeClip>) =>
  makeClip(id, title, lead, { createdAt: T0, clippedAt: T0, updatedAt: T0, ...extra });

/** About 20 records: the backup every case corrupts. */
const source: Library = {
  settings: [
    { key: 'exportOptions:b1', value: { quoteStyle: 'bullet', summary: false } },
    { key: 'autoFileSince', value: T0 + 1 },
  ],
  boards: [board('b1', T0 + 10), board('b2', T0 + 10, { deletedAt: T0 + 20 })],
  clips: [
    clip('c1', '比較記事', 'lead', { normalizedUrl: url('a'), updatedAt: T0 + 50, createdAt: T0 + 40 }),
    clip('c2', 'Bookmark', '', { normalizedUrl: url('b'), kind: 'bookmark', deletedAt: T0 + 60 }),
    clip('c3', '三つ目', 'lead', {
      normalizedUrl: url('c'),
      note: 'メモ',
      tags: ['営業'],
      updatedAt: T0 + 5,
    }),
    clip('c4', 'Fourth', 'lead', { normalizedUrl: url('d'), modifiedTime: '2026-01-01' }),
  ],
  bodies: [
    { id: 'c1', html: '<p>営業の&lt;比較&gt;</p>', text: '', markdown: '' },
    { id: 'c2', html: '', text: '', markdown: '' },
    { id: 'c3', html: '<h2>見出し</h2><p>本文</p>', text: '', markdown: '' },
    { id: 'c4', html: '<p>English body</p>', text: '', markdown: '' },
  ],
  quotes: [
    {
      id: 'q1',
      clipId: 'c1',
      text: '営業の比較',
      context: '…',
      note: '',
      noteKind: 'article',
      createdAt: T0 + 1,
    },
    {
      id: 'q2',
      clipId: 'c3',
      text: '本文',
      context: '',
      note: 'なるほど',
      noteKind: 'article',
      createdAt: T0 + 2,
    },
    {
      id: 'q3',
      clipId: 'c3',
      text: '見出し',
      context: '',
      note: '',
      noteKind: 'article',
      createdAt: T0 + 3,
      deletedAt: T0 + 4,
    },
  ],
  placements: [
    { id: 'p1', boardId: 'b1', clipId: 'c1', aspectId: 'b1-a', order: 'a', note: '', noteKind: 'article' },
    { id: 'p2', boardId: 'b1', clipId: 'c3', quoteId: 'q2', order: 'b', note: 'メモ', noteKind: 'article' },
    { id: 'p3', boardId: 'b2', clipId: 'c4', order: 'a', note: '', noteKind: 'article' },
    {
      id: 'p4',
      boardId: 'b1',
      clipId: 'c1',
      quoteId: 'q1',
      subjectId: 'b1-s',
      order: 'c',
      note: '',
      noteKind: 'article',
    },
  ],
};

/** The database restored into: the same page under another id, a newer clip and board, others. */
const target: Library = {
  settings: [{ key: 'language', value: 'ja' }],
  boards: [board('b1', T0 + 99)],
  clips: [
    clip('mine-a', 'Mine', 'lead', { normalizedUrl: url('a'), updatedAt: T0 + 10, createdAt: T0 + 10 }),
    clip('c3', '三つ目 (edited here)', 'lead', { normalizedUrl: url('c'), updatedAt: T0 + 500 }),
    clip('c9', 'Only here', 'lead', { normalizedUrl: url('z') }),
  ],
  bodies: [{ id: 'mine-a', html: '<p>mine</p>', text: 'mine', markdown: 'mine' }],
  quotes: [
    {
      id: 'mq',
      clipId: 'mine-a',
      text: '営業の比較',
      context: '',
      note: '',
      noteKind: 'article',
      createdAt: T0 + 1,
    },
  ],
  placements: [{ id: 'mp', boardId: 'b1', clipId: 'c9', order: 'z', note: '', noteKind: 'article' }],
};

/** Ids and URLs of the source and the target, which a 'reid' corruption swaps in. */
const SHARED_KEYS = [
  'c1',
  'c2',
  'c3',
  'c9',
  'mine-a',
  'b1',
  'b2',
  'q1',
  'q3',
  'mq',
  'p1',
  'mp',
  url('a'),
  url('z'),
];
const KEY_FIELDS = ['id', 'clipId', 'boardId', 'quoteId', 'normalizedUrl', 'key'];

let baseLines: string[];

beforeAll(async () => {
  const db = await openKurabeDB(new IDBFactory());
  await seedLibrary(db, source);
  const parts: string[] = [];
  await writeBackup(db, (text) => parts.push(text), { now: new Date(0) });
  db.close();
  baseLines = parts.join('').trimEnd().split('\n');
  expect(baseLines).toHaveLength(2 + 19);
});

// --- corruptions ---------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Corruption =
  | { kind: 'truncate'; at: number }
  | { kind: 'retype'; line: number; field: number; value: Json }
  | { kind: 'remove'; line: number; field: number }
  | { kind: 'duplicateField'; line: number; field: number; value: Json; wins: boolean }
  | { kind: 'duplicateLine'; line: number; to: number }
  | { kind: 'reid'; line: number; field: number; to: string }
  | { kind: 'dropLine'; line: number }
  | { kind: 'garbage'; at: number; text: string };

const json = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('retype' as const), line: fc.nat(), field: fc.nat(), value: json }),
  fc.record({ kind: fc.constant('remove' as const), line: fc.nat(), field: fc.nat() }),
  fc.record({
    kind: fc.constant('duplicateField' as const),
    line: fc.nat(),
    field: fc.nat(),
    value: json,
    wins: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('duplicateLine' as const), line: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('dropLine' as const), line: fc.nat() }),
  // An id or URL changed to one the file or the database has: the merge rules at work.
  fc.record({
    kind: fc.constant('reid' as const),
    line: fc.nat(),
    field: fc.nat(),
    to: fc.constantFrom(...SHARED_KEYS),
  }),
  fc.record({
    kind: fc.constant('garbage' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.json(),
      fc.constantFrom(
        '{"store":"clips"',
        '{"store":"clips","record":{}}',
        '{"end":true,"records":19}',
        '[]',
        '   ',
      ),
    ),
  }),
);

type Path = (string | number)[];
/** Every path into a value's objects and arrays (the places a field can be changed or removed). */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> {
  let at = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  return at;
}

/** Changes one line's object at a path picked by `field`; lines that are not JSON are left. */
function editLine(
  lines: string[],
  line: number,
  field: number,
  edit: (obj: unknown, path: Path) => string | undefined,
) {
  const i = line % lines.length;
  let obj: unknown;
  try {
    obj = JSON.parse(lines[i]!);
  } catch {
    return;
  }
  const paths = pathsOf(obj);
  if (!paths.length) return;
  const path = paths[field % paths.length]!;
  const text = edit(obj, path);
  lines[i] = text ?? JSON.stringify(obj);
}

function corrupt(corruptions: Corruption[]): Uint8Array {
  const lines = [...baseLines];
  let truncateAt: number | undefined;
  for (const c of corruptions) {
    switch (c.kind) {
      case 'truncate':
        truncateAt = c.at;
        break;
      case 'retype':
        editLine(lines, c.line, c.field, (obj, path) => {
          parentOf(obj, path)[path.at(-1)!] = c.value;
          return undefined;
        });
        break;
      case 'remove':
        editLine(lines, c.line, c.field, (obj, path) => {
          const parent = parentOf(obj, path);
          if (Array.isArray(parent)) parent.splice(Number(path.at(-1)), 1);
          else delete parent[path.at(-1)!];
          return undefined;
        });
        break;
      case 'duplicateField':
        // JSON.parse keeps the last of two equal keys: the copy wins when it comes second.
        editLine(lines, c.line, c.field, (obj, path) => {
          const parent = parentOf(obj, path);
          const key = path.at(-1)!;
          if (Array.isArray(parent) || typeof key !== 'string') return undefined;
          const parentText = JSON.stringify(parent);
          const copy = `${JSON.stringify(key)}:${JSON.stringify(c.value)}`;
          const rest = parentText.slice(1, -1);
          const edited = c.wins ? `{${rest}${rest ? ',' : ''}${copy}}` : `{${copy}${rest ? ',' : ''}${rest}}`;
          const marker = '\u0000marker\u0000';
          if (path.length === 1) return edited;
          parentOf(obj, path.slice(0, -1))[path.at(-2)!] = marker;
          return JSON.stringify(obj).replace(JSON.stringify(marker), edited);
        });
        break;
      case 'reid':
        editLine(lines, c.line, c.field, (obj) => {
          const record = (obj as { record?: Record<string, unknown> }).record;
          if (typeof record !== 'object' || record === null) return undefined;
          const keys = KEY_FIELDS.filter((k) => k in record);
          if (keys.length) record[keys[c.field % keys.length]!] = c.to;
          return undefined;
        });
        break;
      case 'duplicateLine': {
        const from = c.line % lines.length;
        lines.splice(c.to % (lines.length + 1), 0, lines[from]!);
        break;
      }
      case 'dropLine':
        lines.splice(c.line % lines.length, 1);
        break;
      case 'garbage':
        lines.splice(c.at % (lines.length + 1), 0, c.text);
        break;
    }
  }
  const bytes = encode(`${lines.join('\n')}\n`);
  return truncateAt === undefined ? bytes : bytes.slice(0, truncateAt % bytes.length);
}

// --- the property --------------------------------------------------------------------------

/** What a file (not the user, the disk or the stream) can be refused for. */
const FILE_PROBLEMS = BACKUP_PROBLEM_CODES.filter(
  (code) => !['cancelled', 'readFailed', 'storageFull', 'writeFailed', 'libraryChanged'].includes(code),
);

type Snapshot = Awaited<ReturnType<typeof snapshot>>;
const keysOf = (snap: Snapshot, store: string) => new Set(snap[store]!.map(([key]) => String(key)));
const valuesOf = <T>(snap: Snapshot, store: string) => snap[store]!.map(([, value]) => value as T);

/** What must hold after any successful restore. */
function expectConsistentMerge(
  before: Snapshot,
  after: Snapshot,
  result: Extract<RestoreResult, { ok: true }>,
) {
  // Nothing is deleted.
  for (const store of BACKUP_STORES) {
    for (const key of keysOf(before, store)) expect(keysOf(after, store).has(key)).toBe(true);
  }
  const clips = valuesOf<{ id: string; normalizedUrl: string }>(after, 'clips');
  const clipIds = new Set(clips.map((c) => c.id));
  expect(new Set(clips.map((c) => c.normalizedUrl)).size).toBe(clips.length);
  const boardIds = keysOf(after, 'boards');
  const quoteIds = keysOf(after, 'quotes');
  for (const q of valuesOf<{ clipId: string }>(after, 'quotes')) expect(clipIds.has(q.clipId)).toBe(true);
  for (const id of keysOf(after, 'bodies')) expect(clipIds.has(id)).toBe(true);
  const placed = new Set<string>();
  for (const p of valuesOf<{ boardId: string; clipId: string; quoteId?: string }>(after, 'placements')) {
    expect(clipIds.has(p.clipId)).toBe(true);
    expect(boardIds.has(p.boardId)).toBe(true);
    if (p.quoteId !== undefined) expect(quoteIds.has(p.quoteId)).toBe(true);
    const what = `${p.boardId} ${p.clipId} ${p.quoteId ?? ''}`;
    expect(placed.has(what)).toBe(false);
    placed.add(what);
  }
  // Each record of the file was added, updated or found already there; nothing more was written.
  for (const store of BACKUP_STORES) {
    const { added } = result.summary[store];
    expect(keysOf(after, store).size).toBeLessThanOrEqual(keysOf(before, store).size + added);
  }
}

it(`survives ${RUNS} corrupted backups: a result every time, a write only when ok`, async () => {
  const outcomes = new Map<string, number>();
  const started = performance.now();
  await fc.assert(
    fc.asyncProperty(
      fc.array(corruption, { minLength: 0, maxLength: 3 }),
      fc.oneof(fc.constant(64 * 1024), fc.integer({ min: 16, max: 512 })),
      fc.integer({ min: 1, max: 5 }),
      async (corruptions, chunkSize, bodiesPerBatch) => {
        const db: KurabeDatabase = await openKurabeDB(new IDBFactory());
        const twin: KurabeDatabase = await openKurabeDB(new IDBFactory());
        const ids = () => {
          let n = 0;
          return () => `new-${++n}`;
        };
        try {
          await seedLibrary(db, target);
          await seedLibrary(twin, target);
          const before = await snapshot(db);
          const bytes = corrupt(corruptions);
          // The file read into memory, as the staged restore must see it too.
          const read = await readBackup(streamOf(bytes, chunkSize));
          const result = await restoreFromStream(db, streamOf(bytes, chunkSize), {
            deriveBody: plainDerive,
            newId: ids(),
            bodyBatch: { count: bodiesPerBatch },
          });
          expect(await countStaged(db)).toBe(0);
          if (!read.ok) expect(result).toEqual(read);
          else {
            // Restoring from memory gives the same result and the same database.
            const fromMemory = await restoreBackup(twin, read.contents, {
              deriveBody: plainDerive,
              newId: ids(),
            });
            expect(result).toEqual(fromMemory);
            expect(await snapshot(db)).toEqual(await snapshot(twin));
          }
          outcomes.set(
            result.ok ? 'ok' : result.code,
            (outcomes.get(result.ok ? 'ok' : result.code) ?? 0) + 1,
          );
          const after = await snapshot(db);
          if (!result.ok) {
            expect(after).toEqual(before);
            expect(result.problems.length).toBeGreaterThanOrEqual(1);
            expect(result.problems.length).toBeLessThanOrEqual(MAX_PROBLEMS);
            expect(result.code).toBe(result.problems[0]!.code);
            for (const p of result.problems) {
              expect(FILE_PROBLEMS).toContain(p.code);
              expect(p.line).toBeGreaterThanOrEqual(0);
              expect(p.message).not.toBe('');
            }
          } else {
            expectConsistentMerge(before, after, result);
            if (read.ok) {
              for (const store of BACKUP_STORES) {
                const { added, updated, kept } = result.summary[store];
                expect(added + updated + kept).toBe(read.contents.records[store].length);
              }
            }
          }
          // A file cut anywhere but after its last newline is refused.
          if (corruptions.length === 1 && corruptions[0]!.kind === 'truncate') {
            const full = encode(`${baseLines.join('\n')}\n`).length;
            expect(result.ok).toBe(corruptions[0]!.at % full === full - 1);
          }
        } finally {
          db.close();
          twin.close();
        }
      },
    ),
    { numRuns: RUNS },
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `backup fuzz: ${RUNS} corrupted files in ${seconds.toFixed(1)} s —`,
    Object.fromEntries([...outcomes].sort((a, b) => b[1] - a[1])),
  );
  expect(outcomes.get('ok') ?? 0).toBeGreaterThan(0);
}, 120_000);
