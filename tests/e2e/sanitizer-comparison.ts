/**
 * The comparison of the two sanitizer engines (utils/sanitize.ts), written once for each browser
 * that runs it (tests/e2e/sanitizer-engines.test.ts in Chromium,
 * tests/e2e/firefox/sanitizer-engines.test.ts in Firefox): on every hostile vector's page and
 * every fixture page the browser's own HTML Sanitizer and DOMPurify must give the same tree, and
 * that tree must hold nothing active. The page script is tests/e2e/pages/sanitizers.ts.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HOSTILE_VECTORS, hostileVectorPage, inspectHtml } from '../helpers/hostile-vectors';
import { fixturePage, ROOT } from './harness';

export interface Both {
  native: string;
  dompurify: string;
  nativeThenDompurify: string;
  html: string;
}

export interface EnginesInPage {
  /** Whether the page's browser sanitizes with its own Sanitizer (`articleSanitizer` is 'native'). */
  native(): Promise<boolean>;
  /** Both engines on `html`, in the page (window.kurabeSanitizers.both). */
  both(html: string, baseUrl: string): Promise<Both>;
}

const ORIGIN = 'http://127.0.0.1:9';

/**
 * Vectors built to confuse a parser about namespaces, where DOMPurify's parse of the markup
 * differs from the browser's and DOMPurify drops more (here: the rest of the article). The
 * browser's result must still be one DOMPurify leaves as it is.
 */
const PARSED_DIFFERENTLY = new Set(['math-mglyph-style-form']);

/** Where two trees part, with some context ('' when they are the same). */
export function firstDifference(a: string, b: string): string {
  if (a === b) return '';
  let i = 0;
  while (a[i] === b[i]) i++;
  return `at ${i}: …${a.slice(Math.max(0, i - 80), i + 120)}\n   vs …${b.slice(Math.max(0, i - 80), i + 120)}`;
}

/** Declares the comparison's tests against the page `engines()` gives once `beforeAll` has run. */
export function compareSanitizerEngines(browserName: string, engines: () => EnginesInPage): void {
  let dom: JSDOM;
  beforeAll(() => {
    // inspectHtml parses with DOMParser: jsdom's, in this Node process.
    dom = new JSDOM('');
    globalThis.DOMParser = dom.window.DOMParser;
  });
  afterAll(() => dom?.window.close());

  it(`runs the browser’s own Sanitizer in this ${browserName} (else the comparison below is of DOMPurify with itself)`, async () => {
    expect(await engines().native()).toBe(true);
  });

  it('gives the same tree as DOMPurify on every hostile vector, with nothing active in it', async () => {
    const differences: string[] = [];
    const findings: string[] = [];
    for (const vector of HOSTILE_VECTORS) {
      const out = await engines().both(hostileVectorPage(vector, ORIGIN), `${ORIGIN}/vector/${vector.id}`);
      if (out.native !== out.dompurify && !PARSED_DIFFERENTLY.has(vector.id))
        differences.push(`${vector.id} ${firstDifference(out.native, out.dompurify)}`);
      // Whatever the browser keeps, DOMPurify keeps too when the clip is shown.
      if (out.nativeThenDompurify !== out.native)
        differences.push(`${vector.id} shown: ${firstDifference(out.native, out.nativeThenDompurify)}`);
      findings.push(...inspectHtml(out.html, ORIGIN, 'stored').map((f) => `${vector.id}: ${f}`));
    }
    expect(HOSTILE_VECTORS.length).toBeGreaterThan(250);
    expect(differences).toEqual([]);
    expect(findings).toEqual([]);
  });

  it('gives the same tree as DOMPurify where a parser reads a tree differently from its HTML', async () => {
    // The browser's Sanitizer reads the article from its HTML; DOMPurify takes the nodes. A code
    // block whose text starts with a line break lost it in the first (the parser drops one after
    // <pre>), and a carriage return became a line break in the first only.
    const page = `<!doctype html><body><article>${[
      '<pre>\n\nblank first line</pre>',
      '<pre>\n\n\ntwo blank lines</pre>',
      '<pre><script>x()</script>\nafter a script</pre>',
      '<pre><listing>\n\nlisting</listing></pre>',
      '<p>cr&#13;crlf&#13;&#10;end</p>',
      '<p title="a&#13;b">attribute</p>',
    ].join('')}</article>`;
    const out = await engines().both(page, 'https://example.com/');
    expect(out.native).toContain('"\\nblank first line"');
    expect(firstDifference(out.native, out.dompurify)).toBe('');
    expect(firstDifference(out.native, out.nativeThenDompurify)).toBe('');
  });

  it('gives the same tree as DOMPurify on every fixture page', async () => {
    const slugs = readdirSync(path.join(ROOT, 'tests/fixtures/pages'));
    expect(slugs.length).toBeGreaterThanOrEqual(10);
    for (const slug of [...slugs.map((s) => `pages/${s}`), 'hostile']) {
      const out = await engines().both(fixturePage(slug), `https://example.com/${slug}/`);
      expect(out.native.length, slug).toBeGreaterThan(500);
      expect(firstDifference(out.native, out.dompurify), slug).toBe('');
      expect(firstDifference(out.native, out.nativeThenDompurify), slug).toBe('');
    }
  });
}
