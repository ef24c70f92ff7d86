import path from 'node:path';
import { Readability } from '@mozilla/readability';
import { describe, expect, it } from 'vitest';
import { extractPage } from '@/utils/extract';
import { domAt } from '../helpers/fixtures';
import { loadDataSet, score } from '../helpers/scoring';

const URL = 'https://example.invalid/page.html';

describe.each(['aeb-dev', 'zh-dev'])('extraction quality on twelve pages of %s', (set) => {
  const pages = loadDataSet(path.resolve(__dirname, '../fixtures/extraction', set));
  const truths = pages.map((p) => p.truth);
  const ours: string[] = [];
  const bare: string[] = [];
  for (const page of pages) {
    // Style sheets are left out as the command line does (jsdom cannot parse some of them).
    const html = page.html.replace(/<style\b[^>]*>[\s\S]*?<\/style\s*>/gi, '');
    const a = domAt(html, URL);
    ours.push(extractPage(a.window.document, URL, { consumeDocument: true }).text);
    a.window.close();
    const b = domAt(html, URL);
    bare.push(new Readability(b.window.document).parse()?.textContent ?? '');
    b.window.close();
  }

  it('has twelve pages', () => expect(pages).toHaveLength(12));

  it('leaves no page without text', () => {
    expect(ours.filter((t) => !t.trim())).toEqual([]);
  });

  it('scores at least bare Readability on the same pages (token-shingle F1 and recall)', () => {
    const k = score(truths, ours);
    const b = score(truths, bare);
    expect(k.f1, `Kurabe ${k.f1.toFixed(3)} vs bare ${b.f1.toFixed(3)}`).toBeGreaterThanOrEqual(b.f1);
    expect(k.recall, `recall ${k.recall.toFixed(3)} vs ${b.recall.toFixed(3)}`).toBeGreaterThanOrEqual(
      b.recall,
    );
  });
});
