// Issue 13, items 1–3, as a person does them in the side panel at its real width (360 px), in
// Japanese: "Add to board…" on any clip by keyboard alone, a clip put on a second board, two
// quotes of one clip in two cells (and in the export under their headings), a quote deleted with
// Undo and edited within its article.
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
import { SALES_BOARD } from './pages/sales-board';

const ENGLISH = '/2026/bedside-book';
/** Screenshots for review are written only when asked for: `KURABE_SCREENS=/some/dir`. */
const SCREENS = process.env.KURABE_SCREENS;

const CRM = {
  id: 'board-crm',
  title: 'CRM 比較',
  subjects: [
    { id: 's-hub', name: 'HubSpot' },
    { id: 's-sf', name: 'Salesforce' },
  ],
  aspects: [
    { id: 'a-price', name: '料金' },
    { id: 'a-feature', name: '機能' },
  ],
};
const OLD = {
  id: 'board-old',
  title: '古い比較（アーカイブ済み）',
  subjects: CRM.subjects,
  aspects: CRM.aspects,
};

const CLIP = 'clip-sales';
const ARTICLE =
  'インサイドセールスは電話やオンライン会議で商談を進める。移動がないぶんコストは訪問営業の半分ほどで済む。' +
  'ある調査では、インサイドセールスの成約率は平均で20%だった。フィールドセールスの成約率は30%と高いが、一件あたりの時間は長い。';
const QUOTE_COST = 'コストは訪問営業の半分ほどで済む';
const QUOTE_RATE = 'インサイドセールスの成約率は平均で20%だった';

interface StoredPlacement {
  id: string;
  boardId: string;
  clipId: string;
  quoteId?: string;
  aspectId?: string;
  subjectId?: string;
}

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

/** Three boards: the CRM one used most recently, the sales one, and an archived one (never offered). */
async function seedBoards(page: Page) {
  const now = Date.now();
  await writeStore(page, 'boards', [
    { ...SALES_BOARD, cellNotes: {}, order: 'a0', updatedAt: now - 2000 },
    { ...CRM, cellNotes: {}, order: 'a1', updatedAt: now - 1000 },
    { ...OLD, cellNotes: {}, order: 'a2', updatedAt: now, archivedAt: now },
  ]);
}

/** A Japanese clip with its article and two quotes, filed whole in コスト × インサイドセールス. */
async function seedQuotedClip(page: Page) {
  const now = Date.now();
  await writeStore(page, 'clips', [
    {
      id: CLIP,
      normalizedUrl: 'https://example.com/sales',
      url: 'https://example.com/sales',
      title: 'インサイドセールスとは',
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
      tags: [],
      createdAt: now,
      clippedAt: now,
      updatedAt: now,
    },
  ]);
  await writeStore(page, 'bodies', [{ id: CLIP, html: `<p>${ARTICLE}</p>`, text: ARTICLE }]);
  await writeStore(page, 'quotes', [
    { id: 'q-cost', clipId: CLIP, text: QUOTE_COST, context: '', note: '', createdAt: now },
    { id: 'q-rate', clipId: CLIP, text: QUOTE_RATE, context: '', note: '', createdAt: now + 1 },
  ]);
  await writeStore(page, 'placements', [
    {
      id: 'p-whole',
      boardId: SALES_BOARD.id,
      clipId: CLIP,
      aspectId: 'a-cost',
      subjectId: 's-inside',
      order: 'a0',
      note: '',
    },
  ]);
}

async function narrowPanel(): Promise<Page> {
  const panel = await openPanelInTab(browser);
  await panel.setViewportSize({ width: 360, height: 800 });
  return panel;
}

const active = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el ? `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}` : '';
  });

/** The active option's name in the open chooser. */
const activeOption = (page: Page) => page.locator('.chooser-option.is-active .chooser-name').textContent();

/** The lines under `## aspect` → `### subject` of an exported outline. */
function sectionOf(markdown: string, aspect: string, subject: string): string {
  const aspectPart = markdown.split(/^## /m).find((part) => part.startsWith(`${aspect}\n`)) ?? '';
  return aspectPart.split(/^### /m).find((part) => part.startsWith(`${subject}\n`)) ?? '';
}

it('an English clip with no suggestion is filed by keyboard alone, then put on a second board, and moved rather than placed twice', async () => {
  const panel = await narrowPanel();
  await seedBoards(panel);
  await writeStore(panel, 'placements', []);

  // Clip the English article with the toolbar button.
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

  // Keyboard only: Tab from the card's title to its action, Enter opens the chooser with the focus in it.
  await card.locator('.clip-open').focus();
  for (let i = 0; i < 5 && !(await active(panel)).includes('add-to-board-open'); i++)
    await panel.keyboard.press('Tab');
  expect(await active(panel)).toContain('add-to-board-open');
  await panel.keyboard.press('Enter');
  await expect.poll(() => active(panel)).toContain('chooser-filter');
  // Most recently used first; the archived board is not offered.
  const offered = await card.locator('.chooser-option .chooser-name').allTextContents();
  expect(offered).toEqual([CRM.title, SALES_BOARD.title]);
  if (SCREENS) await panel.screenshot({ path: `${SCREENS}/inbox-add-to-board-ja-light.png` });
  await panel.emulateMedia({ colorScheme: 'dark' });
  if (SCREENS) await panel.screenshot({ path: `${SCREENS}/inbox-add-to-board-ja-dark.png` });
  await panel.emulateMedia({ colorScheme: 'light' });

  // Escape cancels and gives the focus back to the button.
  await panel.keyboard.press('Escape');
  expect(await card.locator('.add-to-board').count()).toBe(0);
  expect(await active(panel)).toContain('add-to-board-open');

  // Enter, ↓ to the sales board, Enter; ↓ to 成約率, Enter; ↓ to フィールドセールス, Enter.
  await panel.keyboard.press('Enter');
  await expect.poll(() => active(panel)).toContain('chooser-filter');
  await panel.keyboard.press('ArrowDown');
  expect(await activeOption(panel)).toBe(SALES_BOARD.title);
  await panel.keyboard.press('Enter');
  expect(await activeOption(panel)).toBe('コスト');
  await panel.keyboard.press('ArrowDown');
  expect(await activeOption(panel)).toBe('成約率');
  await panel.keyboard.press('Enter');
  await panel.keyboard.press('ArrowDown');
  expect(await activeOption(panel)).toBe('フィールドセールス');
  await panel.keyboard.press('Enter');
  await expect.poll(() => readStore<StoredPlacement>(panel, 'placements')).toHaveLength(1);
  const [clip] = await readStore<{ id: string }>(panel, 'clips');
  expect((await readStore<StoredPlacement>(panel, 'placements'))[0]).toMatchObject({
    boardId: SALES_BOARD.id,
    clipId: clip!.id,
    aspectId: 'a-rate',
    subjectId: 's-field',
  });
  expect(await panel.locator('.toast').textContent()).toContain('成約率 › フィールドセールス');
  expect(await panel.locator('.toast .toast-action').textContent()).toBe('元に戻す');
  expect(await active(panel)).toContain('add-to-board-open');

  // The same clip on a second board: type to filter, then Enter three times (the first aspect and
  // subject of the lists: 料金 × HubSpot).
  await panel.keyboard.press('Enter');
  await expect.poll(() => active(panel)).toContain('chooser-filter');
  // The board it is on says so.
  expect(await card.locator('.chooser-placed-in').textContent()).toContain('成約率 › フィールドセールス');
  await panel.keyboard.type('crm');
  expect(await card.locator('.chooser-option .chooser-name').allTextContents()).toEqual([CRM.title]);
  await panel.keyboard.press('Enter');
  await panel.keyboard.press('Enter');
  await panel.keyboard.press('Enter');
  await expect.poll(() => readStore<StoredPlacement>(panel, 'placements')).toHaveLength(2);
  expect(
    (await readStore<StoredPlacement>(panel, 'placements')).find((p) => p.boardId === CRM.id),
  ).toMatchObject({
    clipId: clip!.id,
    aspectId: 'a-price',
    subjectId: 's-hub',
  });

  // Filing it on the sales board again moves it (no second placement); Undo puts it back.
  await card.locator('.add-to-board-open').click();
  await card.locator('.chooser-option', { hasText: SALES_BOARD.title }).click();
  expect(await card.locator('.chooser-placed').textContent()).toContain('成約率 › フィールドセールス');
  // The lists start at the cell it is in.
  expect(await activeOption(panel)).toBe('成約率');
  await card.locator('.chooser-option', { hasText: 'コスト' }).click();
  await card.locator('.chooser-option', { hasText: 'インサイドセールス' }).click();
  await expect
    .poll(async () =>
      (await readStore<StoredPlacement>(panel, 'placements')).find((p) => p.boardId === SALES_BOARD.id),
    )
    .toMatchObject({ aspectId: 'a-cost', subjectId: 's-inside' });
  expect(await readStore<StoredPlacement>(panel, 'placements')).toHaveLength(2);
  expect(await panel.locator('.toast').textContent()).toContain('移動しました');
  await panel.click('.toast .toast-action');
  await expect
    .poll(async () =>
      (await readStore<StoredPlacement>(panel, 'placements')).find((p) => p.boardId === SALES_BOARD.id),
    )
    .toMatchObject({ aspectId: 'a-rate', subjectId: 's-field' });
  await panel.close();
});

it('two quotes of one clip go to two cells of one board, and the export puts each under its headings', async () => {
  const panel = await narrowPanel();
  await seedBoards(panel);
  await seedQuotedClip(panel);
  await panel.reload();
  await panel.locator('[data-ready="true"]').waitFor();

  // In the reader, the 成約率 quote: Add to board… → sales board → 成約率 → インサイドセールス.
  await panel.click(`.clip-card[data-clip-id="${CLIP}"] .clip-open`);
  const rateQuote = panel.locator('.quote[data-quote-id="q-rate"]');
  await rateQuote.locator('.add-to-board-open').click();
  await expect.poll(() => active(panel)).toContain('chooser-filter');
  await rateQuote.locator('.chooser-option', { hasText: SALES_BOARD.title }).click();
  await rateQuote.locator('.chooser-option', { hasText: '成約率' }).click();
  await rateQuote.locator('.chooser-option', { hasText: 'インサイドセールス' }).click();
  await expect
    .poll(async () =>
      (await readStore<StoredPlacement>(panel, 'placements')).find((p) => p.quoteId === 'q-rate'),
    )
    .toMatchObject({ boardId: SALES_BOARD.id, aspectId: 'a-rate', subjectId: 's-inside' });

  // On the board, the コスト quote leaves its clip by keyboard: 移動…, the cell, ここへ移動.
  await panel.click('.tab-boards');
  await panel.click(`[data-board-id="${SALES_BOARD.id}"] .clip-open`);
  const rateCell = panel.locator('[data-aspect="a-rate"] [data-subject="s-inside"] .placement');
  await rateCell.waitFor();
  // The quote placement shows the quote, with its clip's title as source.
  expect(await rateCell.locator('.placement-text q').textContent()).toBe(QUOTE_RATE);
  expect(await rateCell.locator('.placement-title').textContent()).toContain('インサイドセールスとは');
  // The whole clip lists only the quote not placed apart.
  const whole = panel.locator('[data-placement-id="p-whole"]');
  expect(await whole.locator('.placement-quote q').allTextContents()).toEqual([QUOTE_COST]);
  const costQuote = whole.locator('.placement-quote[data-quote-id="q-cost"]');
  await costQuote.locator('.quote-move-open').focus();
  await panel.keyboard.press('Enter');
  await expect.poll(() => active(panel)).toContain('move-aspect');
  await costQuote.locator('.move-subject').selectOption('s-field');
  await costQuote.locator('.quote-move-here').focus();
  await panel.keyboard.press('Enter');
  await panel.locator('[data-aspect="a-cost"] [data-subject="s-field"] .placement').waitFor();
  const placements = await readStore<StoredPlacement>(panel, 'placements');
  expect(placements.find((p) => p.quoteId === 'q-cost')).toMatchObject({
    aspectId: 'a-cost',
    subjectId: 's-field',
  });
  expect(placements).toHaveLength(3);
  await panel.locator('[data-aspect="a-rate"]').scrollIntoViewIfNeeded();
  if (SCREENS) await panel.screenshot({ path: `${SCREENS}/board-quote-apart-ja-light.png`, fullPage: true });
  await panel.emulateMedia({ colorScheme: 'dark' });
  if (SCREENS) await panel.screenshot({ path: `${SCREENS}/board-quote-apart-ja-dark.png`, fullPage: true });
  await panel.emulateMedia({ colorScheme: 'light' });

  // The export: each quote under its own ## aspect / ### subject.
  await panel.click('.show-export');
  const markdown = panel.locator('.export-markdown');
  await expect.poll(() => markdown.inputValue()).toContain(QUOTE_RATE);
  const text = await markdown.inputValue();
  expect(sectionOf(text, '成約率', 'インサイドセールス')).toContain(QUOTE_RATE);
  expect(sectionOf(text, 'コスト', 'フィールドセールス')).toContain(QUOTE_COST);
  expect(sectionOf(text, 'コスト', 'インサイドセールス')).not.toContain(QUOTE_COST);
  expect(sectionOf(text, 'コスト', 'インサイドセールス')).not.toContain(QUOTE_RATE);
  await panel.close();
});

it('a quote dragged with the pointer out of its clip into an empty cell at 360 px becomes its own placement there, under that heading in the export', async () => {
  const panel = await narrowPanel();
  await seedBoards(panel);
  await seedQuotedClip(panel);
  await panel.reload();
  await panel.locator('[data-ready="true"]').waitFor();
  await panel.click('.tab-boards');
  await panel.click(`[data-board-id="${SALES_BOARD.id}"] .clip-open`);

  // The 成約率 quote, listed under its clip (filed whole in コスト × インサイドセールス).
  const rateQuote = panel.locator('[data-placement-id="p-whole"] .placement-quote[data-quote-id="q-rate"]');
  await rateQuote.scrollIntoViewIfNeeded();
  const from = (await rateQuote.boundingBox())!;
  // Pressed and moved a little: the drag starts, and every cell shows as a place to drop, the
  // empty 成約率 × フィールドセールス too.
  await panel.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await panel.mouse.down();
  await panel.mouse.move(from.x + from.width / 2, from.y + from.height / 2 + 12, { steps: 3 });
  const target = panel.locator('[data-aspect="a-rate"] [data-subject="s-field"].drop-target');
  await target.waitFor();
  const to = (await target.boundingBox())!;
  expect(to.y + to.height, 'the cell is on screen at 360 × 800').toBeLessThanOrEqual(800);
  await panel.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
  await panel.mouse.up();

  // Stored: a placement of the quote alone in that cell; the clip stays where it was.
  await expect
    .poll(async () =>
      (await readStore<StoredPlacement>(panel, 'placements')).find((p) => p.quoteId === 'q-rate'),
    )
    .toMatchObject({ boardId: SALES_BOARD.id, clipId: CLIP, aspectId: 'a-rate', subjectId: 's-field' });
  const placements = await readStore<StoredPlacement>(panel, 'placements');
  expect(placements.find((p) => p.id === 'p-whole')).toMatchObject({
    aspectId: 'a-cost',
    subjectId: 's-inside',
  });
  expect(placements).toHaveLength(2);
  // On the board: the quote in its cell, with its clip's title as source; gone from the clip's list.
  const placed = panel.locator('[data-aspect="a-rate"] [data-subject="s-field"] .placement');
  expect(await placed.locator('.placement-text q').textContent()).toBe(QUOTE_RATE);
  expect(await placed.locator('.placement-title').textContent()).toContain('インサイドセールスとは');
  expect(await panel.locator('[data-placement-id="p-whole"] .placement-quote q').allTextContents()).toEqual([
    QUOTE_COST,
  ]);

  // The export: the quote under ## 成約率 / ### フィールドセールス, and nowhere under コスト.
  await panel.click('.show-export');
  const markdown = panel.locator('.export-markdown');
  await expect.poll(() => markdown.inputValue()).toContain(QUOTE_RATE);
  const text = await markdown.inputValue();
  expect(sectionOf(text, '成約率', 'フィールドセールス')).toContain(QUOTE_RATE);
  expect(sectionOf(text, 'コスト', 'インサイドセールス')).toContain(QUOTE_COST);
  expect(sectionOf(text, 'コスト', 'インサイドセールス')).not.toContain(QUOTE_RATE);
  await panel.close();
});

it('a quote is deleted, undone, deleted again (gone from the board and the export), and its boundaries edited within the article only', async () => {
  const panel = await narrowPanel();
  await seedBoards(panel);
  await seedQuotedClip(panel);
  await writeStore(panel, 'placements', [
    {
      id: 'p-whole',
      boardId: SALES_BOARD.id,
      clipId: CLIP,
      aspectId: 'a-cost',
      subjectId: 's-inside',
      order: 'a0',
      note: '',
    },
    {
      id: 'p-rate',
      boardId: SALES_BOARD.id,
      clipId: CLIP,
      quoteId: 'q-rate',
      aspectId: 'a-rate',
      subjectId: 's-inside',
      order: 'a1',
      note: '',
    },
  ]);
  await panel.reload();
  await panel.locator('[data-ready="true"]').waitFor();
  await panel.click(`.clip-card[data-clip-id="${CLIP}"] .clip-open`);

  // Delete, Undo, delete again.
  await panel.locator('.quote[data-quote-id="q-rate"] .quote-delete').click();
  await panel.locator('.quote[data-quote-id="q-rate"]').waitFor({ state: 'detached' });
  expect(await panel.locator('.toast').textContent()).toContain('削除しました');
  await panel.click('.toast .toast-action');
  await panel.locator('.quote[data-quote-id="q-rate"]').waitFor();
  expect(
    (await readStore<{ id: string; deletedAt?: number }>(panel, 'quotes')).find((q) => q.id === 'q-rate')
      ?.deletedAt,
  ).toBeUndefined();
  await panel.locator('.quote[data-quote-id="q-rate"] .quote-delete').click();
  await panel.locator('.quote[data-quote-id="q-rate"]').waitFor({ state: 'detached' });

  // Edit the other quote: a shorter excerpt is kept; text not in the article is refused.
  const cost = panel.locator('.quote[data-quote-id="q-cost"]');
  await cost.locator('.quote-edit').click();
  const field = cost.locator('.quote-text-edit');
  await expect.poll(() => active(panel)).toContain('quote-text-edit');
  await field.fill('コストは訪問営業の半分');
  await field.press('Tab');
  await cost.locator('blockquote').waitFor();
  expect(await cost.locator('blockquote').textContent()).toBe('コストは訪問営業の半分');
  await expect
    .poll(
      async () =>
        (await readStore<{ id: string; text: string }>(panel, 'quotes')).find((q) => q.id === 'q-cost')?.text,
    )
    .toBe('コストは訪問営業の半分');
  await cost.locator('.quote-edit').click();
  await field.fill('コストは訪問営業の三倍');
  await field.press('Tab');
  const refusal = cost.locator('.quote-edit-error');
  await refusal.waitFor();
  expect(await refusal.textContent()).toContain('記事の中に見つかりません');
  expect(await field.inputValue()).toBe('コストは訪問営業の三倍');
  expect(
    (await readStore<{ id: string; text: string }>(panel, 'quotes')).find((q) => q.id === 'q-cost')?.text,
  ).toBe('コストは訪問営業の半分');

  // The deleted quote is gone from the board and from the export; its placement waits for an Undo.
  await panel.click('.tab-boards');
  await panel.click(`[data-board-id="${SALES_BOARD.id}"] .clip-open`);
  await panel.locator('[data-placement-id="p-whole"]').waitFor();
  expect(await panel.locator('[data-placement-id="p-rate"]').count()).toBe(0);
  expect(await panel.locator('.board').textContent()).not.toContain(QUOTE_RATE);
  await panel.click('.show-export');
  const markdown = panel.locator('.export-markdown');
  await expect.poll(() => markdown.inputValue()).toContain('コストは訪問営業の半分');
  expect(await markdown.inputValue()).not.toContain(QUOTE_RATE);
  expect((await readStore<StoredPlacement>(panel, 'placements')).map((p) => p.id).sort()).toEqual([
    'p-rate',
    'p-whole',
  ]);
  await panel.close();
});
