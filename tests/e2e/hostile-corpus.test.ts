/**
 * The hostile-page corpus (tests/fixtures/hostile-vectors/vectors.ts: classes of OWASP's XSS
 * filter evasion cheat sheet and of DOMPurify's test suite, plus Kurabe's own) in real Chromium,
 * through the whole extension: each page is clipped with the toolbar button, opened in the
 * reader view (every link in it clicked), filed on a board with the suggestion chip, and the
 * board exported as Markdown.
 *
 * Pages: one long article with every vector that can share a page (`allVectorsPage`), plus a page
 * of its own for each `isolate` vector and for each vector that lives in the page's <head>
 * (`allVectorsPage` leaves head markup out). Every page is served with
 * `content-security-policy: default-src 'none'`, so the page itself can neither run nor load
 * anything: after its own navigation, any request to the test server, and any
 * `window.__kurabeHacked` flag, is Kurabe's doing. The render-deferred vectors share one page
 * whose CSP lets its styles and same-origin loads through (still no script): their URLs lie in
 * parts the browser leaves unrendered, which load nothing until something renders them. The only requests allowed afterwards are the
 * ones the test makes by clicking a link in the reader (a link opens a new tab, no referrer);
 * none of them may go to `/beacon/` or `/pixel/` (images stay held back: the test never asks to
 * show them).
 */
import type { IncomingMessage, Server } from 'node:http';
import { Marked } from 'marked';
import markedFootnote from 'marked-footnote';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyBetween } from '../../utils/order-key';
import {
  allVectorsPage,
  articleMarker,
  BEACON_PREFIX,
  HACK_FLAG,
  HOSTILE_VECTORS,
  type HostileVector,
  hostileVectorPage,
  inspectHtml,
  inspectMarkdownText,
  LINK_PREFIX,
  langOf,
  PIXEL_PREFIX,
  vectorPath,
} from '../helpers/hostile-vectors';
import {
  type Browser,
  clickToolbarButton,
  launchWithExtension,
  markdownOf,
  openPanelInTab,
  PageServer,
  readClips,
  readStore,
  type StoredClip,
} from './harness';

const BOARD = {
  title: '攻撃ベクタ vs 対策',
  // Named after what the pages are about (their prose is about sales teams, in English or
  // Japanese), so that the Inbox suggests this board for the first clip already.
  subjects: ['ルート営業 Route sales', '新規開拓 New business'],
  aspects: ['攻撃ベクタ', '対策', 'チーム Team'],
};
const CSP = { 'content-security-policy': "default-src 'none'" };
/**
 * For the render-deferred vectors: the page's styles apply and may load from its own origin
 * (what it shows loads as it would anywhere), scripts still run nowhere. Their URLs lie in parts
 * the browser leaves unrendered, so the page loads none of them by itself.
 */
const STYLED_CSP = {
  'content-security-policy':
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self'; font-src 'self'; frame-src 'self'",
};
const ALL_PATH = '/vector/all';
const STYLED_PATH = '/vector/styled';

interface CorpusPage {
  name: string;
  path: string;
  /** The vectors this page exercises. */
  vectors: HostileVector[];
  /** The reader must show the article's last paragraph (not for pages that swallow the rest). */
  marker?: string;
}

const shared = HOSTILE_VECTORS.filter((v) => !v.isolate && !v.head && !v.styled);
const ownPage = HOSTILE_VECTORS.filter((v) => v.isolate || v.head);
const styled = HOSTILE_VECTORS.filter((v) => v.styled);
const PAGES: CorpusPage[] = [
  {
    name: `all ${shared.length} shareable vectors`,
    path: ALL_PATH,
    vectors: shared,
    marker: articleMarker('en'),
  },
  {
    name: `all ${styled.length} render-deferred vectors, the page's styles applied`,
    path: STYLED_PATH,
    vectors: styled,
    marker: articleMarker('en'),
  },
  ...ownPage.map((v) => ({
    name: `${v.id} (${v.class}${v.isolate ? `, ${v.isolate}` : ', in <head>'})`,
    path: vectorPath(v),
    vectors: [v],
    marker: v.isolate === 'swallows-rest' ? undefined : articleMarker(langOf(v)),
  })),
];

/**
 * `inspectHtml` as source, to run in an extension page (it needs a DOMParser). The test
 * transform may wrap functions in a `__name` helper that exists only in Node: a stand-in is given.
 */
const INSPECT_SOURCE = `(${inspectHtml.toString()})`;
function inspectIn(page: Page, htmlExpression: string, mode: 'stored' | 'rendered'): Promise<string[]> {
  return page.evaluate(
    `(() => { const __name = (f) => f; return ${INSPECT_SOURCE}(${htmlExpression}, ${JSON.stringify(origin)}, ${JSON.stringify(mode)}); })()`,
  ) as Promise<string[]>;
}

/**
 * What a Markdown parser makes of `markdown`: every link and image destination and every raw HTML
 * piece (CommonMark and GFM, as marked reads it); flags script-ish destinations (raster data:
 * images aside, as `inspectHtml` allows them) and raw scripts or handlers.
 */
function markdownDestinations(markdown: string): string[] {
  const found: string[] = [];
  // marked visits every token (tables, lists, footnotes included); the footnote extension needs
  // a whole parse (its hooks), not the lexer alone.
  new Marked({ gfm: true })
    .use(markedFootnote(), {
      walkTokens(token) {
        if (token.type === 'link' || token.type === 'image') {
          const bare = String(token.href)
            .replace(/[\p{Cc}\s]/gu, '')
            .toLowerCase();
          const raster = token.type === 'image' && /^data:image\/(png|gif|jpe?g|webp|avif);/.test(bare);
          if (/^(javascript|vbscript|livescript|mocha|data):/.test(bare) && !raster)
            found.push(`markdown ${token.type} to ${token.href}`);
        }
        if (token.type === 'html' && /<\s*script|\son\w+\s*=/i.test(token.raw))
          found.push(`markdown raw html: ${token.raw.slice(0, 120)}`);
      },
    })
    .parse(markdown, { async: false });
  return found;
}

/** A typical Markdown viewer (not Kurabe's renderer, unsanitized): what the export becomes elsewhere. */
const viewer = new Marked({ gfm: true }).use(markedFootnote());

// --- the request log -------------------------------------------------------------------------

/** Who is expected to cause the requests the server receives right now. */
type Phase = 'setup' | 'navigation' | 'kurabe' | 'clicks';
interface Logged {
  url: string;
  phase: Phase;
  page: string;
  dest: string;
  site: string;
  referer: string;
}

let phase: Phase = 'setup';
let currentPage = '';
const log: Logged[] = [];

function logRequests(pageServer: PageServer): void {
  // PageServer keeps only URLs (server.requests, checked at the end too); the headers say what
  // kind of load a stray request was (image, style, document…) and whether it carried a referrer.
  (pageServer as unknown as { server: Server }).server.prependListener('request', (req: IncomingMessage) => {
    log.push({
      url: req.url ?? '',
      phase,
      page: currentPage,
      dest: String(req.headers['sec-fetch-dest'] ?? ''),
      site: String(req.headers['sec-fetch-site'] ?? ''),
      referer: String(req.headers.referer ?? ''),
    });
  });
}

const idOf = (url: string) => url.match(/^\/(?:beacon|pixel|link)\/([a-z0-9-]+)/)?.[1] ?? '';
const describeRequest = (r: Logged) =>
  `${r.url} [${r.phase}${r.dest ? `, ${r.dest}` : ''}${r.referer ? `, referer ${r.referer}` : ''}]`;

/** Waits until the server has had no request for `ms` (pages and tabs have settled). */
async function quiet(ms = 300, timeout = 5_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let seen = log.length;
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    if (log.length !== seen) {
      seen = log.length;
      since = Date.now();
    } else if (Date.now() - since >= ms) return;
  }
}

async function poll<T>(what: string, fn: () => Promise<T | undefined>, timeout = 20_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The promise's value, or undefined when it fails or takes longer than `ms`. */
function within<T>(ms: number, promise: Promise<T>): Promise<T | undefined> {
  return Promise.race([
    promise.catch(() => undefined),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms)),
  ]);
}

const NO_ANSWER = Symbol('no answer');
/** The promise's value; NO_ANSWER when it takes longer than `ms` (a rejection is thrown). */
function answer<T>(ms: number, promise: Promise<T>): Promise<T | typeof NO_ANSWER> {
  return Promise.race([
    promise,
    new Promise<typeof NO_ANSWER>((resolve) => setTimeout(() => resolve(NO_ANSWER), ms)),
  ]);
}

// --- flags in every world ------------------------------------------------------------------------

const FLAG_EXPRESSION = `globalThis.${HACK_FLAG}`;

/** The flag in every JavaScript world of a tab: the page's, Kurabe's extraction script's, Playwright's. */
async function flagsInTab(tab: Page): Promise<{ worlds: string[]; hacked: string[]; busy: boolean }> {
  const cdp = await within(5_000, browser.context.newCDPSession(tab));
  if (!cdp) return { worlds: [], hacked: [], busy: true };
  const contexts: { id: number; name: string; origin: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
  try {
    // Runtime.enable reports the contexts that exist before answering. A renderer busy in a
    // script answers nothing: say so rather than wait forever.
    if (!(await within(5_000, cdp.send('Runtime.enable')))) return { worlds: [], hacked: [], busy: true };
    const hacked: string[] = [];
    for (const c of contexts) {
      const r = await answer(
        5_000,
        cdp
          .send('Runtime.evaluate', { expression: FLAG_EXPRESSION, contextId: c.id, returnByValue: true })
          .catch(() => undefined), // a context that went away meanwhile
      );
      if (r === NO_ANSWER) return { worlds: [], hacked, busy: true };
      if (r?.result.value !== undefined)
        hacked.push(`${tab.url()} [${c.auxData?.type ?? ''} ${c.name}]: ${JSON.stringify(r.result.value)}`);
    }
    return {
      worlds: contexts.map((c) => `${c.auxData?.type ?? '?'}:${c.name || c.origin}`),
      hacked,
      busy: false,
    };
  } finally {
    await within(2_000, cdp.detach());
  }
}

/**
 * The flag in every target of the extension that the DevTools protocol lists: the side panel(s)
 * Chrome opened on the toolbar clicks (Playwright does not attach to them), tabs of its pages,
 * the service worker.
 */
async function flagsInExtensionTargets(): Promise<{ targets: string[]; hacked: string[] }> {
  const cdp = await browser.context.browser()!.newBrowserCDPSession();
  let nextId = 1;
  const pending = new Map<string, (msg: { result?: { result: { value?: unknown } } }) => void>();
  cdp.on(
    'Target.receivedMessageFromTarget' as never,
    ((event: { sessionId: string; message: string }) => {
      const msg = JSON.parse(event.message) as { id?: number; result?: { result: { value?: unknown } } };
      if (msg.id !== undefined) pending.get(`${event.sessionId}:${msg.id}`)?.(msg);
    }) as never,
  );
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { targetId: string; type: string; url: string }[];
    };
    const mine = targetInfos.filter((t) => t.url.startsWith(`chrome-extension://${browser.extensionId}/`));
    const hacked: string[] = [];
    for (const target of mine) {
      const attached = await answer(
        5_000,
        cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false }),
      );
      if (attached === NO_ANSWER) {
        hacked.push(`${target.type} ${target.url}: did not answer`);
        continue;
      }
      const { sessionId } = attached as { sessionId: string };
      const id = nextId++;
      const reply = new Promise<{ result?: { result: { value?: unknown } } }>((resolve) => {
        pending.set(`${sessionId}:${id}`, resolve);
        setTimeout(() => resolve({}), 5_000);
      });
      await cdp.send(
        'Target.sendMessageToTarget' as never,
        {
          sessionId,
          message: JSON.stringify({
            id,
            method: 'Runtime.evaluate',
            params: { expression: FLAG_EXPRESSION, returnByValue: true },
          }),
        } as never,
      );
      const msg = await reply;
      if (!msg.result) hacked.push(`${target.type} ${target.url}: did not answer`);
      else if (msg.result.result.value !== undefined)
        hacked.push(`${target.type} ${target.url}: ${JSON.stringify(msg.result.result.value)}`);
      await cdp.send('Target.detachFromTarget', { sessionId } as never).catch(() => {});
    }
    return {
      targets: mine.map((t) => `${t.type} ${t.url.replace(/^chrome-extension:\/\/[a-z]+/, '')}`),
      hacked,
    };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

// --- the run -------------------------------------------------------------------------------------

let server: PageServer;
let origin: string;
let browser: Browser;
let panel: Page;
let boardId: string;
const vectorTabs: Page[] = [];
interface Outcome {
  page: CorpusPage;
  clipId: string;
  kind: string;
  links: number;
  clickRequests: number;
  filedBy: 'suggestion' | 'database';
  ms: number;
  exportChars: number;
  steps: string;
}
const outcomes = new Map<string, Outcome>();
const started = Date.now();
let lastExport = '';
const exportTextNotes = new Set<string>();
let targetsChecked: string[] = [];

beforeAll(async () => {
  server = new PageServer();
  origin = await server.start();
  logRequests(server);
  server.route(ALL_PATH, { body: allVectorsPage(origin), headers: CSP });
  server.route(STYLED_PATH, { body: allVectorsPage(origin, { vectors: styled }), headers: STYLED_CSP });
  for (const v of ownPage) server.route(vectorPath(v), { body: hostileVectorPage(v, origin), headers: CSP });

  browser = await launchWithExtension({ lang: 'ja' });
  panel = await openPanelInTab(browser);

  // One board, made in the panel as a person makes it.
  await panel.click('.tab-boards');
  await panel.click('.new-board');
  await panel.fill('.board-form input[name="title"]', BOARD.title);
  await panel.fill('.board-form textarea[name="subjects"]', BOARD.subjects.join('\n'));
  await panel.fill('.board-form textarea[name="aspects"]', BOARD.aspects.join('\n'));
  await panel.click('.board-form .primary-button');
  await panel.locator('#board-title').waitFor(); // the new board opens
  const [board] = await readStore<{ id: string; title: string }>(panel, 'boards');
  expect(board?.title).toBe(BOARD.title);
  boardId = board!.id;
});

afterAll(async () => {
  // A summary for whoever reads the run, whatever failed.
  const covered = [...outcomes.values()].flatMap((o) => o.page.vectors);
  const count = <K>(key: (v: HostileVector) => K) => {
    const map = new Map<K, number>();
    for (const v of covered) map.set(key(v), (map.get(key(v)) ?? 0) + 1);
    return [...map].map(([k, n]) => `${k} ${n}`).join(', ');
  };
  const clickLoads = log.filter((r) => r.phase === 'clicks');
  const others = [...new Set(clickLoads.filter((r) => !r.url.startsWith(LINK_PREFIX)).map((r) => r.url))];
  console.log(
    [
      `hostile corpus in Chromium: ${covered.length} of ${HOSTILE_VECTORS.length} vectors through clip, reader, board and export on ${outcomes.size} of ${PAGES.length} pages, ${Math.round((Date.now() - started) / 1000)} s`,
      `  by source: ${count((v) => v.source)}`,
      `  by class: ${count((v) => v.class)}`,
      `  extension targets checked for the flag: ${targetsChecked.join(', ')}`,
      `  requests caused by clicking reader links: ${clickLoads.length}, ${clickLoads.filter((r) => r.url.startsWith(LINK_PREFIX)).length} to ${LINK_PREFIX}; others: ${others.join(' ')}`,
      `  text the Markdown heuristic flags in the export (escaped text, no destination): ${exportTextNotes.size}`,
      ...[...exportTextNotes].map((n) => `    ${n}`),
      ...[...outcomes.values()].map(
        (o) =>
          `  ${o.page.path}: ${o.kind}, ${o.links} links clicked → ${o.clickRequests} requests, filed by ${o.filedBy}, export ${o.exportChars} chars, ${o.ms} ms (${o.steps})`,
      ),
    ].join('\n'),
  );
  await browser?.close();
  await server?.stop();
});

describe.sequential('the hostile corpus, clipped, read, filed and exported in real Chromium', () => {
  it.each(PAGES)('$name', async (corpusPage) => {
    const t0 = Date.now();
    const pageUrl = `${origin}${corpusPage.path}`;
    currentPage = corpusPage.path;
    const findings: string[] = [];
    const steps: string[] = [];
    let last = t0;
    const step = (name: string) => {
      steps.push(`${name} ${Date.now() - last}`);
      last = Date.now();
    };

    // 1. The test opens the page; once it has settled, every request is someone else's.
    phase = 'navigation';
    const tab = await browser.context.newPage();
    vectorTabs.push(tab);
    await tab.goto(pageUrl);
    await tab.waitForLoadState('load');
    await quiet(300);
    const navigation = log.filter((r) => r.page === corpusPage.path && r.phase === 'navigation');
    expect(
      navigation.filter((r) => r.url !== corpusPage.path && r.url !== '/favicon.ico').map(describeRequest),
      'the page itself loaded something (its CSP should forbid it)',
    ).toEqual([]);
    step('opened');
    phase = 'kurabe';
    const watchFrom = log.length;

    // 2. Clip it with the toolbar button.
    const known = new Set((await readStore<{ id: string }>(panel, 'clips')).map((c) => c.id));
    const clickedAt = Date.now();
    await clickToolbarButton(browser, tab);
    const clip = await poll(
      `the clip of ${corpusPage.path}`,
      async () => {
        const clips = await readStore<StoredClip & { originalUrl?: string }>(panel, 'clips');
        const found = clips.find(
          (c) =>
            (!known.has(c.id) || c.url === pageUrl || c.originalUrl === pageUrl) && c.clippedAt >= clickedAt,
        );
        if (found) return found;
        const status = await panel
          .locator('[data-status="failed"]')
          .textContent({ timeout: 50 })
          .catch(() => null);
        if (status) throw new Error(`clipping ${corpusPage.path} failed: ${status}`);
        return undefined;
      },
      15_000,
    ).catch(async (error: Error) => {
      // A clip that never comes: is Kurabe's extraction script still running in the tab?
      const answers = await within(3_000, tab.evaluate('1'));
      if (answers !== undefined) throw error;
      // Close the spinning tab, or it takes a core from the rest of the run.
      await within(5_000, tab.close());
      vectorTabs.splice(vectorTabs.indexOf(tab), 1);
      throw new Error(
        `${error.message}: the tab does not answer, its renderer is busy (Kurabe's extraction script never returned: the page hangs it)`,
      );
    });
    expect(clip.url, 'the clip keeps the page URL').toBe(pageUrl);
    step('clipped');
    const tabWorlds = await flagsInTab(tab);
    findings.push(...tabWorlds.hacked.map((h) => `vector tab: ${h}`));
    if (tabWorlds.busy) findings.push('vector tab: does not answer (its renderer is busy)');

    const [stored] = (await readClips(panel)).filter((c) => c.id === clip.id);
    findings.push(
      ...(await inspectIn(panel, JSON.stringify(stored!.html), 'stored')).map((f) => `stored: ${f}`),
    );
    const clipMarkdown = markdownOf(stored!.html);
    findings.push(...inspectMarkdownText(clipMarkdown).map((f) => `clip ${f}`));
    if (/<script/i.test(clipMarkdown)) findings.push('clip markdown: <script');
    const clipMarkdownHtml = viewer.parse(clipMarkdown, { async: false });
    findings.push(
      ...(await inspectIn(panel, JSON.stringify(clipMarkdownHtml), 'rendered')).map(
        (f) => `clip markdown in a viewer: ${f}`,
      ),
    );

    step('inspected');
    // 3. Open it in the reader.
    await panel.bringToFront();
    const card = panel.locator(`.clip-card[data-clip-id="${clip.id}"]`);
    await card.waitFor();
    await card.locator('.clip-open').click();
    const body = panel.locator('article.reader .reader-body');
    await body.waitFor();
    if (stored!.html)
      await poll('the reader body', async () => ((await body.innerHTML()).length > 0 ? true : undefined));
    // Not a safety matter, checked after the findings: the article itself made it to the reader.
    const articleShown = !corpusPage.marker || (await body.textContent())!.includes(corpusPage.marker);
    findings.push(
      ...(
        await inspectIn(panel, `document.querySelector('article.reader .reader-body').innerHTML`, 'rendered')
      ).map((f) => `reader: ${f}`),
    );
    expect(await body.locator('img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src')))).toEqual(
      expect.not.arrayContaining([expect.stringMatching(/^https?:/)]),
    );

    step('reader');
    // Click every link of the article, as a reader would: each opens a new tab.
    const links = body.locator('a[href]');
    const hrefs = await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    const clicked = new Set<string>();
    phase = 'clicks';
    const clicksFrom = log.length;
    for (let i = 0; i < hrefs.length; i++) {
      const href = hrefs[i]!;
      try {
        await links.nth(i).click({ force: true, timeout: 3_000 });
      } catch {
        // No box to click (an empty or hidden link): the click event a keyboard user would send.
        await links.nth(i).dispatchEvent('click');
      }
      try {
        const url = new URL(href);
        if (url.origin === origin) clicked.add(url.pathname + url.search);
      } catch {
        findings.push(`reader link that is no URL: ${href}`);
      }
    }
    // Wait until the tabs the clicks opened reached the server (or give up after a while).
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const arrived = new Set(log.slice(clicksFrom).map((r) => r.url));
      if ([...clicked].every((u) => arrived.has(u))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await quiet(300);
    phase = 'kurabe';
    const clickRequests = log.slice(clicksFrom, log.length);
    for (const r of clickRequests) {
      if (r.url.startsWith(BEACON_PREFIX) || r.url.startsWith(PIXEL_PREFIX))
        findings.push(`a click loaded ${describeRequest(r)} (${idOf(r.url)})`);
      else if (!clicked.has(r.url) && r.url !== '/favicon.ico')
        findings.push(`a request no clicked link asked for: ${describeRequest(r)}`);
      // The reader's links are `noreferrer` (a favicon request of the opened page names that page).
      if (clicked.has(r.url) && r.referer) findings.push(`a link sent a referrer: ${describeRequest(r)}`);
    }
    // The tabs the links opened: nothing ran there either; then they go.
    for (const p of browser.context.pages().filter((p) => p !== panel && !vectorTabs.includes(p))) {
      {
        const flag = await within(5_000, p.evaluate(FLAG_EXPRESSION));
        if (flag !== undefined) findings.push(`tab opened by a link (${p.url()}): ${JSON.stringify(flag)}`);
        await p.close().catch(() => {});
      }
    }
    step('clicks');
    const panelFlag = await panel.evaluate(FLAG_EXPRESSION);
    if (panelFlag !== undefined) findings.push(`panel after the reader: ${JSON.stringify(panelFlag)}`);

    // 4. Back to the Inbox, and file the clip on the board with the suggestion chip.
    await panel.bringToFront();
    await panel.locator('article.reader .reader-nav .link-button').click();
    const accept = panel.locator(`.clip-card[data-clip-id="${clip.id}"] .accept-suggestion`);
    let filedBy: Outcome['filedBy'] = 'suggestion';
    const suggested = await accept
      .waitFor({ timeout: 10_000 })
      .then(() => true)
      .catch(() => false);
    if (suggested) {
      expect(
        await panel.locator(`.clip-card[data-clip-id="${clip.id}"] .suggestion`).textContent(),
      ).toContain(BOARD.title);
      await accept.click();
    } else {
      // The Inbox card offers no other filing control than the suggestion (components/ClipCard.tsx):
      // without one, the placement is written as utils/db.ts placeClip writes it (shape `Placement`).
      filedBy = 'database';
      const placements = await readStore<{ boardId: string; order: string }>(panel, 'placements');
      const last = placements
        .filter((p) => p.boardId === boardId)
        .reduce<string | null>((max, p) => (max === null || p.order > max ? p.order : max), null);
      const placement = {
        id: crypto.randomUUID(),
        boardId,
        clipId: clip.id,
        order: keyBetween(last, null),
        note: '',
      };
      await panel.evaluate(
        (p) =>
          new Promise<void>((resolve, reject) => {
            const open = indexedDB.open('kurabe');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const tx = open.result.transaction('placements', 'readwrite');
              tx.objectStore('placements').put(p);
              tx.oncomplete = () => {
                open.result.close();
                resolve();
              };
              tx.onerror = () => reject(tx.error);
            };
          }),
        placement,
      );
    }
    step('filing');
    await poll('the placement', async () =>
      (await readStore<{ clipId: string; boardId: string }>(panel, 'placements')).some(
        (p) => p.clipId === clip.id && p.boardId === boardId,
      )
        ? true
        : undefined,
    );

    // 5. Open the board and export it.
    await panel.click('.tab-boards');
    await panel.locator(`.board-card[data-board-id="${boardId}"] .clip-open`).click();
    await panel.click('.show-export');
    const preview = panel.locator('.export-preview');
    await preview.waitFor();
    const path = new URL(clip.url).pathname;
    const markdown = await poll('the export with the new clip', async () => {
      const md = await panel.locator('.export-markdown').inputValue();
      return md.includes(path) ? md : undefined;
    });
    step('export');
    lastExport = markdown;
    expect(markdown.startsWith(`# ${BOARD.title}`)).toBe(true);
    findings.push(...markdownDestinations(markdown).map((f) => `export ${f}`));
    if (/<script/i.test(markdown)) findings.push('export markdown: <script');
    // The outline writes page titles and bylines as escaped text (`Route sales\](javascript:…`):
    // the text heuristic flags those words, which are no destination (checked just above, and by
    // the viewer below). Kept in the summary, not failed on.
    for (const hit of inspectMarkdownText(markdown)) exportTextNotes.add(hit);
    findings.push(
      ...(await inspectIn(panel, `document.querySelector('.export-preview').innerHTML`, 'rendered')).map(
        (f) => `export preview: ${f}`,
      ),
    );
    findings.push(
      ...(await inspectIn(panel, JSON.stringify(viewer.parse(markdown, { async: false })), 'rendered')).map(
        (f) => `export in a viewer: ${f}`,
      ),
    );
    const flagAfterExport = await panel.evaluate(FLAG_EXPRESSION);
    if (flagAfterExport !== undefined)
      findings.push(`panel after the export: ${JSON.stringify(flagAfterExport)}`);

    step('checks');
    // 6. Nothing reached the server on Kurabe's account, and no vector ran in the tab.
    await quiet(200);
    const stray = log
      .slice(watchFrom)
      .filter((r) => r.phase !== 'clicks')
      .map((r) => `Kurabe requested ${describeRequest(r)}${idOf(r.url) ? ` (${idOf(r.url)})` : ''}`);
    findings.push(...stray);
    const tabAfter = await flagsInTab(tab);
    findings.push(...tabAfter.hacked.map((h) => `vector tab, after all: ${h}`));
    if (tabAfter.busy) findings.push('vector tab, after all: does not answer (its renderer is busy)');

    outcomes.set(corpusPage.path, {
      page: corpusPage,
      clipId: clip.id,
      kind: clip.kind,
      links: hrefs.length,
      clickRequests: clickRequests.length,
      filedBy,
      ms: Date.now() - t0,
      exportChars: markdown.length,
      steps: steps.join(', '),
    });
    expect(findings, `${corpusPage.path}: ${tabWorlds.worlds.join(', ')}`).toEqual([]);
    expect(clip.kind).toBe('article');
    expect(articleShown, `the reader shows "${corpusPage.marker}"`).toBe(true);
  });

  it('made no request to the test server and ran nothing, anywhere, over the whole run', async () => {
    // The flag, in every page and worker of the extension and in every vector tab's worlds.
    const hacked: string[] = [];
    const busy: string[] = [];
    const check = async (where: string, value: Promise<unknown>) => {
      const v = await answer(10_000, value);
      if (v === NO_ANSWER) busy.push(where);
      else if (v !== undefined) hacked.push(`${where}: ${JSON.stringify(v)}`);
    };
    for (const tab of vectorTabs) {
      const flags = await flagsInTab(tab);
      hacked.push(...flags.hacked);
      if (flags.busy) busy.push(tab.url());
    }
    for (const p of browser.context.pages()) {
      if (!p.url().startsWith('chrome-extension://')) continue;
      await check(p.url(), p.evaluate(FLAG_EXPRESSION));
      for (const w of p.workers()) await check(`worker ${w.url()}`, w.evaluate(FLAG_EXPRESSION));
    }
    await check('service worker', browser.context.serviceWorkers()[0]!.evaluate(FLAG_EXPRESSION));
    const targets = await flagsInExtensionTargets();
    targetsChecked = targets.targets;
    hacked.push(...targets.hacked);

    const beacons = server.requests.filter((url) => url.includes(BEACON_PREFIX));
    expect(beacons, `beacons of: ${[...new Set(beacons.map(idOf))].join(', ')}`).toEqual([]);
    expect(server.requests.filter((url) => url.startsWith(PIXEL_PREFIX))).toEqual([]);
    // Every request after the test's own navigations came from a click on a reader link.
    expect(log.filter((r) => r.phase === 'kurabe').map(describeRequest)).toEqual([]);
    expect(hacked).toEqual([]);
    expect(busy, 'pages or workers that did not answer').toEqual([]);
    expect(targets.targets.some((t) => t.startsWith('page /sidepanel.html'))).toBe(true);
    expect(targets.targets.some((t) => t.startsWith('service_worker'))).toBe(true);

    // Every stored clip: its Markdown has no raw script; the export has no script destination.
    const clips = await readClips(panel);
    expect(clips.filter((c) => /<script/i.test(markdownOf(c.html))).map((c) => c.url)).toEqual([]);
    expect(markdownDestinations(lastExport)).toEqual([]);
    // As tests/unit/outline-hostile.test.ts puts it: no unescaped `](javascript:`.
    expect(lastExport).not.toMatch(/(?<!\\)\](?!\\)\(\s*<?\s*(javascript|vbscript|data):/i);

    // Coverage: every page, so every vector, went the whole way.
    expect([...outcomes.keys()].sort()).toEqual(PAGES.map((p) => p.path).sort());
    const covered = [...outcomes.values()].flatMap((o) => o.page.vectors);
    expect(covered.length).toBeGreaterThanOrEqual(100);
    expect(new Set(covered.map((v) => v.id)).size).toBe(HOSTILE_VECTORS.length);
  });
});
