import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IDBObjectStore as FakeObjectStore, IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background';
import { reportInterruptedClips } from '@/entrypoints/background/clip';
import { CLIP_COMMAND, handleCommand } from '@/entrypoints/background/commands';
import { createMenus, handleMenuClick } from '@/entrypoints/background/menus';
import { MENU_CLIP_PAGE, MENU_CLIP_SELECTION } from '@/utils/context-menu';
import {
  closeDB,
  getBody,
  getDB,
  getSetting,
  listClips,
  listPlacements,
  listQuotes,
  saveBoard,
} from '@/utils/db';
import { runExtraction } from '@/utils/extract/run';
import { CLIP_IN_PROGRESS_PREFIX, EVENTS_CHANNEL, type KurabeEvent, LAST_EVENT_KEY } from '@/utils/messages';
import { commandListeners, menuCreate, menuListeners, stubMenusAndCommands } from '../helpers/browser-stubs';
import { nestConnected } from '../helpers/deep-dom';
import { domAt } from '../helpers/fixtures';
import { useLocale } from '../helpers/i18n';

const PAGE_URL = 'http://localhost:8080/entry/2026/11/20/route-sales?utm_source=rss';
const fixture = readFileSync(path.resolve(__dirname, '../fixtures/pages/route-sales-ja/source.html'), 'utf8');

/** Runs the real extraction on the fixture page, as the injected script would in the tab. */
function extractFixture() {
  const dom = domAt(fixture, PAGE_URL);
  const result = runExtraction(dom.window.document);
  dom.window.close();
  return [{ frameId: 0, documentId: 'doc', result }];
}

/** Resolves with the next event of the given type on the extension's channel. */
function nextEvent<T extends KurabeEvent['type']>(type: T): Promise<Extract<KurabeEvent, { type: T }>> {
  const channel = new BroadcastChannel(EVENTS_CHANNEL);
  return new Promise((resolve) => {
    channel.onmessage = (e: MessageEvent<KurabeEvent>) => {
      if (e.data.type === type) {
        channel.close();
        resolve(e.data as Extract<KurabeEvent, { type: T }>);
      }
    };
  });
}

const tab = (url: string | undefined, id = 7) =>
  ({ id, url, title: 'ルート営業と営業の違い', index: 0 }) as Browser.tabs.Tab;

let calls: string[];
let executeScript: ReturnType<typeof vi.fn>;
let openPanel: ReturnType<typeof vi.fn>;

beforeEach(async () => {
  fakeBrowser.reset();
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
  calls = [];
  openPanel = vi.fn(async () => {
    calls.push('sidePanel.open');
  });
  executeScript = vi.fn(async () => {
    calls.push('executeScript');
    return extractFixture();
  });
  // fakeBrowser leaves these unimplemented: they are spied, the rest (action, badge) is real.
  fakeBrowser.sidePanel.open = openPanel as unknown as typeof fakeBrowser.sidePanel.open;
  fakeBrowser.scripting.executeScript =
    executeScript as unknown as typeof fakeBrowser.scripting.executeScript;
  stubMenusAndCommands();
  background.main();
});

afterEach(() => closeDB());

describe('toolbar click', () => {
  it('opens the panel before anything else, then extracts and stores the clip', async () => {
    const saved = nextEvent('clip-saved');
    await fakeBrowser.action.onClicked.trigger(tab(PAGE_URL));
    // sidePanel.open must be called in the click handler itself, before any await.
    expect(openPanel).toHaveBeenCalledWith({ tabId: 7 });
    expect(calls[0]).toBe('sidePanel.open');

    const event = await saved;
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 7 }, files: ['/extract.js'] });
    expect(event).toMatchObject({ updated: false, restored: false, kind: 'article' });

    const clips = (await listClips(await getDB())).inbox;
    expect(clips).toHaveLength(1);
    expect(clips[0]).toMatchObject({
      id: event.clipId,
      normalizedUrl: 'http://localhost:8080/entry/2026/11/20/route-sales',
      url: PAGE_URL,
      title: 'ルート営業と営業の違いを理解するための基本',
      byline: '中嶋 悟',
      lang: 'ja',
    });
    expect((await getDB().then((db) => db.get('leads', event.clipId)))?.lead).toContain(
      'ルート営業は既存の顧客と長期的な関係を築き',
    );
    expect((await getBody(await getDB(), event.clipId)).text).toContain('ルート営業とは既存の顧客を中心に');
    expect(await fakeBrowser.action.getBadgeText({ tabId: 7 })).toBe('✓');
    expect(await getSetting(await getDB(), LAST_EVENT_KEY)).toMatchObject({
      type: 'clip-saved',
      clipId: event.clipId,
    });
  });

  it('a second click on the same page updates the one clip', async () => {
    const first = nextEvent('clip-saved');
    await fakeBrowser.action.onClicked.trigger(tab(PAGE_URL));
    const a = await first;
    const second = nextEvent('clip-saved');
    await fakeBrowser.action.onClicked.trigger(tab(`${PAGE_URL}&utm_medium=x#comments`));
    const b = await second;
    expect(b).toMatchObject({ clipId: a.clipId, updated: true });
    expect(b.firstClippedAt).toBeTypeOf('number');
    expect((await listClips(await getDB())).inbox).toHaveLength(1);
    expect(await fakeBrowser.action.getBadgeText({ tabId: 7 })).toBe('↻');
  });

  it('a page without a URL (a browser page) is reported, not clipped', async () => {
    const failed = nextEvent('clip-failed');
    await fakeBrowser.action.onClicked.trigger(tab(undefined));
    expect(await failed).toMatchObject({ reason: 'browserPage' });
    expect(executeScript).not.toHaveBeenCalled();
    expect((await listClips(await getDB())).inbox).toHaveLength(0);
    expect(await fakeBrowser.action.getBadgeText({ tabId: 7 })).toBe('!');
  });

  it.each([
    ['file:///home/satoru/memo.html', 'fileAccess'],
    ['view-source:https://example.com/', 'viewSource'],
    ['chrome://version', 'browserPage'],
  ])('%s is not clipped (%s)', async (url, reason) => {
    const failed = nextEvent('clip-failed');
    await fakeBrowser.action.onClicked.trigger(tab(url));
    expect(await failed).toMatchObject({ reason });
    expect(executeScript).not.toHaveBeenCalled();
    expect((await listClips(await getDB())).inbox).toHaveLength(0);
  });

  it('a web page closed to scripts (the web store) is kept as a bookmark', async () => {
    // A closed page refuses every injection (the first and the one tried again).
    executeScript.mockRejectedValue(new Error('The extensions gallery cannot be scripted.'));
    const saved = nextEvent('clip-saved');
    await fakeBrowser.action.onClicked.trigger({
      ...tab('https://chromewebstore.google.com/detail/kurabe/abc'),
      title: 'Kurabe - Chrome Web Store',
    });
    expect(await saved).toMatchObject({ kind: 'bookmark', fallback: 'webStore', quoteAdded: false });
    expect(executeScript).toHaveBeenCalledTimes(2);
    const [clip] = (await listClips(await getDB())).inbox;
    expect(clip).toMatchObject({
      kind: 'bookmark',
      title: 'Kurabe - Chrome Web Store',
      siteName: 'chromewebstore.google.com',
    });
  });

  it('an injection that fails once is tried again: the article, not a bookmark', async () => {
    executeScript.mockRejectedValueOnce(new Error('Frame with ID 0 was removed.'));
    const saved = nextEvent('clip-saved');
    await fakeBrowser.action.onClicked.trigger(tab(PAGE_URL));
    expect(await saved).toMatchObject({ kind: 'article', updated: false });
    expect(executeScript).toHaveBeenCalledTimes(2);
    const [clip] = (await listClips(await getDB())).inbox;
    expect(clip).toMatchObject({ kind: 'article', title: 'ルート営業と営業の違いを理解するための基本' });
  });

  it('a page too deep to read is kept as a bookmark that says why, not a failure', async () => {
    // The real extraction, on a page whose depth overflows jsdom's own (recursive) clone.
    executeScript.mockImplementationOnce(async () => {
      const dom = domAt(
        '<!doctype html><html lang="ja"><head><title>深すぎるページ</title><meta name="description" content="一万段の入れ子。"></head><body><article><details><summary>続き</summary></details></article></body></html>',
        PAGE_URL,
      );
      const doc = dom.window.document;
      nestConnected(doc.querySelector('details')!, 10_000, doc.createTextNode('一番深い段落。'));
      return [{ frameId: 0, documentId: 'doc', result: runExtraction(doc) }];
    });
    const saved = nextEvent('clip-saved');
    await fakeBrowser.action.onClicked.trigger(tab(PAGE_URL));
    expect(await saved).toMatchObject({ kind: 'bookmark', fallback: 'tooComplex', updated: false });
    const [clip] = (await listClips(await getDB())).inbox;
    expect(clip).toMatchObject({ kind: 'bookmark', title: '深すぎるページ', excerpt: '一万段の入れ子。' });
    expect(await fakeBrowser.action.getBadgeText({ tabId: 7 })).toBe('✓');
  }, 30_000);

  it('an extraction error is reported with its message', async () => {
    executeScript.mockResolvedValueOnce([{ frameId: 0, result: { ok: false, error: 'boom' } }]);
    const failed = nextEvent('clip-failed');
    await fakeBrowser.action.onClicked.trigger(tab(PAGE_URL));
    expect(await failed).toMatchObject({ reason: 'scriptFailed', detail: 'boom' });
  });

  it('a result that is not a page is refused', async () => {
    executeScript.mockResolvedValueOnce([{ frameId: 0, result: { ok: true, page: { url: 42 } } }]);
    const failed = nextEvent('clip-failed');
    await fakeBrowser.action.onClicked.trigger(tab(PAGE_URL));
    expect(await failed).toMatchObject({ reason: 'scriptFailed' });
    expect((await listClips(await getDB())).inbox).toHaveLength(0);
  });
});

describe('storage full', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Makes `put` throw QuotaExceededError on the given stores, as a full disk does. */
  function fullOn(stores: string[]) {
    const put = FakeObjectStore.prototype.put;
    vi.spyOn(FakeObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (stores.includes(this.name)) {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return put.apply(this, args);
    });
  }

  it.each([
    ['the article body', ['bodies'], true],
    // Then even the last event cannot be kept for a panel that opens later: the broadcast still goes.
    ['every store', ['clips', 'bodies', 'quotes', 'settings'], false],
  ])(
    'a clip with no room for %s fails as storageFull, on the badge and to the panel, keeping nothing',
    async (_what, stores, lastEventKept) => {
      fullOn(stores);
      const failed = nextEvent('clip-failed');
      await fakeBrowser.action.onClicked.trigger(tab(PAGE_URL));
      expect(await failed).toMatchObject({
        reason: 'storageFull',
        detail: expect.stringContaining('QuotaExceededError'),
      });
      vi.restoreAllMocks();
      expect(await fakeBrowser.action.getBadgeText({ tabId: 7 })).toBe('!');
      const db = await getDB();
      expect([await db.count('clips'), await db.count('bodies'), await db.count('quotes')]).toEqual([
        0, 0, 0,
      ]);
      const last = await getSetting(db, LAST_EVENT_KEY);
      if (lastEventKept) expect(last).toMatchObject({ type: 'clip-failed', reason: 'storageFull' });
      else expect(last).toBeUndefined();
    },
  );

  it('the next click, with room again, stores the clip', async () => {
    fullOn(['bodies']);
    const failed = nextEvent('clip-failed');
    await fakeBrowser.action.onClicked.trigger(tab(PAGE_URL));
    await failed;
    vi.restoreAllMocks();
    const saved = nextEvent('clip-saved');
    await fakeBrowser.action.onClicked.trigger(tab(PAGE_URL));
    const event = await saved;
    expect(event).toMatchObject({ updated: false });
    expect((await getBody(await getDB(), event.clipId)).text).toContain('ルート営業とは既存の顧客を中心に');
    expect(await fakeBrowser.action.getBadgeText({ tabId: 7 })).toBe('✓');
  });
});

describe('selections', () => {
  it('a selection on the page becomes a quote of the clip, and a re-clip adds a new one', async () => {
    const withSelection = (text: string, context: string) => {
      const [result] = extractFixture();
      return [{ ...result!, result: { ...(result!.result as object), selection: { text, context } } }];
    };
    executeScript.mockResolvedValueOnce(
      withSelection('過去の購買履歴', 'ルート営業は過去の購買履歴を総合します。'),
    );
    const first = nextEvent('clip-saved');
    await fakeBrowser.action.onClicked.trigger(tab(PAGE_URL));
    const a = await first;
    expect(a.quoteAdded).toBe(true);

    executeScript.mockResolvedValueOnce(withSelection('継続率', '継続率で評価されます。'));
    const second = nextEvent('clip-saved');
    await fakeBrowser.action.onClicked.trigger(tab(PAGE_URL));
    const b = await second;
    expect(b).toMatchObject({ clipId: a.clipId, updated: true, quoteAdded: true });

    const quotes = await listQuotes(await getDB(), a.clipId);
    expect(quotes.map((q) => [q.text, q.context])).toEqual([
      ['過去の購買履歴', 'ルート営業は過去の購買履歴を総合します。'],
      ['継続率', '継続率で評価されます。'],
    ]);
  });
});

describe('context menu', () => {
  it('creates "Clip this page" and "Clip selection as a quote" in the UI language', async () => {
    useLocale('ja');
    await createMenus();
    expect(menuCreate.mock.calls.map(([item]) => [item.id, item.title, item.contexts])).toEqual([
      [MENU_CLIP_PAGE, 'このページをクリップ', ['page']],
      [MENU_CLIP_SELECTION, '選択範囲を引用としてクリップ', ['selection']],
    ]);
  });

  it('"Clip this page" clips like the toolbar button, panel first', async () => {
    const saved = nextEvent('clip-saved');
    const done = handleMenuClick(
      { menuItemId: MENU_CLIP_PAGE, editable: false, pageUrl: PAGE_URL },
      tab(PAGE_URL),
    );
    expect(calls[0]).toBe('sidePanel.open');
    await done;
    expect(await saved).toMatchObject({ kind: 'article', quoteAdded: false });
    expect((await listClips(await getDB())).inbox).toHaveLength(1);
  });

  it('"Clip selection as a quote" keeps the browser\'s selection when the page cannot give one', async () => {
    const saved = nextEvent('clip-saved');
    await handleMenuClick(
      { menuItemId: MENU_CLIP_SELECTION, editable: false, selectionText: '  顧客満足度\nの向上 ' },
      tab(PAGE_URL),
    );
    const event = await saved;
    expect(event.quoteAdded).toBe(true);
    expect((await listQuotes(await getDB(), event.clipId)).map((q) => q.text)).toEqual(['顧客満足度 の向上']);
  });

  it('a selection in the PDF viewer is kept with a bookmark of the PDF', async () => {
    executeScript.mockRejectedValue(new Error('Cannot access contents of the page.'));
    const saved = nextEvent('clip-saved');
    await handleMenuClick(
      { menuItemId: MENU_CLIP_SELECTION, editable: false, selectionText: '営業の成果指標' },
      { ...tab('https://example.com/report.pdf'), title: 'report.pdf' },
    );
    const event = await saved;
    expect(event).toMatchObject({ kind: 'bookmark', fallback: 'pdf', quoteAdded: true });
    expect((await listQuotes(await getDB(), event.clipId)).map((q) => q.text)).toEqual(['営業の成果指標']);
  });

  it("ignores menu items that are not Kurabe's", async () => {
    await handleMenuClick({ menuItemId: 'other', editable: false }, tab(PAGE_URL));
    expect(openPanel).not.toHaveBeenCalled();
    expect(executeScript).not.toHaveBeenCalled();
  });
});

describe('keyboard shortcut', () => {
  it('the clip command clips the tab exactly as the toolbar button does', async () => {
    const saved = nextEvent('clip-saved');
    const done = handleCommand(CLIP_COMMAND, tab(PAGE_URL));
    expect(calls[0]).toBe('sidePanel.open');
    await done;
    expect(await saved).toMatchObject({ kind: 'article' });
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 7 }, files: ['/extract.js'] });
  });

  it('other commands do nothing', async () => {
    await handleCommand('something-else', tab(PAGE_URL));
    expect(executeScript).not.toHaveBeenCalled();
  });

  it('the background listens for its command and menu clicks', () => {
    expect(commandListeners).toHaveLength(1);
    expect(menuListeners).toHaveLength(1);
  });
});

describe('"Add to board ▸"', () => {
  async function boardsInDb() {
    const db = await getDB();
    const make = (id: string, title: string, updatedAt: number, archivedAt?: number) => ({
      id,
      title,
      subjects: [
        { id: `${id}-s1`, name: 'A' },
        { id: `${id}-s2`, name: 'B' },
      ],
      aspects: [],
      cellNotes: {},
      order: id,
      updatedAt,
      ...(archivedAt && { archivedAt }),
    });
    await saveBoard(db, make('b-old', '古いボード', 1));
    await saveBoard(db, make('b-new', 'ルート営業 vs 営業一般', 3));
    await saveBoard(db, make('b-archived', 'しまったボード', 5, 6));
  }

  it('lists the recently used boards, archived ones left out', async () => {
    useLocale('ja');
    await boardsInDb();
    await createMenus();
    expect(menuCreate.mock.calls.map(([item]) => [item.id, item.title, item.parentId])).toEqual([
      [MENU_CLIP_PAGE, 'このページをクリップ', undefined],
      [MENU_CLIP_SELECTION, '選択範囲を引用としてクリップ', undefined],
      ['kurabe-add-to-board', 'ボードに追加', undefined],
      ['kurabe-board:b-new', 'ルート営業 vs 営業一般', 'kurabe-add-to-board'],
      ['kurabe-board:b-old', '古いボード', 'kurabe-add-to-board'],
    ]);
  });

  it('files the page on the chosen board, and a selection as a quote placed there', async () => {
    await boardsInDb();
    const saved = nextEvent('clip-saved');
    await handleMenuClick(
      { menuItemId: 'kurabe-board:b-new', editable: false, selectionText: '顧客満足度' },
      tab(PAGE_URL),
    );
    const event = await saved;
    expect(event).toMatchObject({ filedOn: 'ルート営業 vs 営業一般', quoteAdded: true });
    const db = await getDB();
    const [quote] = await listQuotes(db, event.clipId);
    expect(quote!.text).toBe('顧客満足度');
    expect(await listPlacements(db, 'b-new')).toMatchObject([{ clipId: event.clipId, quoteId: quote!.id }]);
    expect(calls[0]).toBe('sidePanel.open');
  });

  it('files the whole clip when nothing is selected', async () => {
    await boardsInDb();
    const saved = nextEvent('clip-saved');
    await handleMenuClick({ menuItemId: 'kurabe-board:b-old', editable: false }, tab(PAGE_URL));
    const event = await saved;
    const [placement] = await listPlacements(await getDB(), 'b-old');
    expect(placement).toMatchObject({ clipId: event.clipId });
    expect(placement!.quoteId).toBeUndefined();
  });
});

describe('a clip the browser interrupted', () => {
  it('is marked as under way while it runs, and the mark goes when it ends', async () => {
    let markedDuring: unknown;
    executeScript.mockImplementation(async () => {
      markedDuring = await getSetting(await getDB(), `${CLIP_IN_PROGRESS_PREFIX}7`);
      return extractFixture();
    });
    await background.main.length; // the background is started in beforeEach
    await fakeBrowser.action.onClicked.trigger(tab(PAGE_URL));
    await vi.waitFor(async () => expect((await listClips(await getDB())).inbox).toHaveLength(1));
    expect(markedDuring).toMatchObject({ tabId: 7, title: 'ルート営業と営業の違い' });
    await vi.waitFor(async () =>
      expect(await getSetting(await getDB(), `${CLIP_IN_PROGRESS_PREFIX}7`)).toBeUndefined(),
    );
  });

  it('left by a stopped worker, is reported as failed on its tab and to the panel when a worker starts', async () => {
    const db = await getDB();
    const at = Date.now() - 5_000;
    await db.put(
      'settings',
      { workerId: 'an-earlier-worker', tabId: 9, title: '長い記事', at },
      `${CLIP_IN_PROGRESS_PREFIX}9`,
    );
    // An old one is dropped without a word: the user has long moved on.
    await db.put(
      'settings',
      { workerId: 'a-much-earlier-worker', tabId: 3, title: '昨日の記事', at: at - 2 * 60 * 60 * 1000 },
      `${CLIP_IN_PROGRESS_PREFIX}3`,
    );
    const failed = nextEvent('clip-failed');
    await reportInterruptedClips();
    expect(await failed).toMatchObject({ reason: 'interrupted', detail: '長い記事' });
    expect(await fakeBrowser.action.getBadgeText({ tabId: 9 })).toBe('!');
    expect(await fakeBrowser.action.getBadgeText({ tabId: 3 })).not.toBe('!');
    expect(await getSetting(db, LAST_EVENT_KEY)).toMatchObject({
      type: 'clip-failed',
      reason: 'interrupted',
    });
    expect(await getSetting(db, `${CLIP_IN_PROGRESS_PREFIX}9`)).toBeUndefined();
    expect(await getSetting(db, `${CLIP_IN_PROGRESS_PREFIX}3`)).toBeUndefined();
  });

  it("leaves this worker's own clip alone", async () => {
    let release!: () => void;
    executeScript.mockImplementation(
      () => new Promise((resolve) => (release = () => resolve(extractFixture()))),
    );
    void fakeBrowser.action.onClicked.trigger(tab(PAGE_URL));
    await vi.waitFor(async () =>
      expect(await getSetting(await getDB(), `${CLIP_IN_PROGRESS_PREFIX}7`)).toBeDefined(),
    );
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    await reportInterruptedClips();
    expect(await fakeBrowser.action.getBadgeText({ tabId: 7 })).toBe('…');
    release();
    await vi.waitFor(async () => expect((await listClips(await getDB())).inbox).toHaveLength(1));
    expect(await fakeBrowser.action.getBadgeText({ tabId: 7 })).toBe('✓');
  });
});
