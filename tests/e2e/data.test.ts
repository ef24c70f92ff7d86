import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BACKUP_VERSION } from '../../utils/backup/format';
import {
  type Browser,
  clickToolbarButton,
  fixturePage,
  launchWithExtension,
  markdownOf,
  openPanelInTab,
  PageServer,
  readClips,
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

it('backs up, refuses a damaged file without touching anything, and restores what was deleted', async () => {
  const tab = await browser.context.newPage();
  await tab.goto(`${origin}${ARTICLE}`);
  await clickToolbarButton(browser, tab);
  const side = await SidePanel.waitFor(browser);
  await side.waitForValue(`document.querySelector('[data-status="saved"]')?.textContent`);
  await side.close();

  panel = await openPanelInTab(browser);
  await panel.locator('.clip-card').first().waitFor();
  const [original] = await readClips(panel);
  expect(original).toBeDefined();

  // The Data tab says whether the browser keeps the data, and how much is used.
  await panel.click('.tab-data');
  await panel.locator('.storage-persisted').waitFor();
  const persisted = await panel.locator('.storage-persisted').getAttribute('data-persisted');
  expect(['true', 'false']).toContain(persisted);
  // A fresh profile is usually not granted persistence: said calmly (no error style), with what to do.
  if (persisted === 'false') {
    expect(await panel.locator('.storage-persisted.form-error').count()).toBe(0);
    expect(await panel.locator('.storage-persisted').textContent()).toContain('バックアップを書き出す');
  }
  await panel.locator('.storage-usage').waitFor();

  // Export: a JSON Lines file, header first, the clip with its sanitized HTML, no derived text.
  const [download] = await Promise.all([panel.waitForEvent('download'), panel.click('.export-backup')]);
  expect(download.suggestedFilename()).toMatch(/^kurabe-backup-\d{4}-\d{2}-\d{2}\.jsonl$/);
  const backup = readFileSync(await download.path(), 'utf8');
  const lines = backup
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines[0]).toMatchObject({ format: 'kurabe-backup', version: BACKUP_VERSION });
  const clipLine = lines.find((l) => l.store === 'clips');
  expect(clipLine.record).toMatchObject({ id: original!.id, title: original!.title });
  expect(clipLine.record).not.toHaveProperty('lead');
  const bodyLine = lines.find((l) => l.store === 'bodies');
  expect(bodyLine.record).toEqual({ id: original!.id, html: original!.html });
  expect(await panel.locator('.backup-message').textContent()).toContain(download.suggestedFilename());

  // A damaged copy (cut in the middle of its last line) is refused with the line, and nothing changes.
  const damaged = backup.slice(0, backup.trimEnd().lastIndexOf('\n') + 20);
  await panel.setInputFiles('.restore-file', {
    name: 'damaged.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(damaged),
  });
  await panel.locator('.restore-result.form-error').waitFor();
  expect(await panel.locator('.restore-result').textContent()).toContain('データは変わっていません');
  const problemText = await panel.locator('.restore-problems li').first().textContent();
  expect(problemText).toMatch(/\d+行目/);
  // Said in Japanese only: no English sentence from the validator in the ja UI.
  expect(problemText).not.toMatch(/[a-z]+ [a-z]+ [a-z]+/i);
  expect(await readClips(panel)).toEqual([original]);

  // Delete the clip for good, then restore the backup: it is back as it was, article and all.
  await panel.click('.tab-inbox');
  await panel.locator('.clip-card .trash-button').first().click();
  await panel.locator('.open-trash').click();
  await panel.locator('.empty-trash').click();
  await panel.locator('.confirm-empty').click();
  await panel.locator('.trash .empty').waitFor();
  expect(await readClips(panel)).toEqual([]);

  await panel.click('.tab-data');
  await panel.setInputFiles('.restore-file', {
    name: download.suggestedFilename(),
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(backup),
  });
  await panel.locator('.restore-result:not(.form-error)').waitFor();
  expect(await panel.locator('.restore-result').textContent()).toContain('1件を追加');
  const [restored] = await readClips(panel);
  expect(restored).toMatchObject({
    id: original!.id,
    title: original!.title,
    html: original!.html,
    text: original!.text,
    createdAt: original!.createdAt,
  });
  expect(await readStore<{ id: string }>(panel, 'bodies')).toHaveLength(1);
  await panel.click('.tab-inbox');
  expect(await panel.locator('.clip-card .clip-title').first().textContent()).toContain(original!.title);
});

it('writes the clips to a folder as Markdown files with front matter (the origin private file system stands in for the folder picked)', async () => {
  // The native folder picker cannot be driven from a test; Chromium's origin private file system
  // gives a real directory handle of the same kind, which the page can read back.
  await panel.evaluate(`window.showDirectoryPicker = async () => {
    const root = await navigator.storage.getDirectory();
    return root.getDirectoryHandle('vault', { create: true });
  }`);
  await panel.click('.tab-data');
  await panel.click('.export-markdown-folder');
  await panel.locator('.folder-message:not(.form-error)').waitFor();
  expect(await panel.locator('.folder-message').textContent()).toBe(
    '「vault」に 1 件のファイルを書き出しました。',
  );
  const files = (await panel.evaluate(`(async () => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('vault');
    const out = {};
    for await (const [name, handle] of dir.entries()) out[name] = await (await handle.getFile()).text();
    return out;
  })()`)) as Record<string, string>;
  const [clip] = await readClips(panel);
  expect(Object.keys(files)).toEqual([`${clip!.title}.md`]);
  const content = files[`${clip!.title}.md`]!;
  expect(content.startsWith(`---\ntitle: ${JSON.stringify(clip!.title)}\n`)).toBe(true);
  expect(content).toContain(markdownOf(clip!.html).trim().slice(0, 200));
});
