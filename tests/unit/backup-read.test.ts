import { describe, expect, it } from 'vitest';
import type { BackupBody } from '@/utils/backup/format';
import {
  BACKUP_VERSION,
  type BackupProblem,
  describeProblem,
  MAX_PROBLEMS,
  RECORD_UPGRADES,
  type RecordUpgrade,
  upgradeRecord,
} from '@/utils/backup/format';
import { BODY_BATCH_COUNT, type ReadResult, readBackup, recordsOf } from '@/utils/backup/read';
import { articleHtml, articleLines, backupFile, encode, fixtureBytes, streamOf } from '../helpers/backup';

const read = (bytes: Uint8Array, chunkSize?: number) => readBackup(streamOf(bytes, chunkSize));
const problemsOf = (result: ReadResult<{ id: string }>): Omit<BackupProblem, 'message'>[] =>
  result.ok ? [] : result.problems.map(({ code, line, path }) => ({ code, line, path }));

describe('reading a valid backup', () => {
  it('gives every record, validated, with its line', async () => {
    const result = await read(fixtureBytes('valid.jsonl'));
    if (!result.ok) throw new Error(result.problems.map(describeProblem).join('\n'));
    const { header, records } = result.contents;
    expect(header).toEqual({
      format: 'kurabe-backup',
      version: 1,
      createdAt: '2026-11-27T12:00:00.000Z',
      app: { name: 'Kurabe', version: '0.1.0' },
    });
    expect(Object.fromEntries(Object.entries(records).map(([store, list]) => [store, list.length]))).toEqual({
      settings: 1,
      boards: 1,
      clips: 2,
      bodies: 2,
      quotes: 1,
      placements: 2,
    });
    expect(records.clips[1]).toMatchObject({
      line: 5,
      record: { id: 'c-route', title: 'ルート営業と営業の違い' },
    });
    expect(recordsOf(result.contents, 'clips')[0]).toMatchObject({
      kind: 'bookmark',
      deletedAt: 1764120000000,
    });
    expect(recordsOf(result.contents, 'settings')[0]).toEqual({
      key: 'exportOptions:b-sales',
      value: { titleSeparate: true, quoteStyle: 'bullet', summary: false, references: 'inline' },
    });
  });

  it('accepts CRLF line endings, blank lines and a last line without its newline', async () => {
    const text = new TextDecoder().decode(fixtureBytes('valid.jsonl'));
    const crlf = `${text.trimEnd().split('\n').join('\r\n\r\n')}`;
    const result = await read(encode(crlf));
    expect(problemsOf(result)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('drops fields the schema does not know (a newer minor writer), keeping the rest', async () => {
    const text = new TextDecoder()
      .decode(fixtureBytes('valid.jsonl'))
      .replace('"title":"A guide"', '"title":"A guide","colour":"red"');
    const result = await read(encode(text));
    if (!result.ok) throw new Error('expected ok');
    expect(recordsOf(result.contents, 'clips')[0]).not.toHaveProperty('colour');
  });
});

describe('bad files', () => {
  it.each([
    ['empty.jsonl', [{ code: 'emptyFile', line: 0, path: '' }]],
    ['not-json.jsonl', [{ code: 'notJsonLines', line: 1, path: '' }]],
    ['wrong-format.jsonl', [{ code: 'wrongFormat', line: 1, path: '' }]],
    ['newer-version.jsonl', [{ code: 'newerVersion', line: 1, path: 'version' }]],
    ['truncated.jsonl', [{ code: 'truncated', line: 9, path: '' }]],
    ['missing-end.jsonl', [{ code: 'truncated', line: 11, path: '' }]],
    ['count-mismatch.jsonl', [{ code: 'countMismatch', line: 11, path: 'records' }]],
    [
      'wrong-types.jsonl',
      [
        { code: 'invalidRecord', line: 4, path: 'record.tags' },
        { code: 'invalidRecord', line: 5, path: 'record.title' },
      ],
    ],
    ['missing-field.jsonl', [{ code: 'invalidRecord', line: 8, path: 'record.clipId' }]],
    [
      'duplicate-ids.jsonl',
      [
        { code: 'duplicateId', line: 5, path: 'record.id' },
        { code: 'duplicateId', line: 7, path: 'record.id' },
      ],
    ],
    ['garbage-line.jsonl', [{ code: 'notJsonLines', line: 6, path: '' }]],
  ])('%s', async (name, expected) => {
    const result = await read(fixtureBytes(name));
    expect(result.ok).toBe(false);
    expect(problemsOf(result)).toEqual(expected);
    if (!result.ok) {
      expect(result.code).toBe(expected[0]!.code);
      for (const p of result.problems) expect(p.message.length).toBeGreaterThan(10);
    }
  });

  it('explains each problem in English for the command line', async () => {
    const result = await read(fixtureBytes('wrong-types.jsonl'));
    if (result.ok) throw new Error('expected problems');
    expect(result.problems.map(describeProblem)).toEqual([
      'line 4, record.tags: Invalid type: Expected Array but received "none"',
      'line 5, record.title: Invalid type: Expected string but received 42',
    ]);
    const newer = await read(fixtureBytes('newer-version.jsonl'));
    expect(newer.ok || newer.problems[0]!.message).toMatch(
      /newer Kurabe \(format version 5; this one reads up to 4\)/,
    );
  });

  it(`lists the first ${MAX_PROBLEMS} problems and stops reading`, async () => {
    const header = new TextDecoder().decode(fixtureBytes('valid.jsonl')).split('\n')[0];
    const bad = Array.from({ length: 20 }, (_, i) => `{"store":"boards","record":{"id":"b${i}"}}`);
    const result = await read(encode(`${header}\n${bad.join('\n')}\n`));
    if (result.ok) throw new Error('expected problems');
    expect(result.problems).toHaveLength(MAX_PROBLEMS);
    expect(result.problems.map((p) => p.line)).toEqual([2, 2, 2, 2, 2]);
  });

  it('refuses bytes that are not UTF-8', async () => {
    const valid = fixtureBytes('valid.jsonl');
    const broken = new Uint8Array(valid);
    broken[valid.indexOf(0x22, 300) + 1] = 0xff; // inside a string of line 3
    expect(problemsOf(await read(broken))).toEqual([{ code: 'notJsonLines', line: 3, path: '' }]);
  });

  it('refuses a first line that is not a header', async () => {
    const lines = new TextDecoder().decode(fixtureBytes('valid.jsonl')).split('\n');
    expect(problemsOf(await read(encode(lines.slice(1).join('\n'))))).toEqual([
      { code: 'wrongFormat', line: 1, path: '' },
    ]);
  });

  it('refuses a line after the end line', async () => {
    const text = new TextDecoder().decode(fixtureBytes('valid.jsonl'));
    const lines = text.split('\n');
    expect(problemsOf(await read(encode(`${text}${lines[1]}\n`)))).toEqual([
      { code: 'wrongFormat', line: 12, path: '' },
    ]);
  });

  it('stops at a first line too long to be a header (another kind of file)', async () => {
    const chunks: number[] = [];
    const result = await readBackup(streamOf(encode(`{"data":"${'x'.repeat(1_000_000)}"}\n`), 4096), {
      onProgress: (bytes) => chunks.push(bytes),
    });
    expect(problemsOf(result)).toEqual([{ code: 'wrongFormat', line: 1, path: '' }]);
    expect(chunks.at(-1)).toBeLessThan(100_000);
  });
});

describe('streaming', () => {
  const fixtures = [
    'valid.jsonl',
    'truncated.jsonl',
    'wrong-types.jsonl',
    'duplicate-ids.jsonl',
    'not-json.jsonl',
  ];
  it.each(fixtures)('%s gives the same result in 1-byte and 64 KiB chunks', async (name) => {
    const bytes = fixtureBytes(name);
    const whole = await read(bytes, 64 * 1024);
    expect(await read(bytes, 1)).toEqual(whole);
    expect(await read(bytes, 7)).toEqual(whole);
  });

  it('decodes a character whose bytes are split between chunks', async () => {
    const bytes = fixtureBytes('valid.jsonl');
    const at = bytes.indexOf(0xe3, 400); // the first byte of a Japanese character (3 bytes in UTF-8)
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, at + 1));
        controller.enqueue(bytes.slice(at + 1, at + 2));
        controller.enqueue(bytes.slice(at + 2));
        controller.close();
      },
    });
    const result = await readBackup(stream);
    if (!result.ok) throw new Error(result.problems.map(describeProblem).join('\n'));
    expect(recordsOf(result.contents, 'boards')[0]!.title).toBe('営業職の比較');
    expect(recordsOf(result.contents, 'clips')[1]!.title).toBe('ルート営業と営業の違い');
  });

  it('reports progress in bytes, with the size when given', async () => {
    const bytes = fixtureBytes('valid.jsonl');
    const calls: [number, number | undefined][] = [];
    await readBackup(streamOf(bytes, 500), {
      totalBytes: bytes.length,
      onProgress: (read, total) => calls.push([read, total]),
    });
    expect(calls.map(([read]) => read)).toEqual([500, 1000, 1500, 2000, bytes.length]);
    expect(calls.every(([, total]) => total === bytes.length)).toBe(true);
  });

  it('stops when cancelled mid-stream', async () => {
    const controller = new AbortController();
    const bytes = fixtureBytes('valid.jsonl');
    let pulls = 0;
    let cancelledStream = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        pulls++;
        if (pulls === 3) controller.abort();
        c.enqueue(bytes.slice((pulls - 1) * 100, pulls * 100));
      },
      cancel() {
        cancelledStream = true;
      },
    });
    const result = await readBackup(stream, { signal: controller.signal });
    expect(result).toMatchObject({
      ok: false,
      code: 'cancelled',
      problems: [{ code: 'cancelled', line: 0 }],
    });
    expect(cancelledStream).toBe(true);
    expect(pulls).toBeLessThan(6);
  });

  it('reports a stream that fails', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(encode('{"format":"kurabe-backup",'));
        c.error(new Error('disk gone'));
      },
    });
    expect(await readBackup(stream)).toMatchObject({ ok: false, code: 'readFailed' });
  });
});

describe('older format versions', () => {
  // Version 0 does not exist: this made-up one stored a clip's article in the clip and called
  // the body store "articles", to show a step that splits one record in two.
  const fromZero: RecordUpgrade = ({ store, record }) => {
    if (store !== 'clips' || typeof record !== 'object' || record === null) return [{ store, record }];
    const { html, ...clip } = record as Record<string, unknown>;
    return [
      { store: 'clips', record: clip },
      { store: 'bodies', record: { id: clip.id, html } },
    ];
  };

  it('brings a record up to the current version step by step', () => {
    const old = { store: 'clips', record: { id: 'c1', title: 't', html: '<p>x</p>' } };
    expect(upgradeRecord(0, old, { ...RECORD_UPGRADES, 0: fromZero })).toEqual([
      { store: 'clips', record: { id: 'c1', title: 't', noteKind: 'article' } },
      { store: 'bodies', record: { id: 'c1', html: '<p>x</p>' } },
    ]);
    expect(upgradeRecord(BACKUP_VERSION, old)).toEqual([old]);
  });

  it('1 → 2: every note of a clip, quote or placement becomes article text, as version 1 exported it', () => {
    for (const store of ['clips', 'quotes', 'placements']) {
      expect(upgradeRecord(1, { store, record: { id: 'x', note: 'n' } })).toEqual([
        { store, record: { id: 'x', note: 'n', noteKind: 'article' } },
      ]);
    }
    // Other stores have no note kind; a record that is no object is left for the schema to refuse.
    const board = { store: 'boards', record: { id: 'b', cellNotes: {} } };
    expect(RECORD_UPGRADES[1]!(board)).toEqual([board]);
    expect(upgradeRecord(1, { store: 'clips', record: 'x' })).toEqual([{ store: 'clips', record: 'x' }]);
  });

  it('2 → 3: every board gets an empty list of cited sources; other records are left as they were', () => {
    expect(
      upgradeRecord(2, { store: 'boards', record: { id: 'b', cellNotes: { a: { s: '安い' } } } }),
    ).toEqual([{ store: 'boards', record: { id: 'b', cellNotes: { a: { s: '安い' } }, cellSources: {} } }]);
    const clip = { store: 'clips', record: { id: 'c', note: 'n', noteKind: 'memo' } };
    expect(upgradeRecord(2, clip)).toEqual([clip]);
    expect(upgradeRecord(2, { store: 'boards', record: 'x' })).toEqual([{ store: 'boards', record: 'x' }]);
  });

  it('a version 2 file reads, its boards citing nothing', async () => {
    const text = new TextDecoder()
      .decode(fixtureBytes('valid.jsonl'))
      .replace('"version":1', '"version":2')
      .replace(/("store":"(?:clips|quotes|placements)".*?"note":"(?:[^"\\]|\\.)*")/g, '$1,"noteKind":"memo"');
    const result = await read(encode(text));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.contents.header.version).toBe(2);
    const boards = recordsOf(result.contents, 'boards');
    expect(boards.length).toBeGreaterThan(0);
    for (const board of boards) expect(board.cellSources).toEqual({});
    for (const clip of recordsOf(result.contents, 'clips')) expect(clip.noteKind).toBe('memo');
  });

  it('a version 1 file reads with its notes as article text', async () => {
    const result = await read(fixtureBytes('valid.jsonl'));
    if (!result.ok) throw new Error('expected the file to read');
    expect(result.contents.header.version).toBe(1);
    const noted = [
      ...recordsOf(result.contents, 'clips'),
      ...recordsOf(result.contents, 'quotes'),
      ...recordsOf(result.contents, 'placements'),
    ];
    expect(noted.length).toBeGreaterThan(3);
    for (const record of noted) expect(record.noteKind).toBe('article');
  });

  it('a version 2 record without its note kind is refused', async () => {
    const text = new TextDecoder().decode(fixtureBytes('valid.jsonl')).replace('"version":1', '"version":2');
    const result = await read(encode(text));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems[0]).toMatchObject({ code: 'invalidRecord', path: 'record.noteKind' });
  });

  it('names the missing step when one is not written', () => {
    expect(() => upgradeRecord(0, { store: 'clips', record: {} }, {})).toThrow(
      'No upgrade from backup version 0 to 1',
    );
  });

  it('refuses a version older than it can read', async () => {
    const text = new TextDecoder().decode(fixtureBytes('valid.jsonl')).replace('"version":1', '"version":0');
    expect(problemsOf(await read(encode(text)))).toEqual([
      { code: 'unsupportedVersion', line: 1, path: 'version' },
    ]);
  });
});

describe('bodies kept out of memory', () => {
  const articles = (count: number, bytes = 1_000) =>
    Array.from({ length: count }, (_, i) =>
      articleLines(`a${String(i).padStart(3, '0')}`, articleHtml(i, bytes)),
    ).flat();
  /** A sink that records each batch. */
  const collector = () => {
    const batches: BackupBody[][] = [];
    return { batches, sink: async (batch: BackupBody[]) => void batches.push(batch) };
  };

  it("'skip' validates the bodies and keeps their ids only, the rest as 'keep' does", async () => {
    const bytes = fixtureBytes('valid.jsonl');
    const kept = await read(bytes);
    const skipped = await readBackup(streamOf(bytes), { bodies: 'skip' });
    if (!kept.ok || !skipped.ok) throw new Error('expected a valid file');
    expect(skipped.contents.records.bodies).toEqual(
      kept.contents.records.bodies.map(({ line, record }) => ({ line, record: { id: record.id } })),
    );
    expect({ ...skipped.contents.records, bodies: [] }).toEqual({ ...kept.contents.records, bodies: [] });
    expect(skipped.contents.header).toEqual(kept.contents.header);
    for (const name of [
      'wrong-types.jsonl',
      'duplicate-ids.jsonl',
      'truncated.jsonl',
      'garbage-line.jsonl',
    ]) {
      expect(await readBackup(streamOf(fixtureBytes(name)), { bodies: 'skip' })).toEqual(
        await read(fixtureBytes(name)),
      );
    }
  });

  it('hands the bodies to a sink in batches, in file order, keeping their ids', async () => {
    const bytes = backupFile(articles(BODY_BATCH_COUNT * 2 + 50));
    const { batches, sink } = collector();
    const result = await readBackup(streamOf(bytes, 16 * 1024), { bodies: sink });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const kept = await read(bytes);
    if (!kept.ok) throw new Error('expected a valid file');
    expect(batches.flat()).toEqual(recordsOf(kept.contents, 'bodies'));
    expect(batches.length).toBeGreaterThanOrEqual(3);
    for (const batch of batches.slice(0, -1)) expect(batch.length).toBeGreaterThanOrEqual(BODY_BATCH_COUNT);
    // A batch is handed on after the chunk that filled it: at most a chunk's bodies more.
    for (const batch of batches) expect(batch.length).toBeLessThan(BODY_BATCH_COUNT + 64);
    expect(result.contents.records.bodies.map(({ record }) => record)).toEqual(
      recordsOf(kept.contents, 'bodies').map(({ id }) => ({ id })),
    );
  });

  it('cuts a batch at a size of HTML too', async () => {
    const { batches, sink } = collector();
    const result = await readBackup(streamOf(backupFile(articles(20, 50_000)), 4096), {
      bodies: sink,
      bodyBatch: { chars: 120_000 },
    });
    expect(result.ok).toBe(true);
    expect(batches.flat()).toHaveLength(20);
    // 50 kB of HTML each: a third one passes 120,000 characters.
    expect(batches.map((b) => b.length)).toEqual([3, 3, 3, 3, 3, 3, 2]);
  });

  it('gives the same result and the same bodies in 1-byte chunks', async () => {
    const bytes = backupFile(articles(30, 200));
    const a = collector();
    const b = collector();
    const whole = await readBackup(streamOf(bytes), { bodies: a.sink, bodyBatch: { count: 7 } });
    const bytewise = await readBackup(streamOf(bytes, 1), { bodies: b.sink, bodyBatch: { count: 7 } });
    expect(bytewise).toEqual(whole);
    expect(b.batches.flat()).toEqual(a.batches.flat());
    expect(b.batches.every((batch) => batch.length === 7 || batch === b.batches.at(-1))).toBe(true);
  });

  it('hands on no body once the file has a problem', async () => {
    const { batches, sink } = collector();
    const bad = '{"store":"boards","record":{"id":"bad"}}';
    const result = await readBackup(
      streamOf(backupFile([...articles(5), bad, ...articles(100).slice(10)]), 256),
      {
        bodies: sink,
        bodyBatch: { count: 2 },
      },
    );
    expect(result.ok).toBe(false);
    // Full batches before the bad line were handed on; a004 waited in a batch and was dropped,
    // and nothing after the bad line was handed on.
    expect(batches.map((batch) => batch.map((body) => body.id))).toEqual([
      ['a000', 'a001'],
      ['a002', 'a003'],
    ]);
  });

  it('rejects with the sink’s error, and stops reading', async () => {
    let pulls = 0;
    const bytes = backupFile(articles(100));
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        c.enqueue(bytes.slice(pulls * 1024, ++pulls * 1024));
        if (pulls * 1024 >= bytes.length) c.close();
      },
    });
    const full = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    await expect(
      readBackup(stream, {
        bodies: async () => {
          throw full;
        },
        bodyBatch: { count: 5 },
      }),
    ).rejects.toBe(full);
    expect(pulls * 1024).toBeLessThan(bytes.length / 2);
  });

  it('stops when cancelled while a batch is handed on', async () => {
    const controller = new AbortController();
    let calls = 0;
    const result = await readBackup(streamOf(backupFile(articles(100)), 1024), {
      signal: controller.signal,
      bodies: async () => {
        if (++calls === 2) controller.abort();
      },
      bodyBatch: { count: 5 },
    });
    expect(result).toMatchObject({ ok: false, code: 'cancelled' });
    expect(calls).toBe(2);
  });
});
