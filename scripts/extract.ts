// Usage: npm run extract -- FILE.html... [--url URL]
// Prints one JSON object per line and file, from the same extraction code the extension
// injects, run on jsdom (the closest to a browser DOM on Node).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { JSDOM, VirtualConsole } from 'jsdom';
import { extractPage } from '../utils/extract';
import { articleMarkdown } from '../utils/markdown';

const args = process.argv.slice(2);
const urlAt = args.indexOf('--url');
const givenUrl = urlAt >= 0 ? args[urlAt + 1] : undefined;
const files = args.filter((_, i) => urlAt < 0 || (i !== urlAt && i !== urlAt + 1));

if (files.length === 0) {
  console.error('usage: npm run extract -- FILE.html... [--url URL]');
  process.exit(2);
}

// Pages' own CSS and scripts are not run; their parse errors are noise here.
const quiet = new VirtualConsole();

for (const file of files) {
  const url = givenUrl ?? pathToFileURL(path.resolve(file)).href;
  let line: object;
  try {
    // Style sheets mean nothing without layout, cost jsdom time to parse, and some (SCSS left in
    // a calc()) make it throw: they are left out before parsing.
    const html = readFileSync(file, 'utf8').replace(/<style\b[^>]*>[\s\S]*?<\/style\s*>/gi, '');
    const dom = new JSDOM(html, { url, virtualConsole: quiet });
    // The page is parsed for this run only: extraction may work on it directly, without a clone.
    const page = extractPage(dom.window.document, url, { consumeDocument: true });
    // The extension makes an article's Markdown when it is exported; the command line prints it.
    line = { file, ...page, markdown: articleMarkdown(page.html, dom.window.document) };
    dom.window.close();
  } catch (error) {
    // One broken page must not lose the others: its line says why, and the run goes on.
    line = { file, error: error instanceof Error ? error.message : String(error) };
    if (process.env.KURABE_DEBUG) console.error(error);
  }
  process.stdout.write(`${JSON.stringify(line)}\n`);
  // jsdom frees closed windows only when the event loop turns.
  await new Promise((resolve) => setImmediate(resolve));
}
