// The board and the status line at the real side panel's width (320–400 px), in Japanese: the
// comparison table readable and editable, a new board opened once made, a placement's title
// leading and opening its clip, and the clip's status only where it belongs.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import {
  type Browser,
  clickToolbarButton,
  fixturePage,
  launchWithExtension,
  openPanelInTab,
  PageServer,
  readStore,
  writeStore,
} from './harness';

const PANEL_WIDTH = 360;
const BOARD = 'board-narrow';
const ASPECTS = [
  { id: 'a-cost', name: 'コスト' },
  { id: 'a-rate', name: '成約率' },
  { id: 'a-fit', name: '向いている商材・組織' },
];
const SUBJECTS = [
  { id: 's-inside', name: 'インサイドセールス' },
  { id: 's-field', name: 'フィールドセールス' },
];
const CLIP = 'clip-narrow';
const QUOTE = 'quote-narrow';
const LONG_NOTE = [
  '移動がないぶん一人あたりの商談数が多く、獲得単価は下がりやすい。',
  'ただしツール費（CRM・MA・オンライン商談）とリストの購入費がかかり、立ち上げの半年は赤字になりやすい。',
  '出典：営業コスト調査2025（要確認）。フィールドセールスとの比較は同じ商材・同じ期間でそろえること。',
  '大型案件では最後に訪問を組み合わせる会社が多い。',
].join('\n');
const ARTICLE = '/entry/2026/11/20/route-sales';

let browser: Browser;
let server: PageServer;
let origin: string;
let panel: Page;

beforeAll(async () => {
  server = new PageServer().route(ARTICLE, { body: fixturePage('pages/route-sales-ja') });
  origin = await server.start();
  browser = await launchWithExtension({ lang: 'ja' });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** One clip with a quote, on a board of 2 subjects × 3 aspects; one cell holds a long note. */
async function seed(page: Page) {
  const now = Date.now();
  await writeStore(page, 'clips', [
    {
      id: CLIP,
      normalizedUrl: 'https://example.com/inside-sales',
      url: 'https://example.com/inside-sales',
      title: 'インサイドセールスとは？フィールドセールスとの違いと導入の手順',
      byline: '',
      siteName: 'example.com',
      lang: 'ja',
      publishedTime: '',
      excerpt: 'インサイドセールスは電話やオンライン商談で進める営業です。',
      lead: 'インサイドセールスは電話やオンライン商談で進める営業です。',
      chars: 30,
      readingMinutes: 1,
      kind: 'article',
      note: '',
      tags: [],
      createdAt: now,
      clippedAt: now,
      updatedAt: now,
    },
  ]);
  await writeStore(page, 'bodies', [
    { id: CLIP, html: '<p>インサイドセールスは電話やオンライン商談で進める営業です。</p>', text: '' },
  ]);
  await writeStore(page, 'quotes', [
    { id: QUOTE, clipId: CLIP, text: '商談化率は平均で約2倍になった', context: '', note: '', createdAt: now },
  ]);
  await writeStore(page, 'boards', [
    {
      id: BOARD,
      title: 'インサイドセールス vs フィールドセールス',
      subjects: SUBJECTS,
      aspects: ASPECTS,
      cellNotes: { [ASPECTS[0]!.id]: { [SUBJECTS[0]!.id]: LONG_NOTE } },
      order: 'a0',
      updatedAt: now,
    },
  ]);
  await writeStore(page, 'placements', [
    {
      id: 'placement-clip',
      boardId: BOARD,
      clipId: CLIP,
      aspectId: ASPECTS[0]!.id,
      subjectId: SUBJECTS[0]!.id,
      order: 'a0',
      note: '導入費用の目安として使う。出典の調査名を確認すること。',
    },
    {
      id: 'placement-quote',
      boardId: BOARD,
      clipId: CLIP,
      quoteId: QUOTE,
      aspectId: ASPECTS[1]!.id,
      subjectId: SUBJECTS[0]!.id,
      order: 'a0',
      note: '',
    },
  ]);
}

beforeEach(async () => {
  for (const page of browser.context.pages()) await page.close();
  panel = await openPanelInTab(browser);
  await panel.setViewportSize({ width: PANEL_WIDTH, height: 800 });
  await seed(panel);
  await panel.reload();
  await panel.locator('[data-ready="true"]').waitFor();
});

async function openBoard(page: Page) {
  await page.click('.tab-boards');
  await page.click(`[data-board-id="${BOARD}"] .clip-open`);
  await page.locator('#board-title').waitFor();
}

/** What the table looks like at the page's width: each note field's box, its cell's, and the page's overflow. */
function measureTable(page: Page) {
  return page.evaluate(() => {
    const head = document.querySelector('.matrix-head');
    return {
      grid: head ? getComputedStyle(head).display !== 'none' : false,
      pageOverflow: document.scrollingElement!.scrollWidth - window.innerWidth,
      cells: [...document.querySelectorAll<HTMLElement>('[data-cell]')].map((cell) => {
        const field = cell.querySelector<HTMLTextAreaElement>('.cell-note')!;
        const box = field.getBoundingClientRect();
        const cellBox = cell.getBoundingClientRect();
        return {
          cell: cell.dataset.cell!,
          width: box.width,
          left: box.left,
          right: box.right,
          cellLeft: cellBox.left,
          cellRight: cellBox.right,
          hiddenText: field.scrollHeight - field.clientHeight,
          label: cell.querySelector('label')?.textContent,
        };
      }),
    };
  });
}

it('the comparison table at 320, 360 and 400 px: a block per aspect, full-width notes that grow with their text, no sideways scroll; the grid where it fits', async () => {
  await openBoard(panel);
  await panel.click('.show-matrix');
  await panel.locator('.matrix').waitFor();

  for (const width of [320, 360, 400]) {
    await panel.setViewportSize({ width, height: 800 });
    const table = await measureTable(panel);
    expect(table.grid, `${width} px: stacked`).toBe(false);
    expect(table.pageOverflow, `${width} px: no horizontal scroll`).toBeLessThanOrEqual(0);
    expect(table.cells).toHaveLength(ASPECTS.length * SUBJECTS.length);
    for (const cell of table.cells) {
      expect(cell.width, `${width} px: ${cell.cell} is wide`).toBeGreaterThanOrEqual(260);
      // The long note (and every other) shows whole: no inner scrollbar.
      expect(cell.hiddenText, `${width} px: ${cell.cell} shows its text`).toBeLessThanOrEqual(1);
    }
    // Each field is labelled, on screen, by its subject.
    expect(table.cells.map((c) => c.label)).toEqual(ASPECTS.flatMap(() => SUBJECTS.map((s) => s.name)));
  }

  // Wide enough for two subjects side by side: the grid, each field within its column.
  await panel.setViewportSize({ width: 600, height: 800 });
  const wide = await measureTable(panel);
  expect(wide.grid).toBe(true);
  expect(wide.pageOverflow).toBeLessThanOrEqual(0);
  for (const cell of wide.cells) {
    expect(cell.left).toBeGreaterThanOrEqual(cell.cellLeft);
    expect(cell.right).toBeLessThanOrEqual(cell.cellRight);
    expect(cell.width).toBeGreaterThanOrEqual(150);
    expect(cell.hiddenText).toBeLessThanOrEqual(1);
  }
  await panel.setViewportSize({ width: PANEL_WIDTH, height: 800 });

  // Typing a long note into an empty cell: the field grows with it, and the note is saved.
  const field = panel.locator(`[data-cell="${ASPECTS[2]!.id}:${SUBJECTS[1]!.id}"] .cell-note`);
  const before = (await field.boundingBox())!.height;
  await field.fill(LONG_NOTE);
  expect((await field.boundingBox())!.height).toBeGreaterThan(before);
  expect(await field.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(1);
  await field.press('Tab');
  await expect
    .poll(
      async () =>
        (await readStore<{ cellNotes: Record<string, Record<string, string>> }>(panel, 'boards'))[0]!
          .cellNotes[ASPECTS[2]!.id]?.[SUBJECTS[1]!.id],
    )
    .toBe(LONG_NOTE);

  // A browser without `field-sizing: content` (Firefox): the field is measured as it is typed in.
  await panel.addStyleTag({ content: '.cell-note { field-sizing: fixed !important; }' });
  const other = panel.locator(`[data-cell="${ASPECTS[2]!.id}:${SUBJECTS[0]!.id}"] .cell-note`);
  await other.click();
  await other.pressSequentially('一行目');
  for (let line = 2; line <= 8; line++) {
    await other.press('Enter');
    await other.pressSequentially(`${line}行目`);
  }
  expect(await other.evaluate((el) => getComputedStyle(el).getPropertyValue('field-sizing'))).toBe('fixed');
  expect(await other.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(1);
  expect(await other.evaluate((el) => (el as HTMLTextAreaElement).value.split('\n').length)).toBe(8);
});

it('a new board opens as soon as 作成 is pressed', async () => {
  await panel.click('.tab-boards');
  await panel.click('.new-board');
  await panel.fill('.board-form input[name="title"]', '営業代行 vs 自社採用');
  await panel.fill('.board-form textarea[name="subjects"]', '営業代行\n自社採用');
  await panel.fill('.board-form textarea[name="aspects"]', '費用\n立ち上がりの速さ');
  await panel.click('.board-form .primary-button');
  await expect.poll(() => panel.locator('#board-title').textContent()).toBe('営業代行 vs 自社採用');
  // Its sections, not the list of boards.
  expect(await panel.locator('.board-card').count()).toBe(0);
  expect(await panel.locator('.show-sections').getAttribute('aria-pressed')).toBe('true');
  expect(await panel.locator('.aspect-section h2').allTextContents()).toEqual(
    expect.arrayContaining(['費用', '立ち上がりの速さ']),
  );
  expect(await panel.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
});

it("a placement's title leads, above its note, and opens the clip from the keyboard; Back comes to the board", async () => {
  await openBoard(panel);
  const placement = panel.locator('[data-placement-id="placement-clip"]');
  const title = placement.locator('.placement-title');
  const note = placement.locator('.placement-note-button');
  const size = (el: Element) => Number.parseFloat(getComputedStyle(el).fontSize);
  const weight = (el: Element) => Number(getComputedStyle(el).fontWeight);
  expect(await title.evaluate(size)).toBeGreaterThan(await note.evaluate(size));
  expect(await title.evaluate(weight)).toBeGreaterThan(await note.evaluate(weight));
  expect((await title.boundingBox())!.y).toBeLessThan((await note.boundingBox())!.y);
  // A quote's placement is led by its clip's title too.
  const quoted = panel.locator('[data-placement-id="placement-quote"]');
  expect((await quoted.locator('.placement-title').boundingBox())!.y).toBeLessThan(
    (await quoted.locator('.placement-quoted').boundingBox())!.y,
  );

  // Tab reaches it; Enter opens the reader view.
  await panel.locator('[data-aspect="a-cost"] h2').click();
  let steps = 0;
  while (!(await title.evaluate((el) => el === document.activeElement)) && steps++ < 20) {
    await panel.keyboard.press('Tab');
  }
  expect(await title.evaluate((el) => el === document.activeElement)).toBe(true);
  await panel.keyboard.press('Enter');
  await expect
    .poll(() => panel.locator('.reader-title').textContent())
    .toBe('インサイドセールスとは？フィールドセールスとの違いと導入の手順');
  expect(await panel.locator('.tab-boards').getAttribute('aria-pressed')).toBe('true');

  // Back: the board again, in its sections.
  await panel.locator('.reader-nav .link-button').first().click();
  await expect
    .poll(() => panel.locator('#board-title').textContent())
    .toBe('インサイドセールス vs フィールドセールス');
  await placement.waitFor();
});

it('a clip status shows where it arrived: a failure stays on its tab until closed, a saved clip shows on the Inbox and fades', async () => {
  // On the Boards tab, the toolbar button on a browser page: nothing can be clipped.
  await panel.click('.tab-boards');
  const browserPage = await browser.context.newPage();
  await browserPage.goto('chrome://version');
  await clickToolbarButton(browser, browserPage);
  await panel.bringToFront();
  const failed = panel.locator('[data-status="failed"]');
  await failed.waitFor();
  expect(await failed.textContent()).toContain('このページはクリップできません');
  // Not on the other tabs…
  await panel.click('.tab-search');
  expect(await panel.locator('.status').count()).toBe(0);
  await panel.click('.tab-inbox');
  expect(await panel.locator('.status').count()).toBe(0);
  // …and still on Boards (a failure does not fade) until closed.
  await panel.click('.tab-boards');
  await failed.waitFor();
  await failed.locator('button').click();
  expect(await panel.locator('.status').count()).toBe(0);
  await browserPage.close();

  // A clip kept: the panel goes to the Inbox, says so, and the line fades by itself.
  const article = await browser.context.newPage();
  await article.goto(`${origin}${ARTICLE}`);
  await clickToolbarButton(browser, article);
  await panel.bringToFront();
  const saved = panel.locator('[data-status="saved"]');
  await saved.waitFor();
  expect(await panel.locator('.tab-inbox').getAttribute('aria-pressed')).toBe('true');
  expect(await saved.textContent()).toContain('保存しました');
  // The pointer rests where the failure's × was, over the new line: a line under the pointer
  // holds (to be read). Moved away, it fades.
  expect(await saved.evaluate((el) => el.matches(':hover'))).toBe(true);
  await panel.mouse.move(PANEL_WIDTH / 2, 700);
  await saved.waitFor({ state: 'detached' });
  await panel.click('.tab-boards');
  expect(await panel.locator('.status').count()).toBe(0);
  await article.close();
});
