import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background';
import { closeDB, getDB, getSetting, listInbox } from '@/utils/db';
import { runExtraction } from '@/utils/extract/run';
import { EVENTS_CHANNEL, type KurabeEvent, LAST_EVENT_KEY } from '@/utils/messages';
import { domAt } from '../helpers/fixtures';

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

    const clips = await listInbox(await getDB());
    expect(clips).toHaveLength(1);
    expect(clips[0]).toMatchObject({
      id: event.clipId,
      normalizedUrl: 'http://localhost:8080/entry/2026/11/20/route-sales',
      url: PAGE_URL,
      title: 'ルート営業と営業の違いを理解するための基本',
      byline: '中嶋 悟',
      lang: 'ja',
    });
    expect(clips[0]!.text).toContain('ルート営業とは既存の顧客を中心に');
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
    expect(await listInbox(await getDB())).toHaveLength(1);
    expect(await fakeBrowser.action.getBadgeText({ tabId: 7 })).toBe('↻');
  });

  it('a page without a URL (a browser page) is reported, not clipped', async () => {
    const failed = nextEvent('clip-failed');
    await fakeBrowser.action.onClicked.trigger(tab(undefined));
    expect(await failed).toMatchObject({ reason: 'unclippable' });
    expect(executeScript).not.toHaveBeenCalled();
    expect(await listInbox(await getDB())).toHaveLength(0);
    expect(await fakeBrowser.action.getBadgeText({ tabId: 7 })).toBe('!');
  });

  it('a script that cannot be injected is reported as unclippable', async () => {
    executeScript.mockRejectedValueOnce(new Error('Cannot access contents of the page.'));
    const failed = nextEvent('clip-failed');
    await fakeBrowser.action.onClicked.trigger(tab('https://chromewebstore.google.com/detail/x'));
    expect(await failed).toMatchObject({
      reason: 'unclippable',
      detail: 'Cannot access contents of the page.',
    });
    expect(await listInbox(await getDB())).toHaveLength(0);
  });

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
    expect(await listInbox(await getDB())).toHaveLength(0);
  });
});
