/**
 * Firefox ESR driven over WebDriver BiDi with puppeteer-core: no geckodriver, nothing downloaded.
 *
 * The extension is installed as a temporary add-on (`installExtension`) into a throwaway profile
 * whose `extensions.webextensions.uuids` pref fixes its moz-extension UUID, so its pages have a
 * known address. `--remote-allow-system-access` lets the test script the browser's own window
 * (the chrome document, BiDi's `moz:scope: chrome`), which is how the toolbar button and the
 * context menu are pressed: see `clickToolbarButton` and `clickContextMenuItem`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Page, type Browser as PuppeteerBrowser } from 'puppeteer-core';
import { ROOT } from './harness';

export const FIREFOX_EXTENSION_DIR = path.join(ROOT, '.output/firefox-mv2');
/** Firefox to drive; Debian's ESR by default, any Firefox 128+ with WebDriver BiDi works. */
export const FIREFOX = process.env.KURABE_FIREFOX ?? '/usr/bin/firefox-esr';
/** browser_specific_settings.gecko.id in wxt.config.ts. */
export const GECKO_ID = 'kurabe@kurabe.invalid';
/** The moz-extension:// host the test profile gives Kurabe. */
export const EXTENSION_UUID = '6b7a9e1c-4b1e-4c1a-9d1a-6b75726162e5';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;
/**
 * Firefox's id for the widget of an extension's browser action: the add-on id with every
 * character outside [a-z0-9_-] replaced by "_", then "-browser-action" (ExtensionCommon's
 * makeWidgetId). Its context menu items are ids built the same way.
 */
const WIDGET_PREFIX = GECKO_ID.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
const ACTION_WIDGET_ID = `${WIDGET_PREFIX}-browser-action`;
const SIDEBAR_ID = `${WIDGET_PREFIX}-sidebar-action`;

export interface FirefoxOptions {
  /** The UI language Firefox asks for (`intl.locale.requested`); ja needs firefox-esr-l10n-ja. */
  lang?: 'ja' | 'en-US';
  dark?: boolean;
  /**
   * Host names Firefox resolves to this machine (`network.dns.localDomains`), so that a test
   * server can stand for addons.mozilla.org, where Firefox lets no extension run a script.
   */
  localDomains?: string[];
  /** The browser window's size (store screenshots are 1280×800). */
  windowSize?: [number, number];
  /** Whether to install the Firefox build (a test of the browser's own APIs needs no add-on). */
  extension?: boolean;
}

export interface Firefox {
  browser: PuppeteerBrowser;
  /** Where files the extension saves (downloads) land. */
  downloads: string;
  /** Evaluates an expression in the browser window's own (chrome) document. */
  chrome<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Launches Firefox ESR headless with the Firefox build installed, in a throwaway profile. */
export async function launchFirefox({
  lang = 'ja',
  dark = false,
  localDomains = [],
  windowSize = [1280, 800],
  extension = true,
}: FirefoxOptions = {}): Promise<Firefox> {
  const tmpRoot = path.join(ROOT, '.tmp');
  mkdirSync(tmpRoot, { recursive: true });
  const profile = mkdtempSync(path.join(tmpRoot, 'firefox-profile-'));
  const downloads = path.join(profile, 'downloads');
  mkdirSync(downloads);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    // The window's own size, not Puppeteer's 800×600 default viewport.
    defaultViewport: null,
    userDataDir: profile,
    env: { ...process.env, TMPDIR: tmpRoot },
    args: ['--remote-allow-system-access', `--width=${windowSize[0]}`, `--height=${windowSize[1]}`],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      'intl.locale.requested': lang,
      // The system theme of the machine the browser runs on: the panel follows
      // prefers-color-scheme as it does on a desktop set to dark.
      'ui.systemUsesDarkTheme': dark ? 1 : 0,
      'network.dns.localDomains': localDomains.join(','),
      // addons.mozilla.org is on the HSTS preload list: served from a local http server here.
      'network.stricttransportsecurity.preloadlist': false,
      // A file a page saves goes straight to the profile's downloads folder, without asking.
      'browser.download.folderList': 2,
      'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.start_downloads_in_tmp_dir': false,
      'browser.download.panel.shown': true,
      // Only what this machine has: no update checks, no telemetry, no remote settings.
      'app.update.disabledForTesting': true,
      'browser.safebrowsing.update.enabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      // A PDF opens in Firefox's own viewer, as it does for a person (not as a download).
      'pdfjs.disabled': false,
    },
  });
  const connection = (
    browser as unknown as {
      connection: { send(method: string, params: object): Promise<{ result: unknown }> };
    }
  ).connection;
  let chromeContext: string | undefined;
  async function chrome<T>(expression: string): Promise<T> {
    if (!chromeContext) {
      const { result } = (await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' })) as {
        result: { contexts: { context: string; url: string }[] };
      };
      chromeContext = result.contexts.find(
        (c) => c.url === 'chrome://browser/content/browser.xhtml',
      )?.context;
      if (!chromeContext) throw new Error('no browser window');
    }
    const { result } = (await connection.send('script.evaluate', {
      expression,
      target: { context: chromeContext },
      awaitPromise: true,
      resultOwnership: 'none',
      serializationOptions: { maxObjectDepth: 0 },
    })) as {
      result:
        | { type: 'success'; result: { type: string; value?: unknown } }
        | { type: 'exception'; exceptionDetails: { text: string } };
    };
    if (result.type === 'exception') throw new Error(`browser window: ${result.exceptionDetails.text}`);
    // Expressions return JSON text: BiDi's own serialization is not worth decoding here.
    const value = result.result.value;
    return (typeof value === 'string' ? JSON.parse(value) : value) as T;
  }
  if (extension) await browser.installExtension(FIREFOX_EXTENSION_DIR);
  return {
    browser,
    downloads,
    chrome,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Presses Kurabe's toolbar button for the tab showing `page`, as a person does.
 *
 * A new add-on's button sits in the extensions (puzzle-piece) panel; the test pins it to the
 * toolbar as a person would (CustomizableUI.addWidgetToArea, what "Pin to Toolbar" calls), then
 * calls `click()` on the button element in the browser window's document. That is a trusted click
 * on the real XUL button, handled as user input: CustomizableUI turns it into the widget's
 * command, whose view handler calls the action's `triggerClickOrPopup(tab)` — the same call a
 * person's click ends in — which adds the `activeTab` permission for the selected tab and fires
 * `browserAction.onClicked` while the click is being handled, so `sidebarAction.open()` is allowed.
 * (BiDi's own input actions reach only web content, and keyboard shortcuts do not fire at all.)
 */
export async function clickToolbarButton(firefox: Firefox, page: Page): Promise<void> {
  await page.bringToFront();
  const url = page.url();
  await firefox.chrome(`(async () => {
    const id = ${JSON.stringify(ACTION_WIDGET_ID)};
    if (CustomizableUI.getPlacementOfWidget(id)?.area !== CustomizableUI.AREA_NAVBAR)
      CustomizableUI.addWidgetToArea(id, CustomizableUI.AREA_NAVBAR);
    if (${JSON.stringify(url)}.startsWith('http') && gBrowser.currentURI.spec !== ${JSON.stringify(url)})
      throw new Error('the tab in front shows ' + gBrowser.currentURI.spec);
    const node = CustomizableUI.getWidget(id).forWindow(window).node;
    const button = node.querySelector('.unified-extensions-item-action-button') ?? node;
    button.click();
    return 'true';
  })()`);
}

/**
 * A real right-click at (x, y) on `page`: the browser opens its own context menu. The menu's
 * `popupshown` is awaited as `window.__kurabeMenuShown` in the browser window by the caller.
 */
async function openContextMenu(firefox: Firefox, page: Page, at: { x: number; y: number }): Promise<void> {
  await page.bringToFront();
  await firefox.chrome(`(() => {
    const menu = document.getElementById('contentAreaContextMenu');
    window.__kurabeMenuShown = new Promise((resolve) =>
      menu.addEventListener('popupshown', () => resolve(), { once: true }));
    return 'true';
  })()`);
  await page.mouse.click(at.x, at.y, { button: 'right' });
}

/**
 * Right-clicks `page` at (x, y) with a real pointer (BiDi input actions: the content process fires
 * `contextmenu`, the browser opens its own context menu with the extensions' items), then chooses
 * Kurabe's item whose label is `label` — a trusted click on the menu item, which Firefox handles
 * like a person's: activeTab for the tab, then `contextMenus.onClicked` as user input.
 */
export async function clickContextMenuItem(
  firefox: Firefox,
  page: Page,
  label: string,
  at: { x: number; y: number },
): Promise<void> {
  await openContextMenu(firefox, page, at);
  await firefox.chrome(`(async () => {
    await Promise.race([window.__kurabeMenuShown, new Promise((_, no) => setTimeout(() => no(new Error('no context menu')), 5000))]);
    const menu = document.getElementById('contentAreaContextMenu');
    const items = [...menu.querySelectorAll('menuitem[id^="${WIDGET_PREFIX}-menuitem-"]')];
    const item = items.find((i) => i.getAttribute('label') === ${JSON.stringify(label)});
    if (!item) throw new Error('no menu item ' + ${JSON.stringify(label)} + ' among ' + items.map((i) => i.getAttribute('label')).join(' | '));
    item.click();
    menu.hidePopup();
    return 'true';
  })()`);
}

/** Kurabe's context menu items on `page` at (x, y), as labels (the menu is closed again). */
export async function contextMenuLabels(
  firefox: Firefox,
  page: Page,
  at: { x: number; y: number },
): Promise<string[]> {
  await openContextMenu(firefox, page, at);
  return firefox.chrome<string[]>(`(async () => {
    await window.__kurabeMenuShown;
    const menu = document.getElementById('contentAreaContextMenu');
    const labels = [...menu.querySelectorAll('[id^="${WIDGET_PREFIX}-menuitem-"]')]
      .filter((i) => !i.hidden).map((i) => i.getAttribute('label'));
    menu.hidePopup();
    return JSON.stringify(labels);
  })()`);
}

/** Whether Firefox shows Kurabe's sidebar, and the page it holds. */
export function sidebarState(
  firefox: Firefox,
): Promise<{ open: boolean; current: string | null; url: string | null }> {
  return firefox
    .chrome(`(() => JSON.stringify({
    open: SidebarController.isOpen,
    current: SidebarController.currentID,
    url: SidebarController.browser?.contentDocument?.getElementById('webext-panels-browser')?.currentURI?.spec ?? null,
  }))()`)
    .then((s) => {
      const state = s as { open: boolean; current: string | null; url: string | null };
      return { ...state, open: state.open && state.current === SIDEBAR_ID };
    });
}

/** Closes the sidebar, as the ✕ in its header does. */
export function closeSidebar(firefox: Firefox): Promise<void> {
  return firefox.chrome(`(() => { SidebarController.hide(); return 'true'; })()`);
}

/** The badge text of Kurabe's button in the tab in front. */
export function badgeText(firefox: Firefox): Promise<string> {
  return firefox.chrome(`(() => {
    const node = CustomizableUI.getWidget(${JSON.stringify(ACTION_WIDGET_ID)}).forWindow(window).node;
    return JSON.stringify(node?.querySelector('.unified-extensions-item-action-button, toolbarbutton')?.getAttribute('badge') ?? '');
  })()`);
}

/**
 * Opens an extension page (the sidebar's page by default) in a tab. The navigation promise of a
 * moz-extension:// page may never settle under BiDi, so the test waits for the document instead.
 */
export async function openExtensionPage(firefox: Firefox, file = 'sidepanel.html'): Promise<Page> {
  const page = await firefox.browser.newPage();
  page.goto(`${EXTENSION_ORIGIN}/${file}`).catch(() => {});
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ready = await page
      .evaluate(
        (origin) => location.origin === origin && !!document.querySelector('[data-ready="true"]'),
        EXTENSION_ORIGIN,
      )
      .catch(() => false);
    if (ready) return page;
    if (Date.now() > deadline) throw new Error(`${file} did not open`);
    await sleep(100);
  }
}

/** Reloads an extension page and waits for the new document (its reload promise may hang too). */
export async function reloadExtensionPage(page: Page): Promise<void> {
  await page.bringToFront();
  await page.evaluate(() => {
    (window as { kurabeOldDocument?: boolean }).kurabeOldDocument = true;
    location.reload();
  });
  await poll('the reloaded page', () =>
    page
      .evaluate(
        () =>
          !(window as { kurabeOldDocument?: boolean }).kurabeOldDocument &&
          !!document.querySelector('[data-ready="true"]'),
      )
      .catch(() => false),
  );
}

/** Opens a web page in a new tab and waits for its load. */
export async function openTab(firefox: Firefox, url: string): Promise<Page> {
  const page = await firefox.browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

/** Polls until `fn` returns a truthy value. */
export async function poll<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false>,
  timeout = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Waits for a selector in a page and returns its text. */
export async function textOf(page: Page, selector: string): Promise<string> {
  const handle = await page.waitForSelector(selector, { timeout: 10_000 });
  return (await handle!.evaluate((e) => e.textContent ?? '')) as string;
}

/** Saves a screenshot of the whole browser window (toolbar and sidebar included), as PNG. */
export async function windowScreenshot(firefox: Firefox, file: string): Promise<void> {
  const data = await firefox.chrome<string>(`(async () => {
    const canvas = document.createElementNS('http://www.w3.org/1999/xhtml', 'canvas');
    const scale = window.devicePixelRatio;
    canvas.width = window.innerWidth * scale;
    canvas.height = window.innerHeight * scale;
    const snapshot = await window.browsingContext.currentWindowGlobal.drawSnapshot(null, scale, 'white');
    canvas.getContext('2d').drawImage(snapshot, 0, 0);
    return JSON.stringify(canvas.toDataURL('image/png'));
  })()`);
  writeFileSync(file, Buffer.from(data.replace(/^data:image\/png;base64,/, ''), 'base64'));
}
