import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import type { Board } from '@/utils/db';
import { renderOutline } from '@/utils/outline';
import { outlineToBlocks } from '@/utils/publish/blocks';
import { GOLDEN_CASES, makeClip, makePlacement, makeQuote } from '../fixtures/outline/boards';

/**
 * The outline as WordPress block markup: golden files per fixture board
 * (tests/fixtures/publish/<board>/<variant>.html, regenerated only with UPDATE_FIXTURES=1 and
 * reviewed), and for every output its structure checked as the block parser reads it: delimiters
 * balanced and only the core blocks Kurabe writes, each block's HTML only the elements and
 * attributes those blocks save, page text as text.
 */

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/publish');

const VARIANTS = {
  blocks: { titleSeparate: true },
  'bullet-inline': { titleSeparate: true, quoteStyle: 'bullet', references: 'inline' },
} as const;

/** Every block delimiter, as WordPress's block parser finds them. */
const DELIMITER = /<!--\s+(\/)?wp:([a-z][a-z0-9_-]*\/)?([a-z][a-z0-9_-]*)\s+(\{[\s\S]*?\}\s+)?(\/)?-->/g;
const BLOCKS = new Set(['heading', 'paragraph', 'list', 'list-item', 'quote', 'table']);
const ELEMENTS = new Set([
  'H2',
  'H3',
  'H4',
  'P',
  'UL',
  'OL',
  'LI',
  'BLOCKQUOTE',
  'CITE',
  'FIGURE',
  'TABLE',
  'THEAD',
  'TBODY',
  'TR',
  'TH',
  'TD',
  'A',
  'STRONG',
  'EM',
  'S',
  'CODE',
  'SUP',
  'BR',
]);

/** Checks the markup as a block parser and a browser read it; returns the HTML without delimiters. */
function checkBlocks(markup: string): { html: string; names: string[] } {
  const stack: string[] = [];
  const names: string[] = [];
  for (const match of markup.matchAll(DELIMITER)) {
    const [, closing, namespace, name, attrs, selfClosing] = match;
    expect(namespace, match[0]).toBeUndefined();
    expect(BLOCKS.has(name!), match[0]).toBe(true);
    expect(selfClosing).toBeUndefined();
    if (closing) expect(stack.pop(), match[0]).toBe(name);
    else {
      stack.push(name!);
      names.push(name!);
      if (attrs) expect(() => JSON.parse(attrs)).not.toThrow();
    }
  }
  expect(stack).toEqual([]);
  // No other comment, and nothing that looks like one, is left once the delimiters are taken out.
  const html = markup.replace(DELIMITER, '');
  expect(html).not.toContain('<!--');
  expect(html).not.toContain('-->');
  const body = new JSDOM(`<body>${html}</body>`).window.document.body;
  for (const element of Array.from(body.querySelectorAll('*'))) {
    expect(ELEMENTS.has(element.tagName), element.tagName).toBe(true);
    for (const attribute of Array.from(element.attributes)) {
      if (attribute.name === 'href') expect(attribute.value).toMatch(/^(https?:|mailto:)/);
      else if (attribute.name === 'class') expect(attribute.value).toMatch(/^wp-block-(quote|table)$/);
      else expect(attribute.name).toBe('start');
    }
  }
  return { html, names };
}

describe.each(GOLDEN_CASES)('board $slug', ({ slug, build }) => {
  describe.each(Object.entries(VARIANTS))('%s', (variant, options) => {
    const markdown = renderOutline(build(), options);
    const markup = outlineToBlocks(markdown);

    it('gives the expected block markup', () => {
      const file = path.join(FIXTURES, slug, `${variant}.html`);
      if (process.env.UPDATE_FIXTURES === '1') {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, markup);
      }
      expect(
        existsSync(file),
        `publish/${slug}/${variant}.html is missing: UPDATE_FIXTURES=1, review it`,
      ).toBe(true);
      expect(markup).toBe(readFileSync(file, 'utf8'));
    });

    it('is blocks only, balanced, with the outline’s headings, table and sources', () => {
      const { html, names } = checkBlocks(markup);
      const doc = new JSDOM(`<body>${html}</body>`).window.document;
      const headings = [...markdown.matchAll(/^(#{2,6}) /gm)].length;
      expect(doc.querySelectorAll('h2, h3, h4').length).toBe(headings);
      expect(names.filter((n) => n === 'heading').length).toBe(headings);
      if (/^\| /m.test(markdown))
        expect(doc.querySelectorAll('figure.wp-block-table > table').length).toBe(1);
      const sources = [...markdown.matchAll(/^(?:\[\^\d+\]:|\d+\.) /gm)].length;
      if (sources > 0) expect(doc.querySelector('ol:last-of-type')?.children.length).toBe(sources);
      // Every top-level piece is a block: nothing lands between blocks as a classic block.
      expect(markup.replace(/<!-- wp:(\w[\w-]*)[\s\S]*?<!-- \/wp:\1 -->/g, '').trim()).toBe('');
    });
  });
});

describe('hostile text from pages', () => {
  const HOSTILE = [
    '--> <!-- wp:html --><script>alert(1)</script><!-- /wp:html -->',
    '<!-- wp:paragraph {"a":1} -->',
    'He said "yes" & she said \'no\' — AT&T &amp; &lt;tag&gt;',
    '「日本語の引用」、全角＜タグ＞と＆記号。',
    '</p></li></ul></blockquote></figure><img src=x onerror=alert(1)>',
  ];
  const board: Board = {
    id: 'b',
    title: HOSTILE[0]!,
    subjects: [{ id: 's', name: HOSTILE[1]! }],
    aspects: [{ id: 'a', name: HOSTILE[4]! }],
    cellNotes: { a: { s: HOSTILE[2]! } },
    order: 'a0',
    updatedAt: 0,
  };
  const clip = makeClip({
    id: 'c',
    title: HOSTILE[2]!,
    normalizedUrl: 'https://example.com/?q="><script>alert(1)</script>&x=1',
    siteName: HOSTILE[0]!,
    byline: HOSTILE[3]!,
  });
  const quotes = HOSTILE.map((text, i) =>
    makeQuote({ id: `q${i}`, clipId: 'c', text, note: HOSTILE[(i + 1) % HOSTILE.length]!, createdAt: i }),
  );
  const placements = quotes.map((q, i) =>
    makePlacement({
      boardId: 'b',
      clipId: 'c',
      quoteId: q.id,
      aspectId: 'a',
      subjectId: i % 2 ? 's' : undefined,
      order: `a${i}`,
      note: HOSTILE[i]!,
    }),
  );
  const input = { board, placements, clips: [clip], quotes };

  it.each(Object.entries(VARIANTS))('%s: stays text, in blocks only', (_variant, options) => {
    const markup = outlineToBlocks(renderOutline(input, options));
    const { html } = checkBlocks(markup);
    const text = new JSDOM(`<body>${html}</body>`).window.document.body.textContent ?? '';
    for (const hostile of HOSTILE) expect(text).toContain(hostile);
    expect(markup).not.toMatch(/<script|<img/i);
    // The link to the page keeps its address whole, encoded, inside its attribute.
    const links = new JSDOM(`<body>${html}</body>`).window.document.querySelectorAll('a');
    expect(links.length).toBeGreaterThan(0);
    for (const a of Array.from(links)) {
      expect(a.getAttribute('href')).toMatch(
        /^https:\/\/example\.com\/\?q=%22%3E%3Cscript%3Ealert%281%29%3C\/script%3E&x=1$/,
      );
    }
  });
});
