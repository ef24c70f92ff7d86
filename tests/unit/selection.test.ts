// @vitest-environment jsdom
import { afterAll, describe, expect, it } from 'vitest';
import { captureSelection, sentenceAround } from '@/utils/extract/selection';
import { domAt, loadPageFixtures } from '../helpers/fixtures';

describe('sentenceAround', () => {
  const ja =
    '前提として大事な点です。ルート営業は「関係性の長さ」が評価軸になることが多く、顧客の購買履歴を読み取る力が鍵になります。次の段落へ。';
  it.each([
    [
      ja,
      '評価軸',
      'ルート営業は「関係性の長さ」が評価軸になることが多く、顧客の購買履歴を読み取る力が鍵になります。',
    ],
    [ja, '前提として', '前提として大事な点です。'],
    [ja, '次の段落へ。', '次の段落へ。'],
    ['「楽で儲からない」と言われます。実際は違う。', '楽で', '「楽で儲からない」と言われます。'],
    ['First sentence. The quick brown fox jumps. Last one!', 'brown fox', 'The quick brown fox jumps.'],
    ['Version 2.5 is out. It is fast.', 'Version', 'Version 2.5 is out.'],
    ['本文です。', '見つからない語', '見つからない語'],
  ])('%#: around “%s”', (block, selected, expected) => {
    expect(sentenceAround(block, selected)).toBe(expected);
  });

  it('cuts a very long context around the quote', () => {
    const long = `${'あ'.repeat(1000)}引用${'い'.repeat(1000)}`;
    const context = sentenceAround(long, '引用');
    expect(context.length).toBeLessThanOrEqual(402);
    expect(context).toContain('引用');
  });
});

describe('captureSelection on a fixture page', () => {
  const fixture = loadPageFixtures().find((f) => f.slug === 'route-sales-ja')!;
  const dom = domAt(fixture.html, fixture.expected.url);
  const { document, window } = dom.window;
  afterAll(() => dom.window.close());

  function select(node: Node, from: number, to: number) {
    const range = document.createRange();
    range.setStart(node, from);
    range.setEnd(node, to);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
  }

  it('returns nothing without a selection', () => {
    window.getSelection()!.removeAllRanges();
    expect(captureSelection(window as unknown as Window)).toBeUndefined();
  });

  it('keeps the selected words and the sentence they sit in', () => {
    const p = [...document.querySelectorAll('p')].find((e) => e.textContent?.startsWith('次に重要なのは'))!;
    const text = p.firstChild!;
    const start = text.textContent!.indexOf('過去の購買履歴');
    select(text, start, start + '過去の購買履歴'.length);
    expect(captureSelection(window as unknown as Window)).toEqual({
      text: '過去の購買履歴',
      context:
        'ルート営業は過去の購買履歴、サポート履歴、クレーム対応の記録などを総合して、次の一手を設計します。',
    });
  });

  it('a selection over two paragraphs is its own context', () => {
    const ps = [...document.querySelectorAll('.entry-content p')];
    const range = document.createRange();
    range.setStart(ps[1]!.firstChild!, 0);
    range.setEnd(ps[2]!.firstChild!, 5);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
    const quote = captureSelection(window as unknown as Window)!;
    expect(quote.text.startsWith('まず前提として')).toBe(true);
    expect(quote.text.endsWith('鍵になります。 一方の営業')).toBe(true);
    expect(quote.context).toBe(quote.text);
  });
});
