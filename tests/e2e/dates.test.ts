/**
 * Times no Date holds, in real Chromium. A restored clip clipped "at" 1e16 ms made the board's
 * 書き出し throw "RangeError: Invalid time value": no preview, the view stuck, also after reloading
 * the panel. The records are written straight into the database here (whatever the backup schema
 * lets through, a database can hold them), then every view that shows a date is opened.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Browser, launchWithExtension, openPanelInTab } from './harness';

let browser: Browser;

beforeAll(async () => {
  browser = await launchWithExtension({ lang: 'ja' });
});

afterAll(async () => {
  await browser?.close();
});

const TIMES = [1e16, -1e16, 8.64e15 + 1];

it('lists, reads and exports clips whose times are no dates, with the dates left out', async () => {
  const panel = await openPanelInTab(browser);
  const errors: string[] = [];
  panel.on('pageerror', (error) => errors.push(error.message));
  await panel.evaluate(
    (times) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('kurabe');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['boards', 'clips', 'bodies', 'placements'], 'readwrite');
          tx.objectStore('boards').put({
            id: 'b-dates',
            title: '日付の壊れたボード',
            subjects: [
              { id: 's1', name: '対象A' },
              { id: 's2', name: '対象B' },
            ],
            aspects: [{ id: 'a1', name: '観点' }],
            cellNotes: {},
            order: 'a0',
            updatedAt: 1e16,
          });
          times.forEach((time, i) => {
            tx.objectStore('clips').put({
              id: `c${i}`,
              normalizedUrl: `https://example.com/broken-${i}`,
              url: `https://example.com/broken-${i}`,
              title: `壊れた日付の記事${i}`,
              byline: '',
              siteName: 'example.com',
              lang: 'ja',
              publishedTime: ['', 'garbage', '2026-02-30'][i],
              modifiedTime: '',
              excerpt: '',
              lead: '本文',
              chars: 2,
              readingMinutes: 1,
              kind: 'article',
              note: '',
              tags: [],
              createdAt: time,
              clippedAt: time,
              updatedAt: time,
            });
            tx.objectStore('bodies').put({ id: `c${i}`, html: '<p>本文</p>', text: '本文' });
            tx.objectStore('placements').put({
              id: `p${i}`,
              boardId: 'b-dates',
              clipId: `c${i}`,
              aspectId: 'a1',
              order: `a${i}`,
              note: '',
            });
          });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    TIMES,
  );
  await panel.reload();
  await panel.locator('[data-ready="true"]').waitFor();

  await expect.poll(() => panel.locator('.clip-card').count()).toBe(TIMES.length);
  expect(await panel.locator('.clip-card time').count()).toBe(0);

  await panel.locator('.clip-card .clip-open').first().click();
  await panel.locator('.reader-meta').waitFor();
  expect(await panel.locator('.reader-meta').textContent()).not.toMatch(/クリップ:|Invalid/);

  await panel.click('.tab-boards');
  await panel.locator('.board-card').waitFor();
  expect(await panel.locator('.board-card .clip-meta').textContent()).toContain('3件');
  await panel.click('.board-card .clip-open');
  await panel.click('.show-export');
  await expect.poll(() => panel.locator('.export-preview').textContent()).toContain('壊れた日付の記事2');
  const markdown = await panel.locator('.export-markdown').inputValue();
  for (const i of TIMES.keys()) expect(markdown).toContain(`壊れた日付の記事${i}`);
  expect(markdown).not.toMatch(/(クリップ|公開) \S|Invalid|NaN/);
  expect(errors).toEqual([]);
});
