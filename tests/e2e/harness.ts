import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { type BrowserContext, type CDPSession, chromium, type Page } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { articleMarkdown } from '../../utils/markdown';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const EXTENSION_DIR = path.join(ROOT, '.output/chrome-mv3');
/** Chromium to drive; a user with Chrome for Testing or Edge can point here. */
export const CHROMIUM = process.env.KURABE_CHROMIUM ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Route {
  body: string;
  type?: string;
  headers?: Record<string, string>;
}

/** A localhost server for test pages that remembers every request it receives. */
export class PageServer {
  readonly requests: string[] = [];
  private server: Server;
  private routes = new Map<string, Route>();

  constructor() {
    this.server = createServer((req: IncomingMessage, res) => {
      const url = req.url ?? '/';
      this.requests.push(url);
      const route = this.routes.get(url.split('?')[0] ?? url);
      if (!route) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res
        .writeHead(200, { 'content-type': route.type ?? 'text/html; charset=utf-8', ...route.headers })
        .end(route.body);
    });
  }

  route(pathname: string, route: Route): this {
    this.routes.set(pathname, route);
    return this;
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://localhost:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export function fixturePage(slug: string): string {
  return readFileSync(path.join(ROOT, 'tests/fixtures', slug, 'source.html'), 'utf8');
}

export interface Browser {
  context: BrowserContext;
  extensionId: string;
  close(): Promise<void>;
}

/** Launches Debian's Chromium headless with the built extension loaded, in a throwaway profile. */
export async function launchWithExtension({
  lang = 'ja',
  extensionDir = EXTENSION_DIR,
}: {
  lang?: string;
  /** Another build of the extension than .output/chrome-mv3. */
  extensionDir?: string;
} = {}): Promise<Browser> {
  const tmpRoot = path.join(ROOT, '.tmp');
  mkdirSync(tmpRoot, { recursive: true });
  const profile = mkdtempSync(path.join(tmpRoot, 'profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale: lang,
    env: { ...process.env, TMPDIR: tmpRoot },
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      `--lang=${lang}`,
      '--enable-unsafe-extension-debugging',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Clicks the extension's toolbar button for the tab showing `page`, as a person would. */
export async function clickToolbarButton(browser: Browser, page: Page): Promise<void> {
  // A person clicks the button of the tab in front; Chrome acts on the active tab.
  await page.bringToFront();
  const cdp = await browser.context.browser()!.newBrowserCDPSession();
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] } as never)) as {
      targetInfos: { targetId: string; url: string }[];
    };
    const tab = targetInfos.find((t) => t.url === page.url());
    if (!tab) throw new Error(`no tab target for ${page.url()}`);
    await cdp.send(
      'Extensions.triggerAction' as never,
      { id: browser.extensionId, targetId: tab.targetId } as never,
    );
  } finally {
    await cdp.detach();
  }
}

/**
 * The real side panel, reached through the DevTools protocol: Chrome shows it as a page target
 * that Playwright does not attach to, so messages go to it through a browser session.
 */
export class SidePanel {
  private nextId = 1;
  private pending = new Map<number, (msg: { result?: unknown; error?: { message: string } }) => void>();

  private constructor(
    private cdp: CDPSession,
    private sessionId: string,
    readonly url: string,
  ) {
    cdp.on(
      'Target.receivedMessageFromTarget' as never,
      ((event: { sessionId: string; message: string }) => {
        if (event.sessionId !== this.sessionId) return;
        const msg = JSON.parse(event.message) as {
          id?: number;
          result?: unknown;
          error?: { message: string };
        };
        if (msg.id !== undefined) this.pending.get(msg.id)?.(msg);
      }) as never,
    );
  }

  /** Waits for Chrome to open the extension's side panel and attaches to it. */
  static async waitFor(browser: Browser, timeout = 10_000): Promise<SidePanel> {
    const url = `chrome-extension://${browser.extensionId}/sidepanel.html`;
    const cdp = await browser.context.browser()!.newBrowserCDPSession();
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      const { targetInfos } = (await cdp.send('Target.getTargets')) as {
        targetInfos: { targetId: string; type: string; url: string }[];
      };
      const target = targetInfos.find((t) => t.url === url && t.type === 'page');
      if (target) {
        const { sessionId } = (await cdp.send('Target.attachToTarget', {
          targetId: target.targetId,
          flatten: false,
        })) as {
          sessionId: string;
        };
        return new SidePanel(cdp, sessionId, url);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await cdp.detach();
    throw new Error(`the side panel (${url}) did not open within ${timeout} ms`);
  }

  private send<T>(method: string, params: object): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, (msg) => {
        this.pending.delete(id);
        if (msg.error) reject(new Error(msg.error.message));
        else resolve(msg.result as T);
      });
      this.cdp
        .send(
          'Target.sendMessageToTarget' as never,
          { sessionId: this.sessionId, message: JSON.stringify({ id, method, params }) } as never,
        )
        .catch(reject);
    });
  }

  /** Evaluates an expression in the panel and returns its (JSON) value. */
  async evaluate<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = await this.send<{
      result: { value: T };
      exceptionDetails?: { text: string };
    }>('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (exceptionDetails) throw new Error(`side panel: ${exceptionDetails.text}`);
    return result.value;
  }

  /** Polls an expression until it returns a truthy value. */
  async waitForValue<T>(expression: string, timeout = 10_000): Promise<T> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = await this.evaluate<T>(expression);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`side panel: timed out waiting for ${expression}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async screenshot(file: string): Promise<void> {
    const { data } = await this.send<{ data: string }>('Page.captureScreenshot', { format: 'png' });
    writeFileSync(file, Buffer.from(data, 'base64'));
  }

  async close(): Promise<void> {
    await this.cdp.detach();
  }
}

/**
 * Grants a host permission the way a person does without Chrome's prompt: chrome://extensions
 * calls `developerPrivate.addHostPermission` when a site is added to an extension's site access.
 * The prompt `permissions.request` opens is browser UI that no DevTools target reaches (in
 * headless Chromium the request stays pending). After this call the origin is runtime-granted
 * but not active (`permissions.contains` says false); the extension's own `permissions.request`,
 * from the person's click, then answers true at once without a prompt and makes it active — so
 * the code under test still makes its real request from its real click. (As the sync e2e,
 * tests/e2e/sync-two-profiles.test.ts, does.)
 */
export async function grantHostPermissionFromExtensionsPage(
  browser: Browser,
  pattern: string,
): Promise<void> {
  const page = await browser.context.newPage();
  try {
    await page.goto(`chrome://extensions/?id=${browser.extensionId}`);
    await page.evaluate(
      ([id, host]) =>
        (
          globalThis as unknown as {
            chrome: { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } };
          }
        ).chrome.developerPrivate.addHostPermission(id as string, host as string),
      [browser.extensionId, pattern],
    );
  } finally {
    await page.close();
  }
}

/** Opens the side panel's page in a tab, where Playwright can drive it like any page. */
export async function openPanelInTab(browser: Browser): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/sidepanel.html`);
  await page.locator('[data-ready="true"]').waitFor();
  return page;
}

export interface StoredClip {
  id: string;
  normalizedUrl: string;
  url: string;
  title: string;
  html: string;
  text: string;
  kind: string;
  chars: number;
  createdAt: number;
  clippedAt: number;
}

/**
 * One of the extension's pages, as Playwright (Chromium) and Puppeteer (Firefox) both give it: a
 * page that runs a function with one argument.
 */
export type ExtensionPage = Page | PuppeteerPage;

/** `page.evaluate(fn, arg)`: the same call in both libraries, typed differently by each. */
function evaluateIn<R, A>(page: ExtensionPage, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
  const evaluate = page.evaluate.bind(page) as unknown as (f: typeof fn, a: A) => Promise<R>;
  return evaluate(fn, arg);
}

/** Reads one store of the extension's IndexedDB, from one of the extension's pages. */
export function readStore<T>(extensionPage: ExtensionPage, store: string): Promise<T[]> {
  return evaluateIn(
    extensionPage,
    (name: string) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('kurabe');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction(name).objectStore(name).getAll();
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result as T[]);
          };
          req.onerror = () => reject(req.error);
        };
      }),
    store,
  );
}

/**
 * Writes records straight into the extension's database, replacing what the store held (or, with
 * `keep`, beside it: the bench writes a large library in batches). Clips are written as version 9
 * stores them: a clip given with its `lead` (tests/helpers/library.ts, a test's own records) goes
 * into `clips` without it, and its lead into `leads`. As every write of Kurabe does
 * (utils/change-log.ts), it marks the records it writes in the sync's change log, in the same
 * transaction, so a sync sends them.
 */
export function writeStore(
  extensionPage: ExtensionPage,
  store: string,
  records: object[],
  { keep = false }: { keep?: boolean } = {},
): Promise<void> {
  return evaluateIn(
    extensionPage,
    ([name, items, kept]: readonly [string, object[], boolean]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('kurabe');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const docType = (
            {
              clips: 'clip',
              bodies: 'body',
              quotes: 'quote',
              boards: 'board',
              placements: 'placement',
            } as Record<string, string>
          )[name as string];
          const clips = name === 'clips';
          const marked = docType !== undefined && open.result.objectStoreNames.contains('syncChanges');
          const stores = [name as string, ...(clips ? ['leads'] : []), ...(marked ? ['syncChanges'] : [])];
          const tx = open.result.transaction(stores, 'readwrite');
          const target = tx.objectStore(name as string);
          const leads = clips ? tx.objectStore('leads') : undefined;
          const marks = marked ? tx.objectStore('syncChanges') : undefined;
          if (!kept) {
            target.clear();
            leads?.clear();
            marks?.put(Math.random(), '*');
          }
          for (const item of items as { id: string }[]) {
            marks?.put(Math.random(), `${docType}:${item.id}`);
            if (!leads || !('lead' in item)) {
              target.put(item);
              continue;
            }
            const { lead, ...record } = item as { id: string; lead: string };
            target.put(record);
            leads.put({ id: record.id, lead });
          }
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [store, records, keep] as const,
  );
}

/**
 * The Markdown the export makes of a stored article (`articleMarkdown`), made here in jsdom: the
 * extension makes it when a clip is exported, not when it is clipped.
 */
export function markdownOf(html: string): string {
  const { window } = new JSDOM('');
  try {
    return articleMarkdown(html, window.document);
  } finally {
    window.close();
  }
}

/** Every clip with its article (stored apart since version 2), straight from the database. */
export async function readClips(extensionPage: ExtensionPage): Promise<StoredClip[]> {
  const [clips, bodies] = await Promise.all([
    readStore<StoredClip>(extensionPage, 'clips'),
    readStore<{ id: string; html: string; text: string }>(extensionPage, 'bodies'),
  ]);
  const byId = new Map(bodies.map((b) => [b.id, b]));
  return clips.map((c) => ({ ...c, ...byId.get(c.id) }));
}
