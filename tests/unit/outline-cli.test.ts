import { execFile } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readBackup, recordsOf } from '@/utils/backup';
import { renderOutline } from '@/utils/outline';

const ROOT = path.resolve(import.meta.dirname, '../..');
const VALID = path.join(ROOT, 'tests/fixtures/backup/valid.jsonl');
const run = (...args: string[]) =>
  promisify(execFile)('node', ['scripts/cli.mjs', 'outline', ...args], { cwd: ROOT }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

describe('npm run outline', () => {
  it('prints the same Markdown as the side panel renderer, found by title or by id', async () => {
    const read = await readBackup(Readable.toWeb(createReadStream(VALID)) as ReadableStream<Uint8Array>);
    if (!read.ok) throw new Error('the fixture backup does not read');
    const board = recordsOf(read.contents, 'boards')[0]!;
    const expected = renderOutline(
      {
        board,
        placements: recordsOf(read.contents, 'placements'),
        clips: recordsOf(read.contents, 'clips').map((c) => ({ ...c, lead: '' })),
        quotes: recordsOf(read.contents, 'quotes'),
      },
      { references: 'inline', summary: false, locale: 'en', timeZone: 'Asia/Tokyo' },
    );
    expect(expected).toContain(board.title);
    const options = ['--references', 'inline', '--no-summary', '--locale', 'en', '--time-zone', 'Asia/Tokyo'];
    const byTitle = await run(VALID, '--board', board.title, ...options);
    expect(byTitle.stderr).toBe('');
    expect(byTitle.stdout).toBe(expected);
    const byId = await run(VALID, '--board', board.id, ...options);
    expect(byId.stdout).toBe(expected);
  }, 60_000);

  it('names the boards it has when the board asked for is not there', async () => {
    const result = await run(VALID, '--board', 'どこにもないボード');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No board "どこにもないボード"');
    expect(result.stderr).toContain('営業職の比較');
    expect(result.stdout).toBe('');
  }, 60_000);

  it('refuses a damaged backup with its problems, and bad options with the usage', async () => {
    const truncated = await run(path.join(ROOT, 'tests/fixtures/backup/truncated.jsonl'), '--board', 'x');
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/cannot be read:\n {2}line \d+/);
    const badOption = await run(VALID, '--board', 'x', '--quotes', 'italic');
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain('--quotes must be one of blockquote, bullet');
  }, 60_000);

  it('writes a board whose clip has a time no Date holds, without a date and without crashing', async () => {
    // The valid backup with its clip's times at 1e16 ms (year 318857): the schema once let any
    // number through, and formatting it threw "RangeError: Invalid time value".
    const lines = readFileSync(VALID, 'utf8').trimEnd().split('\n');
    const broken = lines.map((line) => {
      const parsed = JSON.parse(line);
      if (parsed.store !== 'clips') return line;
      return JSON.stringify({
        ...parsed,
        record: { ...parsed.record, clippedAt: 1e16, createdAt: 1e16, updatedAt: 1e16 },
      });
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'kurabe-outline-'));
    try {
      const file = path.join(dir, 'dates.jsonl');
      writeFileSync(file, `${broken.join('\n')}\n`);
      const result = await run(file, '--board', 'b-sales', '--time-zone', 'Asia/Tokyo');
      expect(result.stderr).not.toMatch(/RangeError|Invalid time value|\n\s+at /);
      if (result.code === 0) {
        // The schema accepts the file: the outline is written, its sources without a clip date.
        expect(result.stdout).toContain('ルート営業と営業の違い');
        expect(result.stdout).not.toMatch(/クリップ \S|Invalid|NaN/);
      } else {
        // A schema that holds Kurabe's own times between 2000 and 2200 refuses the file instead.
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/cannot be read:\n {2}line \d+/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
