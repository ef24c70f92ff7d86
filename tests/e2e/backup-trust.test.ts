import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { fillOrigin, HOSTILE_VECTORS, inspectHtml } from '../helpers/hostile-vectors';
import { type Browser, launchWithExtension, openPanelInTab, readStore } from './harness';

/**
 * Issue 12, what a crafted backup broke in the panel: a clip time of 1e16 restored and then broke
 * the board's export; a restored clip event showed "Storage is full…" at every panel open; a
 * `javascript:` source URL became the reader's source link. Each such file is now refused, or
 * restored without the transient state, in the panel of the built extension.
 *
 * And "stale staging": a panel closed (or a browser killed) in the middle of a restore left
 * the staged bodies — tens of MB — in the `restoreStaging` store until the next restore. A panel
 * that starts now clears them, but only when no restore holds the `kurabe-restore` Web Lock: the
 * staged bodies of a restore running in another panel are not stale. The browser releases the
 * lock of a page that closes, as it would for a panel closed mid-restore.
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launchWithExtension({ lang: 'ja' });
});
afterAll(async () => {
  await browser?.close();
});

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/backup');
const VALID = readFileSync(path.join(FIXTURES, 'valid.jsonl'), 'utf8');

/** Restores `text` through the Data tab; resolves with the result's text. */
async function restoreInPanel(panel: Page, text: string): Promise<string> {
  await panel.click('.tab-data');
  await panel.setInputFiles('.restore-file', {
    name: 'crafted.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(text),
  });
  await panel.locator('.restore-result').waitFor();
  return (await panel.locator('.restore-result').textContent()) ?? '';
}

it('refuses a clip time of 1e16 and a javascript: source, naming the line and field, and changes nothing', async () => {
  const panel = await openPanelInTab(browser);
  const dated = VALID.replace('"clippedAt":1764100000000', '"clippedAt":1e16');
  const scripted = VALID.replace(
    '"url":"https://example.com/entry/1?utm_source=x"',
    '"url":"javascript:alert(document.domain)"',
  );
  for (const [text, field] of [
    [dated, 'record.clippedAt'],
    [scripted, 'record.url'],
  ] as const) {
    expect(text).not.toBe(VALID);
    await panel.reload();
    await panel.locator('[data-ready="true"]').waitFor();
    await restoreInPanel(panel, text);
    await panel.locator('.restore-result.form-error').waitFor();
    expect(await panel.locator('.restore-problems li').first().textContent()).toContain(`5行目 ${field}`);
    expect(await readStore(panel, 'clips')).toEqual([]);
  }
  await panel.close();
});

it('restores an old backup with a clip event far in the future, without the event: no false banner', async () => {
  const panel = await openPanelInTab(browser);
  const old = readFileSync(path.join(FIXTURES, 'transient-settings.jsonl'), 'utf8');
  expect(old).toContain('"at":8640000000000000');
  await restoreInPanel(panel, old);
  await panel.locator('.restore-result:not(.form-error)').waitFor();
  const keys = await panel.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const open = indexedDB.open('kurabe');
        open.onsuccess = () => {
          const req = open.result.transaction('settings').objectStore('settings').getAllKeys();
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result.map(String));
          };
        };
      }),
  );
  expect(keys).toEqual(['exportOptions:b-sales']);
  await panel.reload();
  await panel.locator('[data-ready="true"]').waitFor();
  // Time for the start to read its last event back.
  await panel.waitForTimeout(500);
  expect(await panel.locator('[data-status="failed"]').count()).toBe(0);
  await panel.close();
});

it('sanitizes every hostile vector inside a backup with the browser’s own Sanitizer before storing it', async () => {
  const origin = 'http://localhost:8123';
  const panel = await openPanelInTab(browser);
  expect(await panel.evaluate(() => typeof (window as { Sanitizer?: unknown }).Sanitizer)).toBe('function');
  // The valid fixture's article, once per vector, with the vector in its body.
  const [header, , , , clipLine] = VALID.split('\n');
  const clip = JSON.parse(clipLine!) as { record: Record<string, unknown> };
  const lines = HOSTILE_VECTORS.flatMap((vector, i) => [
    { store: 'clips', record: { ...clip.record, id: `v${i}`, normalizedUrl: `https://a.example/${i}` } },
    {
      store: 'bodies',
      record: { id: `v${i}`, html: `<p>before</p>${fillOrigin(vector.html, origin)}<p>after</p>` },
    },
  ]);
  const file = [
    header,
    ...lines.map((line) => JSON.stringify(line)),
    JSON.stringify({ end: true, records: lines.length }),
  ];
  await panel.reload();
  await panel.locator('[data-ready="true"]').waitFor();
  await restoreInPanel(panel, `${file.join('\n')}\n`);
  await panel.locator('.restore-result:not(.form-error)').waitFor();
  const bodies = await readStore<{ id: string; html: string }>(panel, 'bodies');
  expect(bodies).toHaveLength(HOSTILE_VECTORS.length);
  // `inspectHtml` runs in the page (it needs a DOMParser); `__name` stands in for the test
  // transform's helper, which exists only in Node.
  const findings = (await panel.evaluate(
    `(() => { const __name = (f) => f; const inspect = (${inspectHtml.toString()});
      return ${JSON.stringify(bodies)}.flatMap((b) => inspect(b.html, ${JSON.stringify(origin)}, 'stored').map((f) => b.id + ': ' + f)); })()`,
  )) as string[];
  expect(findings).toEqual([]);
  await panel.close();
}, 60_000);

/** Stages two bodies as a restore does, and holds the restore lock in `page` until it closes. */
function restoreUnderWay(page: Page): Promise<void> {
  return page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        // Held until the page goes away, as by a restore that never finishes.
        void navigator.locks.request('kurabe-restore', async () => {
          const open = indexedDB.open('kurabe');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('restoreStaging', 'readwrite');
            tx.objectStore('restoreStaging').put({ id: 'c1', html: `<p>${'本文'.repeat(500_000)}</p>` });
            tx.objectStore('restoreStaging').put({ id: 'c2', html: '<p>two</p>' });
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
          await new Promise(() => {});
        });
      }),
  );
}

it('a starting panel leaves the staging of a restore under way, and clears it once that page is gone', async () => {
  const restoring = await openPanelInTab(browser);
  await restoreUnderWay(restoring);
  expect(await readStore(restoring, 'restoreStaging')).toHaveLength(2);

  // Another panel starts while the restore runs: the lock is held, nothing is cleared.
  const second = await openPanelInTab(browser);
  const held = await second.evaluate(async () => (await navigator.locks.query()).held?.map((l) => l.name));
  expect(held).toContain('kurabe-restore');
  // Time for its start to have tried (it never waits for the lock).
  await second.waitForTimeout(500);
  expect(await readStore(second, 'restoreStaging')).toHaveLength(2);
  await second.reload();
  await second.locator('[data-ready="true"]').waitFor();
  await second.waitForTimeout(500);
  expect(await readStore(second, 'restoreStaging')).toHaveLength(2);

  // The restoring panel closes mid-way: its lock goes with it, its staged bodies stay behind…
  await restoring.close();
  // …until a panel starts.
  await second.reload();
  await second.locator('[data-ready="true"]').waitFor();
  await vi.waitFor(async () => expect(await readStore(second, 'restoreStaging')).toHaveLength(0), {
    timeout: 10_000,
  });
});

it('a starting background worker clears staging left by a restore that is gone', async () => {
  const panel = await openPanelInTab(browser);
  // Staged after this panel started (its own start cleared what was there), with the lock
  // released at once: a restore in a panel that has since closed.
  await panel.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('kurabe');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('restoreStaging', 'readwrite');
          tx.objectStore('restoreStaging').put({ id: 'w1', html: '<p>left behind</p>' });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
        };
      }),
  );
  const cdp = await browser.context.newCDPSession(panel);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await panel.waitForTimeout(500);
  // The panel does not clear it again while it runs: only a start does.
  expect(await readStore(panel, 'restoreStaging')).toHaveLength(1);
  // Any event starts the worker again; a message is the plainest.
  // Written as a string: the test's own types do not know the page's `chrome`.
  await panel.evaluate(`chrome.runtime.sendMessage({ type: 'wake-up' }).catch(() => undefined)`);
  await vi.waitFor(async () => expect(await readStore(panel, 'restoreStaging')).toHaveLength(0), {
    timeout: 10_000,
  });
  await cdp.detach();
  await panel.close();
});
