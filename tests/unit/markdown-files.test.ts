// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { Board, ClipBody, Placement, Quote } from '@/utils/db';
import { clipsAsMarkdownFiles } from '@/utils/markdown-files';
import { renderMarkdown } from '@/utils/markdown-render';
import { makeClip } from '../helpers/pages';

const LABELS = { note: 'メモ', quotes: '引用' };
const body = (id: string, html: string): ClipBody => ({ id, html, text: '' });
const board: Board = {
  id: 'b1',
  title: 'ルート営業 vs 営業一般',
  subjects: [],
  aspects: [],
  cellNotes: {},
  order: 'a',
  updatedAt: 0,
};
const placement: Placement = {
  id: 'p1',
  boardId: 'b1',
  clipId: 'c1',
  order: 'a',
  note: '',
  noteKind: 'article',
};
const quote: Quote = {
  id: 'q1',
  clipId: 'c1',
  text: '長期的な関係\n二行目',
  context: '',
  note: '評価軸に使う',
  noteKind: 'article',
  createdAt: 0,
};

/** The front matter as key → value, each value read back as JSON (a JSON string is YAML too). */
function frontMatterOf(content: string): Record<string, unknown> {
  const [, block] = /^---\n([\s\S]*?)\n---\n/.exec(content)!;
  return Object.fromEntries(
    block!.split('\n').map((line) => {
      const [key, ...rest] = line.split(': ');
      const value = rest.join(': ');
      return [key, /^["[]/.test(value) ? JSON.parse(value) : value];
    }),
  );
}

describe('clipsAsMarkdownFiles', () => {
  it('writes one file per clip: front matter, note, quotes, then the article', () => {
    const clip = makeClip('c1', 'ルート営業と営業の違い', '', {
      url: 'https://blog.example/entry/1?utm_source=x',
      byline: 'サトルン',
      publishedTime: '2026-11-20T23:10:00+09:00',
      clippedAt: Date.UTC(2026, 10, 21, 12),
      tags: ['営業', 'キャリア'],
      note: '比較記事の導入に',
    });
    const [file] = clipsAsMarkdownFiles(
      [clip],
      new Map([['c1', body('c1', '<h2>違い</h2><p>本文</p>')]]),
      [quote],
      [board],
      [placement],
      LABELS,
    );
    expect(file!.name).toBe('ルート営業と営業の違い.md');
    expect(frontMatterOf(file!.content)).toEqual({
      title: 'ルート営業と営業の違い',
      source: 'https://blog.example/entry/1?utm_source=x',
      site: 'サイト',
      author: 'サトルン',
      published: '2026-11-20T23:10:00+09:00',
      clipped: '2026-11-21',
      kind: 'article',
      tags: ['営業', 'キャリア'],
      boards: ['ルート営業 vs 営業一般'],
    });
    expect(file!.content).toContain(
      '## メモ\n\n比較記事の導入に\n\n## 引用\n\n> 長期的な関係\n> 二行目\n\n評価軸に使う\n\n## 違い\n\n本文\n',
    );
  });

  it('keeps a title with quotes, colons and newlines inside its YAML string', () => {
    const clip = makeClip('c2', 'A "quoted": title\n# not a key', '');
    const [file] = clipsAsMarkdownFiles([clip], new Map(), [], [], [], LABELS);
    expect(frontMatterOf(file!.content).title).toBe('A "quoted": title\n# not a key');
    expect(file!.name).toBe('A _quoted__ title # not a key.md');
  });

  it('gives clips of the same title their own names, leaves out the Trash, falls back to the excerpt', () => {
    const files = clipsAsMarkdownFiles(
      [
        makeClip('a', '同じ題', '', { excerpt: '一つ目の要約' }),
        makeClip('b', '同じ題', ''),
        makeClip('c', '同じ題', '', { deletedAt: 1 }),
        makeClip('d', '', ''),
      ],
      new Map([['b', body('b', '<p>二つ目の本文</p>')]]),
      [],
      [],
      [],
      LABELS,
    );
    expect(files.map((f) => f.name)).toEqual(['同じ題.md', '同じ題 (2).md', 'clip.md']);
    expect(files[0]!.content.trimEnd().endsWith('一つ目の要約')).toBe(true);
    expect(files[1]!.content.trimEnd().endsWith('二つ目の本文')).toBe(true);
  });

  it('keeps the page’s text in quotes and a bookmark’s description as text: no link, image or tag', () => {
    const pageText =
      'Write to someone@example.com or mailto:a@b.example, xmpp:u@jabber.example; www.x.example, https://x.example/a_b ![i](https://t.example/p.png) [x](javascript:alert(1)) <img src=x>';
    const clip = makeClip('c1', 'ブックマーク', '', { kind: 'bookmark', excerpt: pageText });
    const pageQuote: Quote = {
      ...quote,
      text: `${pageText}\n# 見出しではない\n- 箇条書きではない`,
      note: '',
    };
    const [file] = clipsAsMarkdownFiles([clip], new Map(), [pageQuote], [], [], LABELS);
    const afterFrontMatter = file!.content.replace(/^---\n[\s\S]*?\n---\n/, '');
    const root = document.createElement('div');
    root.innerHTML = renderMarkdown(afterFrontMatter);
    expect(root.querySelectorAll('a, img, h1, ul')).toHaveLength(0);
    expect(root.querySelector('blockquote')?.textContent).toContain(pageText);
    expect(root.querySelector('blockquote')?.textContent).toContain('# 見出しではない');
    expect(root.lastElementChild?.textContent).toBe(pageText);
  });
});
