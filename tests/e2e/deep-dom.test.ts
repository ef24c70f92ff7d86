/**
 * A page nested 10,000 levels deep (issue 12): clipping it used to fail with "Maximum call stack
 * size exceeded" (a ! badge, nothing stored). An HTML parser never nests deeper than a few hundred
 * levels; the page's own script builds the rest, here inside a closed <details> (a visible tree
 * that deep is more than Chromium's layout survives in a headless run). Kurabe walks the page
 * without recursion and flattens what lies deeper than the parser's limit before Readability
 * reads it, so the clip keeps the article, the deepest text included.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type Browser,
  clickToolbarButton,
  launchWithExtension,
  openPanelInTab,
  PageServer,
  readClips,
  SidePanel,
} from './harness';

const DEPTH = 10_000;
const PARAGRAPHS = [
  '深い入れ子のページでも、本文はふつうに読めなければなりません。ここは記事の最初の段落です。',
  'ページのスクリプトが要素を一万段まで入れ子にしても、拡張機能の取り出しは止まらずに最後まで進みます。',
  'Readability は段ごとに再帰するため、そのままでは呼び出しの積み重ねが尽きてしまいます。',
  'そこで、パーサーが作らない深さより下は平らにしてから本文を探し、文章は一つも落としません。',
];
const DEEPEST = '一万段目の文章です。ここまで取り出せれば、深さで失われた本文はありません。';

const PAGE = `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>一万段の入れ子 | 深さの実験</title>
<meta name="description" content="一万段の入れ子を持つページ。"></head><body><main><article>
<h1>一万段の入れ子</h1>
${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n')}
<details><summary>さらに深く</summary><div id="deep"></div></details>
<p>${PARAGRAPHS[0]}</p>
</article></main>
<script>
  let el = document.getElementById('deep');
  for (let i = 0; i < ${DEPTH}; i++) el = el.appendChild(document.createElement(i % 2 ? 'div' : 'section'));
  el.textContent = ${JSON.stringify(DEEPEST)};
  document.body.dataset.depth = String(${DEPTH});
</script></body></html>`;

let server: PageServer;
let origin: string;
let browser: Browser;
let panel: Page;

beforeAll(async () => {
  server = new PageServer().route('/deep/', { body: PAGE });
  origin = await server.start();
  browser = await launchWithExtension({ lang: 'ja' });
  panel = await openPanelInTab(browser);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('clips a page nested 10,000 levels deep, the deepest text included', async () => {
  const tab = await browser.context.newPage();
  await tab.goto(`${origin}/deep/`);
  await tab.locator('body[data-depth]').waitFor({ state: 'attached' });
  // The page really is that deep.
  expect(
    await tab.evaluate(() => {
      let depth = 0;
      for (let el: Element | null = document.getElementById('deep'); el?.firstElementChild; depth++)
        el = el.firstElementChild;
      return depth;
    }),
  ).toBe(DEPTH);

  const clickedAt = Date.now();
  await clickToolbarButton(browser, tab);
  const sidePanel = await SidePanel.waitFor(browser);
  const status = await sidePanel.waitForValue<string>(
    `document.querySelector('[data-status]:not([data-status="working"])')?.dataset.status`,
    20_000,
  );
  await sidePanel.close();
  expect(status).toBe('saved');

  const [clip] = (await readClips(panel)).filter((c) => c.clippedAt >= clickedAt);
  expect(clip).toMatchObject({ kind: 'article', title: '一万段の入れ子', url: `${origin}/deep/` });
  for (const p of PARAGRAPHS) expect(clip!.text).toContain(p);
  expect(clip!.text).toContain(DEEPEST);
});
