import { readFileSync } from 'node:fs';
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
} from './harness';

const ARTICLE = '/entry/2026/11/20/route-sales';

let server: PageServer;
let origin: string;
let browser: Browser;
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

it('a board is made, a clip filed on it by suggestion, moved by keyboard and by drag and drop, noted in the table, kept across a reload, and found by search', async () => {
  panel = await openPanelInTab(browser);
  await panel.click('.tab-boards');
  await panel.click('.new-board');
  await panel.fill('.board-form input[name="title"]', 'ルート営業 vs 営業一般');
  await panel.fill('.board-form textarea[name="subjects"]', 'ルート営業\n営業一般');
  await panel.fill('.board-form textarea[name="aspects"]', '評価軸\n情報の扱い方\n成果の測り方');
  await panel.click('.board-form .primary-button');
  await panel.locator('#board-title').waitFor(); // the new board opens

  // Clip the seed article with the toolbar button.
  const tab = await browser.context.newPage();
  await tab.goto(`${origin}${ARTICLE}`);
  await clickToolbarButton(browser, tab);
  const side = await SidePanel.waitFor(browser);
  await side.waitForValue(`document.querySelector('[data-status="saved"]')?.textContent`);
  await side.close();

  // The Inbox suggests the board; one click files the clip there.
  await panel.bringToFront();
  await panel.reload();
  await panel.locator('[data-ready="true"]').waitFor();
  const suggestion = panel.locator('.clip-card .suggestion');
  await suggestion.waitFor();
  expect(await suggestion.textContent()).toContain('ルート営業 vs 営業一般');
  await panel.click('.accept-suggestion');
  await panel.locator('.toast').waitFor();

  // On the board, move it to another aspect with the keyboard alone.
  await panel.click('.tab-boards');
  await panel.click('.board-card .clip-open');
  const placement = panel.locator('.placement');
  await placement.waitFor();
  await placement.locator('.move-open').focus();
  await panel.keyboard.press('Enter');
  const aspectSelect = placement.locator('.move-aspect');
  await expect.poll(() => aspectSelect.evaluate((el) => el === document.activeElement)).toBe(true);
  await aspectSelect.selectOption({ label: '成果の測り方' });
  const [board] = await readStore<{
    id: string;
    aspects: { id: string; name: string }[];
    subjects: { id: string }[];
  }>(panel, 'boards');
  const resultAspect = board!.aspects.find((a) => a.name === '成果の測り方')!.id;
  await panel.locator(`[data-aspect="${resultAspect}"] .placement`).waitFor();

  // And drag it with the pointer into the 情報の扱い方 × 営業一般 cell.
  const infoAspect = board!.aspects.find((a) => a.name === '情報の扱い方')!.id;
  const general = board!.subjects[1]!.id;
  // Empty cells appear as drop targets once a drag starts: press, move a little, then aim.
  const source = await panel.locator(`[data-aspect="${resultAspect}"] .placement-text`).boundingBox();
  await panel.mouse.move(source!.x + 10, source!.y + 5);
  await panel.mouse.down();
  await panel.mouse.move(source!.x + 30, source!.y + 25, { steps: 5 });
  const cellTarget = panel.locator(`[data-aspect="${infoAspect}"] [data-subject="${general}"]`);
  await cellTarget.waitFor();
  const box = await cellTarget.boundingBox();
  await panel.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2, { steps: 10 });
  await panel.mouse.up();
  await panel.locator(`[data-aspect="${infoAspect}"] [data-subject="${general}"] .placement`).waitFor();
  await expect
    .poll(async () => (await readStore<{ aspectId?: string; subjectId?: string }>(panel, 'placements'))[0])
    .toMatchObject({ aspectId: infoAspect, subjectId: general });

  // Write the comparison table's cell for 評価軸 × ルート営業.
  await panel.click('.show-matrix');
  const evalAspect = board!.aspects.find((a) => a.name === '評価軸')!.id;
  const cell = panel.locator(`[data-cell="${evalAspect}:${board!.subjects[0]!.id}"] .cell-note`);
  await cell.fill('継続率・顧客満足度・年間購買額');
  await cell.press('Tab');
  await expect
    .poll(
      async () =>
        (await readStore<{ cellNotes: Record<string, Record<string, string>> }>(panel, 'boards'))[0]!
          .cellNotes[evalAspect],
    )
    .toEqual({ [board!.subjects[0]!.id]: '継続率・顧客満足度・年間購買額' });

  // Reload the panel: the board, the filed clip and the note are as they were.
  await panel.reload();
  await panel.locator('[data-ready="true"]').waitFor();
  await panel.click('.tab-boards');
  expect(await panel.locator('.board-card').textContent()).toContain('1件');
  await panel.click('.board-card .clip-open');
  await panel.locator(`[data-aspect="${infoAspect}"] .placement`).waitFor();
  expect(await panel.locator(`[data-aspect="${infoAspect}"] .placement-text`).textContent()).toBe(
    'ルート営業と営業の違いを理解するための基本',
  );
  await panel.click('.show-matrix');
  expect(
    await panel.locator(`[data-cell="${evalAspect}:${board!.subjects[0]!.id}"] .cell-note`).inputValue(),
  ).toBe('継続率・顧客満足度・年間購買額');

  // Search 「継続率」: the clip, under its board, with the match highlighted.
  await panel.click('.tab-search');
  await panel.fill('.search-input', '継続率');
  await panel.locator('.search-hit').first().waitFor();
  expect(await panel.locator('.search-group h2').first().textContent()).toBe('ルート営業 vs 営業一般');
  expect(await panel.locator('.search-hit mark').first().textContent()).toBe('継続率');
  // The table's cell note is found too, named by its cell, and opens the table.
  const cellHit = panel.locator('.search-cell');
  await cellHit.waitFor();
  expect(await cellHit.locator('.clip-title').textContent()).toBe('比較表: 評価軸 × ルート営業');
  expect(await cellHit.locator('mark').textContent()).toBe('継続率');
  await cellHit.locator('.clip-open').click();
  expect(
    await panel.locator(`[data-cell="${evalAspect}:${board!.subjects[0]!.id}"] .cell-note`).inputValue(),
  ).toBe('継続率・顧客満足度・年間購買額');
});

it('the same board exports as a Markdown outline: preview, copy as Markdown and as rich text, download', async () => {
  await panel.click('.tab-boards');
  await panel.click('.board-card .clip-open');
  await panel.click('.show-export');
  const preview = panel.locator('.export-preview');
  await preview.locator('table').waitFor();

  // The preview: the title, the comparison table with the cell note, one section per aspect, sources.
  expect(await preview.locator('h1').textContent()).toBe('ルート営業 vs 営業一般');
  expect(await preview.locator('thead th').allTextContents()).toEqual(['観点', 'ルート営業', '営業一般']);
  expect(await preview.locator('tbody td:first-child').allTextContents()).toEqual([
    '評価軸',
    '情報の扱い方',
    '成果の測り方',
  ]);
  expect(await preview.locator('tbody tr').first().locator('td').nth(1).textContent()).toBe(
    '継続率・顧客満足度・年間購買額',
  );
  const headings = await preview.locator('h2').allTextContents();
  expect(headings).toEqual(
    expect.arrayContaining(['評価軸', '情報の扱い方', '成果の測り方', 'まとめ', '出典']),
  );
  expect(await preview.locator('script, [onerror], [onclick]').count()).toBe(0);
  const markdown = await panel.locator('.export-markdown').inputValue();
  expect(markdown).toMatch(/^# ルート営業 vs 営業一般\n/);
  expect(markdown).toContain('ルート営業と営業の違いを理解するための基本');

  // An extension page may write the clipboard but a test cannot read it there: a localhost page
  // with clipboard permission reads what was copied.
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const reader = await browser.context.newPage();
  await reader.goto(`${origin}${ARTICLE}`);
  const readClipboard = () =>
    reader.evaluate(`(async () => {
      const items = await navigator.clipboard.read();
      const out = {};
      for (const item of items) for (const type of item.types) out[type] = await (await item.getType(type)).text();
      return out;
    })()`) as Promise<Record<string, string>>;

  await panel.bringToFront();
  await panel.click('.copy-markdown');
  await panel.locator('.export-message').waitFor();
  expect(await panel.locator('.export-message').textContent()).toBe('Markdownをコピーしました。');
  await reader.bringToFront();
  expect((await readClipboard())['text/plain']).toBe(markdown);

  await panel.bringToFront();
  await panel.click('.copy-rich-text');
  await expect.poll(() => panel.locator('.export-message').textContent()).toContain('リッチテキスト');
  await reader.bringToFront();
  const rich = await readClipboard();
  expect(rich['text/plain']).toBe(markdown);
  expect(rich['text/html']).toContain('<table>');
  expect(rich['text/html']).toContain('継続率・顧客満足度・年間購買額');
  expect(rich['text/html']).not.toMatch(/<script|onerror=|javascript:/i);

  // Pasted into an editor (a contenteditable page, as a blog's editor is): no dead link is left,
  // footnote markers are plain superscript numbers, the sources a numbered list of web links.
  await reader.evaluate(`(() => {
    const editor = document.createElement('div');
    editor.id = 'editor';
    editor.contentEditable = 'true';
    document.body.prepend(editor);
    editor.focus();
  })()`);
  await reader.keyboard.press('Control+V');
  await expect.poll(() => reader.evaluate(`document.querySelector('#editor table') !== null`)).toBe(true);
  const pasted = (await reader.evaluate(`(() => {
    const editor = document.querySelector('#editor');
    return {
      dead: editor.querySelectorAll('a:not([href]), a[href^="#"]').length,
      arrows: editor.textContent.includes('↩'),
      markers: [...editor.querySelectorAll('sup')].map((s) => s.innerHTML),
      sources: [...editor.querySelectorAll('ol a[href]')].map((a) => a.getAttribute('href')),
    };
  })()`)) as { dead: number; arrows: boolean; markers: string[]; sources: string[] };
  expect(pasted.dead).toBe(0);
  expect(pasted.arrows).toBe(false);
  expect(pasted.markers.length).toBeGreaterThan(0);
  for (const marker of pasted.markers) expect(marker).toMatch(/^\d+$/);
  expect(pasted.sources).toEqual([`${origin}${ARTICLE}`]);

  // The download: a .md file named after the board, the same text as the copy.
  await panel.bringToFront();
  const [download] = await Promise.all([panel.waitForEvent('download'), panel.click('.download-markdown')]);
  expect(download.suggestedFilename()).toBe('ルート営業 vs 営業一般.md');
  const file = await download.path();
  expect(readFileSync(file, 'utf8')).toBe(markdown);

  // The options are kept for the board: after a reload the title is still separate.
  await panel.locator('.export-options input[name="titleSeparate"]').check();
  await expect.poll(() => panel.locator('.export-markdown').inputValue()).toMatch(/^## 比較表|^## /);
  expect(await panel.locator('.export-markdown').inputValue()).not.toMatch(/^# /m);
  await panel.reload();
  await panel.locator('[data-ready="true"]').waitFor();
  await panel.click('.tab-boards');
  await panel.click('.board-card .clip-open');
  await panel.click('.show-export');
  await panel.locator('.export-preview table').waitFor();
  expect(await panel.locator('.export-options input[name="titleSeparate"]').isChecked()).toBe(true);
  expect(await panel.locator('.export-preview h1').count()).toBe(0);
  await reader.close();
});
