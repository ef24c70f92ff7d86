/**
 * Clipping a page makes the page send nothing, whatever its CSS (issue 12, item 1): an article
 * whose hidden or not-yet-rendered parts hold URLs (tests/fixtures/hostile-vectors/
 * render-deferred.ts: closed <details>, content-visibility, until-found, display: none,
 * <template>, @media, @container, :has(), var(), shadow roots, lazy images and frames,
 * image-set(), cursor, list-style-image, border-image, mask, content: url(), ::before and
 * ::after, @font-face) is served from one localhost server, and each class points once at that
 * server and once at a second one on another origin, at `/beacon/<page>/<class>`. Both log every
 * request. Loading the page requests the shown parts only; after the toolbar click, until the
 * clip is stored and a second more, nothing may arrive at either server.
 *
 * Two pages: one whose style sheets Kurabe can read (it then looks only at the elements the
 * page's hiding rules match) and one with a cross-origin style sheet (it then reads every
 * element's style), which found the parts hidden two different ways.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDER_DEFERRED } from '../fixtures/hostile-vectors/render-deferred';
import {
  type Browser,
  clickToolbarButton,
  launchWithExtension,
  openPanelInTab,
  PageServer,
  readClips,
} from './harness';

const PARAGRAPHS = [
  '雲は、空気中の水蒸気が冷えて小さな水のつぶや氷のつぶになり、それがたくさん集まって見えるものです。',
  '暖かい空気が上にのぼると、まわりの気圧が低くなるので空気はふくらみ、そのぶん温度が下がります。',
  '温度が下がると、空気がふくめる水蒸気の量が少なくなり、あふれた水蒸気がちりを芯にして水のつぶになります。',
  'Clouds form when rising air cools until the water vapour it carries condenses on tiny particles of dust and salt.',
  'The shape of a cloud tells how the air moves: flat layers mean calm air, tall towers mean strong updrafts.',
  '積乱雲は強い上昇気流のなかで高く成長し、雷や強い雨、ときにはひょうを降らせることもあります。',
  '雲の高さや形を毎日観察して記録すると、天気の変化を自分で予想できるようになっていきます。',
  'Watching the sky every day, and writing down what you see, is still the best way to learn the weather.',
];
/** A sentence of the closed <details> (and of the other folded parts): kept in the clip. */
const FOLDED_TEXT = 'この段落は畳まれた部分の本文です';

type Variant = 'rules' | 'walk';
interface Origins {
  self: string;
  other: string;
}

const beacon = (origin: string, variant: Variant, id: string) => `${origin}/beacon/${variant}/${id}`;

/** A class instantiated twice: its URLs on the page's own origin, then on the other one. */
function instances(id: string, variant: Variant, origins: Origins): string {
  const cls = RENDER_DEFERRED.find((c) => c.id === id)!;
  return [
    cls.html(beacon(origins.self, variant, id), `${id}-self`),
    cls.html(beacon(origins.other, variant, id), `${id}-other`),
  ].join('\n');
}

function deferredPage(variant: Variant, origins: Origins, sheet: string): string {
  const above = RENDER_DEFERRED.filter((c) => !c.belowFold);
  const below = RENDER_DEFERRED.filter((c) => c.belowFold);
  const body = above.map(
    (c, i) => `<p>${PARAGRAPHS[i % PARAGRAPHS.length]}</p>\n${instances(c.id, variant, origins)}`,
  );
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>雲のでき方 | 空の観察ノート</title>
<link rel="stylesheet" href="${sheet}">
</head><body>
<header><nav><a href="/">ホーム</a> · <a href="/sky/">空の観察</a></nav></header>
<main><article>
<h1>雲のでき方</h1>
${body.join('\n')}
<details><summary>リンクされた規則</summary><p class="linked-sheet">${PARAGRAPHS[0]}</p></details>
${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n')}
<div style="height:40000px"></div>
${below.map((c) => instances(c.id, variant, origins)).join('\n')}
<p>${PARAGRAPHS[7]}</p>
</article></main>
<footer><p>© 空の観察ノート</p></footer>
</body></html>`;
}

/** The style sheet the page links: a background for a part in a closed <details>. */
const sheetFor = (variant: Variant) =>
  `.linked-sheet{background-image:url(/beacon/${variant}/linked-sheet)} .linked-sheet-gone{display:none}`;

let self: PageServer;
let other: PageServer;
let origins: Origins;
let browser: Browser;
let panel: Page;

beforeAll(async () => {
  self = new PageServer();
  other = new PageServer();
  // Another port and another host name: another origin (and another site for the browser's
  // cookie rules, which matters nothing here).
  origins = { self: await self.start(), other: (await other.start()).replace('localhost', '127.0.0.1') };
  self
    .route('/deferred/rules/', { body: deferredPage('rules', origins, '/deferred/rules.css') })
    .route('/deferred/rules.css', { body: sheetFor('rules'), type: 'text/css' })
    .route('/deferred/walk/', { body: deferredPage('walk', origins, `${origins.other}/deferred/walk.css`) });
  other.route('/deferred/walk.css', { body: sheetFor('walk'), type: 'text/css' });
  browser = await launchWithExtension({ lang: 'ja' });
  panel = await openPanelInTab(browser);
});

afterAll(async () => {
  await browser?.close();
  await self?.stop();
  await other?.stop();
});

/** Requests both servers received since `from`, as `self /path` and `other /path`. */
function requestsSince(from: { self: number; other: number }): string[] {
  return [
    ...self.requests.slice(from.self).map((url) => `self ${url}`),
    ...other.requests.slice(from.other).map((url) => `other ${url}`),
  ];
}
const mark = () => ({ self: self.requests.length, other: other.requests.length });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The class a beacon request names. */
const classOf = (request: string) => request.match(/\/beacon\/\w+\/([a-z0-9-]+)/)?.[1] ?? request;

async function poll<T>(what: string, fn: () => Promise<T | undefined>, timeout = 20_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe.sequential('clipping sends no request from the page', () => {
  it.each<Variant>(['rules', 'walk'])(
    'the %s page: its hidden and deferred parts load nothing, at load or at the click',
    async (variant) => {
      const url = `${origins.self}/deferred/${variant}/`;
      const tab = await browser.context.newPage();
      const loadFrom = mark();
      await tab.goto(url);
      await tab.waitForLoadState('networkidle');
      await sleep(500);
      const atLoad = requestsSince(loadFrom);

      // The page is styled and the beacons work: every shown part loaded from both origins…
      for (const cls of RENDER_DEFERRED.filter((c) => c.rendered))
        for (const server of ['self', 'other'])
          expect(atLoad, `${cls.id} (${cls.note}) is shown at load`).toContain(
            `${server} /beacon/${variant}/${cls.id}`,
          );
      // …and no deferred part did: each class is really one the browser leaves unrendered.
      const rendered = new Set(RENDER_DEFERRED.filter((c) => c.rendered).map((c) => c.id));
      expect(
        atLoad.filter((r) => r.includes('/beacon/') && !rendered.has(classOf(r))),
        'parts the browser loaded by itself (not deferred in this browser)',
      ).toEqual([]);

      const clickFrom = mark();
      const clickedAt = Date.now();
      await clickToolbarButton(browser, tab);
      const clip = await poll(`the clip of ${url}`, async () =>
        (await readClips(panel)).find((c) => c.url === url && c.clippedAt >= clickedAt),
      );
      await sleep(1000);
      const afterClick = requestsSince(clickFrom);
      expect(
        afterClick,
        `requests after the click, by class: ${[...new Set(afterClick.map(classOf))].join(', ')}`,
      ).toEqual([]);

      // The folded parts are still article text (a closed <details> is usually "read more").
      expect(clip.kind).toBe('article');
      expect(clip.text).toContain(FOLDED_TEXT);
      expect(clip.text).toContain(PARAGRAPHS[7]);
      await tab.close();
    },
  );
});
