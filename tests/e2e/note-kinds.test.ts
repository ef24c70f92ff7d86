// Issue 13, item 4 and the word count of item 8, as a person does them in the side panel at its
// real width (360 px), in Japanese: a memo note stays out of the exported Markdown while an
// article note is in it, 「メモを含める」 brings the memo in, the export says how many memos it left
// out, and an English clip's card counts words (語), not characters.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type Browser,
  clickToolbarButton,
  fixturePage,
  launchWithExtension,
  openPanelInTab,
  PageServer,
  readStore,
  SidePanel,
  writeStore,
} from './harness';
import { ARTICLE_NOTE, MEMO } from './pages/sales-board';

const ENGLISH = '/2026/bedside-book';
const BOARD = {
  id: 'board-sales',
  title: 'インサイドセールス vs フィールドセールス',
  subjects: [
    { id: 's-inside', name: 'インサイドセールス' },
    { id: 's-field', name: 'フィールドセールス' },
  ],
  aspects: [{ id: 'a-rate', name: '成約率' }],
};
const CLIP = 'clip-sales';
const ARTICLE =
  'ある調査では、インサイドセールスの成約率は平均で20%だった。フィールドセールスの成約率は30%と高い。';
const QUOTE = 'インサイドセールスの成約率は平均で20%だった';

let server: PageServer;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  server = new PageServer().route(ENGLISH, { body: fixturePage('pages/longform-en') });
  origin = await server.start();
  browser = await launchWithExtension({ lang: 'ja' });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function narrowPanel(): Promise<Page> {
  const panel = await openPanelInTab(browser);
  await panel.setViewportSize({ width: 360, height: 800 });
  return panel;
}

it('a memo stays out of the export and an article note is in it; 「メモを含める」 brings the memo in; the memos left out are counted', async () => {
  const panel = await narrowPanel();
  const now = Date.now();
  await writeStore(panel, 'boards', [{ ...BOARD, cellNotes: {}, order: 'a0', updatedAt: now }]);
  // A clip and its quote as Kurabe makes them today: their notes start as memos.
  await writeStore(panel, 'clips', [
    {
      id: CLIP,
      normalizedUrl: 'https://example.com/sales',
      url: 'https://example.com/sales',
      title: '営業手法別の成約率',
      byline: '',
      siteName: 'example.com',
      lang: 'ja',
      publishedTime: '',
      excerpt: ARTICLE.slice(0, 40),
      lead: ARTICLE,
      chars: ARTICLE.length,
      readingMinutes: 1,
      kind: 'article',
      note: '',
      noteKind: 'memo',
      tags: [],
      createdAt: now,
      clippedAt: now,
      updatedAt: now,
    },
  ]);
  await writeStore(panel, 'bodies', [{ id: CLIP, html: `<p>${ARTICLE}</p>`, text: ARTICLE }]);
  await writeStore(panel, 'quotes', [
    { id: 'q-rate', clipId: CLIP, text: QUOTE, context: '', note: '', noteKind: 'memo', createdAt: now },
  ]);
  await writeStore(panel, 'placements', [
    {
      id: 'p-rate',
      boardId: BOARD.id,
      clipId: CLIP,
      quoteId: 'q-rate',
      aspectId: 'a-rate',
      subjectId: 's-inside',
      order: 'a0',
      note: '',
      noteKind: 'memo',
    },
    // The clip filed whole, with no aspect yet: its note goes with it into the outline.
    { id: 'p-whole', boardId: BOARD.id, clipId: CLIP, order: 'a1', note: '', noteKind: 'memo' },
  ]);
  await panel.reload();
  await panel.locator('[data-ready="true"]').waitFor();

  // In the reader: the clip's note is a to-do (a memo, as new notes are); the quote's note is
  // meant for the article, marked so with its kind toggle, by keyboard.
  await panel.click(`.clip-card[data-clip-id="${CLIP}"] .clip-open`);
  const clipKind = panel.locator('.clip-notes .note-kind');
  expect(await clipKind.textContent()).toBe('メモ');
  await panel.locator('.clip-note').fill(MEMO);
  await panel.locator('.clip-note').press('Tab');
  await expect.poll(() => panel.evaluate(() => document.activeElement?.className)).toContain('note-kind');
  const quote = panel.locator('.quote[data-quote-id="q-rate"]');
  await quote.locator('.quote-note').fill(ARTICLE_NOTE);
  await quote.locator('.quote-note').press('Tab');
  const quoteKind = quote.locator('.note-kind');
  expect(await quoteKind.getAttribute('aria-label')).toBe('メモ: 記事用にする（書き出しに入れる）');
  await quoteKind.focus();
  await panel.keyboard.press('Enter');
  await expect.poll(() => quoteKind.textContent()).toBe('記事用');
  await expect
    .poll(async () =>
      (await readStore<{ id: string; note: string; noteKind: string }>(panel, 'quotes')).find(
        (q) => q.id === 'q-rate',
      ),
    )
    .toMatchObject({ note: ARTICLE_NOTE, noteKind: 'article' });
  expect(
    (await readStore<{ id: string; note: string; noteKind: string }>(panel, 'clips')).find(
      (c) => c.id === CLIP,
    ),
  ).toMatchObject({ note: MEMO, noteKind: 'memo' });

  // On the board, the placement's note is a memo too (its kind shown beside it).
  await panel.click('.reader-nav .link-button');
  await panel.click('.tab-boards');
  await panel.click(`[data-board-id="${BOARD.id}"] .clip-open`);
  const placement = panel.locator('[data-placement-id="p-rate"]');
  await placement.locator('.placement-note-button').click();
  await placement.locator('.placement-note').fill('導入の段落で使う');
  await placement.locator('.placement-note').press('Tab');
  expect(await placement.locator('.note-kind').textContent()).toBe('メモ');

  // The export: the article note is there, the memos are not, and the panel says how many.
  await panel.click('.show-export');
  const markdown = panel.locator('.export-markdown');
  await expect.poll(() => markdown.inputValue()).toContain(QUOTE);
  await expect.poll(() => markdown.inputValue()).toContain(ARTICLE_NOTE);
  expect(await markdown.inputValue()).not.toContain(MEMO);
  expect(await markdown.inputValue()).not.toContain('導入の段落で使う');
  const leftOut = panel.locator('.export-memos-left-out');
  await expect.poll(() => leftOut.textContent()).toContain('メモ2件は書き出していません');
  // The empty subject (フィールドセールス) has no section.
  expect(await markdown.inputValue()).not.toContain('### フィールドセールス');

  // 「メモを含める」 brings the memos in, and the line goes; the choice is kept for the board.
  const include = panel.getByLabel('メモを含める');
  expect(await include.isChecked()).toBe(false);
  await include.check();
  await expect.poll(() => markdown.inputValue()).toContain(MEMO);
  expect(await markdown.inputValue()).toContain('導入の段落で使う');
  await leftOut.waitFor({ state: 'detached' });
  await expect
    .poll(async () => {
      const settings = await panel.evaluate(
        () =>
          new Promise<unknown>((resolve) => {
            const open = indexedDB.open('kurabe');
            open.onsuccess = () => {
              const request = open.result
                .transaction('settings')
                .objectStore('settings')
                .get('exportOptions:board-sales');
              request.onsuccess = () => {
                open.result.close();
                resolve(request.result);
              };
            };
          }),
      );
      return settings;
    })
    .toMatchObject({ includeMemos: true });
  await panel.close();
});

it('an English clip is counted in words (語) on its card and in the reader', async () => {
  const panel = await narrowPanel();
  await writeStore(panel, 'clips', []);
  const tab = await browser.context.newPage();
  await tab.goto(`${origin}${ENGLISH}`);
  await clickToolbarButton(browser, tab);
  const side = await SidePanel.waitFor(browser);
  await side.waitForValue(`document.querySelector('[data-status="saved"]')?.textContent`);
  await side.close();
  await tab.close();

  await panel.bringToFront();
  await panel.reload();
  await panel.locator('[data-ready="true"]').waitFor();
  const card = panel.locator('.clip-card').first();
  expect(await card.locator('.clip-title').textContent()).toContain('Reading in the Dark');
  const [stored] = await readStore<{ lang: string; words?: number; chars: number }>(panel, 'clips');
  expect(stored!.lang).toMatch(/^en/);
  expect(stored!.words).toBeGreaterThan(100);
  // Fewer words than characters: the count shown is the words, with 語.
  expect(stored!.words).toBeLessThan(stored!.chars / 3);
  const length = await card.locator('.clip-length').textContent();
  expect(length).toBe(`${stored!.words!.toLocaleString('ja')}語`);
  expect(length).not.toContain('字');
  await card.locator('.clip-open').click();
  expect(await panel.locator('.reader-meta .clip-length').textContent()).toBe(length);
  await panel.close();
});
