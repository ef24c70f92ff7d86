// @vitest-environment jsdom
/**
 * Pages nested far deeper than any HTML parser nests (issue 12: a page 10,000 levels deep made
 * clipping fail with "Maximum call stack size exceeded"). Kurabe's own walks go without
 * recursion: 20,000 levels (10,000 in a document: jsdom recurses over ancestors when it inserts),
 * where the recursive versions they replace overflowed in Node; what
 * lies deeper than the parser's limit is flattened before Readability reads it; and when the
 * engine's stack runs out anyway, the page is kept as a bookmark that says why.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { readExtractResult } from '@/utils/clip-outcome';
import { htmlToText } from '@/utils/extract/html-text';
import { findComputedHidden, MAX_DEPTH, prepareForReadability } from '@/utils/extract/prepare';
import { isStackOverflow, runExtraction } from '@/utils/extract/run';
import { removeEmptyWrappers } from '@/utils/extract/tidy';
import { nestConnected, nested } from '../helpers/deep-dom';

const DEEP = 20_000;
/** In a document, as in the issue (jsdom itself, whose insertion recurses over ancestors, holds little more). */
const DEEP_PAGE = 10_000;

function paragraph(doc: Document, text: string, attributes: Record<string, string> = {}): Element {
  const p = doc.createElement('p');
  p.textContent = text;
  for (const [name, value] of Object.entries(attributes)) p.setAttribute(name, value);
  return p;
}

/** How deep elements go under `root`. */
function depthOf(root: Element): number {
  let max = 0;
  const stack: [Element, number][] = [[root, 0]];
  while (stack.length) {
    const [el, depth] = stack.pop()!;
    max = Math.max(max, depth);
    for (let c = el.firstElementChild; c; c = c.nextElementSibling) stack.push([c, depth + 1]);
  }
  return max;
}

describe(`Kurabe's walks, ${DEEP.toLocaleString('en')} levels deep`, () => {
  it('htmlToText', () => {
    const root = document.createElement('div');
    root.append(paragraph(document, '前'), nested(document, DEEP, paragraph(document, '一番深い段落')));
    root.append(paragraph(document, '後'));
    expect(htmlToText(root)).toBe('前\n一番深い段落\n後');
  });

  it('removeEmptyWrappers', () => {
    const article = document.createElement('article');
    const empty = document.createElement('span');
    article.append(
      nested(document, DEEP, paragraph(document, '一番深い段落')),
      nested(document, 300, empty),
      paragraph(document, '後'),
    );
    removeEmptyWrappers(article);
    // The wrappers around text stay; the 300 around nothing go (the leaf span with them).
    expect(article.children).toHaveLength(2);
    expect(article.textContent).toBe('一番深い段落後');
    expect(depthOf(article)).toBe(DEEP + 1);
  });

  it(`findComputedHidden, both ways, with a closed <details> ${DEEP_PAGE.toLocaleString('en')} levels deep`, () => {
    const { window } = new JSDOM(
      `<!doctype html><body><style>.promo { display: none }</style><p>${'本文です。'.repeat(100)}</p>
      <div class="promo" id="hidden-part"><p>広告</p></div><details><summary>続き</summary></details>
      <p class="promo" id="after">後の広告</p></body>`,
    );
    const doc = window.document;
    // An inline style at the bottom: the rules way matches it and climbs all its ancestors to
    // learn that it is not rendered; the other way goes down to the <details> and no further.
    nestConnected(
      doc.querySelector('details')!,
      DEEP_PAGE,
      paragraph(doc, '畳まれた奥', { style: 'display: none' }),
    );
    const all = Array.from(doc.body.getElementsByTagName('*'));
    const expected = [
      all.indexOf(doc.getElementById('hidden-part')!),
      all.indexOf(doc.getElementById('after')!),
    ];
    expect(findComputedHidden(doc)).toEqual(expected);
    expect(findComputedHidden(doc, { readEveryElement: true })).toEqual(expected);
    // jsdom matches `:popover-open` slowly on a page this large.
  }, 120_000);
});

describe('prepareForReadability', () => {
  it(`flattens what lies deeper than ${MAX_DEPTH} levels, keeping its text in order and dropping its hidden parts`, () => {
    const dom = new JSDOM('<!doctype html><body><article><p>冒頭の段落。</p></article></body>');
    const doc = dom.window.document;
    const inner = doc.createElement('div');
    inner.append(
      paragraph(doc, '一つ目。'),
      nested(doc, 40, paragraph(doc, '二つ目。')),
      paragraph(doc, '隠れた段落。', { hidden: '' }),
      doc.createTextNode('三つ目。'),
    );
    doc.querySelector('article')!.append(nested(doc, MAX_DEPTH + 300, inner));
    prepareForReadability(doc);
    expect(depthOf(doc.body)).toBeLessThanOrEqual(MAX_DEPTH + 2);
    expect(doc.body.textContent).toBe('冒頭の段落。一つ目。二つ目。三つ目。');
  }, 60_000);

  it('leaves pages of ordinary depth as they are', () => {
    const dom = new JSDOM('<!doctype html><body><article><p>冒頭の段落。</p></article></body>');
    const doc = dom.window.document;
    doc.querySelector('article')!.append(nested(doc, MAX_DEPTH - 10, paragraph(doc, '深い段落。')));
    prepareForReadability(doc);
    expect(depthOf(doc.body)).toBe(MAX_DEPTH - 10 + 2);
  });
});

describe('when the stack runs out anyway', () => {
  it('keeps the page as a bookmark of its title, URL and description, and says why', () => {
    const dom = new JSDOM(
      `<!doctype html><html lang="ja"><head><title>深すぎるページ | 深さの実験</title>
      <meta name="description" content="一万段の入れ子を持つページ。"><meta property="og:site_name" content="深さの実験">
      </head><body><article><h1>深すぎるページ</h1><details><summary>続き</summary></details></article></body></html>`,
      { url: 'https://example.com/deep?utm_source=x' },
    );
    const doc = dom.window.document;
    nestConnected(doc.querySelector('details')!, DEEP_PAGE, paragraph(doc, '一番深い段落。'));
    // jsdom clones a document by recursion: 10,000 levels overflow there (Chromium's own clone
    // copes; its Readability did not).
    const result = runExtraction(doc);
    expect(result).toMatchObject({
      ok: true,
      fallback: 'tooComplex',
      page: {
        kind: 'bookmark',
        url: 'https://example.com/deep',
        originalUrl: 'https://example.com/deep?utm_source=x',
        title: '深すぎるページ',
        siteName: '深さの実験',
        excerpt: '一万段の入れ子を持つページ。',
        text: '一万段の入れ子を持つページ。',
        html: '',
      },
    });
    // What the background receives keeps the reason.
    expect(readExtractResult([{ result }])).toMatchObject({ ok: true, fallback: 'tooComplex' });
  }, 60_000);

  it('tells a stack overflow (V8, SpiderMonkey) from any other error', () => {
    const recurse = (n: number): number => recurse(n + 1) + 1;
    let overflow: unknown;
    try {
      recurse(0);
    } catch (error) {
      overflow = error;
    }
    expect(isStackOverflow(overflow)).toBe(true);
    expect(isStackOverflow({ name: 'InternalError', message: 'too much recursion' })).toBe(true);
    expect(isStackOverflow(new RangeError('Invalid array length'))).toBe(false);
    expect(isStackOverflow(new TypeError('x is undefined'))).toBe(false);
    expect(isStackOverflow('Maximum call stack size exceeded')).toBe(false);
  });

  it('the background accepts no other reason from the page', () => {
    const page = { url: 'https://example.com/', title: 't' };
    expect(readExtractResult([{ result: { ok: true, page, fallback: 'webStore' } }])).toMatchObject({
      ok: false,
    });
  });
});
