import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateLibrary } from '../helpers/library';
import { type Browser, launchWithExtension, openPanelInTab, writeStore } from './harness';

// A generated library of a few thousand clips written straight into the built extension's
// IndexedDB (as a library from before DB version 5 would be: no search index), then searched in
// the panel while it indexes the articles in the background. No timing is asserted here (npm run
// bench measures it): only that the Inbox, a board and search work on it.
const CLIPS = 3000;

let browser: Browser;
let panel: Page;

/** Two clips whose words sit far past the lead a clip record keeps: only the article index finds them. */
const filler = '営業の現場では毎日の記録が大切だ。'.repeat(300);
const special = [
  {
    id: 'deep-ja',
    title: '深い位置に日本語の複合語がある記事',
    text: `${filler}当社の顧客満足度調査によれば、訪問頻度と継続率は比例する。`,
    lang: 'ja',
  },
  {
    id: 'deep-en',
    title: 'An English article with a rare word at its end',
    text: `${'Remote teams write things down. '.repeat(200)}Zephyrines commute by ferry.`,
    lang: 'en',
  },
];

beforeAll(async () => {
  browser = await launchWithExtension({ lang: 'ja' });
  panel = await openPanelInTab(browser);
  const library = generateLibrary({ clips: CLIPS, boards: 20, seed: 5 });
  const base = library.clips[0]!;
  const clips = [
    ...library.clips,
    ...special.map((s, i) => ({
      ...base,
      id: s.id,
      normalizedUrl: `https://example.com/${s.id}`,
      url: `https://example.com/${s.id}`,
      title: s.title,
      lang: s.lang,
      lead: s.text.slice(0, 1500),
      excerpt: s.text.slice(0, 120),
      chars: s.text.length,
      createdAt: CLIPS + i,
      clippedAt: CLIPS + i,
      updatedAt: CLIPS + i,
    })),
  ];
  const texts = new Map([...library.texts, ...special.map((s) => [s.id, s.text] as const)]);
  for (let i = 0; i < clips.length; i += 200) {
    const slice = clips.slice(i, i + 200);
    await writeStore(panel, 'clips', slice, { keep: true });
    await writeStore(
      panel,
      'bodies',
      slice.map((c) => ({ id: c.id, html: `<p>${texts.get(c.id)}</p>`, text: texts.get(c.id) })),
      { keep: true },
    );
  }
  await writeStore(panel, 'boards', library.boards);
  await writeStore(panel, 'placements', library.placements);
  await panel.reload();
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

it('opens the Inbox and a board of a large library', async () => {
  await panel.locator('.clip-card').first().waitFor({ timeout: 60_000 });
  // The newest clip leads the Inbox.
  await expect
    .poll(() => panel.locator('.clip-card .clip-title').first().textContent(), { timeout: 60_000 })
    .toBe(special[1]!.title);
  await panel.click('.tab-boards');
  await panel.locator('[data-board-id="b0"] .clip-open').click();
  await expect.poll(() => panel.locator('.placement').count(), { timeout: 60_000 }).toBeGreaterThan(0);
}, 120_000);

it('finds a Japanese word inside a compound and an English prefix deep in articles', async () => {
  await panel.click('.tab-search');
  const titles = () => panel.locator('.search-hit .clip-title').allTextContents();
  await panel.fill('.search-input', '満足度調査');
  // The index is built in the background: the hit comes once its article is indexed.
  await expect.poll(titles, { timeout: 240_000, interval: 500 }).toContain(special[0]!.title);
  expect(await titles()).toEqual([special[0]!.title]);
  // The marked words in the snippet are the query.
  expect(await panel.locator('.search-hit mark').first().textContent()).toBe('満足度調査');
  await panel.fill('.search-input', 'zephyr');
  await expect.poll(titles, { timeout: 240_000, interval: 500 }).toEqual([special[1]!.title]);
  // A word of the generated library: hits from many clips, each holding it.
  await panel.fill('.search-input', 'バッテリー');
  await expect.poll(() => panel.locator('.search-hit').count(), { timeout: 60_000 }).toBeGreaterThan(10);
  const marks = await panel.locator('.search-hit mark').allTextContents();
  expect(marks.length).toBeGreaterThan(0);
  expect(new Set(marks)).toEqual(new Set(['バッテリー']));
  // More clips hold it than the first hits shown: the rest are offered, and shown on request.
  const shown = await panel.locator('.search-hit').count();
  await panel.click('.search-more');
  await expect.poll(() => panel.locator('.search-hit').count(), { timeout: 60_000 }).toBeGreaterThan(shown);
  expect(new Set(await panel.locator('.search-hit mark').allTextContents())).toEqual(new Set(['バッテリー']));
}, 600_000);
