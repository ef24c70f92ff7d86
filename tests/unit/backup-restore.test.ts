import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BACKUP_MIME_TYPE, BACKUP_VERSION } from '@/utils/backup/format';
import { readBackup } from '@/utils/backup/read';
import { type RestoreOptions, restoreBackup, restoreFromStream, stageBackup } from '@/utils/backup/restore';
import { countStaged } from '@/utils/backup/staging';
import { backupBlob, backupFileName, writeBackup } from '@/utils/backup/write';
import { clipIdForUrl } from '@/utils/clip-id';
import { type KurabeDatabase, openKurabeDB, saveClip } from '@/utils/db';
import { wordCount } from '@/utils/text';
import {
  articleHtml,
  articleLines,
  backupFile,
  encode,
  fixtureBytes,
  plainDerive,
  snapshot,
  streamOf,
  T0,
} from '../helpers/backup';
import { makeClip, makePage } from '../helpers/pages';

/**
 * The ids the fixture's clips get: a restore gives a clip new to the database its page's id
 * (docs/sync.md), whatever id the file holds (c-route, c-docs).
 */
const ROUTE = clipIdForUrl('https://example.com/entry/1');
const DOCS = clipIdForUrl('https://docs.example.org/guide');

let db: KurabeDatabase;
let ids = 0;
const options: RestoreOptions = { deriveBody: plainDerive, newId: () => `new-${++ids}` };
const restoreFixture = (name: string, extra: Partial<RestoreOptions> = {}) =>
  restoreFromStream(db, streamOf(fixtureBytes(name)), { ...options, ...extra });

beforeEach(async () => {
  ids = 0;
  db = await openKurabeDB(new IDBFactory());
  return () => db.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** A kept clip (with a quote when asked) and a setting: what a failed restore must leave as it was. */
async function seeded({ withQuote = false } = {}): Promise<Awaited<ReturnType<typeof snapshot>>> {
  await saveClip(db, makePage({ url: 'https://a.example/kept' }), {
    newId: () => 'kept',
    ...(withQuote && { quotes: [{ text: 'q', context: '' }] }),
  });
  await db.put('settings', { type: 'old' }, 'lastClipEvent');
  return snapshot(db);
}

/** The database as it was `before`, and nothing left in the staging store. */
async function expectUnchanged(before: Awaited<ReturnType<typeof snapshot>>): Promise<void> {
  expect(await snapshot(db)).toEqual(before);
  expect(await countStaged(db)).toBe(0);
}

/**
 * valid.jsonl (a version 1 file, kept as such) as this version writes it: version 2 gave every
 * note a kind, and a version 1 note is article text; version 3 gave every board its cells'
 * cited sources, none for a board of before; version 4 let a board remember its blog drafts
 * (optional: none for a board of before).
 */
function asCurrentVersion(v1: string): string {
  expect(BACKUP_VERSION).toBe(4);
  return v1
    .replace('"version":1,', '"version":4,')
    .replace(/("store":"boards".*?"cellNotes":\{(?:[^{}]|\{[^{}]*\})*\})/g, '$1,"cellSources":{}')
    .replace(
      /("store":"(?:clips|quotes|placements)".*?"note":"(?:[^"\\]|\\.)*")/g,
      '$1,"noteKind":"article"',
    );
}

describe('restoring into an empty database', () => {
  it('writes every record and rebuilds what the file leaves out', async () => {
    const result = await restoreFixture('valid.jsonl');
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.summary).toMatchObject({
      clips: { added: 2, updated: 0, kept: 0 },
      bodies: { added: 2 },
      quotes: { added: 1 },
      placements: { added: 2 },
      boards: { added: 1 },
      settings: { added: 1 },
      clipsMergedByUrl: 0,
    });
    const route = await db.get('clips', ROUTE);
    expect(route).toMatchObject({
      title: 'ルート営業と営業の違い',
      note: '評価軸の例に使う',
      tags: ['営業'],
    });
    // The lead is the start of the rebuilt text (in `leads`, version 9).
    expect(route).not.toHaveProperty('lead');
    expect((await db.get('leads', ROUTE))?.lead).toBe(
      '違い\nルート営業は既存の顧客と長期的な関係を築きます。',
    );
    expect(await db.get('bodies', ROUTE)).toEqual({
      id: ROUTE,
      html: '<h2>違い</h2><p>ルート営業は既存の顧客と<strong>長期的な関係</strong>を築きます。</p>',
      text: '違い\nルート営業は既存の顧客と長期的な関係を築きます。',
    });
    // A bookmark's body is its description, as extraction stores it; the Trash is kept.
    expect(await db.get('bodies', DOCS)).toEqual({ id: DOCS, html: '', text: '' });
    expect((await db.get('clips', DOCS))?.deletedAt).toBe(1764120000000);
    expect(await db.get('settings', 'exportOptions:b-sales')).toEqual({
      titleSeparate: true,
      quoteStyle: 'bullet',
      summary: false,
      references: 'inline',
    });
    expect(await db.get('placements', 'p-2')).toMatchObject({ quoteId: 'q-1', clipId: ROUTE });
  });

  it('restores what it backed up, unchanged', async () => {
    await restoreFixture('valid.jsonl');
    const before = await snapshot(db);
    const blob = await backupBlob(db, { now: new Date('2026-11-27T12:00:00Z'), appVersion: '0.1.0' });
    expect(blob.type).toBe(BACKUP_MIME_TYPE);
    const text = await blob.text();
    // The file's clips now carry their pages' ids (a restore re-keys them).
    const rekeyed = asCurrentVersion(new TextDecoder().decode(fixtureBytes('valid.jsonl')))
      .replaceAll('"c-route"', `"${ROUTE}"`)
      .replaceAll('"c-docs"', `"${DOCS}"`);
    expect(text).toBe(rekeyed);

    const other = await openKurabeDB(new IDBFactory());
    const result = await restoreFromStream(other, blob.stream(), options);
    expect(result.ok).toBe(true);
    expect(await snapshot(other)).toEqual(before);
    other.close();
  });
});

describe('a version 1 backup', () => {
  it('restores with every note as article text, so its export is what it was', async () => {
    // valid.jsonl is a version 1 file (kept as such): its notes have no kind.
    expect(new TextDecoder().decode(fixtureBytes('valid.jsonl'))).toMatch(
      /^\{"format":"kurabe-backup","version":1,/,
    );
    expect((await restoreFixture('valid.jsonl')).ok).toBe(true);
    const notes = [
      ...(await db.getAll('clips')),
      ...(await db.getAll('quotes')),
      ...(await db.getAll('placements')),
    ];
    expect(notes.filter((r) => r.note).length).toBeGreaterThan(0);
    for (const record of notes) expect(record.noteKind).toBe('article');
    // Words are counted from the rebuilt text for English clips, not for Japanese ones.
    const clips = await db.getAll('clips');
    for (const clip of clips) {
      if (clip.lang.startsWith('ja')) expect(clip).not.toHaveProperty('words');
      else expect(clip.words).toBe(wordCount((await db.get('bodies', clip.id))!.text, clip.lang));
    }
  });
});

describe('merging', () => {
  it('restoring the same backup twice changes nothing the second time', async () => {
    await restoreFixture('valid.jsonl');
    const once = await snapshot(db);
    const again = await restoreFixture('valid.jsonl');
    expect(again.ok && again.summary).toMatchObject({
      clips: { added: 0, updated: 0, kept: 2 },
      bodies: { added: 0, updated: 0, kept: 2 },
      quotes: { added: 0, kept: 1 },
      placements: { added: 0, kept: 2 },
      boards: { added: 0, updated: 0, kept: 1 },
    });
    expect(await snapshot(db)).toEqual(once);
  });

  it('joins a clip of the same page under another id, moving its quotes and placements', async () => {
    // The same page clipped on this device: another id, an older update, the same selection quoted.
    const { clip: mine } = await saveClip(db, makePage(), {
      now: 1_000,
      // A clip of an older Kurabe, whose id is not its page's (version 5 derives it).
      clipId: () => 'mine',
      quotes: [{ text: '長期的な関係', context: '…' }],
    });
    const [myQuote] = await db.getAll('quotes');
    const result = await restoreFixture('valid.jsonl');
    expect(result.ok && result.summary).toMatchObject({
      clips: { added: 1, updated: 1, kept: 0 },
      clipsMergedByUrl: 1,
      quotes: { added: 0, kept: 1 },
    });

    const clips = await db.getAll('clips');
    expect(clips.map((c) => c.id).sort()).toEqual([DOCS, 'mine'].sort());
    // The backup's record is newer: its fields win, the first clipping stays the first.
    expect(await db.get('clips', 'mine')).toMatchObject({
      normalizedUrl: mine.normalizedUrl,
      note: '評価軸の例に使う',
      updatedAt: 1764150000000,
      createdAt: 1_000,
    });
    expect((await db.get('bodies', 'mine'))?.html).toContain('<h2>違い</h2>');
    expect(await db.get('bodies', ROUTE)).toBeUndefined();
    // One quote of the selection, the existing one; placements point to it and to "mine".
    expect((await db.getAll('quotes')).map((q) => q.id)).toEqual([myQuote!.id]);
    expect(await db.get('placements', 'p-1')).toMatchObject({ clipId: 'mine' });
    expect(await db.get('placements', 'p-2')).toMatchObject({ clipId: 'mine', quoteId: myQuote!.id });
  });

  it("moves a cell's cited clip and quote to the ids the database has for them", async () => {
    await saveClip(db, makePage(), {
      now: 1_000,
      // A clip of an older Kurabe, whose id is not its page's (version 5 derives it).
      clipId: () => 'mine',
      quotes: [{ text: '長期的な関係', context: '…' }],
    });
    const [myQuote] = await db.getAll('quotes');
    const file = asCurrentVersion(new TextDecoder().decode(fixtureBytes('valid.jsonl'))).replace(
      '"cellSources":{}',
      '"cellSources":{"a-pay":{"s-route":[{"clipId":"c-route","quoteId":"q-1"},{"clipId":"c-docs"}]}}',
    );
    const result = await restoreFromStream(db, streamOf(encode(file)), options);
    expect(result).toMatchObject({ ok: true });
    expect((await db.get('boards', 'b-sales'))!.cellSources).toEqual({
      'a-pay': { 's-route': [{ clipId: 'mine', quoteId: myQuote!.id }, { clipId: DOCS }] },
    });
  });

  it('keeps a clip the database has in a newer version', async () => {
    const newer = makeClip('mine', 'Edited here', 'lead', {
      normalizedUrl: 'https://example.com/entry/1',
      note: 'my newer note',
      updatedAt: 1764199999999,
    });
    await db.put('clips', newer);
    await db.put('bodies', { id: 'mine', html: '<p>mine</p>', text: 'mine', markdown: 'mine' });
    const result = await restoreFixture('valid.jsonl');
    expect(result.ok && result.summary.clips).toEqual({ added: 1, updated: 0, kept: 1 });
    expect(await db.get('clips', 'mine')).toEqual(newer);
    expect(await db.get('bodies', 'mine')).toEqual({
      id: 'mine',
      html: '<p>mine</p>',
      text: 'mine',
      markdown: 'mine',
    });
    // Its quotes and placements from the file are still added, under its id.
    expect(await db.get('quotes', 'q-1')).toMatchObject({ clipId: 'mine' });
    expect(await db.get('placements', 'p-2')).toMatchObject({ clipId: 'mine', quoteId: 'q-1' });
  });

  it('gives a new id to a clip whose id belongs to another page here', async () => {
    await db.put('clips', makeClip(ROUTE, 'Another page', '', { normalizedUrl: 'https://other.example/' }));
    const result = await restoreFixture('valid.jsonl');
    expect(result.ok && result.summary).toMatchObject({ clipsGivenNewIds: 1, clips: { added: 2 } });
    expect((await db.get('clips', ROUTE))?.title).toBe('Another page');
    const restored = (await db.getAllFromIndex('clips', 'normalizedUrl', 'https://example.com/entry/1'))[0]!;
    expect(restored.id).toBe('new-1');
    expect(await db.get('bodies', 'new-1')).toMatchObject({ text: expect.stringContaining('ルート営業') });
    expect(await db.get('quotes', 'q-1')).toMatchObject({ clipId: 'new-1' });
    expect(await db.get('placements', 'p-1')).toMatchObject({ clipId: 'new-1' });
  });

  it('keeps the newer board and the placement the board already has', async () => {
    await db.put(
      'clips',
      makeClip(ROUTE, 't', '', { normalizedUrl: 'https://example.com/entry/1', updatedAt: 1 }),
    );
    const board = {
      id: 'b-sales',
      title: 'Renamed here',
      subjects: [],
      aspects: [],
      cellNotes: {},
      order: 'a0',
      updatedAt: 1764299999999,
    };
    await db.put('boards', board);
    await db.put('placements', {
      id: 'mine-p',
      boardId: 'b-sales',
      clipId: ROUTE,
      order: 'z',
      note: '',
      noteKind: 'article',
    });
    const result = await restoreFixture('valid.jsonl');
    expect(result.ok && result.summary).toMatchObject({
      boards: { kept: 1 },
      placements: { added: 1, kept: 1 },
    });
    expect(await db.get('boards', 'b-sales')).toEqual(board);
    // p-1 places the clip itself on the board, as "mine-p" does already; p-2 places a quote.
    expect((await db.getAll('placements')).map((p) => p.id).sort()).toEqual(['mine-p', 'p-2']);
  });

  it('overwrites the settings the file has and leaves the others', async () => {
    await db.put('settings', { summary: true }, 'exportOptions:b-sales');
    await db.put('settings', T0, 'autoFileSince');
    await db.put('settings', { type: 'old' }, 'lastClipEvent');
    const result = await restoreFixture('valid.jsonl');
    expect(result.ok && result.summary.settings).toEqual({ added: 0, updated: 1, kept: 0 });
    expect(await db.get('settings', 'exportOptions:b-sales')).toMatchObject({ summary: false });
    expect(await db.get('settings', 'autoFileSince')).toBe(T0);
    expect(await db.get('settings', 'lastClipEvent')).toEqual({ type: 'old' });
  });
});

describe('all or nothing', () => {
  it('refuses a placement of a clip that is neither in the file nor in the database', async () => {
    const before = await seeded({ withQuote: true });
    const result = await restoreFixture('missing-reference.jsonl');
    expect(result).toMatchObject({
      ok: false,
      code: 'missingReference',
      problems: [{ code: 'missingReference', line: 9, path: 'record.clipId' }],
    });
    expect(result.ok || result.problems[0]!.message).toBe(
      'The clip "c-gone" is neither in the file nor in the database.',
    );
    await expectUnchanged(before);
  });

  it('accepts a reference to a clip the database has', async () => {
    await db.put('clips', makeClip('c-gone', 'here', '', { normalizedUrl: 'https://gone.example/' }));
    expect((await restoreFixture('missing-reference.jsonl')).ok).toBe(true);
    expect(await db.get('placements', 'p-1')).toMatchObject({ clipId: 'c-gone' });
  });

  it.each([
    'truncated.jsonl',
    'wrong-types.jsonl',
    'duplicate-ids.jsonl',
    'newer-version.jsonl',
    'not-json.jsonl',
  ])('leaves the database unchanged for %s', async (name) => {
    const before = await seeded({ withQuote: true });
    expect((await restoreFixture(name)).ok).toBe(false);
    await expectUnchanged(before);
  });

  it('reports a full disk and rolls everything back', async () => {
    const before = await seeded({ withQuote: true });
    const put = IDBObjectStore.prototype.put;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      // The fifth put of the final transaction (the staged bodies went in before it).
      if (this.name !== 'restoreStaging' && ++calls > 4)
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    });
    const result = await restoreFixture('valid.jsonl');
    expect(calls).toBeGreaterThan(4);
    expect(result).toMatchObject({
      ok: false,
      code: 'storageFull',
      problems: [{ code: 'storageFull', line: 0 }],
    });
    vi.restoreAllMocks();
    await expectUnchanged(before);
  });

  it('reports another write failure and rolls everything back', async () => {
    const before = await seeded({ withQuote: true });
    const result = await restoreFixture('valid.jsonl', {
      deriveBody: () => {
        throw new Error('no DOM here');
      },
    });
    expect(result).toMatchObject({ ok: false, code: 'writeFailed' });
    expect(result.ok || result.problems[0]!.message).toContain('no DOM here');
    await expectUnchanged(before);
  });

  it('rolls back when cancelled while writing', async () => {
    const before = await seeded({ withQuote: true });
    const controller = new AbortController();
    const read = await readBackup(streamOf(fixtureBytes('valid.jsonl')));
    if (!read.ok) throw new Error('expected a valid file');
    const result = await restoreBackup(db, read.contents, {
      ...options,
      signal: controller.signal,
      deriveBody: (html) => {
        controller.abort(); // the user presses Cancel while the first article is rebuilt
        return plainDerive(html);
      },
    });
    expect(result).toMatchObject({ ok: false, code: 'cancelled' });
    expect(await snapshot(db)).toEqual(before);
  });

  it('rolls back when cancelled while reading', async () => {
    const before = await seeded({ withQuote: true });
    const controller = new AbortController();
    const bytes = fixtureBytes('valid.jsonl');
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (++pulls === 5) controller.abort();
        c.enqueue(bytes.slice((pulls - 1) * 64, pulls * 64));
      },
    });
    const result = await restoreFromStream(db, stream, { ...options, signal: controller.signal });
    expect(result).toMatchObject({ ok: false, code: 'cancelled' });
    await expectUnchanged(before);
  });

  it('rolls back when cancelled in the final transaction of a staged restore', async () => {
    const before = await seeded({ withQuote: true });
    const controller = new AbortController();
    const result = await restoreFixture('valid.jsonl', {
      signal: controller.signal,
      deriveBody: (html) => {
        controller.abort();
        return plainDerive(html);
      },
    });
    expect(result).toMatchObject({ ok: false, code: 'cancelled' });
    await expectUnchanged(before);
  });
});

describe('staging bodies (a large file is not held in memory)', () => {
  /** `count` articles of `bytes` bytes of HTML each, as backup lines. */
  const articles = (count: number, bytes = 2_000) =>
    Array.from({ length: count }, (_, i) =>
      articleLines(`a${String(i).padStart(4, '0')}`, articleHtml(i, bytes)),
    ).flat();
  const batch = { bodyBatch: { count: 10 } };

  /** Counts the puts on the staging store (and lets them through). */
  function countStagingPuts(): { puts: number } {
    const put = IDBObjectStore.prototype.put;
    const counter = { puts: 0 };
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'restoreStaging') counter.puts++;
      return put.apply(this, args);
    });
    return counter;
  }

  it('stages the bodies while reading and takes them from staging in the final transaction', async () => {
    const staged = await stageBackup(db, streamOf(backupFile(articles(45))), batch);
    if (!staged.ok) throw new Error(JSON.stringify(staged.problems));
    // In memory: each body's id and line, no HTML.
    expect(staged.contents.records.bodies).toHaveLength(45);
    expect(staged.contents.records.bodies[0]).toEqual({ line: 3, record: { id: 'a0000' } });
    expect(await countStaged(db)).toBe(45);
    expect(await db.get('restoreStaging', 'a0044')).toEqual({ id: 'a0044', html: articleHtml(44, 2_000) });
    expect(await db.count('bodies')).toBe(0);

    const result = await restoreBackup(db, staged.contents, options);
    expect(result.ok && result.summary.bodies).toEqual({ added: 45, updated: 0, kept: 0 });
    expect(await countStaged(db)).toBe(0);
    const html = articleHtml(44, 2_000);
    // Staged under the file's id, restored under the page's.
    const id = clipIdForUrl('https://a.example/a0044');
    expect(await db.get('bodies', id)).toEqual({ id, ...plainDerive(html) });
    expect((await db.get('leads', id))?.lead).toBe(plainDerive(html).text.slice(0, 1500));
  });

  it('gives the same database as a restore from memory', async () => {
    const bytes = backupFile(articles(30));
    expect((await restoreFromStream(db, streamOf(bytes), { ...options, ...batch })).ok).toBe(true);
    const other = await openKurabeDB(new IDBFactory());
    const read = await readBackup(streamOf(bytes));
    if (!read.ok) throw new Error('expected a valid file');
    expect((await restoreBackup(other, read.contents, options)).ok).toBe(true);
    expect(await snapshot(db)).toEqual(await snapshot(other));
    other.close();
  });

  it('a bad line after many staged bodies leaves the database unchanged and staging empty', async () => {
    const before = await seeded();
    const counter = countStagingPuts();
    const bytes = backupFile([
      ...articles(120),
      `{"store":"quotes","record":{"id":"late","clipId":"a0001","text":42,"context":"","note":"","createdAt":${T0}}}`,
    ]);
    const result = await restoreFromStream(db, streamOf(bytes), { ...options, ...batch });
    expect(result).toMatchObject({
      ok: false,
      code: 'invalidRecord',
      problems: [{ code: 'invalidRecord', line: 242, path: 'record.text' }],
    });
    expect(counter.puts).toBeGreaterThanOrEqual(100);
    await expectUnchanged(before);
  });

  it('cancelling while bodies are being staged leaves the database unchanged and staging empty', async () => {
    const before = await seeded();
    const controller = new AbortController();
    const bytes = backupFile(articles(200));
    let at = 0;
    let stagedAtCancel = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(c) {
        if (!controller.signal.aborted && at > bytes.length / 2) {
          stagedAtCancel = await countStaged(db);
          controller.abort(); // the user presses Cancel halfway through the file
        }
        c.enqueue(bytes.slice(at, at + 8 * 1024));
        at += 8 * 1024;
        if (at >= bytes.length) c.close();
      },
    });
    const result = await restoreFromStream(db, stream, { ...options, ...batch, signal: controller.signal });
    expect(result).toMatchObject({
      ok: false,
      code: 'cancelled',
      problems: [{ code: 'cancelled', line: 0 }],
    });
    expect(stagedAtCancel).toBeGreaterThan(50);
    expect(at).toBeLessThan(bytes.length);
    await expectUnchanged(before);
  });

  it('a full disk while staging reports storageFull, leaving the database unchanged and staging empty', async () => {
    const before = await seeded();
    const put = IDBObjectStore.prototype.put;
    let stagingPuts = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'restoreStaging' && ++stagingPuts > 35)
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    });
    const result = await restoreFromStream(db, streamOf(backupFile(articles(100))), { ...options, ...batch });
    expect(stagingPuts).toBe(36);
    expect(result).toMatchObject({
      ok: false,
      code: 'storageFull',
      problems: [{ code: 'storageFull', line: 0 }],
    });
    vi.restoreAllMocks();
    await expectUnchanged(before);
  });

  it('a staging transaction the browser aborts for a full disk reports storageFull', async () => {
    const before = await seeded();
    const put = IDBObjectStore.prototype.put;
    let stagingPuts = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      const request = put.apply(this, args);
      // As Chrome does when the quota check fails: the transaction is aborted with the error,
      // the pending put fails with a bare AbortError. (`_abort` is fake-indexeddb's own step.)
      if (this.name === 'restoreStaging' && ++stagingPuts === 25)
        (this.transaction as unknown as { _abort(name: string): void })._abort('QuotaExceededError');
      return request;
    });
    const result = await restoreFromStream(db, streamOf(backupFile(articles(60))), { ...options, ...batch });
    expect(result).toMatchObject({ ok: false, code: 'storageFull' });
    vi.restoreAllMocks();
    await expectUnchanged(before);
  });

  it('clears what an earlier restore left in staging before it starts', async () => {
    // A restore that crashed: a stale body under an id of the file, and one of another file.
    await db.put('restoreStaging', { id: 'c-route', html: '<p>stale</p>' });
    await db.put('restoreStaging', { id: 'other-file', html: '<p>old</p>' });
    const result = await restoreFixture('valid.jsonl');
    expect(result.ok).toBe(true);
    expect((await db.get('bodies', ROUTE))?.html).toContain('<h2>違い</h2>');
    expect(await db.get('bodies', 'other-file')).toBeUndefined();
    expect(await countStaged(db)).toBe(0);
  });

  it('refuses to restore a staged body that is gone, leaving the database unchanged', async () => {
    const before = await snapshot(db);
    const staged = await stageBackup(db, streamOf(fixtureBytes('valid.jsonl')));
    if (!staged.ok) throw new Error('expected a valid file');
    await db.delete('restoreStaging', 'c-route');
    const result = await restoreBackup(db, staged.contents, options);
    expect(result).toMatchObject({ ok: false, code: 'writeFailed' });
    expect(result.ok || result.problems[0]!.message).toContain('"c-route" is no longer staged');
    await expectUnchanged(before);
  });

  it('runs two restores started together one after the other (they share the staging store)', async () => {
    const one = backupFile(articles(40));
    const [first, second] = await Promise.all([
      restoreFromStream(db, streamOf(one, 4096), { ...options, ...batch }),
      restoreFixture('valid.jsonl'),
    ]);
    expect(first.ok && first.summary.bodies.added).toBe(40);
    expect(second.ok && second.summary.bodies.added).toBe(2);
    expect(await db.count('bodies')).toBe(42);
    expect(await countStaged(db)).toBe(0);
  });
});

describe('writing', () => {
  it('names the file by the local date', () => {
    expect(backupFileName(new Date(2026, 10, 27, 23, 59))).toBe('kurabe-backup-2026-11-27.jsonl');
    expect(backupFileName(new Date(2027, 0, 5, 0, 1))).toBe('kurabe-backup-2027-01-05.jsonl');
  });

  it('hands the text on in parts of whole lines, header first and end line last', async () => {
    for (let i = 0; i < 40; i++) {
      await saveClip(
        db,
        makePage({ url: `https://a.example/${i}`, html: `<p>${'長文'.repeat(60_000)}</p>` }),
        {
          newId: () => `c${String(i).padStart(2, '0')}`,
        },
      );
    }
    const parts: string[] = [];
    const { records } = await writeBackup(db, (text) => parts.push(text));
    expect(records).toBe(80);
    expect(parts.length).toBeGreaterThan(3);
    for (const part of parts) expect(part.endsWith('\n')).toBe(true);
    const lines = parts.join('').trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'kurabe-backup', version: BACKUP_VERSION });
    expect(JSON.parse(lines.at(-1)!)).toEqual({ end: true, records: 80 });
    // The clip line has no lead, the body line no text or Markdown.
    expect(JSON.parse(lines[1]!).record).not.toHaveProperty('lead');
    expect(Object.keys(JSON.parse(lines[41]!).record)).toEqual(['id', 'html']);
  });

  it('is a snapshot: a clip saved during the backup is not half in it', async () => {
    await saveClip(db, makePage({ url: 'https://a.example/1' }), { newId: () => 'c1' });
    const parts: string[] = [];
    const backup = writeBackup(db, (text) => parts.push(text));
    const saved = saveClip(db, makePage({ url: 'https://a.example/2' }), {
      newId: () => 'c2',
      quotes: [{ text: 'q', context: '' }],
    });
    await Promise.all([backup, saved]);
    const text = parts.join('');
    expect(text).not.toContain('"c2"');
    expect((await readBackup(streamOf(new TextEncoder().encode(text)))).ok).toBe(true);
  });
});

describe('a clip record', () => {
  it('keeps every field of db.ts Clip, and no lead (a record that still had one leaves it out)', async () => {
    const clip = makeClip('c', 't', 'the lead', {
      modifiedTime: '',
      createdAt: T0,
      clippedAt: T0 + 1,
      updatedAt: T0 + 2,
      deletedAt: T0 + 3,
    });
    await db.put('clips', clip);
    const parts: string[] = [];
    await writeBackup(db, (t) => parts.push(t));
    const { lead: _lead, ...rest } = clip;
    expect(JSON.parse(parts.join('').split('\n')[1]!)).toEqual({ store: 'clips', record: rest });
  });
});

describe('what a backup leaves out', () => {
  it('keeps the library’s settings only: no event, no clip under way, no key it does not know', async () => {
    await db.put('settings', { type: 'clip-saved', at: 8.64e15 }, 'lastClipEvent');
    await db.put('settings', { quoteStyle: 'bullet', dark: true }, 'exportOptions:b1');
    await db.put('settings', T0 + 5, 'autoFileSince');
    await db.put('settings', { workerId: 'w', tabId: 7, title: 'x', at: 1 }, 'clipInProgress:7');
    await db.put('settings', 'ja', 'language');
    // A library setting whose value its schema refuses would make the file unrestorable.
    await db.put('settings', 'yes', 'exportOptions:b2');
    let text = '';
    await writeBackup(db, (part) => {
      text += part;
    });
    const settings = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { store?: string; record?: { key: string; value: unknown } })
      .filter((line) => line.store === 'settings')
      .map((line) => line.record);
    expect(settings).toEqual([
      { key: 'autoFileSince', value: T0 + 5 },
      // Fields the export view does not save are not carried either.
      { key: 'exportOptions:b1', value: { quoteStyle: 'bullet' } },
    ]);
    expect(text.trimEnd().split('\n').at(-1)).toBe('{"end":true,"records":2}');
    expect((await readBackup(streamOf(encode(text)))).ok).toBe(true);
  });
});
