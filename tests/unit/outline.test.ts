import { describe, expect, it } from 'vitest';
import type { Board, Clip, Placement, Quote } from '@/utils/db';
import { noteInCell, noteParagraphs } from '@/utils/markdown-escape';
import { renderMarkdown, renderOutlinePreview } from '@/utils/markdown-render';
import {
  DEFAULT_OUTLINE_OPTIONS,
  type OutlineInput,
  outlineLocale,
  renderOutline,
  renderOutlineReport,
  shorten,
} from '@/utils/outline';
import {
  ereaderBoard,
  makeClip,
  makePlacement,
  makeQuote,
  noteKindsBoard,
  routeSalesBoard,
} from '../fixtures/outline/boards';
import { headingLines, outlineStructure } from '../fixtures/outline/structure';

/**
 * What a person expects of the outline, written by hand: headings, table cells and sources of
 * the fixture boards, and each option's effect. The golden files (outline-golden.test.ts) then
 * pin the whole text.
 */

const lines = (markdown: string) => markdown.split('\n');

describe('「ルート営業 vs 営業一般」 with the default options', () => {
  const markdown = renderOutline(routeSalesBoard());
  const structure = outlineStructure(markdown);

  it('has the title, the table, one section per aspect with a sub-section per subject, then まとめ and 出典', () => {
    expect(headingLines(structure)).toEqual([
      '# ルート営業 vs 営業一般',
      '## 比較表',
      '## 評価軸',
      '### ルート営業',
      '### 営業一般',
      '## 情報の扱い方',
      '### ルート営業',
      '### 営業一般',
      '## 重視するもの',
      '### ルート営業',
      '### 営業一般',
      '### 共通',
      '## 未分類',
      '### 共通',
      '## まとめ',
      '## 出典',
    ]);
  });

  it('fills the table with cell notes, else the first quote of the cell shortened to 40 characters', () => {
    expect(lines(markdown)).toEqual(
      expect.arrayContaining([
        '| 観点 | ルート営業 | 営業一般 |',
        '| --- | --- | --- |',
        '| 評価軸 | 継続率・顧客満足度・年間購買額 | 新規獲得の速度・商談化の効率 |',
        '| 情報の扱い方 | ルート営業は過去の購買履歴、サポート履歴、クレーム対応の記録などを総合して、次… | 新規開拓ではリストを作成してアプローチの順序を設計します。 |',
        // A note of two lines keeps its line break; a note of spaces only is no note.
        '| 重視するもの | 長期の関係<br>**信頼**の積み上げ | ここでの成功指標は初回の興味喚起と商談設定、そして契約成立のスピードが中心にな… |',
      ]),
    );
    expect(structure.tables).toHaveLength(1);
    expect(structure.tables[0]).toMatchObject({ columns: 3, rows: [3, 3, 3] });
  });

  it('numbers sources by first reference and lists title, site, author, dates and URL', () => {
    const sources = markdown.slice(markdown.indexOf('## 出典'));
    expect(sources).toBe(
      [
        '## 出典',
        '',
        '[^1]: 「ルート営業と営業の違いを理解するための基本」サトルンの比較ノート、中嶋 悟、公開 2026-11-20、<https://satorun.example/entry/2026/11/20/route-sales>、クリップ 2026-11-21',
        '[^2]: 「営業職の種類と仕事内容（新規開拓・ルート営業）」キャリアの地図、編集部、公開 2026-10-02、<https://career.example/sales/types>、クリップ 2026-11-22',
        '[^3]: 「インサイドセールスとフィールドセールスの違い」営業ラボ、<https://eigyo-lab.example/inside-vs-field>、クリップ 2026-11-23',
        '[^4]: 「ルート営業の1日のスケジュール」はたらく図鑑、山田 花子、公開 2026-09-15、<https://zukan.example/route-sales-day>、クリップ 2026-11-20',
        '',
      ].join('\n'),
    );
    expect(new Set(structure.footnoteRefs)).toEqual(new Set(['1', '2', '3', '4']));
    expect(structure.footnoteDefs).toEqual(['1', '2', '3', '4']);
  });

  it('writes each quote as a block quote with its footnote, then the quote note and the placement note', () => {
    const section = markdown.slice(markdown.indexOf('## 評価軸'), markdown.indexOf('### 営業一般'));
    expect(section).toBe(
      [
        '## 評価軸',
        '',
        '### ルート営業',
        '',
        // Order key 'Zz' sorts before 'a0': first in the cell.
        '> ルート営業は継続率・顧客満足度・年間購買額の増加など、長期的な指標で評価されることが多いです。[^1]',
        '',
        '> まず前提として、ルート営業は「関係性の長さ」と「価値の継続提供」が評価軸になることが多く、顧客の購買履歴や業界動向を読み取る力が鍵になります。[^1]',
        '',
        'これが**「評価軸」**の違い。**長期の指標**、ここを強調する。',
        '',
        '継続率・顧客満足度・年間購買額で評価される。',
        '',
        '',
      ].join('\n'),
    );
  });

  it('keeps a quote of two paragraphs as two paragraphs of the block quote', () => {
    expect(markdown).toContain(
      '> ルート営業は過去の購買履歴、サポート履歴、クレーム対応の記録などを総合して、次の一手を設計します。\n>\n> 顧客の課題は表面的なニーズだけでなく、組織の意思決定の仕組みや購買サイクルにも影響されます。[^1]',
    );
  });

  it('shows a clip filed whole with its quotes not filed by themselves, then its notes', () => {
    const section = markdown.slice(markdown.indexOf('## 重視するもの'), markdown.indexOf('## 未分類'));
    expect(section).toContain(
      [
        '### 営業一般',
        '',
        '> ここでの成功指標は初回の興味喚起と商談設定、そして契約成立のスピードが中心になります。[^2]',
        '',
        '営業一般は**スピード**。',
        '',
        'キャリア記事。**新規開拓**の説明が詳しい',
        '',
        'スピード重視の例として。',
      ].join('\n'),
    );
    // Filed by itself under 情報の扱い方: not repeated with the whole clip.
    expect(section).not.toContain('新規開拓ではリスト');
  });

  it('writes a clip without quotes as a list item of title, site and excerpt, its notes inside', () => {
    expect(markdown).toContain(
      '### 共通\n\n- インサイドセールスとフィールドセールスの違い（営業ラボ）[^3] — 電話やオンラインで商談を進めるインサイドセールスと、訪問中心のフィールドセールスを比べます。\n',
    );
    expect(markdown).toContain(
      [
        '## 未分類',
        '',
        '### 共通',
        '',
        // The excerpt's line break between Japanese sentences is dropped, not made a space.
        '- ルート営業の1日のスケジュール（はたらく図鑑）[^4] — 朝は日報の確認から。午前は既存顧客を3件訪問し、午後は提案書づくりと社内調整に使います。',
        '',
        '  「1日の流れ」の段落に使えるかも',
        '',
        '  未分類: どの観点に入れるか未定',
      ].join('\n'),
    );
  });

  it('leaves out trashed clips, deleted quotes and other boards’ placements', () => {
    expect(markdown).not.toContain('ゴミ箱');
    expect(markdown).not.toContain('削除した引用');
    // c-route is placed on b-other as a whole clip: its quotes would show under 評価軸 again.
    expect(markdown.match(/まず前提として/g)).toHaveLength(1);
  });

  it('writes no emphasis of its own: the only ** are the user’s notes', () => {
    const withoutNotes = routeSalesBoard();
    withoutNotes.board.cellNotes = {};
    const clear = <T extends { note: string }>(items: Iterable<T>) =>
      [...items].map((x) => ({ ...x, note: '' }));
    const clips = clear(withoutNotes.clips as Clip[]);
    const md = renderOutline({
      board: withoutNotes.board,
      clips,
      quotes: clear(withoutNotes.quotes),
      placements: clear(withoutNotes.placements),
    });
    expect(md).not.toMatch(/(?<!\\)[*_]/);
    const types = outlineStructure(md).types;
    expect(types.has('strong')).toBe(false);
    expect(types.has('em')).toBe(false);
  });
});

describe('options', () => {
  const input = routeSalesBoard();

  it('has defaults: title, block quotes, footnotes, summary, Japanese, UTC', () => {
    expect(DEFAULT_OUTLINE_OPTIONS).toEqual({
      titleSeparate: false,
      quoteStyle: 'blockquote',
      summary: true,
      references: 'footnotes',
      locale: 'ja',
      timeZone: 'UTC',
      includeMemos: false,
      fillEmptyCells: false,
    });
  });

  it('titleSeparate: no title line, the outline starts at ##', () => {
    const md = renderOutline(input, { titleSeparate: true });
    expect(md.startsWith('## 比較表\n')).toBe(true);
    const depths = outlineStructure(md).headings.map((h) => h.depth);
    expect(Math.min(...depths)).toBe(2);
    expect(md).not.toContain('# ルート営業 vs 営業一般');
  });

  it('summary: false leaves out まとめ', () => {
    expect(renderOutline(input)).toContain('\n## まとめ\n');
    expect(renderOutline(input, { summary: false })).not.toContain('まとめ');
  });

  it('quoteStyle bullet: each quote a list item in 「」, notes indented inside it', () => {
    const md = renderOutline(input, { quoteStyle: 'bullet' });
    expect(md).toContain(
      [
        '- 「ルート営業は継続率・顧客満足度・年間購買額の増加など、長期的な指標で評価されることが多いです。」[^1]',
        '',
        '- 「まず前提として、ルート営業は「関係性の長さ」と「価値の継続提供」が評価軸になることが多く、顧客の購買履歴や業界動向を読み取る力が鍵になります。」[^1]',
        '',
        '  これが**「評価軸」**の違い。**長期の指標**、ここを強調する。',
        '',
        '  継続率・顧客満足度・年間購買額で評価される。',
      ].join('\n'),
    );
    expect(md).not.toMatch(/^>/m);
  });

  it('references inline: links in the text, a numbered source list, no footnotes', () => {
    const md = renderOutline(input, { references: 'inline' });
    expect(md).toContain(
      '> 新規開拓ではリストを作成してアプローチの順序を設計します。\n>\n> — [営業職の種類と仕事内容（新規開拓・ルート営業）](https://career.example/sales/types)',
    );
    expect(md).toContain(
      '- [インサイドセールスとフィールドセールスの違い](https://eigyo-lab.example/inside-vs-field)（営業ラボ） — 電話や',
    );
    expect(md).toContain(
      '## 出典\n\n1. 「ルート営業と営業の違いを理解するための基本」サトルンの比較ノート、中嶋 悟、公開 2026-11-20、<https://satorun.example/entry/2026/11/20/route-sales>、クリップ 2026-11-21\n2. 「営業職の種類',
    );
    expect(md).not.toContain('[^');
  });

  it('locale en: English labels around Japanese content', () => {
    const md = renderOutline(input, { locale: 'en' });
    expect(headingLines(outlineStructure(md))).toEqual(
      expect.arrayContaining(['## Comparison', '### General', '## Unsorted', '## Summary', '## Sources']),
    );
    expect(md).toContain('| Aspect | ルート営業 | 営業一般 |');
    expect(md).toContain(
      '[^3]: “インサイドセールスとフィールドセールスの違い”, 営業ラボ, <https://eigyo-lab.example/inside-vs-field>, clipped 2026-11-23',
    );
  });

  it('timeZone decides the days written, the clipped one and the published one', () => {
    const utc = renderOutline(input);
    const tokyo = renderOutline(input, { timeZone: 'Asia/Tokyo' });
    // c-day was clipped at 23:00 UTC on the 20th, 08:00 on the 21st in Tokyo.
    expect(utc).toContain('公開 2026-09-15、<https://zukan.example/route-sales-day>、クリップ 2026-11-20');
    expect(tokyo).toContain('公開 2026-09-15、<https://zukan.example/route-sales-day>、クリップ 2026-11-21');
    // Published 23:10 in Japan on the 20th (14:10 UTC) and in the page's words: the 20th in both.
    expect(utc).toContain('中嶋 悟、公開 2026-11-20、');
    expect(tokyo).toContain('中嶋 悟、公開 2026-11-20、');
  });

  it('writes the same Markdown every time (no clock, no randomness)', () => {
    expect(renderOutline(routeSalesBoard())).toBe(renderOutline(routeSalesBoard()));
  });
});

describe('the English board', () => {
  const md = renderOutline(ereaderBoard(), { locale: 'en' });

  it('escapes what Markdown would read in titles and percent-encodes URLs with parentheses and spaces', () => {
    expect(md).toContain(
      '[^1]: “Kindle Paperwhite review: the \\*best\\* e-reader for most people”, Gadget Weekly, Jane Doe, published 2026-03-04, <https://gadgets.example/reviews/kindle_paperwhite_%282026%29>, clipped 2026-05-01',
    );
    expect(md).toContain(
      '[^2]: “Kobo Clara BW”, Wiki Example, <https://wiki.example/wiki/Kobo%20Clara%20%28e-reader%29>, clipped 2026-05-02',
    );
  });

  it('cuts English quotes in the table at a word, and escapes a pipe in a cell note', () => {
    expect(md).toContain(
      '| Reading comfort | The 7-inch screen is sharp, and the… | Same 300 ppi \\| smaller screen |',
    );
    expect(md).toContain(
      "| Books & libraries | Books bought on Amazon stay in Amazon's… | Kobo supports EPUB natively and borrows… |",
    );
  });

  it('links inline with the URL percent-encoded', () => {
    const inline = renderOutline(ereaderBoard(), {
      locale: 'en',
      references: 'inline',
      quoteStyle: 'bullet',
    });
    expect(inline).toContain(
      '- “The 7-inch screen is sharp, and the warm light is easy on the eyes at night.” — [Kindle Paperwhite review: the \\*best\\* e-reader for most people](https://gadgets.example/reviews/kindle_paperwhite_%282026%29)',
    );
    expect(outlineStructure(inline).urls).toContain(
      'https://wiki.example/wiki/Kobo%20Clara%20%28e-reader%29',
    );
  });
});

describe('boards with little on them', () => {
  const board: Board = {
    id: 'b',
    title: '',
    subjects: [
      { id: 's1', name: 'A' },
      { id: 's2', name: 'B' },
    ],
    aspects: [],
    cellNotes: {},
    order: 'a0',
    updatedAt: 0,
  };

  it('an empty board: its title, an untitled heading when it has none, まとめ', () => {
    expect(renderOutline({ board, placements: [], clips: [], quotes: [] })).toBe('# （無題）\n\n## まとめ\n');
    expect(
      renderOutline({ board, placements: [], clips: [], quotes: [] }, { locale: 'en', summary: false }),
    ).toBe('# (untitled)\n');
  });

  it('aspects and nothing filed: the table with empty cells and the aspects, no empty subject section', () => {
    const md = renderOutline({
      board: { ...board, title: 'T', aspects: [{ id: 'a1', name: '価格' }] },
      placements: [],
      clips: [],
      quotes: [],
    });
    expect(md).toBe(
      '# T\n\n## 比較表\n\n| 観点 | A | B |\n| --- | --- | --- |\n| 価格 |  |  |\n\n## 価格\n\n## まとめ\n',
    );
  });

  it('a placement whose aspect or subject was removed is unsorted or general, as the board view shows it', () => {
    const clip = makeClip({ id: 'c', title: 'Page', normalizedUrl: 'https://a.example/' });
    const md = renderOutline(
      {
        board: { ...board, title: 'T', aspects: [{ id: 'a1', name: '価格' }] },
        placements: [
          makePlacement({ boardId: 'b', clipId: 'c', aspectId: 'gone', subjectId: 's2', order: 'a0' }),
          makePlacement({ boardId: 'b', clipId: 'c', aspectId: 'a1', subjectId: 'gone', order: 'a1' }),
        ],
        clips: [clip],
        quotes: [],
      },
      { summary: false },
    );
    expect(headingLines(outlineStructure(md))).toEqual([
      '# T',
      '## 比較表',
      '## 価格',
      '### 共通',
      '## 未分類',
      '### B',
      '## 出典',
    ]);
  });

  it('a clip with no web address is cited without a link', () => {
    const clip = makeClip({ id: 'c', title: 'Local', normalizedUrl: 'file:///home/me/a.html', siteName: '' });
    const md = renderOutline(
      {
        board,
        placements: [makePlacement({ boardId: 'b', clipId: 'c', order: 'a0' })],
        clips: [clip],
        quotes: [],
      },
      { references: 'inline', summary: false },
    );
    expect(md).toContain('- Local\n');
    expect(md).toContain('1. 「Local」file:///home/me/a.html、クリップ 2026-11-21\n');
    expect(outlineStructure(md).urls).toEqual([]);
  });

  it('a publication date in another format is read; one that is no date is left out', () => {
    const cite = (publishedTime: string) =>
      renderOutline({
        board,
        placements: [makePlacement({ boardId: 'b', clipId: 'c', order: 'a0' })],
        clips: [makeClip({ id: 'c', title: 'P', normalizedUrl: 'https://a.example/', publishedTime })],
        quotes: [],
      });
    expect(cite('Wed, 04 Mar 2026 23:30:00 GMT')).toContain('「P」公開 2026-03-04、<https://a.example/>');
    expect(cite('yesterday')).toContain('「P」<https://a.example/>、クリップ');
    expect(cite('')).toContain('「P」<https://a.example/>、クリップ');
  });

  it('placements with the same order key keep a stable order (by id)', () => {
    const clips = ['x', 'y'].map((id) =>
      makeClip({ id, title: id.toUpperCase(), normalizedUrl: `https://${id}.example/` }),
    );
    const placements = clips.map((c) => makePlacement({ boardId: 'b', clipId: c.id, order: 'a0' }));
    const once = renderOutline({ board, placements, clips, quotes: [] });
    expect(renderOutline({ board, placements: [...placements].reverse(), clips, quotes: [] })).toBe(once);
    expect(once).toContain('- X[^1]\n- Y[^2]\n');
  });
});

describe('shorten', () => {
  it('keeps text of 40 characters or fewer as it is', () => {
    const forty = 'あ'.repeat(40);
    expect(shorten(forty)).toBe(forty);
  });

  it('cuts Japanese at 39 characters and adds …', () => {
    expect(shorten('い'.repeat(41))).toBe(`${'い'.repeat(39)}…`);
  });

  it('counts characters as people see them: surrogate pairs, combining marks and emoji sequences once', () => {
    const family = '👨‍👩‍👧';
    const text = `𠮷${'か\u3099'.repeat(20)}${family.repeat(20)}`;
    const cut = shorten(text);
    expect(Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(cut))).toHaveLength(
      40,
    );
    expect(cut).toBe(`𠮷${'か\u3099'.repeat(20)}${family.repeat(18)}…`);
  });

  it('does not cut an English word in the middle', () => {
    expect(shorten('The 7-inch screen is sharp, and the warm light is easy on the eyes.')).toBe(
      'The 7-inch screen is sharp, and the…',
    );
  });

  it('works on one line', () => {
    expect(shorten('一行目。\n二行目。', 40)).toBe('一行目。二行目。');
    expect(shorten('first\nsecond', 40)).toBe('first second');
  });
});

describe('outlineLocale', () => {
  it('is ja for Japanese UI languages, en for the others', () => {
    expect(outlineLocale('ja')).toBe('ja');
    expect(outlineLocale('ja-JP')).toBe('ja');
    expect(outlineLocale('en-US')).toBe('en');
    expect(outlineLocale('fr')).toBe('en');
    expect(outlineLocale('jam')).toBe('en');
  });
});

describe('notes are the user’s Markdown, held inside the outline’s structure', () => {
  it('keeps inline formatting: emphasis, code, web links', () => {
    expect(noteParagraphs('**強調**、`code` と [出典](https://a.example/x)')).toEqual([
      '**強調**、`code` と [出典](https://a.example/x)',
    ]);
  });

  it('escapes what would start a block', () => {
    expect(
      noteParagraphs('# 見出し\n> 引用\n- 項目\n1. 番号\n---\n===\n```\n<div>\n[a]: https://x.example\n:-:'),
    ).toEqual([
      '\\# 見出し\n\\> 引用\n\\- 項目\n1\\. 番号\n\\---\n\\===\n\\```\n&lt;div>\n\\[a]: https://x.example\n\\:-:',
    ]);
  });

  it('neutralises raw HTML, footnotes, pipes and links to anything but web pages', () => {
    expect(
      noteParagraphs('a <b>x</b> [^1] | [x](javascript:alert(1)) ![i](data:image/png;base64,AA)'),
    ).toEqual(['a &lt;b>x&lt;/b> \\[^1] \\| [x]\\(javascript:alert(1)) ![i]\\(data:image/png;base64,AA)']);
  });

  it('in a table cell: lines joined by <br>, pipes escaped even in code', () => {
    expect(noteInCell('一行目\n\n`a|b`\n# 見出しも文字')).toBe('一行目<br>`a\\|b`<br># 見出しも文字');
  });
});

describe('CJK emphasis in the preview', () => {
  it('renders **強調**、 in a note as <strong>', () => {
    const md = renderOutline(routeSalesBoard());
    const html = renderOutlinePreview(md);
    expect(md).toContain('**長期の指標**、');
    expect(html).toContain('<strong>長期の指標</strong>、');
  });

  it('renders ** around Japanese punctuation, which CommonMark alone leaves as asterisks', () => {
    const html = renderOutlinePreview(renderOutline(routeSalesBoard()));
    expect(html).toContain('これが<strong>「評価軸」</strong>の違い。');
    // renderMarkdown (marked as it is) is the control: it does not.
    expect(renderMarkdown('これが**「評価軸」**の違い。')).toContain('**「評価軸」**');
    for (const [markdown, strong] of [
      ['**強調**、です', '<strong>強調</strong>、です'],
      ['**強調。**です', '<strong>強調。</strong>です'],
      ['これは**「強調」**です', 'これは<strong>「強調」</strong>です'],
      ['これは*「強調」*です', 'これは<em>「強調」</em>です'],
      ['**「長期」**と**「短期」**を比べる', '<strong>「長期」</strong>と<strong>「短期」</strong>を比べる'],
      [
        '**[「リンク」](https://a.example)**です',
        '<strong><a href="https://a.example">「リンク」</a></strong>です',
      ],
      ['| a |\n| - |\n| **「表」**の中 |', '<td><strong>「表」</strong>の中</td>'],
    ]) {
      expect(renderOutlinePreview(markdown!), markdown).toContain(strong);
    }
  });

  it('leaves code, escapes and text without CJK as marked renders them', () => {
    for (const markdown of [
      '`**「コード」**`',
      '\\**「エスケープ」**',
      'a **b** c',
      '*a* **b** ***c***',
      '**a *b* c**',
      'foo**bar**baz',
      '**"quoted"**text',
      '2 * 3 * 4',
      '**unclosed',
    ]) {
      expect(renderOutlinePreview(markdown), markdown).toBe(renderMarkdown(markdown));
    }
  });
});

/** An iterable that counts how often it is read, to check each input is read once. */
function counted<T>(items: T[]): { iterable: Iterable<T>; reads: () => number } {
  let reads = 0;
  return {
    iterable: {
      [Symbol.iterator]() {
        reads++;
        return items[Symbol.iterator]();
      },
    },
    reads: () => reads,
  };
}

describe('scale', () => {
  function bigBoard(clipCount: number, quotesPerClip: number): OutlineInput {
    const board: Board = {
      id: 'big',
      title: '大きなボード',
      subjects: [
        { id: 's1', name: 'A' },
        { id: 's2', name: 'B' },
        { id: 's3', name: 'C' },
      ],
      aspects: Array.from({ length: 6 }, (_, i) => ({ id: `a${i}`, name: `観点${i}` })),
      cellNotes: {},
      order: 'a0',
      updatedAt: 0,
    };
    const clips: Clip[] = [];
    const quotes: Quote[] = [];
    const placements: Placement[] = [];
    for (let c = 0; c < clipCount; c++) {
      clips.push(makeClip({ id: `c${c}`, title: `記事${c}`, normalizedUrl: `https://a.example/${c}` }));
      for (let q = 0; q < quotesPerClip; q++) {
        const quote = makeQuote({
          id: `q${c}-${q}`,
          clipId: `c${c}`,
          text: `引用${c}-${q}。長期的な関係が大切です。`,
        });
        quotes.push(quote);
        // Half the quotes filed by themselves, the rest come with their clip.
        if (q % 2 === 0) {
          placements.push(
            makePlacement({
              boardId: 'big',
              clipId: `c${c}`,
              quoteId: quote.id,
              aspectId: `a${(c + q) % 7}`, // a6 does not exist: unsorted
              subjectId: `s${(c * q) % 4}`, // s0 does not exist: general
              order: `k${String(c * 10 + q).padStart(6, '0')}`,
            }),
          );
        }
      }
      placements.push(
        makePlacement({ boardId: 'big', clipId: `c${c}`, aspectId: `a${c % 6}`, order: `m${c}` }),
      );
    }
    return { board, clips, quotes, placements };
  }

  it('renders 500 clips with 2,000 quotes, reading each input once', () => {
    const input = bigBoard(500, 4);
    const quotes = counted(input.quotes as Quote[]);
    const placements = counted(input.placements as Placement[]);
    const clips = counted(input.clips as Clip[]);
    const md = renderOutline({
      board: input.board,
      quotes: quotes.iterable,
      placements: placements.iterable,
      clips: clips.iterable,
    });
    // Speed is measured by `npm run bench`; here, that each input is read once (no lookups per item).
    expect(quotes.reads()).toBe(1);
    expect(placements.reads()).toBe(1);
    expect(clips.reads()).toBe(1);
    expect(md.match(/^> 引用/gm)).toHaveLength(2000);
    expect(md.match(/^\[\^\d+\]: /gm)).toHaveLength(500);
  });
});

describe('note kinds', () => {
  const memos = [
    '出典の調査名を確認すること',
    'この数字、母数が小さいので要確認',
    '導入の段落で使う',
    'あとで図を作る',
  ];
  const articleNotes = [
    '数字は2025年度のもの。本文では「約1割」と書く。',
    '対面の強みとして紹介する。',
    '1商談あたりの費用で比べると差がはっきりする。',
  ];

  it('leaves memos (clip, quote and placement notes) out by default and counts them', () => {
    const { markdown, memosLeftOut } = renderOutlineReport(noteKindsBoard());
    for (const memo of memos) expect(markdown).not.toContain(memo);
    for (const note of articleNotes) expect(markdown).toContain(note);
    expect(memosLeftOut).toBe(memos.length);
  });

  it('writes memos too with includeMemos, and counts none left out', () => {
    const { markdown, memosLeftOut } = renderOutlineReport(noteKindsBoard(), { includeMemos: true });
    for (const note of [...memos, ...articleNotes]) expect(markdown).toContain(note);
    expect(memosLeftOut).toBe(0);
  });

  it('an empty memo is no memo: nothing counted', () => {
    const input = noteKindsBoard();
    const clips = [...(input.clips as Clip[])].map((c) => ({ ...c, note: '  ' }));
    const placements = [...input.placements].map((p) => ({ ...p, note: '' }));
    const quotes = [...input.quotes].map((q) => ({ ...q, note: '' }));
    expect(renderOutlineReport({ ...input, clips, placements, quotes }).memosLeftOut).toBe(0);
  });

  it('a subject with nothing filed has no section; with a cell note, the note stands in for it', () => {
    const markdown = renderOutline(noteKindsBoard());
    const headings = headingLines(outlineStructure(markdown));
    expect(headings).not.toContain('### ハイブリッド');
    const cost = markdown.slice(markdown.indexOf('## コスト'), markdown.indexOf('## 未分類'));
    expect(cost).toContain('### フィールドセールス\n\n移動費と人件費が\n大きい\n');
    // A subject with something filed keeps its quotes, not the cell note (that is in the table).
    const rate = markdown.slice(markdown.indexOf('## 成約率'), markdown.indexOf('## コスト'));
    expect(rate).not.toContain('商談数が多く');
  });
});
