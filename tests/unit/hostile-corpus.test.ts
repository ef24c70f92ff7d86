// @vitest-environment jsdom
/**
 * Every vector of the hostile corpus (tests/fixtures/hostile-vectors/vectors.ts), on a realistic
 * article page, through Kurabe's real extraction (Readability, tidy, DOMPurify, Turndown), then
 * through the reader's second sanitizing: nothing that runs, loads or submits may come out.
 *
 * Pages are parsed twice: as jsdom parses by default (scripting off, as the `extract` CLI does:
 * <noscript> holds markup) and as Chromium parses a live page (scripting on: <noscript> holds
 * raw text), then extracted as the injected script does (`runExtraction`).
 */
import { createRequire } from 'node:module';
import { JSDOM, VirtualConsole } from 'jsdom';
import { Marked } from 'marked';
import markedFootnote from 'marked-footnote';
import { afterAll, describe, expect, it } from 'vitest';
import { type ExtractedPage, extractPage } from '@/utils/extract';
import { runExtraction } from '@/utils/extract/run';
import { articleMarkdown } from '@/utils/markdown';
import { readerHtml } from '@/utils/reader-html';
import { sanitizeHtml } from '@/utils/sanitize';
import { isWebUrl } from '@/utils/url';
import {
  allVectorsPage,
  articleMarker,
  fillOrigin,
  HOSTILE_VECTORS,
  type HostileVector,
  hostileVectorPage,
  inspectHtml,
  inspectMarkdownText,
  langOf,
  vectorPath,
  vectorsByClass,
} from '../helpers/hostile-vectors';

const ORIGIN = 'http://localhost:8123';
const pageUrl = (v: HostileVector) => `${ORIGIN}${vectorPath(v)}`;

// jsdom turns the HTML parser's scripting flag on only when it also runs the page's scripts.
// Setting the flag alone (jsdom's internal parse options, read when parsing starts) gives
// Chromium's parse of a live page with no script run. The first test checks that it worked.
const idlUtils = createRequire(import.meta.url)('jsdom/lib/generated/idl/utils.js') as {
  implForWrapper(wrapper: unknown): { _parseOptions: { scriptingEnabled?: boolean } };
};

function parse(html: string, url: string, scripting: boolean): JSDOM {
  return new JSDOM(html, {
    url,
    virtualConsole: new VirtualConsole(),
    beforeParse(window) {
      if (scripting) idlUtils.implForWrapper(window.document)._parseOptions.scriptingEnabled = true;
    },
  });
}

/**
 * jsdom's computed styles throw for MathML elements and for elements inside them (MathML elements
 * have no `style` there; Chromium's do), which would fail `runExtraction`'s hidden-element pass
 * for a reason no browser has. Elements inside <math> count as shown.
 */
function tolerateMathMlStyles(win: Window): void {
  const original = win.getComputedStyle.bind(win);
  const shown = { display: 'inline', visibility: 'visible' } as CSSStyleDeclaration;
  win.getComputedStyle = (el, pseudo) => (el.closest('math') ? shown : original(el, pseudo));
}

interface Mode {
  name: string;
  scripting: boolean;
  extract(doc: Document, url: string): ExtractedPage;
}

const MODES: Mode[] = [
  {
    name: 'scripting off (jsdom, as the CLI parses): extractPage',
    scripting: false,
    extract: (doc, url) => extractPage(doc, url),
  },
  {
    name: 'scripting on (as Chromium parses a live page): runExtraction',
    scripting: true,
    extract: (doc) => {
      tolerateMathMlStyles(doc.defaultView!);
      const result = runExtraction(doc);
      if (!result.ok) throw new Error(result.error);
      return result.page;
    },
  },
];

interface Outcome {
  page?: ExtractedPage;
  error?: string;
  /** The reader's HTML for the stored clip, images shown. */
  reader?: string;
  markdown?: string;
  ms: number;
}

const outcomes = new Map<string, Outcome>();

function outcome(mode: Mode, vector: HostileVector): Outcome {
  const key = `${mode.scripting}:${vector.id}`;
  let out = outcomes.get(key);
  if (out) return out;
  const start = performance.now();
  const url = pageUrl(vector);
  const dom = parse(hostileVectorPage(vector, ORIGIN), url, mode.scripting);
  try {
    const page = mode.extract(dom.window.document, url);
    const reader = readerHtml(page.html, page.url, {
      showImages: true,
      placeholder: (alt) => `[${alt}]`,
    }).html;
    // The Markdown the export makes from the stored HTML.
    const markdown = articleMarkdown(page.html, dom.window.document);
    out = { page, reader, markdown, ms: 0 };
  } catch (error) {
    out = { error: error instanceof Error ? (error.stack ?? error.message) : String(error), ms: 0 };
  } finally {
    dom.window.close();
  }
  out.ms = performance.now() - start;
  outcomes.set(key, out);
  return out;
}

/** Links in the reader open in a new tab without opener or referrer. */
function linkFindings(html: string): string[] {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return Array.from(doc.querySelectorAll('a[href]'))
    .filter((a) => a.getAttribute('target') !== '_blank' || a.getAttribute('rel') !== 'noopener noreferrer')
    .map((a) => `reader link without noopener: ${a.outerHTML.slice(0, 160)}`);
}

it('parses like Chromium when asked to: <noscript> holds raw text', () => {
  const html = '<body><noscript><p>fallback</p></noscript></body>';
  const off = parse(html, ORIGIN, false).window.document.querySelector('noscript')!;
  const on = parse(html, ORIGIN, true).window.document.querySelector('noscript')!;
  expect(off.children).toHaveLength(1);
  expect(on.children).toHaveLength(0);
  expect(on.textContent).toBe('<p>fallback</p>');
});

describe('the inspections', () => {
  it.each([
    ['<img src="x" onerror="a()">', 'handler'],
    ['<p style="color:red">t</p>', 'attribute'],
    ['<svg><a href="#x">t</a></svg>', '<svg>'],
    ['<a href="java\tscript:a()">t</a>', 'script or data URL'],
    ['<a href="&#x2028;javascript:a()">t</a>', 'script or data URL'],
    ['<img src="data:image/svg+xml,x">', 'script or data URL'],
    ['<img srcset="/a.png 1x, javascript:a() 2x">', 'script or data URL'],
    ['<img src="/beacon/x.png">', 'beacon request'],
    ['<area href="javascript:a()">', 'script or data URL'],
    ['<p data-x="/beacon/x">t</p>', 'beacon URL in'],
    ['<p id="cookie">t</p>', 'attribute'],
    ['<meta http-equiv="refresh" content="0;url=/beacon/x">', '<meta>'],
    ['<kurabe-x>t</kurabe-x>', 'custom'],
    ['<style>p{}</style><p>t</p>', '<style>'],
    ['<body onload="a()"><p>t</p>', 'handler'],
  ])('flag %s', (html, finding) => {
    expect(inspectHtml(html, ORIGIN, 'stored').join('\n')).toContain(finding);
  });

  it.each([
    '<a href="http://localhost:8123/beacon/x">a plain link</a>',
    '<img src="data:image/png;base64,AAAA" alt="x">',
    '<img src="http://localhost:8123/pixel/x.png" alt="/beacon/ in alt text">',
    '<pre data-kurabe-lang="ts"><code class="language-ts">x</code></pre>',
  ])('pass %s', (html) => {
    expect(inspectHtml(html, ORIGIN, 'stored')).toEqual([]);
  });

  it('flags script URLs in Markdown, not inside web URLs', () => {
    expect(inspectMarkdownText('[x](javascript:a)')).toHaveLength(1);
    expect(inspectMarkdownText('<vbscript:a> and <script>')).toHaveLength(2);
    expect(inspectMarkdownText('see data:text/html,x')).toHaveLength(1);
    expect(
      inspectMarkdownText('[x](http://h/%60javascript:a) and [y](https://h/?q=\\)[z]\\(javascript:b)'),
    ).toEqual([]);
  });
});

describe.each(MODES)('$name', (mode) => {
  it.each(HOSTILE_VECTORS)('$id ($class) is stored and shown inert', (vector) => {
    const out = outcome(mode, vector);
    expect(out.error, 'extraction threw').toBeUndefined();
    const page = out.page!;
    const findings = [
      ...inspectHtml(page.html, ORIGIN, 'stored').map((f) => `stored html: ${f}`),
      ...inspectMarkdownText(out.markdown!),
      ...inspectHtml(out.reader!, ORIGIN, 'rendered').map((f) => `reader: ${f}`),
      ...linkFindings(out.reader!),
      ...[page.url, page.originalUrl].filter((u) => !isWebUrl(u)).map((u) => `clip URL: ${u}`),
    ];
    expect(findings).toEqual([]);
  });
});

describe('the sanitizer alone, on the bare fragment (what Readability would have removed first)', () => {
  it.each(HOSTILE_VECTORS)('$id ($class)', (vector) => {
    const html = sanitizeHtml(fillOrigin(vector.html, ORIGIN), pageUrl(vector));
    const reader = readerHtml(html, pageUrl(vector), { showImages: true, placeholder: () => '' }).html;
    expect([
      ...inspectHtml(html, ORIGIN, 'stored').map((f) => `sanitized: ${f}`),
      ...inspectHtml(reader, ORIGIN, 'rendered').map((f) => `reader: ${f}`),
    ]).toEqual([]);
  });
});

describe('the exported Markdown, opened in a viewer that renders raw HTML (marked + footnotes, unsanitized)', () => {
  // A typical Markdown viewer, not Kurabe's own renderer: the export leaves Kurabe.
  const viewer = new Marked({ gfm: true }).use(markedFootnote());
  const browser = MODES[1]!;
  it.each(HOSTILE_VECTORS)('$id ($class)', (vector) => {
    const out = outcome(browser, vector);
    expect(out.error, 'extraction threw').toBeUndefined();
    const rendered = viewer.parse(out.markdown!, { async: false });
    expect(inspectHtml(rendered, ORIGIN, 'rendered')).toEqual([]);
  });
});

describe('the corpus', () => {
  it('has at least 100 vectors in at least 12 classes, with unique ids', () => {
    expect(HOSTILE_VECTORS.length).toBeGreaterThanOrEqual(100);
    expect(vectorsByClass().size).toBeGreaterThanOrEqual(12);
    const ids = HOSTILE_VECTORS.map((v) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('names each vector in its own payloads, so that a flag or a request tells which one fired', () => {
    const wrong: string[] = [];
    let detectable = 0;
    for (const v of HOSTILE_VECTORS) {
      const markup = `${v.head ?? ''}${v.html}`;
      const names = [
        ...Array.from(markup.matchAll(/\/(?:beacon|pixel|link)\/([a-z0-9-]+)/g), (m) => m[1]!),
        ...Array.from(markup.matchAll(/concat\(\/([a-z0-9-]+)\/\.source\)/g), (m) => m[1]!),
      ];
      if (names.length || /base64,|&#/.test(markup)) detectable++;
      for (const name of names) if (!name.startsWith(v.id)) wrong.push(`${v.id}: ${name}`);
    }
    expect(wrong).toEqual([]);
    expect(detectable / HOSTILE_VECTORS.length).toBeGreaterThan(0.9);
  });

  it('puts each vector inside the article of a realistic page', () => {
    for (const v of HOSTILE_VECTORS) {
      const html = hostileVectorPage(v, ORIGIN);
      const article = html.slice(html.indexOf('<article'), html.lastIndexOf('</article>'));
      expect(article).toContain(fillOrigin(v.html, ORIGIN));
      expect(article).toContain(articleMarker(langOf(v)));
      expect(html).not.toContain('{{ORIGIN}}');
    }
  });

  it('builds one page of every shareable vector that still clips as one article, inert', () => {
    const url = `${ORIGIN}/vector/all`;
    const dom = parse(allVectorsPage(ORIGIN), url, true);
    const page = MODES[1]!.extract(dom.window.document, url);
    const markdown = articleMarkdown(page.html, dom.window.document);
    dom.window.close();
    expect(page.kind).toBe('article');
    expect(page.text).toContain(articleMarker('en'));
    expect([
      ...inspectHtml(page.html, ORIGIN, 'stored').map((f) => `stored html: ${f}`),
      ...inspectMarkdownText(markdown),
    ]).toEqual([]);
  });

  it('still clips nearly every vector page as an article (the vectors reach the sanitizer)', () => {
    for (const mode of MODES) {
      const results = HOSTILE_VECTORS.map((v) => ({ v, out: outcome(mode, v) }));
      const articles = results.filter(
        ({ v, out }) => out.page?.kind === 'article' && out.page.text.includes(articleMarker(langOf(v))),
      );
      expect(articles.length / results.length, mode.name).toBeGreaterThan(0.9);
    }
  });
});

afterAll(() => {
  // A summary for whoever reads the run: classes, pages that fell back to bookmarks, time.
  const lines = [`hostile corpus: ${HOSTILE_VECTORS.length} vectors`];
  for (const [cls, vectors] of vectorsByClass()) lines.push(`  ${cls}: ${vectors.length}`);
  for (const mode of MODES) {
    const results = HOSTILE_VECTORS.map((v) => ({ v, out: outcomes.get(`${mode.scripting}:${v.id}`) }));
    const bookmarks = results.filter(({ out }) => out?.page?.kind === 'bookmark').map(({ v }) => v.id);
    const partial = results
      .filter(
        ({ v, out }) => out?.page?.kind === 'article' && !out.page.text.includes(articleMarker(langOf(v))),
      )
      .map(({ v }) => v.id);
    const errors = results.filter(({ out }) => out?.error).map(({ v }) => v.id);
    const ms = results.reduce((sum, { out }) => sum + (out?.ms ?? 0), 0);
    lines.push(
      `${mode.name}: ${bookmarks.length} bookmarks [${bookmarks.join(', ')}], ` +
        `${partial.length} articles missing the last paragraph [${partial.join(', ')}], ` +
        `${errors.length} errors [${errors.join(', ')}], ${Math.round(ms)} ms`,
    );
  }
  console.log(lines.join('\n'));
});
