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
import {
  deferredPage,
  FOLDED_TEXT,
  type Origins,
  PARAGRAPHS,
  sheetFor,
  type Variant,
} from './pages/deferred-page';

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
