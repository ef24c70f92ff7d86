/**
 * A clip's text after backup → restore into a fresh profile is its text at clip time, exactly,
 * in real Chromium (where clips are sanitized by the browser's own Sanitizer, which reads the
 * article from its HTML). It was not: a code block starting with a blank line lost that line,
 * because the parser drops a line break right after `<pre>` and the stored HTML did not write it
 * twice. Every fixture page is clipped, with code blocks and carriage returns added to one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LEAD_LENGTH } from '../../utils/db';
import {
  type Browser,
  clickToolbarButton,
  fixturePage,
  launchWithExtension,
  openPanelInTab,
  PageServer,
  ROOT,
  readClips,
  readStore,
} from './harness';

const HAZARDS = [
  '<pre>\n\nHAZARD-pre-blank-first\nsecond line</pre>',
  '<pre><script>x()</script>\nHAZARD-pre-after-script</pre>',
  '<pre><listing>\n\nHAZARD-listing-in-pre</listing></pre>',
  '<p>HAZARD-cr-a&#13;HAZARD-cr-b&#13;&#10;HAZARD-crlf</p>',
].join('\n');

const slugs = readdirSync(path.join(ROOT, 'tests/fixtures/pages'));
/** The hazards go after the paragraph that holds a sentence the fixture must keep. */
function withHazards(slug: string): string {
  const html = fixturePage(`pages/${slug}`);
  const expected = JSON.parse(
    readFileSync(path.join(ROOT, 'tests/fixtures/pages', slug, 'expected.json'), 'utf8'),
  );
  const at = html.indexOf('</p>', html.indexOf(expected.mustContain[0].slice(0, 12)));
  return `${html.slice(0, at + 4)}\n${HAZARDS}\n${html.slice(at + 4)}`;
}

let server: PageServer;
let origin: string;
const browsers: Browser[] = [];

beforeAll(async () => {
  server = new PageServer();
  for (const slug of slugs) server.route(`/${slug}`, { body: fixturePage(`pages/${slug}`) });
  // A page of its own: without the fixture's canonical link it is not the same clip.
  server.route('/hazards', { body: withHazards('tech-code-en').replace(/<link[^>]*canonical[^>]*>/, '') });
  origin = await server.start();
});

afterAll(async () => {
  for (const browser of browsers) await browser.close();
  await server?.stop();
});

/** A clip's lead (the `leads` store, version 9). */
interface StoredLead {
  id: string;
  lead: string;
}

it('restores into a fresh profile the text, lead and count every clip had', async () => {
  const first = await launchWithExtension({ lang: 'ja' });
  browsers.push(first);
  const paths = [...slugs.map((s) => `/${s}`), '/hazards'];
  // The database is read from an extension page of its own, beside the clipped tabs.
  const panel = await openPanelInTab(first);
  for (const [i, route] of paths.entries()) {
    const tab = await first.context.newPage();
    await tab.goto(`${origin}${route}`);
    await clickToolbarButton(first, tab);
    await expect.poll(async () => (await readStore(panel, 'clips')).length, { timeout: 15_000 }).toBe(i + 1);
    await tab.close();
  }
  const clipped = await readClips(panel);
  expect(clipped).toHaveLength(paths.length);
  const leads = new Map((await readStore<StoredLead>(panel, 'leads')).map((c) => [c.id, c]));

  // The browser's Sanitizer kept the blank first line of the code block (it used to lose it as
  // it read the article's HTML) and the carriage returns became line breaks, as a parser reads them.
  const hazards = clipped.find((c) => c.url.endsWith('/hazards'))!;
  expect(hazards.text).toContain('\n\nHAZARD-pre-blank-first\nsecond line');
  expect(hazards.text).toContain('\n\nHAZARD-pre-after-script');
  expect(hazards.text).toContain('\n\nHAZARD-listing-in-pre');
  expect(hazards.text).toContain('HAZARD-cr-a HAZARD-cr-b HAZARD-crlf');

  await panel.click('.tab-data');
  const [download] = await Promise.all([panel.waitForEvent('download'), panel.click('.export-backup')]);
  const backup = readFileSync(await download.path());

  const second = await launchWithExtension({ lang: 'ja' });
  browsers.push(second);
  const fresh = await openPanelInTab(second);
  await fresh.click('.tab-data');
  await fresh.setInputFiles('.restore-file', {
    name: download.suggestedFilename(),
    mimeType: 'application/x-ndjson',
    buffer: backup,
  });
  await fresh.locator('.restore-result:not(.form-error)').waitFor();
  const restored = new Map((await readClips(fresh)).map((c) => [c.id, c]));
  const restoredLeads = new Map((await readStore<StoredLead>(fresh, 'leads')).map((c) => [c.id, c]));
  expect(restored.size).toBe(clipped.length);
  for (const clip of clipped) {
    const after = restored.get(clip.id);
    expect({ html: after?.html, text: after?.text, chars: after?.chars }, clip.url).toEqual({
      html: clip.html,
      text: clip.text,
      chars: clip.chars,
    });
    expect(leads.get(clip.id)?.lead, clip.url).toBe(clip.text.slice(0, LEAD_LENGTH));
    expect(restoredLeads.get(clip.id)?.lead, clip.url).toBe(leads.get(clip.id)?.lead);
  }
});
