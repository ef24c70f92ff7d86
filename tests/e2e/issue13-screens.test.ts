// Issue 13's report, at the side panel's real width (360 px), in Japanese, light and dark: the
// Inbox with "Add to board…" open, a quote placed apart from its clip on the board
// 「インサイドセールス vs フィールドセールス」, its comparison table, and its export (a memo note left out,
// an article note in, the two quotes of one clip under their own headings). Each view is checked;
// with `KURABE_SCREENS=docs/screenshots/issue13` the PNGs and the exported Markdown are written
// there too (`export-after.md`).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Browser, launchWithExtension, openPanelInTab, ROOT, writeStore } from './harness';
import { ARTICLE_NOTE, MEMO, SALES_BOARD } from './pages/sales-board';

const SCREENS = process.env.KURABE_SCREENS && path.resolve(ROOT, process.env.KURABE_SCREENS);

const BOARD = {
  ...SALES_BOARD,
  cellNotes: {
    'a-cost': { 's-inside': '移動がなく、訪問営業の半分ほど', 's-field': '交通費と移動時間がかかる' },
    'a-rate': { 's-inside': '平均20%（調査による）', 's-field': '平均30%。一件に時間がかかる' },
  },
  order: 'a0',
};
const ARTICLE =
  'インサイドセールスは電話やオンライン会議で商談を進める。移動がないぶんコストは訪問営業の半分ほどで済む。' +
  'ある調査では、インサイドセールスの成約率は平均で20%だった。フィールドセールスの成約率は30%と高いが、一件あたりの時間は長い。';
const QUOTE_COST = 'コストは訪問営業の半分ほどで済む';
const QUOTE_RATE = 'インサイドセールスの成約率は平均で20%だった';
const FIELD_TEXT =
  'フィールドセールスは顧客を訪ね、対面で信頼を築く。大型の商談では、担当者が足を運ぶことが決め手になることも多い。';
const QUOTE_FIELD = '大型の商談では、担当者が足を運ぶことが決め手になることも多い';

let browser: Browser;

beforeAll(async () => {
  browser = await launchWithExtension({ lang: 'ja' });
  if (SCREENS) mkdirSync(SCREENS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

function clip(id: string, title: string, site: string, text: string, at: number) {
  return {
    id,
    normalizedUrl: `https://${site}/${id}`,
    url: `https://${site}/${id}`,
    title,
    byline: '',
    siteName: site,
    lang: 'ja',
    publishedTime: '2026-05-12T09:00:00+09:00',
    modifiedTime: '',
    excerpt: text.slice(0, 60),
    lead: text,
    chars: text.length,
    readingMinutes: 1,
    kind: 'article',
    note: '',
    noteKind: 'memo',
    tags: ['営業'],
    createdAt: at,
    clippedAt: at,
    updatedAt: at,
  };
}

async function seed(page: Page) {
  // A fixed time: the exported Markdown (its クリップ days) is the same at every run.
  const now = Date.UTC(2026, 4, 20, 3);
  await writeStore(page, 'boards', [{ ...BOARD, updatedAt: now }]);
  await writeStore(page, 'clips', [
    clip('clip-inside', 'インサイドセールスとは？ 仕組みと成果', 'eigyo-lab.example', ARTICLE, now - 3000),
    clip('clip-field', 'フィールドセールスが強い場面', 'sales-note.example', FIELD_TEXT, now - 2000),
    {
      ...clip('clip-new', 'CRM導入で変わる営業チーム', 'crm-guide.example', '営業チームのCRM導入事例。', now),
      tags: [],
    },
  ]);
  await writeStore(page, 'bodies', [
    { id: 'clip-inside', html: `<p>${ARTICLE}</p>`, text: ARTICLE },
    { id: 'clip-field', html: `<p>${FIELD_TEXT}</p>`, text: FIELD_TEXT },
    { id: 'clip-new', html: '<p>営業チームのCRM導入事例。</p>', text: '営業チームのCRM導入事例。' },
  ]);
  await writeStore(page, 'quotes', [
    {
      id: 'q-cost',
      clipId: 'clip-inside',
      text: QUOTE_COST,
      context: '',
      note: '',
      noteKind: 'memo',
      createdAt: now,
    },
    {
      id: 'q-rate',
      clipId: 'clip-inside',
      text: QUOTE_RATE,
      context: '',
      note: ARTICLE_NOTE,
      noteKind: 'article',
      createdAt: now + 1,
    },
    {
      id: 'q-field',
      clipId: 'clip-field',
      text: QUOTE_FIELD,
      context: '',
      note: '',
      noteKind: 'memo',
      createdAt: now,
    },
  ]);
  const placement = (id: string, fields: object) => ({
    id,
    boardId: BOARD.id,
    note: '',
    noteKind: 'memo',
    ...fields,
  });
  await writeStore(page, 'placements', [
    // The clip filed whole in コスト × インサイドセールス, with a memo (a to-do, not for the article).
    placement('p-inside', {
      clipId: 'clip-inside',
      aspectId: 'a-cost',
      subjectId: 's-inside',
      order: 'a0',
      note: MEMO,
    }),
    // Its 成約率 quote placed apart, in 成約率 × インサイドセールス.
    placement('p-rate', {
      clipId: 'clip-inside',
      quoteId: 'q-rate',
      aspectId: 'a-rate',
      subjectId: 's-inside',
      order: 'a0',
    }),
    placement('p-field', {
      clipId: 'clip-field',
      quoteId: 'q-field',
      aspectId: 'a-rate',
      subjectId: 's-field',
      order: 'a0',
    }),
  ]);
}

/** The page's background in the current colour scheme. */
const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

/** A screenshot of the viewport in light and in dark, checking the dark theme is really on. */
async function shoot(page: Page, name: string) {
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await background(page);
  if (SCREENS) await page.screenshot({ path: path.join(SCREENS, `${name}-ja-light.png`) });
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background(page), `${name}: dark differs from light`).not.toBe(light);
  if (SCREENS) await page.screenshot({ path: path.join(SCREENS, `${name}-ja-dark.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The lines under `## aspect` → `### subject` of an exported outline. */
function sectionOf(markdown: string, aspect: string, subject: string): string {
  const aspectPart = markdown.split(/^## /m).find((part) => part.startsWith(`${aspect}\n`)) ?? '';
  return aspectPart.split(/^### /m).find((part) => part.startsWith(`${subject}\n`)) ?? '';
}

it('the Inbox with Add to board…, a quote apart from its clip, the comparison table and the export, at 360 px', async () => {
  const panel = await openPanelInTab(browser);
  await panel.setViewportSize({ width: 360, height: 800 });
  await seed(panel);
  await panel.reload();
  await panel.locator('[data-ready="true"]').waitFor();

  // The Inbox, "Add to board…" open on the newest clip (not on any board).
  const card = panel.locator('.clip-card[data-clip-id="clip-new"]');
  await card.locator('.add-to-board-open').click();
  const option = card.locator('.chooser-option', { hasText: BOARD.title });
  await option.waitFor();
  expect(await panel.evaluate(() => document.activeElement?.classList.contains('chooser-filter'))).toBe(true);
  expect(await panel.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await shoot(panel, 'inbox-add-to-board');
  await panel.keyboard.press('Escape');

  // The board: the 成約率 quote in its own cell, its clip's title as source; the clip, whole, in コスト.
  await panel.click('.tab-boards');
  await panel.click(`[data-board-id="${BOARD.id}"] .clip-open`);
  const apart = panel.locator('[data-aspect="a-rate"] [data-subject="s-inside"] .placement');
  await apart.waitFor();
  expect(await apart.locator('.placement-text q').textContent()).toBe(QUOTE_RATE);
  expect(await apart.locator('.placement-title').textContent()).toContain('インサイドセールスとは');
  expect(await panel.locator('[data-placement-id="p-inside"] .placement-quote q').allTextContents()).toEqual([
    QUOTE_COST,
  ]);
  await panel.locator('[data-aspect="a-rate"]').scrollIntoViewIfNeeded();
  await shoot(panel, 'board-quote-apart');

  // The comparison table, stacked at this width, every note shown whole.
  await panel.evaluate(() => window.scrollTo(0, 0));
  await panel.click('.show-matrix');
  const note = panel.locator('[data-cell="a-rate:s-field"] .cell-note');
  expect(await note.inputValue()).toBe(BOARD.cellNotes['a-rate']['s-field']);
  expect(await note.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(1);
  expect((await note.boundingBox())!.width).toBeGreaterThanOrEqual(260);
  await shoot(panel, 'matrix');

  // The export: the memo left out, the article note in, each quote under its own headings.
  await panel.click('.show-export');
  const markdown = panel.locator('.export-markdown');
  await expect.poll(() => markdown.inputValue()).toContain(QUOTE_RATE);
  const text = await markdown.inputValue();
  expect(text).not.toContain(MEMO);
  expect(text).toContain(ARTICLE_NOTE);
  expect(sectionOf(text, '成約率', 'インサイドセールス')).toContain(QUOTE_RATE);
  expect(sectionOf(text, '成約率', 'インサイドセールス')).toContain(ARTICLE_NOTE);
  expect(sectionOf(text, 'コスト', 'インサイドセールス')).toContain(QUOTE_COST);
  expect(sectionOf(text, 'コスト', 'インサイドセールス')).not.toContain(QUOTE_RATE);
  // A subject with nothing filed shows its table cell's note instead of an empty section.
  expect(sectionOf(text, 'コスト', 'フィールドセールス')).toContain(BOARD.cellNotes['a-cost']['s-field']);
  if (SCREENS) writeFileSync(path.join(SCREENS, 'export-after.md'), text);
  await shoot(panel, 'export');
  await panel.close();
});
