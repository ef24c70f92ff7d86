// Two side panels open on the same library (as two tabs, which Chromium runs like two panels):
// what one person types in one must survive the other's saves, and be saved when left.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { type Browser, launchWithExtension, openPanelInTab, readStore, writeStore } from './harness';

const BOARD = 'board-1';
const ASPECTS = [
  { id: 'a-eval', name: '評価軸' },
  { id: 'a-info', name: '情報の扱い方' },
];
const SUBJECTS = [
  { id: 's-route', name: 'ルート営業' },
  { id: 's-general', name: '営業一般' },
];
const CLIP = 'clip-1';
const QUOTE = 'quote-1';
const PLACEMENTS = ['placement-1', 'placement-2'];

interface StoredBoard {
  id: string;
  title: string;
  cellNotes: Record<string, Record<string, string>>;
}

let browser: Browser;
/** Panel A and panel B. */
let a: Page;
let b: Page;

beforeAll(async () => {
  browser = await launchWithExtension({ lang: 'ja' });
});

afterAll(async () => {
  await browser?.close();
});

/** A library of one clip with a quote, on one board with two placements; every note empty. */
async function seed(page: Page) {
  const now = Date.now();
  await writeStore(page, 'clips', [
    {
      id: CLIP,
      normalizedUrl: 'https://example.com/route-sales',
      url: 'https://example.com/route-sales',
      title: 'ルート営業と営業の違い',
      byline: '',
      siteName: 'example.com',
      lang: 'ja',
      publishedTime: '',
      excerpt: 'ルート営業は既存の顧客を回る営業です。',
      lead: 'ルート営業は既存の顧客を回る営業です。',
      chars: 20,
      readingMinutes: 1,
      kind: 'article',
      note: '',
      tags: ['営業'],
      createdAt: now,
      clippedAt: now,
      updatedAt: now,
    },
  ]);
  await writeStore(page, 'bodies', [
    { id: CLIP, html: '<p>ルート営業は既存の顧客を回る営業です。</p>', text: '' },
  ]);
  await writeStore(page, 'quotes', [
    { id: QUOTE, clipId: CLIP, text: '既存の顧客を回る', context: '', note: '', createdAt: now },
  ]);
  await writeStore(page, 'boards', [
    {
      id: BOARD,
      title: 'ルート営業 vs 営業一般',
      subjects: SUBJECTS,
      aspects: ASPECTS,
      cellNotes: {},
      order: 'a0',
      updatedAt: now,
    },
  ]);
  await writeStore(page, 'placements', [
    { id: PLACEMENTS[0], boardId: BOARD, clipId: CLIP, aspectId: ASPECTS[0]!.id, order: 'a0', note: '' },
    {
      id: PLACEMENTS[1],
      boardId: BOARD,
      clipId: CLIP,
      quoteId: QUOTE,
      aspectId: ASPECTS[1]!.id,
      order: 'a1',
      note: '',
    },
  ]);
}

beforeEach(async () => {
  for (const page of browser.context.pages()) await page.close();
  a = await openPanelInTab(browser);
  await seed(a);
  await a.reload();
  await a.locator('[data-ready="true"]').waitFor();
  b = await openPanelInTab(browser);
});

const board = async () => (await readStore<StoredBoard>(a, 'boards'))[0]!;
const cellNote = async (aspect: number, subject: number) =>
  (await board()).cellNotes[ASPECTS[aspect]!.id]?.[SUBJECTS[subject]!.id];
const cell = (page: Page, aspect: number, subject: number) =>
  page.locator(`[data-cell="${ASPECTS[aspect]!.id}:${SUBJECTS[subject]!.id}"] .cell-note`);

async function openTable(page: Page) {
  await page.click('.tab-boards');
  await page.click(`[data-board-id="${BOARD}"] .clip-open`);
  await page.click('.show-matrix');
  await page.locator('.matrix').waitFor();
}

async function openClip(page: Page) {
  await page.click('.tab-inbox');
  await page.click(`.clip-card[data-clip-id="${CLIP}"] .clip-open`);
  await page.locator('.clip-note').waitFor();
}

/** Types as a person does, into the field that has the focus, and stays there. */
async function typeInto(page: Page, field: ReturnType<Page['locator']>, text: string) {
  await field.click();
  await page.keyboard.type(text);
}

it('the reported case: B types in a cell without leaving it, A edits and leaves another; B keeps its text and both cells are stored', async () => {
  await openTable(a);
  await openTable(b);
  await typeInto(b, cell(b, 0, 0), '継続率');
  // The other panel must not see B's typing as hidden (that would save it early, by another path).
  expect(await b.evaluate(() => document.visibilityState)).toBe('visible');

  await cell(a, 0, 1).fill('新規獲得数');
  await cell(a, 0, 1).press('Tab');
  await expect.poll(() => cellNote(0, 1)).toBe('新規獲得数');
  // B has heard A's save and reloaded: it shows A's cell...
  await expect.poll(() => cell(b, 0, 1).inputValue()).toBe('新規獲得数');
  // ...and still holds what is being typed, focused, not yet stored.
  expect(await cell(b, 0, 0).inputValue()).toBe('継続率');
  expect(await cell(b, 0, 0).evaluate((el) => el === document.activeElement)).toBe(true);
  expect(await cellNote(0, 0)).toBeUndefined();

  // B types on after the reload, then leaves the cell: both cells are stored.
  await b.keyboard.type('・顧客満足度');
  await cell(b, 0, 0).press('Tab');
  await expect.poll(() => cellNote(0, 0)).toBe('継続率・顧客満足度');
  expect(await cellNote(0, 1)).toBe('新規獲得数');
  // No notice: the cell B wrote was not changed elsewhere.
  expect(await b.locator('.draft-notice').count()).toBe(0);
  // And A shows B's cell once B has saved.
  await expect.poll(() => cell(a, 0, 0).inputValue()).toBe('継続率・顧客満足度');
});

it('the same cell changed in A while B types: B keeps its text, saves it on leaving, says so, and can put A’s text back', async () => {
  await openTable(a);
  await openTable(b);
  await typeInto(b, cell(b, 1, 0), '購買履歴を見る');

  await cell(a, 1, 0).fill('CRMに記録する');
  await cell(a, 1, 0).press('Tab');
  await expect.poll(() => cellNote(1, 0)).toBe('CRMに記録する');
  // A second save in A, in another cell: once B shows it, B has reloaded after the first too.
  await cell(a, 1, 1).fill('メモを共有する');
  await cell(a, 1, 1).press('Tab');
  await expect.poll(() => cell(b, 1, 1).inputValue()).toBe('メモを共有する');
  expect(await cell(b, 1, 0).inputValue()).toBe('購買履歴を見る');

  await cell(b, 1, 0).press('Tab');
  await expect.poll(() => cellNote(1, 0)).toBe('購買履歴を見る');
  const notice = b.locator(`[data-cell="${ASPECTS[1]!.id}:${SUBJECTS[0]!.id}"] .draft-notice`);
  await notice.waitFor();
  expect(await notice.textContent()).toContain(
    '別のパネルで変更されていました。あなたの入力を保存しました。',
  );
  expect(await notice.locator('.draft-other').textContent()).toBe('別のパネルの内容:「CRMに記録する」');
  expect(await cellNote(1, 1)).toBe('メモを共有する');

  // The other panel's text, put back with one click, stored and shown in both panels.
  await notice.locator('.draft-use-other').click();
  await expect.poll(() => cellNote(1, 0)).toBe('CRMに記録する');
  await expect.poll(() => cell(b, 1, 0).inputValue()).toBe('CRMに記録する');
  await expect.poll(() => cell(a, 1, 0).inputValue()).toBe('CRMに記録する');
  expect(await b.locator('.draft-notice').count()).toBe(0);
});

it('a clip note typed in B survives A adding a tag and writing a quote note on the same clip; all three are stored', async () => {
  await openClip(a);
  await openClip(b);
  await typeInto(b, b.locator('.clip-note'), '評価軸の例に使う');

  await a.locator('.tag-input').fill('比較');
  await a.locator('.tag-input').press('Enter');
  await a.locator('.quote-note').fill('継続率の根拠');
  await a.locator('.quote-note').press('Tab');
  // B shows A's tag and quote note: it has reloaded the clip since.
  await expect.poll(() => b.locator('.tag-chip').allTextContents()).toEqual(['営業×', '比較×']);
  await expect.poll(() => b.locator('.quote-note').inputValue()).toBe('継続率の根拠');
  expect(await b.locator('.clip-note').inputValue()).toBe('評価軸の例に使う');
  expect((await readStore<{ note: string }>(a, 'clips'))[0]!.note).toBe('');

  await b.locator('.clip-note').press('Tab');
  await expect
    .poll(async () => (await readStore<{ note: string; tags: string[] }>(a, 'clips'))[0])
    .toMatchObject({ note: '評価軸の例に使う', tags: ['営業', '比較'] });
  expect((await readStore<{ note: string }>(a, 'quotes'))[0]!.note).toBe('継続率の根拠');
  await expect.poll(() => a.locator('.clip-note').inputValue()).toBe('評価軸の例に使う');
});

it('a clip note typed in a panel that is then closed, without leaving the field, is stored', async () => {
  await openClip(b);
  await typeInto(b, b.locator('.clip-note'), '閉じる前のメモ');
  await b.close({ runBeforeUnload: true });
  await expect
    .poll(async () => (await readStore<{ note: string }>(a, 'clips'))[0]!.note)
    .toBe('閉じる前のメモ');
});

it('a placement note typed in B survives A writing the other placement’s note; both are stored', async () => {
  for (const page of [a, b]) {
    await page.click('.tab-boards');
    await page.click(`[data-board-id="${BOARD}"] .clip-open`);
    await page.locator('.placement').first().waitFor();
  }
  const noteButton = (page: Page, id: string) =>
    page.locator(`[data-placement-id="${id}"] .placement-note-button`);
  const noteField = (page: Page, id: string) => page.locator(`[data-placement-id="${id}"] .placement-note`);
  await noteButton(b, PLACEMENTS[0]!).click();
  await b.keyboard.type('訪問頻度の根拠');

  await noteButton(a, PLACEMENTS[1]!).click();
  await a.keyboard.type('引用の補足');
  await noteField(a, PLACEMENTS[1]!).press('Tab');
  await expect.poll(() => noteButton(b, PLACEMENTS[1]!).textContent()).toBe('引用の補足');
  expect(await noteField(b, PLACEMENTS[0]!).inputValue()).toBe('訪問頻度の根拠');

  await noteField(b, PLACEMENTS[0]!).press('Tab');
  const notes = async () =>
    Object.fromEntries(
      (await readStore<{ id: string; note: string }>(a, 'placements')).map((p) => [p.id, p.note]),
    );
  await expect.poll(notes).toEqual({ [PLACEMENTS[0]!]: '訪問頻度の根拠', [PLACEMENTS[1]!]: '引用の補足' });
  await expect.poll(() => noteButton(a, PLACEMENTS[0]!).textContent()).toBe('訪問頻度の根拠');
});

it('a board title typed in B survives A renaming an aspect; the rename in A and the title from B are both stored', async () => {
  for (const page of [a, b]) {
    await page.click('.tab-boards');
    await page.click(`[data-board-id="${BOARD}"] .clip-open`);
    await page.click('.edit-board');
    await page.locator('.board-editor').waitFor();
  }
  const title = b.locator('.board-title-input');
  await title.click();
  await b.keyboard.press('End');
  await b.keyboard.type('（2026年版）');

  const aspect = a.locator(`[data-part-id="${ASPECTS[0]!.id}"] .part-name`);
  await aspect.fill('評価の軸');
  await aspect.press('Enter');
  await expect
    .poll(() => b.locator(`[data-part-id="${ASPECTS[0]!.id}"] .part-name`).inputValue())
    .toBe('評価の軸');
  expect(await title.inputValue()).toBe('ルート営業 vs 営業一般（2026年版）');

  await title.press('Enter');
  await expect.poll(async () => (await board()).title).toBe('ルート営業 vs 営業一般（2026年版）');
  expect((await readStore<{ aspects: { name: string }[] }>(a, 'boards'))[0]!.aspects[0]!.name).toBe(
    '評価の軸',
  );
});
