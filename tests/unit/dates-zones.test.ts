// @vitest-environment jsdom
/**
 * One rule for days, run in two time zones: the card, the reader, the board's export, the
 * Markdown files and the backup's file name give the same day for the same date, the day it is
 * where the user is. The zone is the process's (`TZ`), set here for each block: Node reads `TZ`
 * again when it changes, and each block first checks that the browser-side APIs now report it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupFileName } from '@/utils/backup/write';
import { formatDateIn, isoDay, pageDay, userTimeZone } from '@/utils/dates';
import type { Board } from '@/utils/db';
import { clipsAsMarkdownFiles } from '@/utils/markdown-files';
import { renderOutline } from '@/utils/outline';
import { makeClip, makePlacement } from '../fixtures/outline/boards';

/** Instants near midnight UTC, and what day each is in Tokyo (UTC+9) and Los Angeles (UTC−7 in May). */
const CASES: { published: string; tokyo: string; losAngeles: string }[] = [
  // 23:30 UTC on the 19th: the 20th in Tokyo, the afternoon of the 19th in Los Angeles.
  { published: '2026-05-19T23:30:00Z', tokyo: '2026-05-20', losAngeles: '2026-05-19' },
  // 00:30 UTC on the 20th: the 20th in Tokyo, the 19th in Los Angeles.
  { published: '2026-05-20T00:30:00.000Z', tokyo: '2026-05-20', losAngeles: '2026-05-19' },
  // 08:00 in Japan on the 20th (the page's own zone): 16:00 on the 19th in Los Angeles.
  { published: '2026-05-20T08:00:00+09:00', tokyo: '2026-05-20', losAngeles: '2026-05-19' },
  // 15:30 UTC on the 20th: already the 21st in Tokyo.
  { published: 'Wed, 20 May 2026 15:30:00 GMT', tokyo: '2026-05-21', losAngeles: '2026-05-20' },
  // A bare day names that day in every zone (Date would read it as midnight UTC).
  { published: '2026-05-20', tokyo: '2026-05-20', losAngeles: '2026-05-20' },
];

const board: Board = {
  id: 'b',
  title: 'インサイドセールス vs フィールドセールス',
  subjects: [
    { id: 's1', name: 'インサイドセールス' },
    { id: 's2', name: 'フィールドセールス' },
  ],
  aspects: [{ id: 'a1', name: 'コスト' }],
  cellNotes: {},
  order: 'a0',
  updatedAt: Date.UTC(2026, 4, 20),
};

/** A clip of the board with these dates. */
const clipWith = (publishedTime: string, clippedAt: number) =>
  makeClip({ id: 'c', title: '記事', normalizedUrl: 'https://example.com/a', publishedTime, clippedAt });

/** The board's export with that clip on it, in the zone the panel passes (the user's). */
const exportOf = (clip: ReturnType<typeof makeClip>) =>
  renderOutline(
    {
      board,
      clips: [clip],
      placements: [makePlacement({ boardId: 'b', clipId: 'c', aspectId: 'a1', order: 'a0' })],
      quotes: [],
    },
    { locale: 'ja', timeZone: userTimeZone() },
  );

/** "2026/05/19" (the card's Japanese date) as "2026-05-19". */
const cardDay = (text: string) => text.replaceAll('/', '-');

for (const [zone, key] of [
  ['Asia/Tokyo', 'tokyo'],
  ['America/Los_Angeles', 'losAngeles'],
] as const) {
  describe(`in ${zone}`, () => {
    const before = process.env.TZ;
    beforeAll(() => {
      process.env.TZ = zone;
    });
    afterAll(() => {
      process.env.TZ = before;
    });

    it('runs in that zone (the test would prove nothing otherwise)', () => {
      expect(userTimeZone()).toBe(zone);
      // May 2026: Tokyo is 9 hours ahead of UTC, Los Angeles 7 behind (daylight saving time).
      expect(new Date(Date.UTC(2026, 4, 20)).getTimezoneOffset()).toBe(zone === 'Asia/Tokyo' ? -540 : 420);
    });

    it.each(CASES)('$published: the card, the reader and the export show one day', (c) => {
      const day = c[key];
      // The card and the reader (formatDate with the UI's locale).
      expect(cardDay(formatDateIn(c.published, 'ja'))).toBe(day);
      // The export: the sources' "公開" day, in the zone the panel passes (the user's).
      const markdown = exportOf(clipWith(c.published, Date.parse(c.published)));
      expect(markdown).toContain(`公開 ${day}`);
      expect(pageDay(c.published, userTimeZone())).toBe(day);
    });

    it.each(CASES.filter((c) => !/^\d{4}-\d{2}-\d{2}$/.test(c.published)))(
      '$published as a clip’s time: the card, the export, the Markdown file and a backup made then agree',
      (c) => {
        const day = c[key];
        const at = Date.parse(c.published);
        const clip = clipWith('', at);
        // The card shows the clipped day when the page gave no date.
        expect(cardDay(formatDateIn(at, 'ja'))).toBe(day);
        const markdown = exportOf(clip);
        expect(markdown).toContain(`クリップ ${day}`);
        const [file] = clipsAsMarkdownFiles([clip], new Map(), [], [], [], { note: 'メモ', quotes: '引用' });
        expect(file?.content).toContain(`clipped: "${day}"`);
        expect(backupFileName(new Date(at))).toBe(`kurabe-backup-${day}.jsonl`);
        expect(isoDay(at, userTimeZone())).toBe(day);
      },
    );
  });
}

describe('the user’s zone, read once per run of script', () => {
  const before = process.env.TZ;
  afterAll(() => {
    process.env.TZ = before;
  });

  it('is read again once the run ends: a zone changed meanwhile is the one given', async () => {
    process.env.TZ = 'Asia/Tokyo';
    await Promise.resolve();
    expect(userTimeZone()).toBe('Asia/Tokyo');
    process.env.TZ = 'America/Los_Angeles';
    // Within the run the zone read stands (the engine takes a change between runs)…
    expect(userTimeZone()).toBe('Asia/Tokyo');
    await Promise.resolve();
    // …and the next run reads the new one, as the cards and the files then show.
    expect(userTimeZone()).toBe('America/Los_Angeles');
    expect(cardDay(formatDateIn('2026-05-20T00:30:00.000Z', 'ja'))).toBe('2026-05-19');
  });
});
