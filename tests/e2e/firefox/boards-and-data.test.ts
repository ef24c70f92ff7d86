/**
 * A board in Firefox ESR, Japanese UI, dark system theme: filed by suggestion, the comparison
 * table's notes, search in Japanese, the export (preview, clipboard, the .md file), backup and
 * restore, and what the Markdown folder export does in a browser with no folder picker.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BACKUP_VERSION } from '../../../utils/backup/format';
import {
  clickToolbarButton,
  closeSidebar,
  type Firefox,
  launchFirefox,
  openExtensionPage,
  openTab,
  poll,
  reloadExtensionPage,
  textOf,
} from '../firefox-harness';
import { fixturePage, PageServer, readClips, readStore } from '../harness';

const ARTICLE = '/entry/2026/11/20/route-sales';
const BOARD = 'ルート営業 vs 営業一般';

let server: PageServer;
let origin: string;
let firefox: Firefox;
let panel: Page;

beforeAll(async () => {
  server = new PageServer().route(ARTICLE, { body: fixturePage('pages/route-sales-ja') });
  origin = await server.start();
  firefox = await launchFirefox({ lang: 'ja', dark: true });
  panel = await openExtensionPage(firefox);
});

afterAll(async () => {
  await firefox?.close();
  await server?.stop();
});

const click = (selector: string) => panel.locator(selector).click();
const fill = (selector: string, value: string) => panel.locator(selector).fill(value);

const reloadPanel = () => reloadExtensionPage(panel);

/** What the system clipboard holds, per type, read in the browser window (chrome) itself. */
function readClipboard(): Promise<Record<string, string>> {
  return firefox.chrome(`(() => {
    const out = {};
    for (const flavor of ['text/plain', 'text/html']) {
      const trans = Cc['@mozilla.org/widget/transferable;1'].createInstance(Ci.nsITransferable);
      trans.init(null);
      trans.addDataFlavor(flavor);
      Services.clipboard.getData(trans, Services.clipboard.kGlobalClipboard, window.browsingContext.currentWindowContext);
      try {
        const data = {};
        trans.getTransferData(flavor, data);
        out[flavor] = data.value.QueryInterface(Ci.nsISupportsString).data;
      } catch {}
    }
    return JSON.stringify(out);
  })()`);
}

/** Files in the profile's downloads folder whose name matches, once complete. */
async function downloaded(match: RegExp): Promise<string> {
  const name = await poll(`a download matching ${match}`, async () =>
    readdirSync(firefox.downloads).find((f) => match.test(f) && !f.endsWith('.part')),
  );
  return path.join(firefox.downloads, name);
}

it('follows the dark system theme', async () => {
  const colors = await panel.evaluate(() => ({
    dark: matchMedia('(prefers-color-scheme: dark)').matches,
    background: getComputedStyle(document.body).backgroundColor,
  }));
  expect(colors.dark).toBe(true);
  expect(colors.background).toBe('rgb(29, 30, 34)');
});

it('files a clip on a board by suggestion, notes the table, keeps it across a reload, and finds it in Japanese', async () => {
  await click('.tab-boards');
  await click('.new-board');
  await fill('.board-form input[name="title"]', BOARD);
  await fill('.board-form textarea[name="subjects"]', 'ルート営業\n営業一般');
  await fill('.board-form textarea[name="aspects"]', '評価軸\n情報の扱い方\n成果の測り方');
  await click('.board-form .primary-button');
  await panel.waitForSelector('#board-title');

  const tab = await openTab(firefox, `${origin}${ARTICLE}`);
  await clickToolbarButton(firefox, tab);
  await poll('the clip', async () => (await readClips(panel)).length === 1);
  await closeSidebar(firefox);
  await tab.close();

  await reloadPanel();
  expect(await textOf(panel, '.clip-card .suggestion')).toContain(BOARD);
  await click('.accept-suggestion');
  await panel.waitForSelector('.toast');
  await poll('the placement', async () => (await readStore(panel, 'placements')).length === 1);

  const [board] = await readStore<{
    id: string;
    aspects: { id: string; name: string }[];
    subjects: { id: string }[];
    cellNotes: Record<string, Record<string, string>>;
  }>(panel, 'boards');
  const evalAspect = board!.aspects.find((a) => a.name === '評価軸')!.id;
  const routeSales = board!.subjects[0]!.id;
  await click('.tab-boards');
  await click('.board-card .clip-open');
  await panel.waitForSelector('.placement');
  await click('.show-matrix');
  const cell = `[data-cell="${evalAspect}:${routeSales}"] .cell-note`;
  await fill(cell, '継続率・顧客満足度・年間購買額');
  await panel.keyboard.press('Tab');
  await poll('the cell note', async () => {
    const [b] = await readStore<typeof board>(panel, 'boards');
    return b!.cellNotes[evalAspect]?.[routeSales] === '継続率・顧客満足度・年間購買額';
  });

  await reloadPanel();
  await click('.tab-boards');
  expect(await textOf(panel, '.board-card')).toContain('1件');
  await click('.board-card .clip-open');
  await click('.show-matrix');
  await panel.waitForSelector(cell);
  expect(await panel.$eval(cell, (e) => (e as HTMLTextAreaElement).value)).toBe(
    '継続率・顧客満足度・年間購買額',
  );

  await click('.tab-search');
  await fill('.search-input', '継続率');
  await panel.waitForSelector('.search-hit');
  expect(await textOf(panel, '.search-group h2')).toBe(BOARD);
  expect(await textOf(panel, '.search-hit mark')).toBe('継続率');
  expect(await textOf(panel, '.search-cell .clip-title')).toBe('比較表: 評価軸 × ルート営業');
});

it('exports the board: the preview, Markdown and rich text on the clipboard, the .md file', async () => {
  await click('.tab-boards');
  await click('.board-card .clip-open');
  await click('.show-export');
  await panel.waitForSelector('.export-preview table');
  const preview = await panel.evaluate(() => {
    const root = document.querySelector('.export-preview')!;
    return {
      h1: root.querySelector('h1')?.textContent,
      head: [...root.querySelectorAll('thead th')].map((e) => e.textContent),
      firstRow: [...root.querySelectorAll('tbody tr:first-child td')].map((e) => e.textContent),
      h2: [...root.querySelectorAll('h2')].map((e) => e.textContent),
      active: root.querySelectorAll('script, [onerror], [onclick]').length,
    };
  });
  expect(preview).toMatchObject({
    h1: BOARD,
    head: ['観点', 'ルート営業', '営業一般'],
    firstRow: ['評価軸', '継続率・顧客満足度・年間購買額', expect.any(String)],
    active: 0,
  });
  expect(preview.h2).toEqual(
    expect.arrayContaining(['評価軸', '情報の扱い方', '成果の測り方', 'まとめ', '出典']),
  );
  const markdown = await panel.$eval('.export-markdown', (e) => (e as HTMLTextAreaElement).value);
  expect(markdown).toMatch(/^# ルート営業 vs 営業一般\n/);

  // The clicks are a pointer's (BiDi input), so Firefox sees the user activation it requires
  // before a page without clipboardWrite may write the clipboard.
  await click('.copy-markdown');
  expect(await textOf(panel, '.export-message')).toBe('Markdownをコピーしました。');
  expect((await readClipboard())['text/plain']).toBe(markdown);

  await click('.copy-rich-text');
  await poll('the rich text message', async () =>
    (await textOf(panel, '.export-message')).includes('リッチテキスト'),
  );
  const rich = await readClipboard();
  expect(rich['text/plain']).toBe(markdown);
  expect(rich['text/html']).toContain('<table>');
  expect(rich['text/html']).toContain('継続率・顧客満足度・年間購買額');
  expect(rich['text/html']).not.toMatch(/<script|onerror=|javascript:/i);

  await click('.download-markdown');
  const file = await downloaded(/^ルート営業 vs 営業一般\.md$/);
  expect(readFileSync(file, 'utf8')).toBe(markdown);
});

it('backs up, moves the clip to the Trash and empties it, restores the backup; says what the folder export does without a folder picker', async () => {
  const [original] = await readClips(panel);
  await click('.tab-data');
  await panel.waitForSelector('.storage-persisted');
  // Firefox asks the person before it keeps an extension's data for good; unanswered (a fresh
  // profile, nobody at the prompt) the tab says it is not kept yet, and what to do.
  expect(await panel.$eval('.storage-persisted', (e) => e.getAttribute('data-persisted'))).toBe('false');
  expect(await textOf(panel, '.storage-persisted')).toContain('バックアップを書き出す');
  await panel.waitForSelector('.storage-usage');

  await click('.export-backup');
  const backupFile = await downloaded(/^kurabe-backup-\d{4}-\d{2}-\d{2}\.jsonl$/);
  const lines = readFileSync(backupFile, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines[0]).toMatchObject({ format: 'kurabe-backup', version: BACKUP_VERSION });
  expect(lines.find((l) => l.store === 'bodies').record).toEqual({ id: original!.id, html: original!.html });
  expect(lines.filter((l) => l.store === 'boards')).toHaveLength(1);

  // Firefox has no showDirectoryPicker: the button says so and points to the backup.
  expect(await panel.evaluate(() => 'showDirectoryPicker' in window)).toBe(false);
  await click('.export-markdown-folder');
  expect(await textOf(panel, '.folder-message.form-error')).toContain(
    'フォルダへの書き出しに対応していません',
  );

  // The clip goes to the Trash with the panel's own buttons, and the Trash is emptied. The clip
  // sits on the board, so ゴミ箱へ asks first (above the list: the step that once "did nothing"
  // never answered it); the question takes the focus, and its button is pressed. (A key would be
  // Firefox's to deliver: after the downloads above, BiDi's key events need not reach the page.)
  await click('.tab-inbox');
  await click('.clip-card .trash-button');
  expect(await textOf(panel, '.confirm-trash')).toContain('ボード1件に置かれています');
  await poll('the focus on the question', () =>
    panel.evaluate(() => document.activeElement?.classList.contains('confirm-trash-yes')),
  );
  await click('.confirm-trash-yes');
  await poll('the clip in the Trash', async () =>
    (await readStore<{ deletedAt?: number }>(panel, 'clips')).some((c) => c.deletedAt !== undefined),
  );
  await click('.open-trash');
  await click('.empty-trash');
  expect(await textOf(panel, '.confirm')).toContain('完全に削除しますか？');
  await click('.confirm-empty');
  await panel.waitForSelector('.trash .empty');
  expect(await readClips(panel)).toEqual([]);
  expect(await readStore(panel, 'placements')).toEqual([]);

  await click('.tab-data');
  const input = (await panel.waitForSelector('input.restore-file')) as ElementHandle<HTMLInputElement>;
  await input!.uploadFile(backupFile);
  await panel.waitForSelector('.restore-result:not(.form-error)', { timeout: 15_000 });
  expect(await textOf(panel, '.restore-result')).toContain('1件を追加');
  const [restored] = await readClips(panel);
  expect(restored).toMatchObject({
    id: original!.id,
    title: original!.title,
    html: original!.html,
    createdAt: original!.createdAt,
  });
  expect(await readStore(panel, 'placements')).toHaveLength(1);
  expect(await readStore(panel, 'boards')).toHaveLength(1);
});
