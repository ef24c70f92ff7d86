// Issue 13, item 8: a publication date showed 2026/05/19 on the card and 2026-05-20 in the export.
// One rule now: the day in the user's time zone, everywhere. Here the panel runs in real Chromium
// at its real width (360 px), in Japanese, with its time zone emulated (the DevTools protocol's
// Emulation.setTimezoneOverride) as Los Angeles and then as Tokyo; the card, the reader and the
// exported Markdown show the same day for an article published at 08:00 in Japan on May 20 (the
// 19th in Los Angeles), and for a clip kept at 23:30 UTC on May 19 (the 20th in Tokyo).
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Browser, launchWithExtension, openPanelInTab, writeStore } from './harness';

const BOARD = {
  id: 'board-sales',
  title: 'インサイドセールス vs フィールドセールス',
  subjects: [
    { id: 's-inside', name: 'インサイドセールス' },
    { id: 's-field', name: 'フィールドセールス' },
  ],
  aspects: [{ id: 'a-cost', name: 'コスト' }],
  cellNotes: {},
  order: 'a0',
  updatedAt: Date.UTC(2026, 4, 20),
};
/** Published 08:00 in Japan on May 20: 23:00 UTC on the 19th, 16:00 on the 19th in Los Angeles. */
const PUBLISHED = '2026-05-20T08:00:00+09:00';
/** Clipped 23:30 UTC on May 19: 08:30 on the 20th in Tokyo, 16:30 on the 19th in Los Angeles. */
const CLIPPED = Date.UTC(2026, 4, 19, 23, 30);

let browser: Browser;

beforeAll(async () => {
  browser = await launchWithExtension({ lang: 'ja' });
});

afterAll(async () => {
  await browser?.close();
});

function clip(id: string, title: string, publishedTime: string) {
  return {
    id,
    normalizedUrl: `https://example.com/${id}`,
    url: `https://example.com/${id}`,
    title,
    byline: '',
    siteName: 'example.com',
    lang: 'ja',
    publishedTime,
    modifiedTime: '',
    excerpt: '本文',
    lead: '本文',
    chars: 2,
    readingMinutes: 1,
    kind: 'article',
    note: '',
    noteKind: 'article',
    tags: [],
    createdAt: CLIPPED,
    clippedAt: CLIPPED,
    updatedAt: CLIPPED,
  };
}

/** The panel, reloaded in `zone` (the override holds for the page's target across reloads). */
async function panelIn(panel: Page, cdp: CDPSession, zone: string): Promise<void> {
  // One session sets the zone each time: another session's override would be refused.
  await cdp.send('Emulation.setTimezoneOverride', { timezoneId: zone });
  await panel.reload();
  await panel.locator('[data-ready="true"]').waitFor();
  // The emulation took: the page's own clock is in that zone.
  expect(await panel.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(zone);
}

/** The day on a card, "2026/05/19" as "2026-05-19". */
async function cardDay(panel: Page, title: string): Promise<string> {
  const card = panel.locator('.clip-card', { hasText: title });
  return ((await card.locator('time').textContent()) ?? '').replaceAll('/', '-');
}

async function exported(panel: Page): Promise<string> {
  await panel.click('.tab-boards');
  await panel.click(`[data-board-id="${BOARD.id}"] .clip-open`);
  await panel.click('.show-export');
  const markdown = panel.locator('.export-markdown');
  await expect.poll(() => markdown.inputValue()).toContain('## 出典');
  return markdown.inputValue();
}

it('the card, the reader and the export give one day, the day in the panel’s time zone', async () => {
  const panel = await openPanelInTab(browser);
  await panel.setViewportSize({ width: 360, height: 800 });
  await writeStore(panel, 'boards', [BOARD]);
  await writeStore(panel, 'clips', [
    clip('published', '公開日のある記事', PUBLISHED),
    clip('undated', '公開日のない記事', ''),
  ]);
  await writeStore(panel, 'bodies', [
    { id: 'published', html: '<p>本文</p>', text: '本文' },
    { id: 'undated', html: '<p>本文</p>', text: '本文' },
  ]);
  await writeStore(
    panel,
    'placements',
    ['published', 'undated'].map((clipId, i) => ({
      id: `p-${clipId}`,
      boardId: BOARD.id,
      clipId,
      aspectId: 'a-cost',
      subjectId: 's-inside',
      order: `a${i}`,
      note: '',
      noteKind: 'article',
    })),
  );

  const cdp = await browser.context.newCDPSession(panel);
  for (const [zone, published, clipped] of [
    ['America/Los_Angeles', '2026-05-19', '2026-05-19'],
    ['Asia/Tokyo', '2026-05-20', '2026-05-20'],
  ] as const) {
    await panelIn(panel, cdp, zone);
    // The cards: the published day, and the clipped day for the clip the page gave no date.
    expect(await cardDay(panel, '公開日のある記事'), zone).toBe(published);
    expect(await cardDay(panel, '公開日のない記事'), zone).toBe(clipped);
    // The reader says the same day.
    await panel.click('.clip-card:has-text("公開日のある記事") .clip-open');
    await expect
      .poll(() => panel.locator('.reader-meta').textContent())
      .toContain(published.replaceAll('-', '/'));
    // The export's sources: published and clipped on those days.
    const markdown = await exported(panel);
    expect(markdown, zone).toContain(`公開 ${published}`);
    expect(markdown, zone).toContain(`クリップ ${clipped}`);
    // And no other day of May 2026 anywhere in it.
    const days = new Set(markdown.match(/2026-05-\d{2}/g));
    expect([...days], zone).toEqual([published]);
  }
});
