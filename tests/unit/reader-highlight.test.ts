// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { markSentence, readerHtml } from '@/utils/reader-html';

const options = { showImages: false, placeholder: (alt: string) => alt };

describe('a sentence shown in context (文脈を見る)', () => {
  it('marks the sentence in the reader’s HTML, once', () => {
    const { html } = readerHtml(
      '<p>料金の話をしよう。キントーンは月額1,800円から使える。キントーンは月額1,800円から使える。</p>',
      'https://example.jp/',
      { ...options, highlight: 'キントーンは月額1,800円から使える。' },
    );
    const body = new DOMParser().parseFromString(html, 'text/html').body;
    const marks = [...body.querySelectorAll('mark.context-highlight')].map((m) => m.textContent);
    expect(marks).toEqual(['キントーンは月額1,800円から使える。']);
    expect(body.textContent).toBe(
      '料金の話をしよう。キントーンは月額1,800円から使える。キントーンは月額1,800円から使える。',
    );
  });

  it('marks a sentence across a link and bold text, white space compared collapsed', () => {
    const root = document.createElement('div');
    root.innerHTML =
      '<p>Before. Notion is <a href="https://n.example/">free</a>\n  for <b>individuals</b>, really. After.</p>';
    expect(markSentence(root, 'Notion is free for individuals, really.')).toBe(true);
    const marks = [...root.querySelectorAll('mark.context-highlight')];
    expect(marks.map((m) => m.textContent).join('')).toBe('Notion is free\n  for individuals, really.');
    expect(marks.map((m) => m.parentElement!.localName)).toEqual(['p', 'a', 'p', 'b', 'p']);
    expect(root.textContent).toBe('Before. Notion is free\n  for individuals, really. After.');
  });

  it('leaves the article as it is when the sentence is not in it', () => {
    const root = document.createElement('div');
    root.innerHTML = '<p>kintoneの料金は安い。</p>';
    expect(markSentence(root, 'Salesforceの料金は高い。')).toBe(false);
    expect(markSentence(root, '   ')).toBe(false);
    expect(root.innerHTML).toBe('<p>kintoneの料金は安い。</p>');
  });
});
