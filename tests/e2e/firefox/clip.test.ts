/**
 * Clipping in Firefox ESR (the Firefox build, .output/firefox-mv2), Japanese UI: the toolbar
 * button and the context menu, pressed in the browser's own window (tests/e2e/firefox-harness.ts),
 * a selection as a quote, a page clipped again, the pages Firefox lets no extension read (and the
 * message naming them as Firefox does), the reader view with images off, a page whose hidden parts
 * would call home, a hostile page, and what the panel says of the keyboard shortcut.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  badgeText,
  clickContextMenuItem,
  clickToolbarButton,
  closeSidebar,
  contextMenuLabels,
  EXTENSION_ORIGIN,
  type Firefox,
  GECKO_ID,
  launchFirefox,
  openExtensionPage,
  openTab,
  poll,
  reloadExtensionPage,
  sidebarState,
  textOf,
} from '../firefox-harness';
import { fixturePage, markdownOf, PageServer, readClips, readStore } from '../harness';
import { deferredPage, FOLDED_TEXT, PARAGRAPHS, sheetFor } from '../pages/deferred-page';
import { selectWords } from '../pages/select-words';

const ARTICLE = '/entry/2026/11/20/route-sales';
const IMAGES = '/entry/images';
const TITLE = 'ルート営業と営業の違いを理解するための基本';

/** A one-page PDF with a line of text: Firefox shows it in its own viewer (pdf.js). */
const PDF = `%PDF-1.4
1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj
2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj
3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>> endobj
4 0 obj <</Length 44>> stream
BT /F1 18 Tf 20 70 Td (Price list 2026) Tj ET
endstream endobj
5 0 obj <</Type/Font/Subtype/Type1/BaseFont/Helvetica>> endobj
trailer <</Root 1 0 R>>
%%EOF
`;

const IMAGE_PAGE = `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>写真で見る営業車 | 比較ノート</title></head>
<body><article><h1>写真で見る営業車</h1>
${'<p>営業車の選び方は、燃費と積載量と乗り心地の三つで決まります。毎日二百キロ走る人には燃費が何より大切です。</p>'.repeat(6)}
<figure><img src="/img/car.png" alt="白い営業車" width="320" height="200"><figcaption>白い営業車</figcaption></figure>
${'<p>積載量は、サンプルや資料を運ぶ人ほど大切になり、後部座席を倒せるかどうかも見ておきたい点です。</p>'.repeat(6)}
</article></body></html>`;

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
).toString('latin1');

let server: PageServer;
let other: PageServer;
let origin: string;
let otherOrigin: string;
let amoOrigin: string;
let firefox: Firefox;
let panel: Page;

beforeAll(async () => {
  server = new PageServer();
  other = new PageServer();
  origin = await server.start();
  otherOrigin = (await other.start()).replace('localhost', '127.0.0.1');
  amoOrigin = origin.replace('localhost', 'addons.mozilla.org');
  const origins = { self: origin, other: otherOrigin };
  server
    .route(ARTICLE, { body: fixturePage('pages/route-sales-ja') })
    .route(IMAGES, { body: IMAGE_PAGE })
    .route('/img/car.png', { body: PNG, type: 'image/png' })
    .route('/docs/price-list.pdf', { body: PDF, type: 'application/pdf' })
    .route('/firefox/addon/kurabe/', {
      body: '<!doctype html><html><head><title>Kurabe – Firefox (ja) 向けアドオンを入手</title></head><body><h1>Kurabe</h1></body></html>',
    })
    // The page itself may load nothing: whatever reaches the server after the click is Kurabe's doing.
    .route('/hostile', {
      body: fixturePage('hostile'),
      headers: { 'content-security-policy': "default-src 'none'" },
    })
    .route('/deferred/rules/', { body: deferredPage('rules', origins, '/deferred/rules.css') })
    .route('/deferred/rules.css', { body: sheetFor('rules'), type: 'text/css' });
  firefox = await launchFirefox({ lang: 'ja', localDomains: ['addons.mozilla.org'] });
  panel = await openExtensionPage(firefox);
});

afterAll(async () => {
  await firefox?.close();
  await server?.stop();
  await other?.stop();
});

/**
 * The status line of the panel open in its tab, once it says `expected`: it hears each clip's
 * result as the sidebar does (a BroadcastChannel of the extension's pages).
 */
function panelStatus(expected: string | RegExp): Promise<string> {
  return poll(`the status ${expected}`, () =>
    panel.evaluate(
      (source, flags) =>
        [...document.querySelectorAll('[data-status]')]
          .map((e) => e.textContent ?? '')
          .find((text) => new RegExp(source, flags).test(text)),
      typeof expected === 'string' ? expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : expected.source,
      typeof expected === 'string' ? '' : expected.flags,
    ),
  );
}

describe('the toolbar button', () => {
  it('opens the sidebar and clips the page (tracking parameters dropped), the panel in Japanese', async () => {
    const tab = await openTab(firefox, `${origin}${ARTICLE}?utm_source=twitter#what`);
    expect((await sidebarState(firefox)).open).toBe(false);
    await clickToolbarButton(firefox, tab);

    // sidebarAction.open() needs a user gesture: it opening proves the click was handled as one.
    const sidebar = await poll('the sidebar', async () => {
      const state = await sidebarState(firefox);
      return state.open && state.url === `${EXTENSION_ORIGIN}/sidepanel.html` && state;
    });
    expect(sidebar.open).toBe(true);

    const [clip] = await poll('the clip', async () => {
      const clips = await readClips(panel);
      return clips.length > 0 && clips;
    });
    expect(clip).toMatchObject({
      title: TITLE,
      normalizedUrl: `${origin}${ARTICLE}`,
      url: `${origin}${ARTICLE}?utm_source=twitter#what`,
      kind: 'article',
    });
    expect(clip!.text).toContain('ルート営業とは既存の顧客を中心に');
    expect(clip!.text).not.toContain('スポンサーリンク');
    expect(await poll('the badge', async () => (await badgeText(firefox)) === '✓' && '✓')).toBe('✓');

    expect(await panelStatus('保存しました')).toContain('保存しました');
    const card = await textOf(panel, '.clip-card');
    expect(card).toContain(TITLE);
    expect(card).toMatch(/[\d,]+字/);
    expect(await panel.evaluate(() => document.documentElement.lang)).toBe('ja');
    await closeSidebar(firefox);
    await tab.close();
  });

  it('clips the selection as a quote with its sentence; the same page again is updated, not duplicated', async () => {
    const before = (await readClips(panel))[0]!;
    const tab = await openTab(firefox, `${origin}${ARTICLE}?utm_medium=social`);
    await tab.evaluate(selectWords, { paragraphStart: '次に重要なのは', words: '過去の購買履歴' });
    await clickToolbarButton(firefox, tab);
    const quotes = await poll('the quote', async () => {
      const q = await readStore<{ text: string; context: string; clipId: string }>(panel, 'quotes');
      return q.length > 0 && q;
    });
    expect(quotes.map((q) => [q.text, q.context, q.clipId])).toEqual([
      [
        '過去の購買履歴',
        'ルート営業は過去の購買履歴、サポート履歴、クレーム対応の記録などを総合して、次の一手を設計します。',
        before.id,
      ],
    ]);
    const clips = await readClips(panel);
    expect(clips).toHaveLength(1);
    expect(clips[0]!.createdAt).toBe(before.createdAt);
    expect(clips[0]!.clippedAt).toBeGreaterThan(before.clippedAt);
    expect(await panelStatus(/\d+\/\d+\/\d+にクリップ済み — 更新しました。/)).toContain(
      '選択範囲を引用として保存しました。',
    );
    expect(await badgeText(firefox)).not.toBe('!');
    await closeSidebar(firefox);
    await tab.close();
  });
});

describe('the context menu', () => {
  it('shows Kurabe’s items on a page and on a selection, and its entries clip the page and the selection', async () => {
    const tab = await openTab(firefox, `${origin}${IMAGES}`);
    const onPage = await contextMenuLabels(firefox, tab, { x: 200, y: 150 });
    expect(onPage).toContain('このページをクリップ');

    await clickContextMenuItem(firefox, tab, 'このページをクリップ', { x: 200, y: 150 });
    const clip = await poll('the clip from the menu', async () =>
      (await readClips(panel)).find((c) => c.normalizedUrl === `${origin}${IMAGES}`),
    );
    expect(clip.title).toBe('写真で見る営業車');
    expect((await sidebarState(firefox)).open).toBe(true);
    await closeSidebar(firefox);

    // Select a phrase, then right-click on it: "Clip selection as a quote".
    const box = await tab.evaluate(() => {
      const p = document.querySelectorAll('p')[6]!;
      const text = p.firstChild!;
      const range = document.createRange();
      range.setStart(text, 0);
      range.setEnd(text, '積載量は'.length);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
      const r = range.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await clickContextMenuItem(firefox, tab, '選択範囲を引用としてクリップ', box);
    const quote = await poll('the quote from the menu', async () =>
      (await readStore<{ text: string; clipId: string }>(panel, 'quotes')).find((q) => q.clipId === clip.id),
    );
    expect(quote.text).toBe('積載量は');
    await closeSidebar(firefox);
    await tab.close();
  });
});

describe('pages Kurabe cannot read', () => {
  it('about:, the reader view, moz-extension: and view-source: pages get the message (in Firefox’s words) and store nothing', async () => {
    const before = (await readClips(panel)).length;
    const readerView = `about:reader?url=${encodeURIComponent(`${origin}${ARTICLE}`)}`;
    for (const url of [
      'about:robots',
      readerView,
      `${EXTENSION_ORIGIN}/sidepanel.html`,
      `view-source:${origin}${ARTICLE}`,
    ]) {
      // The message of the page before is closed first: each page must bring its own.
      await panel.evaluate(() => {
        for (const close of document.querySelectorAll<HTMLElement>('[data-status] .icon-button'))
          close.click();
      });
      const tab = await firefox.browser.newPage();
      // Such a navigation may never report its end to BiDi: wait for the tab instead.
      tab.goto(url).catch(() => {});
      // (The reader view keeps its own form of the address it shows: its start is compared.)
      const shown = url.startsWith('about:reader') ? 'about:reader?' : url;
      await poll(`${url} in front`, () =>
        firefox.chrome<boolean>(
          `JSON.stringify(gBrowser.currentURI.spec.startsWith(${JSON.stringify(shown)}) && !gBrowser.selectedBrowser.webProgress.isLoadingDocument)`,
        ),
      );
      await clickToolbarButton(firefox, tab);
      expect(await poll(`the ! badge on ${url}`, async () => (await badgeText(firefox)) === '!' && '!')).toBe(
        '!',
      );
      const message = await panelStatus(
        url.startsWith('view-source:') ? 'ソース表示' : 'このページはクリップできません',
      );
      if (!url.startsWith('view-source:')) {
        // Firefox's own names for its closed pages, not Chrome's.
        expect(message, url).toContain('about:');
        expect(message, url).toContain('リーダービュー');
        expect(message, url).toContain('moz-extension:');
        expect(message, url).not.toContain('chrome://');
      }
      await closeSidebar(firefox);
      await tab.close();
    }
    expect(await readClips(panel)).toHaveLength(before);
  });

  it('addons.mozilla.org and a PDF in Firefox’s viewer are kept as bookmarks, saying why', async () => {
    const cases = [
      { url: `${amoOrigin}/firefox/addon/kurabe/`, why: 'ストア' },
      { url: `${origin}/docs/price-list.pdf`, why: 'PDF' },
    ];
    for (const { url, why } of cases) {
      const tab = await firefox.browser.newPage();
      tab.goto(url).catch(() => {});
      // The PDF viewer and the add-ons site are closed to every extension's scripts.
      await poll(`${url} to load`, async () =>
        firefox.chrome<boolean>(
          `JSON.stringify(gBrowser.currentURI.spec === ${JSON.stringify(url)} && !gBrowser.selectedBrowser.webProgress.isLoadingDocument)`,
        ),
      );
      await clickToolbarButton(firefox, tab);
      const bookmark = await poll(`the bookmark of ${url}`, async () =>
        (await readClips(panel)).find((c) => c.url === url),
      );
      expect(bookmark.kind).toBe('bookmark');
      expect(await panelStatus(why)).toContain('ブックマークとして保存しました');
      await closeSidebar(firefox);
      await tab.close();
    }
  });
});

describe('the reader view', () => {
  it('shows a clip with its images off: no request for the image until 画像を表示', async () => {
    const t0 = Date.now();
    const lap = (what: string) => process.env.KURABE_DEBUG && console.log(what, Date.now() - t0);
    await panel.bringToFront();
    lap('front');
    const clip = (await readClips(panel)).find((c) => c.normalizedUrl === `${origin}${IMAGES}`)!;
    expect(clip.html).toContain('/img/car.png');
    const from = server.requests.length;
    // Not `panel.reload()`: over BiDi its promise waits out its 30 s timeout on this page.
    await reloadExtensionPage(panel);
    // Clicked after evaluate returns: the reader's render would hold the evaluation (30 s) here.
    await panel.evaluate((title) => {
      const card = [...document.querySelectorAll('.clip-card')].find((c) => c.textContent?.includes(title))!;
      setTimeout(() => (card.querySelector('.clip-open') as HTMLElement).click());
    }, '写真で見る営業車');
    lap('clicked');
    await panel.waitForSelector('.reader-body');
    lap('reader');
    expect(await panel.evaluate(() => document.querySelectorAll('.reader-body img').length)).toBe(0);
    expect(await textOf(panel, '.image-placeholder')).toContain('白い営業車');
    await new Promise((r) => setTimeout(r, 500));
    expect(server.requests.slice(from).filter((r) => r.startsWith('/img/'))).toEqual([]);

    await panel.evaluate(() => (document.querySelector('.show-images') as HTMLElement).click());
    lap('show');
    await poll('the image request', async () => server.requests.slice(from).includes('/img/car.png'));
    lap('requested');
    const img = await panel.evaluate(() => {
      const i = document.querySelector('.reader-body img') as HTMLImageElement;
      return { src: i.src, referrerPolicy: i.referrerPolicy };
    });
    expect(img.src).toBe(`${origin}/img/car.png`);
    expect(img.referrerPolicy).toBe('no-referrer');
  });
});

describe('a page whose hidden parts would call home', () => {
  it('loads its shown parts, and after the click, until the clip is stored, nothing is requested', async () => {
    const url = `${origin}/deferred/rules/`;
    const tab = await openTab(firefox, url);
    await new Promise((r) => setTimeout(r, 1000));
    const from = { self: server.requests.length, other: other.requests.length };
    const clickedAt = Date.now();
    await clickToolbarButton(firefox, tab);
    const clip = await poll(
      'the clip of the deferred page',
      async () => (await readClips(panel)).find((c) => c.url === url && c.clippedAt >= clickedAt),
      20_000,
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect([
      ...server.requests.slice(from.self).map((r) => `self ${r}`),
      ...other.requests.slice(from.other).map((r) => `other ${r}`),
    ]).toEqual([]);
    expect(clip.kind).toBe('article');
    expect(clip.text).toContain(FOLDED_TEXT);
    expect(clip.text).toContain(PARAGRAPHS[7]);
    await closeSidebar(firefox);
    await tab.close();
  });
});

describe('a hostile page', () => {
  it('is clipped, shown and its links followed without a single request; nothing active is stored or runs', async () => {
    const url = `${origin}/hostile`;
    const tab = await openTab(firefox, url);
    await new Promise((r) => setTimeout(r, 300));
    const from = server.requests.length;
    const clickedAt = Date.now();
    await clickToolbarButton(firefox, tab);
    const clip = await poll(
      'the clip of the hostile page',
      async () => (await readClips(panel)).find((c) => c.url === url && c.clippedAt >= clickedAt),
      20_000,
    );
    await closeSidebar(firefox);
    await tab.close();

    await reloadExtensionPage(panel);
    // Clicked after evaluate returns (see the reader view's test).
    await panel.evaluate((title) => {
      const card = [...document.querySelectorAll('.clip-card')].find((c) => c.textContent?.includes(title))!;
      setTimeout(() => (card.querySelector('.clip-open') as HTMLElement).click());
    }, clip.title);
    await panel.waitForSelector('.reader-body');
    expect(await textOf(panel, '.reader-body')).toContain('a good team needs both kinds of people');
    expect(await panel.evaluate(() => document.querySelectorAll('.reader-body img').length)).toBe(0);
    const links = await panel.$$('.reader-body a');
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      await link.evaluate((a) => a.scrollIntoView({ block: 'center' }));
      await link.click();
    }
    await new Promise((r) => setTimeout(r, 500));

    expect(server.requests.slice(from)).toEqual([]);
    expect((await firefox.browser.pages()).map((p) => p.url())).not.toContain(
      expect.stringContaining('/beacon/'),
    );
    expect(
      await panel.evaluate(() => (window as { __kurabeHacked?: unknown }).__kurabeHacked),
    ).toBeUndefined();
    const findings = await panel.evaluate((html) => {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      const found: string[] = [];
      for (const el of doc.body.querySelectorAll('*')) {
        if (/^(SCRIPT|STYLE|IFRAME|OBJECT|EMBED|FORM|SVG|MATH|LINK|META|BASE|VIDEO|AUDIO)$/i.test(el.tagName))
          found.push(el.tagName);
        for (const attr of el.attributes) {
          if (/^on/i.test(attr.name) || attr.name === 'style') found.push(`${el.tagName}[${attr.name}]`);
          if (/^\s*(javascript|vbscript|data:text)/i.test(attr.value))
            found.push(`${el.tagName}[${attr.name}=${attr.value}]`);
        }
      }
      return found;
    }, clip.html);
    expect(findings).toEqual([]);
    expect(markdownOf(clip.html)).not.toMatch(/javascript:|vbscript:/i);
    await panel.evaluate(() => (document.querySelector('.reader-nav .link-button') as HTMLElement).click());
  });
});

describe('the keyboard shortcut', () => {
  // Keyboard commands do not reach an extension under WebDriver BiDi: what is tested is what the
  // panel says about the shortcut and where its 変更 leads.
  it('shows the key Firefox has for clipping; 変更 opens about:addons → Manage Extension Shortcuts', async () => {
    await panel.bringToFront();
    expect(await textOf(panel, '.shortcut')).toContain('ショートカット: Alt+Shift+K');
    const change = await panel.waitForSelector('.shortcut .link-button');
    expect(await change!.evaluate((b) => [b.textContent, b.getAttribute('title')])).toEqual([
      '変更',
      expect.stringContaining('about:addons'),
    ]);
    await change!.click();
    // about:addons runs in the browser's own process: its view is read from the browser window.
    const shown = await poll('the shortcut page', () =>
      firefox.chrome<false | { view: string; kurabe: boolean }>(`(() => {
        if (gBrowser.currentURI.spec !== 'about:addons') return 'false';
        const win = gBrowser.selectedBrowser.contentWindow;
        const view = win.gViewController?.currentViewId ?? '';
        const list = win.document.querySelector('addon-shortcuts');
        if (!list || !/Kurabe/.test(list.textContent)) return 'false';
        return JSON.stringify({ view, kurabe: true });
      })()`),
    );
    // Firefox opens the shortcut page at Kurabe's own entry.
    expect(shown).toEqual({ view: `addons://shortcuts/${encodeURIComponent(GECKO_ID)}`, kurabe: true });
    await firefox.chrome(`(() => { gBrowser.removeTab(gBrowser.selectedTab); return 'true'; })()`);
  });
});
