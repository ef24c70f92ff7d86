/**
 * Issue 7, "the service worker stopped in the middle of a clip": Chrome may stop an extension's
 * worker at any moment (idle timeout, memory pressure, an update). Whatever the moment, the
 * database holds either no clip of the page or one complete clip (record + article body), never
 * one without the other, and the next click clips the page as usual.
 *
 * How the worker is stopped (Chromium 156, seen while writing this test):
 * - `Target.closeTarget` on the extension's `service_worker` target stops it (DevTools' "Stop";
 *   Playwright then reports "Service worker restarted"), but it needs the target's id, and that
 *   target exists only while the worker runs: after a stop the next click starts a new worker
 *   under a new id, which could only be looked up after the click, with awaits in between.
 * - `ServiceWorker.stopAllWorkers`, sent on a session of one of the extension's pages after
 *   `ServiceWorker.enable`, stops every worker of that storage partition (here only Kurabe's),
 *   running or still starting, needs no id, and answers once they are stopped. That is what this
 *   test uses, sent right after `Extensions.triggerAction` on the same browser connection.
 *
 * What was seen (the 435 KB bench page; a warm extraction and write take some 30–50 ms here;
 * five classified runs of this file and a 0–400 ms sweep while writing it): at 0 ms the stop
 * lands before the click handler sets the "…" badge (8 of 10) or just after it, nothing stored;
 * at 5 and 20 ms always during the extraction or the write ("…" stays, no clip), at 10 ms too but
 * once after the clip; at 35 ms on either side: during (3 of 5), after the write committed but
 * before the "✓" badge (1: complete clip, "…" left on the button), after the clip (1); at 50 ms
 * and later after the clip (complete clip, "✓"). Once, with the worker still starting for the
 * click, Chrome delivered the click again to a new worker after the stop, which stored the clip
 * completely. No attempt ever left a clip without its body or a body without its clip. Which
 * side of the write a delay falls on varies, so the sweep asserts only the invariant and logs
 * where each stop landed. To land *during the write* every time, two attempts hold it: an
 * extension page keeps a read-write transaction open on the clip stores, so the worker's
 * saveClip transaction has been created and is waiting when the stop comes; it is rolled back
 * and nothing is written.
 *
 * A stop mid-clip leaves the "…" badge and the panel's "clipping" status until the next click:
 * nothing says the clip was lost (a follow-up for the worker's start-up, outside this test).
 */
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, fixturePage, launchWithExtension, PageServer, SidePanel } from './harness';

/** The few extension APIs the probe page calls (this project's e2e tests have no chrome types). */
declare const chrome: {
  tabs: { getCurrent(): Promise<{ id?: number } | undefined>; query(q: object): Promise<{ id?: number }[]> };
  action: { getBadgeText(details: { tabId: number }): Promise<string> };
};

/** The bench page: a real 435 KB news page (so the extraction takes a moment). */
const PAGE = fixturePage('bench/nytimes-trade-war');
/** The first characters of the text kept on the clip record (utils/db.ts). */
const LEAD_LENGTH = 1500;

interface ClipRecord {
  id: string;
  normalizedUrl: string;
  url: string;
  title: string;
  chars: number;
  kind: string;
}
interface BodyRecord {
  id: string;
  html: string;
  markdown: string;
  text: string;
}
interface Snapshot {
  clips: ClipRecord[];
  bodies: BodyRecord[];
  /** Each clip's lead (version 9: apart from its record, written in the same transaction). */
  leads: { id: string; lead: string }[];
  quotes: { id: string; clipId: string }[];
}

/**
 * Holds the clip stores with a read-write transaction kept busy, in the probe page, until
 * `releaseHold()`: the worker's saveClip transaction queues behind it. (A string, so that no
 * transform adds helpers to the function that the page would not have.)
 */
const HOLD_WRITES = `new Promise((resolve, reject) => {
  const open = indexedDB.open('kurabe');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    const tx = db.transaction(['clips', 'bodies', 'quotes'], 'readwrite');
    const store = tx.objectStore('clips');
    let held = true;
    const spin = () => { if (held) store.get('').onsuccess = spin; };
    window.releaseHold = () => new Promise((done) => {
      tx.oncomplete = () => { db.close(); done(true); };
      held = false;
    });
    spin();
    resolve();
  };
})`;

let server: PageServer;
let origin: string;
let browser: Browser;
/** Browser-level DevTools session: clicks the toolbar button, finds tab targets. */
let cdp: CDPSession;
/** An extension page: reads the database, reads the badge, and is where the worker is stopped from. */
let probe: Page;
let probeCdp: CDPSession;
/** The tab the pages are clipped in (one tab, a new address per attempt). */
let tab: Page;
let tabId: number;
/** The worker's running status, from ServiceWorker.workerVersionUpdated. */
let workerStatus = 'running';
let reference: { clip: ClipRecord; body: BodyRecord };
let side: SidePanel | undefined;
const observed: string[] = [];
let attempt = 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  server = new PageServer();
  for (let i = 0; i < 20; i++) {
    // The page's own scripts and iframes would reach for the network: only Kurabe's script runs
    // (an extension's injected script is not bound by the page's CSP).
    server.route(`/long/${i}`, {
      body: PAGE,
      headers: { 'content-security-policy': "script-src 'none'; frame-src 'none'" },
    });
  }
  origin = await server.start();
  browser = await launchWithExtension({ lang: 'ja' });
  cdp = await browser.context.browser()!.newBrowserCDPSession();

  // `?probe`: not the address SidePanel.waitFor looks for, so the real side panel is not confused
  // with this tab.
  probe = await browser.context.newPage();
  await probe.goto(`chrome-extension://${browser.extensionId}/sidepanel.html?probe`);
  probeCdp = await browser.context.newCDPSession(probe);
  probeCdp.on('ServiceWorker.workerVersionUpdated', (event) => {
    const versions = event.versions as { scriptURL: string; runningStatus: string }[];
    for (const v of versions) if (v.scriptURL.includes(browser.extensionId)) workerStatus = v.runningStatus;
  });
  await probeCdp.send('ServiceWorker.enable');

  tab = await browser.context.newPage();
  for (const page of browser.context.pages()) if (page !== tab && page !== probe) await page.close();
  tabId = await probe.evaluate(async () => {
    const me = await chrome.tabs.getCurrent();
    const others = (await chrome.tabs.query({})).filter((t) => t.id !== me?.id);
    if (others.length !== 1) throw new Error(`expected one other tab, found ${others.length}`);
    return others[0]!.id!;
  });
});

afterAll(async () => {
  if (observed.length) console.log(`Where the worker stop landed:\n  ${observed.join('\n  ')}`);
  await side?.close();
  await browser?.close();
  await server?.stop();
});

/** Clips, bodies, leads and quotes read in ONE transaction: a consistent view of the database. */
function snapshot(): Promise<Snapshot> {
  return probe.evaluate(
    () =>
      new Promise<Snapshot>((resolve, reject) => {
        const open = indexedDB.open('kurabe');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['clips', 'bodies', 'leads', 'quotes']);
          const out: Record<string, unknown[]> = {};
          for (const name of ['clips', 'bodies', 'leads', 'quotes']) {
            const request = tx.objectStore(name).getAll();
            request.onsuccess = () => {
              out[name] = request.result;
            };
          }
          tx.oncomplete = () => {
            db.close();
            resolve(out as unknown as Snapshot);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

const badge = () => probe.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
const countChars = (text: string) => [...text.replace(/\s+/gu, '')].length;

/**
 * The invariant, on the whole database: every clip has its body and every body its clip, every
 * quote its clip, at most one clip per page, and each clip complete. Returns the clip of `url`.
 */
function checkInvariant(db: Snapshot, url: string): ClipRecord | undefined {
  const clipIds = db.clips.map((c) => c.id).sort();
  expect(db.bodies.map((b) => b.id).sort(), 'a clip without its body, or a body without its clip').toEqual(
    clipIds,
  );
  expect(db.leads.map((l) => l.id).sort(), 'a clip without its lead, or a lead without its clip').toEqual(
    clipIds,
  );
  for (const q of db.quotes) expect(clipIds, 'a quote without its clip').toContain(q.clipId);
  expect(new Set(db.clips.map((c) => c.normalizedUrl)).size).toBe(db.clips.length);
  for (const clip of db.clips) {
    const body = db.bodies.find((b) => b.id === clip.id)!;
    expect(clip.kind).toBe('article');
    expect(body.html.length).toBeGreaterThan(0);
    expect(body.text.length).toBeGreaterThan(0);
    expect(clip.chars).toBe(countChars(body.text));
    expect(db.leads.find((l) => l.id === clip.id)!.lead).toBe(body.text.slice(0, LEAD_LENGTH));
    if (reference) {
      // The same page each time: the same article, in full.
      expect(clip.title).toBe(reference.clip.title);
      expect(clip.chars).toBe(reference.clip.chars);
      expect(body.text).toBe(reference.body.text);
      expect(body.html).toBe(reference.body.html);
    }
  }
  return db.clips.find((c) => c.url === url);
}

async function openPage(): Promise<string> {
  const url = `${origin}/long/${attempt++}`;
  await tab.goto(url);
  await tab.bringToFront();
  return url;
}

async function tabTarget(): Promise<string> {
  const { targetInfos } = (await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] } as never)) as {
    targetInfos: { targetId: string; url: string }[];
  };
  const target = targetInfos.find((t) => t.url === tab.url());
  if (!target) throw new Error(`no tab target for ${tab.url()}`);
  return target.targetId;
}

/** The toolbar click, as a person's (it grants activeTab). */
async function click(): Promise<void> {
  const targetId = await tabTarget();
  await cdp.send('Extensions.triggerAction' as never, { id: browser.extensionId, targetId } as never);
}

/** Clicks, and `delay` ms later (0: at once, no await in between) stops the worker. */
async function clickThenStop(delay: number): Promise<void> {
  const targetId = await tabTarget();
  const clicked = cdp.send(
    'Extensions.triggerAction' as never,
    { id: browser.extensionId, targetId } as never,
  );
  if (delay) await sleep(delay);
  const stopped = probeCdp.send('ServiceWorker.stopAllWorkers');
  await Promise.all([clicked, stopped]);
}

/**
 * Waits until nothing more will happen: the badge shows an outcome, or the worker has stayed
 * stopped for a second (Chrome sometimes delivers the click again to a new worker).
 */
async function settle(): Promise<void> {
  let stoppedSince: number | undefined;
  for (let i = 0; i < 200; i++) {
    if (['✓', '↻', '!'].includes(await badge())) return;
    if (workerStatus === 'stopped') {
      stoppedSince ??= Date.now();
      if (Date.now() - stoppedSince > 1000) return;
    } else {
      stoppedSince = undefined;
    }
    await sleep(50);
  }
}

/** Waits for the clip of `url` to be stored (the badge shows an outcome) and returns it. */
async function waitForClip(url: string): Promise<ClipRecord> {
  for (let i = 0; i < 200; i++) {
    if (['✓', '↻'].includes(await badge())) {
      const clip = checkInvariant(await snapshot(), url);
      if (clip) return clip;
    }
    await sleep(50);
  }
  throw new Error(`no clip of ${url} was stored`);
}

/** The next click after the stop: the clip is stored completely and the real side panel shows it. */
async function clickAgainAndCheck(url: string): Promise<void> {
  await click();
  const clip = await waitForClip(url);
  side ??= await SidePanel.waitFor(browser);
  const shown = await side.waitForValue<string>(
    `document.querySelector('.clip-card[data-clip-id="${clip.id}"] .clip-title')?.textContent`,
  );
  expect(shown).toContain(reference.clip.title);
}

/** Where the stop landed, from the database and the badge right after it and once settled. */
function landed(atStop: boolean, afterSettle: boolean, badgeAtStop: string): string {
  if (!atStop && afterSettle) return 'before the click was handled; Chrome delivered it again, clip complete';
  if (atStop) return badgeAtStop === '…' ? 'after the write, before the badge' : 'after the clip';
  return badgeAtStop === '…'
    ? 'during the extraction or the write, nothing stored'
    : 'before the click handler ran';
}

describe('the service worker stopped in the middle of a clip', () => {
  it('a clip without a stop, for reference', async () => {
    const url = await openPage();
    await click();
    const clip = await waitForClip(url);
    const db = await snapshot();
    reference = { clip, body: db.bodies.find((b) => b.id === clip.id)! };
    expect(reference.body.text).toContain('Trump');
    expect(reference.clip.chars).toBeGreaterThan(5000);
  });

  it.each([0, 0, 5, 10, 20, 35, 50])(
    'stopped %i ms after the click: all or nothing, and the next click works',
    async (delay) => {
      const url = await openPage();
      await clickThenStop(delay);
      const badgeAtStop = await badge();
      const atStop = checkInvariant(await snapshot(), url);
      await settle();
      const afterSettle = checkInvariant(await snapshot(), url);
      observed.push(`${delay} ms: ${landed(!!atStop, !!afterSettle, badgeAtStop)}`);
      await clickAgainAndCheck(url);
    },
  );

  it('control: a held write completes once released when the worker is not stopped', async () => {
    const url = await openPage();
    await probe.evaluate(HOLD_WRITES);
    await click();
    await sleep(1000);
    // Still working: the clip is waiting on the hold, not lost.
    expect(await badge()).toBe('…');
    await probe.evaluate('window.releaseHold()');
    expect((await waitForClip(url)).chars).toBe(reference.clip.chars);
  });

  it.each([1, 2])(
    'stopped while its write waits (held write %i): nothing written, and the next click works',
    async (n) => {
      const url = await openPage();
      await probe.evaluate(HOLD_WRITES);
      await click();
      // Long enough for the extraction (30–50 ms warm here) to finish and saveClip to wait on the
      // hold; the control above shows the clip waiting there. This wait is setup, not an assertion.
      await sleep(1000);
      const badgeAtStop = await badge();
      await probeCdp.send('ServiceWorker.stopAllWorkers');
      await probe.evaluate('window.releaseHold()');
      const atStop = checkInvariant(await snapshot(), url);
      expect(badgeAtStop).toBe('…');
      expect(atStop).toBeUndefined();
      await settle();
      const afterSettle = checkInvariant(await snapshot(), url);
      expect(afterSettle).toBeUndefined();
      observed.push(`held write ${n}: during the write (saveClip waiting on the hold), nothing stored`);
      // The next worker to start says the lost clip failed, instead of "…" for ever.
      await probe.evaluate(`window.heard = [];
        new BroadcastChannel('kurabe-events').onmessage = (e) => window.heard.push(e.data);`);
      await clickAgainAndCheck(url);
      const heard = (await probe.evaluate('window.heard')) as { type: string; reason?: string }[];
      expect(heard).toContainEqual(expect.objectContaining({ type: 'clip-failed', reason: 'interrupted' }));
    },
  );
});
