// npm start: builds Kurabe (see package.json), serves the sample article on localhost and opens
// it in Chromium with the extension loaded. Click Kurabe's toolbar button to clip it.
//   npm start                 a browser window (needs a display)
//   npm start -- --smoke      headless: clips the sample article once and prints what was stored
// Browser: $KURABE_CHROMIUM, else the first of Chromium, Chrome for Testing, Edge, Chrome found.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '..');
const EXTENSION = path.join(ROOT, '.output/chrome-mv3');
const ARTICLE = '/entry/2026/11/20/route-sales';
const smoke = process.argv.includes('--smoke');

const CANDIDATES = [
  process.env.KURABE_CHROMIUM,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome-for-testing',
  '/usr/bin/microsoft-edge',
  '/usr/bin/google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
  '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
].filter((p): p is string => !!p);

function manualSteps(reason: string): never {
  console.error(`\n${reason}\n
Load Kurabe by hand instead:
  1. Open chrome://extensions (or edge://extensions) and turn on Developer mode.
  2. Click "Load unpacked" and choose ${EXTENSION}
  3. Open any article and click Kurabe's toolbar button (pin it from the puzzle-piece menu).
Or point KURABE_CHROMIUM at a Chromium, Chrome for Testing or Edge binary and run npm start again.`);
  process.exit(1);
}

if (!existsSync(path.join(EXTENSION, 'manifest.json')))
  manualSteps('No build found: run `npm run build` first.');
const executablePath = CANDIDATES.find((p) => existsSync(p));
if (!executablePath) manualSteps('No Chromium-based browser found.');
if (!smoke && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  manualSteps('No display to open a browser window on (try `npm start -- --smoke` for a headless check).');
}

const page = readFileSync(path.join(ROOT, 'tests/fixtures/pages/route-sales-ja/source.html'), 'utf8');
const server = createServer((req, res) => {
  if (req.url?.split('?')[0] === ARTICLE)
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  else if (req.url === '/') res.writeHead(302, { location: ARTICLE }).end();
  else res.writeHead(404).end();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://localhost:${(server.address() as AddressInfo).port}${ARTICLE}`;

const profile = mkdtempSync(path.join(os.tmpdir(), 'kurabe-profile-'));
// Branded Chrome (137+) ignores --load-extension, so the build is loaded through the DevTools
// protocol, which every Chromium-based browser honours.
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: smoke,
  viewport: null,
  ignoreDefaultArgs: ['--disable-extensions', '--enable-automation'],
  args: [
    '--enable-unsafe-extension-debugging',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ],
});
const cdp = await context.browser()!.newBrowserCDPSession();
const { id } = (await cdp.send('Extensions.loadUnpacked' as never, { path: EXTENSION } as never)) as {
  id: string;
};
const tab = context.pages()[0] ?? (await context.newPage());
await tab.goto(url);
console.log(`Kurabe ${id} loaded in ${path.basename(executablePath)}; the sample article is at ${url}`);

async function cleanUp() {
  await context.close().catch(() => {});
  server.close();
  rmSync(profile, { recursive: true, force: true });
}

if (smoke) {
  // A click reaches the extension only once its service worker has run and registered its
  // listeners: one sent right after loading the extension was sometimes lost.
  const worker =
    context.serviceWorkers().find((w) => w.url().includes(id)) ??
    (await context.waitForEvent('serviceworker', {
      predicate: (w) => w.url().includes(id),
      timeout: 10_000,
    }));
  for (let waited = 0; !(await worker.evaluate('chrome.action.onClicked.hasListeners()')); waited += 50) {
    if (waited > 10_000) throw new Error('the extension registered no toolbar button listener');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { targetInfos } = (await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] } as never)) as {
    targetInfos: { targetId: string; url: string }[];
  };
  const target = targetInfos.find((t) => t.url === url)!;
  await cdp.send('Extensions.triggerAction' as never, { id, targetId: target.targetId } as never);
  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${id}/sidepanel.html`);
  const card = panel.locator('.clip-card .clip-title').first();
  await card.waitFor({ timeout: 10_000 });
  const title = await card.evaluate((el) => el.lastChild?.textContent);
  console.log(`smoke: clipped “${title}”`);
  await cleanUp();
} else {
  console.log(
    'Click Kurabe’s toolbar button (puzzle-piece menu → pin) to clip it. Close the browser to stop.',
  );
  context.on('close', () => {
    server.close();
    rmSync(profile, { recursive: true, force: true });
  });
  process.on('SIGINT', () => void cleanUp().then(() => process.exit(0)));
}
