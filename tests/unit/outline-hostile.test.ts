// @vitest-environment jsdom

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Board, Clip, Placement, Quote } from '@/utils/db';
import { oneLine } from '@/utils/markdown-escape';
import { renderMarkdown, renderOutlinePreview, renderOutlinePreviewSafe } from '@/utils/markdown-render';
import {
  DEFAULT_OUTLINE_OPTIONS,
  type OutlineInput,
  type OutlineOptions,
  renderOutline,
} from '@/utils/outline';
import { outlineHtml, sanitizedOutlineHtml } from '@/utils/outline-preview';
import { sanitizeToBody } from '@/utils/sanitize';
import {
  HOSTILE_STRINGS,
  hostileBoard,
  makeClip,
  makePlacement,
  makeQuote,
} from '../fixtures/outline/boards';
import { checkStructure, headingLines, outlineStructure } from '../fixtures/outline/structure';

/**
 * Whatever the pages and the user wrote, the outline stays well-formed Markdown (same headings,
 * a table of the same shape, sources that match their references) and its preview runs nothing:
 * no script, no event handler, no javascript: link, even before sanitizing.
 */

const OPTION_SETS: Partial<OutlineOptions>[] = [
  {},
  { quoteStyle: 'bullet' },
  { references: 'inline' },
  { quoteStyle: 'bullet', references: 'inline', titleSeparate: true, locale: 'en', summary: false },
];

/** What Markdown can make; anything else in the preview came from the input. */
const MARKDOWN_ELEMENTS = new Set([
  'H1',
  'H2',
  'H3',
  'P',
  'BLOCKQUOTE',
  'UL',
  'OL',
  'LI',
  'A',
  'STRONG',
  'EM',
  'DEL',
  'CODE',
  'TABLE',
  'THEAD',
  'TBODY',
  'TR',
  'TH',
  'TD',
  'BR',
  'SUP',
  'SECTION',
  'IMG',
]);

function previewOf(markdown: string): HTMLElement {
  const root = document.createElement('div');
  // jsdom runs no script and loads nothing by default: inspecting the tree is safe.
  root.innerHTML = renderOutlinePreview(markdown);
  return root;
}

/** Nothing that runs: no script, no handler, no URL but web pages and the footnotes' own anchors. */
function expectInert(root: Element) {
  for (const el of root.querySelectorAll('*')) {
    expect(MARKDOWN_ELEMENTS.has(el.tagName), el.outerHTML).toBe(true);
    for (const attr of el.attributes) {
      expect(attr.name, el.outerHTML).not.toMatch(/^on/i);
      // A URL's scheme decides what it does ("https://x.example/javascript:" is a web page).
      if (['href', 'src'].includes(attr.name))
        expect(attr.value, el.outerHTML).toMatch(/^(https?:|mailto:|#)/i);
      expect(attr.value, el.outerHTML).not.toMatch(/^\s*(javascript|data|vbscript):/i);
    }
  }
  expect(root.querySelector('script, iframe, object, embed, style, form')).toBeNull();
}

function expectSanitizedInert(markdown: string) {
  const body = sanitizeToBody(renderOutlinePreview(markdown), 'https://kurabe.invalid/', window);
  expect(body.querySelectorAll('script')).toHaveLength(0);
  for (const el of body.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      expect(attr.name).not.toMatch(/^on/i);
      expect(attr.value).not.toMatch(/^\s*javascript:/i);
    }
  }
}

/** Headings of the preview as shown, the footnotes' own hidden heading left out. */
function previewHeadings(root: Element): string[] {
  return [...root.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter((h) => !h.closest('section[data-footnotes]'))
    .map((h) => `${'#'.repeat(Number(h.tagName[1]))} ${h.textContent}`);
}

describe('the hostile board', () => {
  describe.each(OPTION_SETS)('options %o', (partial) => {
    const input = hostileBoard();
    const options = { ...DEFAULT_OUTLINE_OPTIONS, ...partial };
    const markdown = renderOutline(input, partial);
    const structure = outlineStructure(markdown);

    it('keeps its structure: headings, table shape, sources and footnotes', () => {
      checkStructure(markdown, structure, input, options);
    });

    it('shows names exactly as typed, on one line', () => {
      const { board } = input;
      const headings = headingLines(structure);
      if (!options.titleSeparate) expect(headings[0]).toBe(`# ${oneLine(board.title)}`);
      for (const aspect of board.aspects) expect(headings).toContain(`## ${oneLine(aspect.name)}`);
      for (const subject of board.subjects) expect(headings).toContain(`### ${oneLine(subject.name)}`);
      expect(previewHeadings(previewOf(markdown))).toEqual(headings);
    });

    it('shows each quote’s text as written, with no Markdown read into it', () => {
      const root = previewOf(markdown);
      const shown = [
        ...root.querySelectorAll(options.quoteStyle === 'blockquote' ? 'blockquote p' : 'li'),
      ].map((el) => el.textContent ?? '');
      for (const text of HOSTILE_STRINGS.slice(0, 12)) {
        const firstLine = oneLine(text.split('\n')[0]!);
        expect(
          shown.some((s) => s.includes(firstLine)),
          firstLine,
        ).toBe(true);
      }
    });

    it('previews inert, before and after sanitizing', () => {
      expectInert(previewOf(markdown));
      expectSanitizedInert(markdown);
    });
  });

  it('writes the script-URL clip without a link, and no javascript: destination at all', () => {
    const markdown = renderOutline(hostileBoard(), { references: 'inline' });
    expect(markdown).toContain('- A page at a script URL\n');
    expect(markdown).not.toMatch(/(?<!\\)\](?!\\)\(\s*<?\s*javascript:/i);
    expect(outlineStructure(markdown).urls.every((u) => /^https?:/.test(u))).toBe(true);
  });

  it('keeps a title that spells an image as the text of its link (a counterexample fast-check found)', () => {
    const input = boardOf({
      ...emptyFields(),
      clipTitle: '![x](<javascript:alert(1)>)',
      url: 'https://x.example/',
    });
    for (const references of ['inline', 'footnotes'] as const) {
      const markdown = renderOutline(input, { references });
      expect(
        outlineStructure(markdown).urls.every((u) => /^https:\/\/x\.example\//.test(u)),
        markdown,
      ).toBe(true);
      const root = previewOf(markdown);
      expect(root.querySelectorAll('img')).toHaveLength(0);
      expect(root.textContent).toContain('![x](<javascript:alert(1)>)');
    }
  });

  it('percent-encodes a URL with spaces, parentheses and angle brackets', () => {
    const markdown = renderOutline(hostileBoard());
    expect(markdown).toContain('<https://evil.example/path%20%28with%29%20spaces/%3Ctag%3E>');
  });

  it('reads no cell note from an aspect id that is an Object property name', () => {
    const { board } = hostileBoard();
    expect(renderOutline(hostileBoard())).toContain('| constructor |  |  |');
    expect(board.aspects.map((a) => a.id)).toContain('constructor');
  });
});

// --- Property: any strings anywhere ------------------------------------------------------------

const FRAGMENTS = [
  '|',
  '||',
  '\n',
  '\n\n',
  '\r\n',
  '\u2028',
  '\u0000',
  '\t',
  '    ',
  ' ',
  '*',
  '**',
  '***',
  '_',
  '__',
  '[',
  ']',
  '(',
  ')',
  '[x](javascript:alert(1))',
  '[x](<javascript:alert(1)>)',
  '#',
  '# ',
  '## ',
  '<',
  '>',
  '</table>',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<br>',
  '`',
  '``',
  '```',
  '~',
  '~~',
  '~~~',
  '-',
  '- ',
  '---',
  '=',
  '===',
  ':-:',
  '-|-',
  ':',
  '\\',
  '!',
  '![i](https://x.example/i.png)',
  '&',
  '&lt;',
  '&#60;',
  '&amp;',
  ';',
  '^',
  '[^1]',
  '[^1]: x',
  '[a]: https://x.example',
  'https://x.example/a_b*c*',
  'www.x.example',
  'WWW.X.EXAMPLE',
  'a@b.example',
  'someone@example.com',
  'first.last+tag@sub.example.co.jp',
  'a_b@c_d.example',
  'mailto:',
  'mailto:a@b.example',
  'MAILTO:a@b.example',
  'xmpp:',
  'xmpp:user@jabber.example/res',
  'ftp://x.example/f',
  'HTTPS://X.EXAMPLE',
  'http://',
  '@',
  '.',
  'javascript:alert(1)',
  '「',
  '」',
  '。',
  '、',
  '（',
  '強調',
  'ルート営業',
  'a',
  'Z',
  '1.',
  '1)',
  '+',
  '> ',
  '👨‍👩‍👧',
  'https://evil.example/a b(c)d',
];

const hostileText = fc.oneof(
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 10 }).map((parts) => parts.join('')),
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.string({ unit: 'binary-ascii', maxLength: 24 }),
);

const hostileFields = fc.record({
  title: hostileText,
  subjects: fc.tuple(hostileText, hostileText),
  aspects: fc.tuple(hostileText, hostileText),
  cellNotes: fc.tuple(hostileText, hostileText),
  quotes: fc.tuple(hostileText, hostileText, hostileText, hostileText),
  notes: fc.tuple(hostileText, hostileText, hostileText, hostileText),
  clipTitle: hostileText,
  site: hostileText,
  byline: hostileText,
  excerpt: hostileText,
  url: fc.oneof(
    hostileText,
    hostileText.map((t) => `https://x.example/${t}`),
  ),
  published: hostileText,
});

/**
 * A board of fixed shape (two aspects, two subjects; quotes in cells, a clip for all subjects, a
 * clip unsorted) filled with the generated strings.
 */
type HostileFields = typeof hostileFields extends fc.Arbitrary<infer T> ? T : never;

/** Every field empty: a counterexample sets only the fields it needs. */
function emptyFields(): HostileFields {
  return {
    title: '',
    subjects: ['', ''],
    aspects: ['', ''],
    cellNotes: ['', ''],
    quotes: ['', '', '', ''],
    notes: ['', '', '', ''],
    clipTitle: '',
    site: '',
    byline: '',
    excerpt: '',
    url: '',
    published: '',
  };
}

function boardOf(f: HostileFields): OutlineInput {
  const board: Board = {
    id: 'b',
    title: f.title,
    subjects: [
      { id: 's1', name: f.subjects[0] },
      { id: 's2', name: f.subjects[1] },
    ],
    aspects: [
      { id: 'a1', name: f.aspects[0] },
      { id: 'a2', name: f.aspects[1] },
    ],
    cellNotes: { a1: { s1: f.cellNotes[0] }, a2: { s2: f.cellNotes[1] } },
    order: 'a0',
    updatedAt: 0,
  };
  const page = (id: string): Clip =>
    makeClip({
      id,
      title: f.clipTitle,
      normalizedUrl: f.url,
      siteName: f.site,
      byline: f.byline,
      excerpt: f.excerpt,
      publishedTime: f.published,
      note: f.notes[3],
    });
  const clips = [page('c1'), page('c2'), page('c3')];
  const quotes: Quote[] = f.quotes.map((text, i) =>
    makeQuote({ id: `q${i}`, clipId: i < 3 ? 'c1' : 'c3', text, note: f.notes[i]! }),
  );
  const placements: Placement[] = [
    makePlacement({
      boardId: 'b',
      clipId: 'c1',
      quoteId: 'q0',
      aspectId: 'a1',
      subjectId: 's1',
      order: 'a0',
      note: f.notes[1],
    }),
    makePlacement({
      boardId: 'b',
      clipId: 'c1',
      quoteId: 'q1',
      aspectId: 'a1',
      subjectId: 's2',
      order: 'a1',
    }),
    makePlacement({
      boardId: 'b',
      clipId: 'c1',
      quoteId: 'q2',
      aspectId: 'a2',
      subjectId: 's1',
      order: 'a2',
    }),
    makePlacement({ boardId: 'b', clipId: 'c2', aspectId: 'a1', order: 'a3', note: f.notes[2] }),
    makePlacement({ boardId: 'b', clipId: 'c3', order: 'a4', note: f.notes[0] }),
  ];
  return { board, clips, quotes, placements };
}

describe('any strings in any field (property)', () => {
  it.each(OPTION_SETS)(
    'keep headings, table shape and sources, and preview inert — options %o',
    (partial) => {
      const options = { ...DEFAULT_OUTLINE_OPTIONS, ...partial };
      fc.assert(
        fc.property(hostileFields, (fields) => {
          const input = boardOf(fields);
          const markdown = renderOutline(input, partial);
          const structure = outlineStructure(markdown);
          checkStructure(markdown, structure, input, options);
          // The general and unsorted sections are always there on this board.
          const labels = options.locale === 'en' ? ['### General', '## Unsorted'] : ['### 共通', '## 未分類'];
          for (const label of labels) expect(headingLines(structure)).toContain(label);
          const root = previewOf(markdown);
          expect(previewHeadings(root)).toEqual(headingLines(structure));
          expect(root.querySelectorAll('table')).toHaveLength(1);
          for (const row of root.querySelectorAll('tr')) expect(row.children).toHaveLength(3);
          expectInert(root);
        }),
        { numRuns: 150 },
      );
    },
  );

  it('text without CJK previews exactly as marked renders it (the emphasis extension stays out)', () => {
    const latin = fc
      .array(
        fc.constantFrom(
          '*',
          '**',
          '***',
          '_',
          'a',
          'b',
          ' ',
          '.',
          ',',
          '"',
          '(',
          ')',
          '`',
          '\\',
          '[x](https://a.example)',
          '\n',
        ),
        {
          maxLength: 16,
        },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(latin, (markdown) => {
        expect(renderOutlinePreview(markdown)).toBe(renderMarkdown(markdown));
      }),
      { numRuns: 500 },
    );
  });

  it('the emphasis extension never breaks the document: same blocks as marked alone', () => {
    const cjk = fc
      .array(
        fc.constantFrom(
          '*',
          '**',
          '「',
          '」',
          '。',
          '、',
          '強調',
          'です',
          ' ',
          'a',
          '`',
          '\n',
          '\n\n',
          '> ',
          '- ',
        ),
        {
          maxLength: 16,
        },
      )
      .map((parts) => parts.join(''));
    const blocks = (html: string) => {
      const root = document.createElement('div');
      root.innerHTML = html;
      return [...root.querySelectorAll('p, li, blockquote, h1, h2, h3, ul, ol, code')]
        .map((el) => el.tagName)
        .join();
    };
    fc.assert(
      fc.property(cjk, (markdown) => {
        expect(blocks(renderOutlinePreview(markdown))).toBe(blocks(renderMarkdown(markdown)));
      }),
      { numRuns: 500 },
    );
  });

  it('makes no link or image of the text: only the sources and footnotes Kurabe writes', () => {
    // Page text and board names anywhere, the notes left empty (a note is the user's Markdown,
    // links included); every clip at one address, which no fragment spells.
    const SOURCE = 'https://kurabe-source.example/page';
    const pageText = fc.record({
      title: hostileText,
      subjects: fc.tuple(hostileText, hostileText),
      aspects: fc.tuple(hostileText, hostileText),
      quotes: fc.tuple(hostileText, hostileText, hostileText, hostileText),
      clipTitle: hostileText,
      site: hostileText,
      byline: hostileText,
      excerpt: hostileText,
      published: hostileText,
    });
    /** The addresses a link may have: the source, as each renderer writes a link to it. */
    const madeByKurabe = new Set(
      [renderOutlinePreview, renderMarkdown].flatMap((render) => {
        const root = document.createElement('div');
        root.innerHTML = render(`[t](${SOURCE}) <${SOURCE}>`);
        return [...root.querySelectorAll('a')].map((a) => a.getAttribute('href'));
      }),
    );
    expect(madeByKurabe).toEqual(new Set([SOURCE]));
    fc.assert(
      fc.property(pageText, fc.constantFrom(...OPTION_SETS), (text, partial) => {
        const input = boardOf({ ...emptyFields(), ...text, url: SOURCE });
        const markdown = renderOutline(input, partial);
        for (const render of [renderOutlinePreview, renderMarkdown]) {
          const root = document.createElement('div');
          root.innerHTML = render(markdown);
          expect(root.querySelectorAll('img'), markdown).toHaveLength(0);
          for (const a of root.querySelectorAll('a')) {
            const href = a.getAttribute('href') ?? '';
            // A footnote and its way back, or the clip's source.
            if (/^#footnote-(ref-)?\d+(-\d+)?$/.test(href)) continue;
            expect(madeByKurabe.has(href), `${href} in\n${markdown}`).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('keeps e-mail addresses, mailto:, xmpp: and web addresses in page text as text', () => {
    const text =
      'Write to someone@example.com, mailto:a@b.example or xmpp:user@jabber.example/res; see www.x.example, https://x.example/a_b and ftp://x.example/f';
    const input = boardOf({
      ...emptyFields(),
      clipTitle: text,
      excerpt: text,
      quotes: [text, text, text, text],
      url: 'https://kurabe-source.example/page',
    });
    const markdown = renderOutline(input, { references: 'inline' });
    const root = previewOf(markdown);
    expect([...root.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(
      Array(root.querySelectorAll('a').length).fill('https://kurabe-source.example/page'),
    );
    // Shown as written.
    for (const li of root.querySelectorAll('blockquote p'))
      if (li.textContent?.startsWith('Write')) expect(li.textContent).toContain(text);
    expect(root.textContent).toContain(text);
    expect(markdown).toContain('someone@example\\.com');
    expect(markdown).toContain('www\\.x.example');
  });
});

/**
 * The preview as it was made before issue 14 (and still is for Markdown holding raw HTML or an
 * image): marked, then the sanitizer, then footnote jumps and empty headings taken out and links
 * sent to a new tab. The fast path must show exactly this tree.
 */
function previewSanitizedAfter(markdown: string): string {
  return sanitizedOutlineHtml(renderOutlinePreview(markdown), window);
}

/** An HTML string as the tree a page builds of it, written out again (text runs merged). */
function asTree(html: string): string {
  const root = document.createElement('div');
  root.innerHTML = html;
  root.normalize();
  return root.innerHTML.replace(/\n+/g, '\n');
}

describe('the preview written safe by its renderer (issue 14: no second pass over 2,000 quotes)', () => {
  it('is the tree the sanitizer made, on hostile boards with user Markdown in the notes', () => {
    const notes = fc.constantFrom(
      '**重要**、継続率の根拠',
      '[リンク](https://a.example/ä b?q=1&r=2) と <https://b.example>',
      '[j](javascript:alert(1)) [d](data:text/html,x) [r](/relative) [m](mailto:a@b.example) [e](https://a.example/?a&lt;b)',
      '# 見出し\n\n## \n\n- 箇条書き\n- `code <b>`\n\n> 引用 *強調*',
      '| a | b |\n|---|---|\n| 1 | 2 |\n\n[^9]: 脚注でない',
    );
    fc.assert(
      fc.property(
        hostileFields,
        fc.tuple(notes, notes, notes, notes),
        fc.constantFrom(...OPTION_SETS),
        (fields, userNotes, partial) => {
          const markdown = renderOutline(boardOf({ ...fields, notes: userNotes }), partial);
          expect(asTree(outlineHtml(markdown)), markdown).toBe(asTree(previewSanitizedAfter(markdown)));
        },
      ),
      { numRuns: 100 },
    );
  }, 60_000);

  it('leaves raw HTML, images and character references in addresses to the sanitizer, as before', () => {
    // The outline escapes these in page text and notes alike; Markdown written by hand may hold them.
    for (const markdown of [
      '# T\n\n<img src=x onerror=alert(1)> 画像',
      '# T\n\n![alt](https://a.example/i.png)',
      '# T\n\n<b>太字</b>と<script>x</script>',
      '# T\n\n[a](https://a.example/&lt;x) と www.a.example&lt;',
    ]) {
      expect(renderOutlinePreviewSafe(markdown).foreign, markdown).toBe(true);
      const html = outlineHtml(markdown);
      expect(asTree(html)).toBe(asTree(previewSanitizedAfter(markdown)));
      expect(html).not.toMatch(/onerror|<script/i);
    }
    expect(renderOutlinePreviewSafe('# T\n\n**太字** [a](https://a.example/)[^1]\n\n[^1]: s').foreign).toBe(
      false,
    );
  });
});
