/**
 * The parts a page hides with its style sheets, found two ways in real Chromium
 * (utils/extract/prepare.ts, findComputedHidden): by matching only the page's hiding rules, which
 * extraction uses when it can read them all, and by reading every element's computed style. Both
 * must find the same elements on every fixture page, on the real pages of the data sets, and on
 * a page made of the cases that could tell them apart, parts the browser does not render
 * included (neither way reads inside them).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser as PlainBrowser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pageScript } from '../helpers/page-script';
import { loadDataSet } from '../helpers/scoring';
import { CHROMIUM, fixturePage, PageServer, ROOT } from './harness';

const PARAGRAPH = '<p>本文の段落です。雲は水のつぶの集まりで、空気が冷えるとできます。</p>'.repeat(8);

/** Rules and markup that could make the two ways disagree. */
const TRICKY = `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>隠れた部分</title>
<link rel="stylesheet" href="/site.css">
<style>
  :root { --gone: none; }
  .promo { display: none; }
  .shown.promo { display: block !important; }
  @media (min-width: 1px) { .wide-hidden { display: none; } }
  @media (max-width: 1px) { .narrow-hidden { display: none; } }
  @supports (display: grid) { @layer base { .layered { visibility: hidden; } } }
  .by-variable { display: var(--gone); }
  .ghost { visibility: collapse; }
  .parent-hidden { visibility: hidden; }
  .parent-hidden .child-visible { visibility: visible; }
  p:not(.keep) > span.aside { display: none; }
  a::before { display: none; content: ''; }
  .icon path { display: none; }
</style></head><body>
<article>
  <h1>雲のでき方</h1>${PARAGRAPH}
  <div class="promo">広告です</div>
  <div class="promo shown">見えるお知らせ</div>
  <div class="wide-hidden">幅の広い画面では隠れる</div>
  <div class="narrow-hidden">狭い画面でだけ隠れる</div>
  <div class="layered">レイヤーの中の規則で隠れる</div>
  <div class="by-variable">変数で隠れる</div>
  <table><tr class="ghost"><td>畳まれた行</td></tr><tr><td>見える行</td></tr></table>
  <div class="parent-hidden"><span class="child-visible">親は隠れ子は見える</span></div>
  <p>段落<span class="aside">の脇に隠れる注</span>です。</p>
  <p class="keep">段落<span class="aside">の脇の見える注</span>です。</p>
  <svg class="icon"><path d="M0 0"></path></svg>
  <dialog>閉じたダイアログ</dialog>
  <p>ルビ<ruby>雲<rp>(</rp><rt>くも</rt><rp>)</rp></ruby>です。</p>
  <details><summary>閉じた要約</summary><div class="promo">畳まれた中の広告（読まない）</div></details>
  <details open><summary>開いた要約</summary><div class="promo open">開いた中の広告</div></details>
  <div style="content-visibility:hidden"><div class="promo">描かれない中の広告（読まない）</div></div>
  <div hidden="until-found"><div class="promo">見つかるまでの中の広告（読まない）</div></div>
  <div><template shadowrootmode="open"><p>影</p></template><div class="promo">差し込まれない広告（読まない）</div></div>
  <div class="from-linked-sheet">リンクされた規則で隠れる</div>
</article></body></html>`;

let browser: PlainBrowser;
let server: PageServer;
let crossOrigin: PageServer;
let origin: string;
let code: string;

beforeAll(async () => {
  code = await pageScript('tests/e2e/pages/hidden-parts.ts');
  crossOrigin = new PageServer().route('/site.css', {
    body: '.from-linked-sheet { display: none; }',
    type: 'text/css',
  });
  const otherOrigin = (await crossOrigin.start()).replace('localhost', '127.0.0.1');
  server = new PageServer()
    .route('/site.css', { body: '.from-linked-sheet { display: none; }', type: 'text/css' })
    .route('/tricky/', { body: TRICKY })
    .route('/cross-origin/', { body: TRICKY.replace('href="/site.css"', `href="${otherOrigin}/site.css"`) })
    .route('/nested/', {
      body: TRICKY.replace('.promo { display: none; }', '.promo { display: none; & .inner { color: red; } }'),
    });
  for (const slug of readdirSync(path.join(ROOT, 'tests/fixtures/pages')))
    server.route(`/fixture/${slug}/`, { body: fixturePage(`pages/${slug}`) });
  for (const set of ['aeb-dev', 'zh-dev'])
    for (const page of loadDataSet(path.join(ROOT, 'tests/fixtures/extraction', set)))
      server.route(`/real/${set}-${page.id.slice(0, 8)}/`, {
        body: page.html.replace(/<meta[^>]+charset[^>]*>/i, '<meta charset="utf-8">'),
      });
  origin = await server.start();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await crossOrigin?.stop();
});

async function both(pathname: string, allowOtherHosts = false) {
  const page = await browser.newPage();
  try {
    // Real pages' own resources stay out: only this server answers.
    await page.route('**/*', (route) =>
      allowOtherHosts || route.request().url().startsWith(origin) ? route.continue() : route.abort(),
    );
    await page.goto(`${origin}${pathname}`, { waitUntil: 'load' });
    await page.addScriptTag({ content: code });
    return await page.evaluate(() => window.kurabeHidden());
  } finally {
    await page.close();
  }
}

it('finds the same hidden parts both ways on a page of tricky rules, by reading only the hiding rules', async () => {
  const found = await both('/tricky/');
  expect(found.rulesRead).toBe(true);
  expect(found.byRules).toEqual(found.byEveryElement);
  expect(found.tags).toEqual([
    'DIV.promo',
    'DIV.wide-hidden',
    'DIV.layered',
    'DIV.by-variable',
    'TR.ghost',
    'DIV.parent-hidden',
    'SPAN.aside',
    'DIALOG.',
    'RP.',
    'RP.',
    // Inside a closed <details>, content-visibility: hidden, until-found or a shadow host the
    // browser renders nothing, and nothing is read (reading would make it fetch what is there).
    'DIV.promo open',
    'DIV.from-linked-sheet',
  ]);
});

it('reads every element when a style sheet is cross-origin or has nested rules, and finds the same', async () => {
  for (const pathname of ['/cross-origin/', '/nested/']) {
    const found = await both(pathname, true);
    expect(found.rulesRead, pathname).toBe(false);
    expect(found.byRules, pathname).toEqual(found.byEveryElement);
  }
});

it('finds the same hidden parts both ways on every fixture page and real page', async () => {
  const pages = [
    ...readdirSync(path.join(ROOT, 'tests/fixtures/pages')).map((slug) => `/fixture/${slug}/`),
    ...['aeb-dev', 'zh-dev'].flatMap((set) =>
      loadDataSet(path.join(ROOT, 'tests/fixtures/extraction', set)).map(
        (p) => `/real/${set}-${p.id.slice(0, 8)}/`,
      ),
    ),
  ];
  expect(pages.length).toBeGreaterThan(30);
  let byRules = 0;
  for (const pathname of pages) {
    const found = await both(pathname);
    expect(found.byRules, pathname).toEqual(found.byEveryElement);
    if (found.rulesRead) byRules++;
  }
  // Most of these pages are read by their rules (else the comparison says little).
  expect(byRules).toBeGreaterThan(pages.length / 2);
  // Every fixture and real page in one browser: about 50 s alone on a 2-core machine, more beside
  // another e2e file (they run two at a time), so more than the project's 60 s.
}, 240_000);
