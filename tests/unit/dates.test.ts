// @vitest-environment jsdom
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDateIn, isoDateTime, isoDay, MAX_TIME_VALUE, pageDay, timeValue } from '@/utils/dates';
import type { Board, Clip, Placement } from '@/utils/db';
import { validDate } from '@/utils/extract/metadata';
import { clipsAsMarkdownFiles } from '@/utils/markdown-files';
import { renderOutline } from '@/utils/outline';
import { makeClip, makePlacement } from '../fixtures/outline/boards';

/** Numbers no Date holds, and strings that are no date: each formatter gives '' (or nothing). */
const NOT_DATES: (number | string)[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  1e16,
  -1e16,
  MAX_TIME_VALUE + 1,
  -MAX_TIME_VALUE - 1,
  Number.MAX_VALUE,
  '',
  '   ',
  'garbage',
  'Invalid Date',
  '2026-13-45',
  '2026-02-30',
  '+275761-01-01T00:00:00Z',
  '1e16',
  '\u0000',
];

const NOON = Date.UTC(2026, 10, 20, 12); // 2026-11-20 12:00 UTC

describe('timeValue', () => {
  it.each(NOT_DATES.map((v) => [String(v), v] as const))('%s is no time', (_, value) => {
    expect(timeValue(value)).toBeUndefined();
  });
  it('reads numbers and date strings within a Date’s range', () => {
    expect(timeValue(NOON)).toBe(NOON);
    expect(timeValue(MAX_TIME_VALUE)).toBe(MAX_TIME_VALUE);
    expect(timeValue(-MAX_TIME_VALUE)).toBe(-MAX_TIME_VALUE);
    expect(timeValue('2026-11-20T12:00:00Z')).toBe(NOON);
    expect(timeValue(1.9)).toBe(1);
  });
});

describe('every formatter, given what is no date', () => {
  it.each(NOT_DATES.map((v) => [String(v), v] as const))('%s: empty, no throw', (_, value) => {
    expect(formatDateIn(value, 'ja')).toBe('');
    expect(formatDateIn(value, 'en', 'Asia/Tokyo')).toBe('');
    expect(isoDay(value, 'UTC')).toBe('');
    expect(isoDay(value, 'Pacific/Kiritimati')).toBe('');
    expect(isoDateTime(value)).toBeUndefined();
    expect(pageDay(String(value), 'UTC')).toBe('');
  });
});

describe('formatDateIn', () => {
  it('writes a day in the locale and zone', () => {
    expect(formatDateIn(NOON, 'ja', 'UTC')).toBe('2026/11/20');
    expect(formatDateIn(NOON, 'en', 'UTC')).toBe('Nov 20, 2026');
    expect(formatDateIn(Date.UTC(2026, 10, 20, 20), 'ja', 'Asia/Tokyo')).toBe('2026/11/21');
    expect(formatDateIn('2026-11-20T12:00:00Z', 'en', 'UTC')).toBe('Nov 20, 2026');
  });
  it('formats the edges of a Date’s range, in a zone that pushes them past it', () => {
    expect(formatDateIn(MAX_TIME_VALUE, 'ja', 'Pacific/Kiritimati')).not.toBe('');
    expect(formatDateIn(-MAX_TIME_VALUE, 'en', 'America/Adak')).not.toBe('');
  });
  it('falls back instead of throwing on an unknown locale or zone', () => {
    expect(() => formatDateIn(NOON, 'not a locale')).not.toThrow();
    expect(formatDateIn(NOON, 'ja', 'Mars/Olympus_Mons')).toBe(formatDateIn(NOON, 'ja'));
    expect(formatDateIn(NOON, 'not a locale', 'UTC')).toMatch(/2026/);
  });
});

describe('isoDay', () => {
  it('is the day in the time zone given (UTC when the zone is unknown)', () => {
    const evening = Date.UTC(2026, 10, 20, 20);
    expect(isoDay(evening, 'UTC')).toBe('2026-11-20');
    expect(isoDay(evening, 'Asia/Tokyo')).toBe('2026-11-21');
    expect(isoDay(evening, 'America/Los_Angeles')).toBe('2026-11-20');
    expect(isoDay(evening, 'Not/A_Zone')).toBe('2026-11-20');
  });
  it('writes the years ISO 8601 writes with a sign', () => {
    expect(isoDay(MAX_TIME_VALUE, 'UTC')).toBe('+275760-09-13');
    expect(isoDay(-MAX_TIME_VALUE, 'UTC')).toBe('-271821-04-20');
    expect(isoDay(Date.UTC(1900, 0, 1), 'UTC')).toBe('1900-01-01');
    const yearZero = new Date(0);
    yearZero.setUTCFullYear(0, 5, 15);
    expect(isoDay(yearZero.getTime(), 'UTC')).toBe('0000-06-15');
    const bc2 = new Date(0);
    bc2.setUTCFullYear(-1, 0, 1);
    expect(isoDay(bc2.getTime(), 'UTC')).toBe('-000001-01-01');
  });
  it('agrees with toISOString on any time a Date holds (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_TIME_VALUE, max: MAX_TIME_VALUE }), (ms) => {
        expect(isoDay(ms, 'UTC')).toBe(new Date(ms).toISOString().slice(0, -14));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isoDateTime', () => {
  it('is an ISO instant, for a <time datetime>', () => {
    expect(isoDateTime(NOON)).toBe('2026-11-20T12:00:00.000Z');
    expect(isoDateTime('2026-11-20T21:00:00+09:00')).toBe('2026-11-20T12:00:00.000Z');
  });
});

describe('pageDay', () => {
  it('keeps a bare day as the page wrote it, whatever the zone', () => {
    expect(pageDay(' 2026-11-20', 'Asia/Tokyo')).toBe('2026-11-20');
    expect(pageDay('2026-11-20', 'America/Los_Angeles')).toBe('2026-11-20');
    expect(pageDay('2026-11-20', 'Pacific/Kiritimati')).toBe('2026-11-20');
  });
  it('writes an instant as its day in the zone, whatever zone the page wrote it in', () => {
    // 23:10 in Japan on the 20th is 14:10 UTC: the 20th in Tokyo and in UTC, 06:10 in Los Angeles.
    expect(pageDay('2026-11-20T23:10+09:00', 'America/Los_Angeles')).toBe('2026-11-20');
    // 08:00 in Japan on the 20th is 15:00 on the 19th in Los Angeles: the day shown there.
    expect(pageDay('2026-11-20T08:00:00+09:00', 'America/Los_Angeles')).toBe('2026-11-19');
    expect(pageDay('2026-11-20T08:00:00+09:00', 'Asia/Tokyo')).toBe('2026-11-20');
    expect(pageDay('2026-11-19T23:30:00Z', 'Asia/Tokyo')).toBe('2026-11-20');

    expect(pageDay('Fri, 20 Nov 2026 20:00:00 GMT', 'Asia/Tokyo')).toBe('2026-11-21');
    expect(pageDay('Fri, 20 Nov 2026 20:00:00 GMT', 'UTC')).toBe('2026-11-20');
  });
  it('writes no day that does not exist', () => {
    for (const day of ['2026-02-30', '2026-99-99', '2026-00-10', '2025-02-29T10:00Z', '+275761-01-01'])
      expect(pageDay(day, 'UTC'), day).toBe('');
    expect(pageDay('2024-02-29', 'UTC')).toBe('2024-02-29');
  });
  it('never throws, whatever a page wrote (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.date().map(String)), (text) => {
        const day = pageDay(text, 'Asia/Tokyo');
        expect(day === '' || /^([+-]\d{6}|\d{4})-\d{2}-\d{2}$/.test(day), day).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

// --- the outline and the folder export of clips with such dates --------------------------------

const BAD_TIMES = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -Number.POSITIVE_INFINITY,
  1e16,
  -1e16,
  MAX_TIME_VALUE + 1,
];
const BAD_PAGE_DATES = ['', 'garbage', '2026-02-30', '+275761-01-01', '9999-99-99T99:99', 'Invalid Date'];

function boardWithBadDates() {
  const board: Board = {
    id: 'b',
    title: '日付の壊れたボード',
    subjects: [
      { id: 's1', name: 'A' },
      { id: 's2', name: 'B' },
    ],
    aspects: [{ id: 'a1', name: '観点' }],
    cellNotes: {},
    order: 'a0',
    updatedAt: 1e16,
  };
  const clips: Clip[] = BAD_TIMES.map((time, i) =>
    makeClip({
      id: `c${i}`,
      title: `記事${i}`,
      normalizedUrl: `https://example.com/${i}`,
      clippedAt: time,
      createdAt: time,
      updatedAt: time,
      deletedAt: undefined,
      publishedTime: BAD_PAGE_DATES[i % BAD_PAGE_DATES.length]!,
      modifiedTime: BAD_PAGE_DATES[(i + 1) % BAD_PAGE_DATES.length]!,
    }),
  );
  const placements: Placement[] = clips.map((clip, i) =>
    makePlacement({ boardId: 'b', clipId: clip.id, aspectId: 'a1', order: `a${i}` }),
  );
  return { board, clips, placements, quotes: [] };
}

describe('a board whose clips carry times that are no dates', () => {
  it.each([
    ['ja', 'Asia/Tokyo', 'footnotes'],
    ['en', 'UTC', 'inline'],
    ['ja', 'No/Such_Zone', 'footnotes'],
  ] as const)(
    'renders its outline (%s, %s, %s) with every source and no date',
    (locale, timeZone, references) => {
      const input = boardWithBadDates();
      const markdown = renderOutline(input, { locale, timeZone, references });
      for (const clip of input.clips) expect(markdown).toContain(clip.title);
      expect(markdown).toContain('https://example.com/5');
      expect(markdown).not.toMatch(/Invalid|NaN|undefined|\d{5,}-\d{2}-\d{2}/);
      expect(markdown).not.toMatch(/(クリップ|clipped|公開|published) \S/);
    },
  );

  it('writes its clips as Markdown files, leaving out the dates that are none', () => {
    const { clips } = boardWithBadDates();
    const files = clipsAsMarkdownFiles(clips, new Map(), [], [], [], { note: 'メモ', quotes: '引用' });
    expect(files).toHaveLength(clips.length);
    for (const file of files) {
      expect(file.content).not.toContain('clipped:');
      expect(file.content).not.toMatch(/Invalid|NaN/);
    }
  });
});

describe('a page’s dates at clip time (validDate)', () => {
  it('keeps a date as the page wrote it, and no string that is no date', () => {
    expect(validDate(' 2026-11-20T23:10+09:00 ')).toBe('2026-11-20T23:10+09:00');
    expect(validDate('Fri, 20 Nov 2026 20:00:00 GMT')).toBe('Fri, 20 Nov 2026 20:00:00 GMT');
    for (const value of NOT_DATES)
      if (typeof value === 'string') expect(validDate(value), value).toBeUndefined();
  });
});
