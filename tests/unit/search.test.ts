import { describe, expect, it } from 'vitest';
import type { Board, Placement, Quote } from '@/utils/db';
import { groupByBoard, SearchIndex, searchCells, searchTerms } from '@/utils/search';
import { makeClip } from '../helpers/pages';

const clip = makeClip;
const quote = (id: string, clipId: string, text: string, note = ''): Quote => ({
  id,
  clipId,
  text,
  context: '',
  note,
  noteKind: 'article',
  createdAt: 0,
});

const clips = [
  clip('c1', 'ルート営業と営業の違い', 'ルート営業は継続率・顧客満足度・年間購買額で評価されます。'),
  clip('c2', 'Notion vs Obsidian', 'Pricing plans compared. Obsidian sync costs extra.', {
    note: 'price table',
    noteKind: 'article',
    tags: ['notes'],
  }),
  clip('c3', 'カフェ巡り', '阿佐ヶ谷のカフェで作業。'),
];
const quotes = new Map([['c3', [quote('q1', 'c3', '電源席がある', '継続率とは無関係')]]]);
/** The articles' text, as the bodies store gives it (the clips' leads hold the same here). */
const texts = new Map(clips.map((c) => [c.id, c.lead]));

describe('SearchIndex', () => {
  const index = new SearchIndex();
  index.update(clips, quotes, texts);

  it('finds Japanese without spaces and highlights the match', () => {
    const [hit, ...rest] = index.search('顧客満足度');
    expect(rest).toEqual([]);
    expect(hit!.clipId).toBe('c1');
    const [snippet] = hit!.snippets;
    const [a, b] = snippet!.marks[0]!;
    expect(snippet!.text.slice(a, b)).toBe('顧客満足度');
  });

  it('finds English by prefix and by stem, in notes and tags too', () => {
    expect(index.search('pric').map((h) => h.clipId)).toEqual(['c2']);
    expect(index.search('prices').map((h) => h.clipId)).toEqual(['c2']); // stem "price"
    expect(index.search('NOTES').map((h) => h.clipId)).toEqual(['c2']); // a tag
    expect(index.search('table').map((h) => h.clipId)).toEqual(['c2']); // the note
  });

  it('finds quotes and their notes, and needs every term', () => {
    expect(index.search('継続率').map((h) => h.clipId)).toEqual(['c1', 'c3']);
    expect(index.search('継続率 電源').map((h) => h.clipId)).toEqual(['c3']);
    expect(index.search('継続率 存在しない')).toEqual([]);
    expect(index.search('  ')).toEqual([]);
  });

  it('highlights the title', () => {
    const [hit] = index.search('ルート');
    expect(hit!.title.marks).toEqual([[0, 3]]);
  });

  it('searches the whole article, not only the lead a clip record keeps', () => {
    const whole = new SearchIndex();
    whole.update(
      [clip('long', '長い記事', '冒頭だけ')],
      new Map(),
      new Map([['long', `冒頭だけ${'本文'.repeat(1000)}末尾の語句`]]),
    );
    expect(whole.search('末尾の語句').map((h) => h.clipId)).toEqual(['long']);
  });

  it('refolds only changed clips and forgets removed ones', () => {
    const incremental = new SearchIndex();
    incremental.update(clips, quotes, texts);
    const changed = [{ ...clips[0]!, updatedAt: 5 }, clips[1]!];
    incremental.update(
      changed,
      new Map(),
      new Map([
        ['c1', '新しい本文'],
        ['c2', texts.get('c2')!],
      ]),
    );
    expect(incremental.size).toBe(2);
    expect(incremental.search('顧客満足度')).toEqual([]);
    expect(incremental.search('新しい本文').map((h) => h.clipId)).toEqual(['c1']);
  });

  it('handles width and case differences', () => {
    const wide = new SearchIndex();
    wide.update([clip('w', 'ＡＢＣ比較', 'ｶﾌｪの話')], new Map(), new Map());
    expect(wide.search('abc').map((h) => h.clipId)).toEqual(['w']);
    expect(wide.search('カフェ').map((h) => h.clipId)).toEqual(['w']);
  });
});

describe('searchTerms and grouping', () => {
  it('folds and stems', () => expect(searchTerms('Ｐｒｉｃｅｓ　顧客')).toEqual(['price', '顧客']));

  it('groups hits by board, a clip on two boards in both, then the unfiled', () => {
    const board = (id: string, title: string): Board => ({
      id,
      title,
      subjects: [],
      aspects: [],
      cellNotes: {},
      order: id,
      updatedAt: 0,
    });
    const place = (boardId: string, clipId: string): Placement => ({
      id: `${boardId}${clipId}`,
      boardId,
      clipId,
      order: 'a',
      note: '',
      noteKind: 'article',
    });
    const hits = ['c1', 'c2', 'c3'].map((clipId) => ({
      clipId,
      title: { text: '', marks: [] },
      snippets: [],
    }));
    const groups = groupByBoard(
      hits,
      [place('b1', 'c1'), place('b2', 'c1'), place('b2', 'c2')],
      [board('b1', 'B1'), board('b2', 'B2')],
      'ボード外',
    );
    expect(groups.map((g) => [g.title, g.hits.map((h) => h.clipId)])).toEqual([
      ['B1', ['c1']],
      ['B2', ['c1', 'c2']],
      ['ボード外', ['c3']],
    ]);
  });
});

describe('everything the user writes is searchable', () => {
  const board: Board = {
    id: 'b1',
    title: 'インサイドセールス vs フィールドセールス',
    subjects: [
      { id: 's1', name: 'インサイド' },
      { id: 's2', name: 'フィールド' },
    ],
    aspects: [
      { id: 'a1', name: 'コスト' },
      { id: 'a2', name: '成約率' },
    ],
    cellNotes: {
      a1: { s1: '訪問しないので交通費ゼロ', s2: '移動コストが大きい' },
      a2: { s2: '対面で成約率が高い' },
    },
    order: 'a',
    updatedAt: 0,
  };

  it('finds a placement note with its clip, and refolds when the note changes', () => {
    const index = new SearchIndex();
    index.update(clips, new Map(), texts, new Map([['c3', ['商談化率の根拠']]]));
    expect(index.search('商談化率').map((h) => h.clipId)).toEqual(['c3']);
    // Same length, other words: the fingerprint, not the length, tells the note changed.
    index.update(clips, new Map(), texts, new Map([['c3', ['受注単価の根拠']]]));
    expect(index.search('商談化率')).toEqual([]);
    expect(index.search('受注単価').map((h) => h.clipId)).toEqual(['c3']);
  });

  it('refolds a quote whose note changed to another of the same length', () => {
    const index = new SearchIndex();
    index.update(clips, new Map([['c3', [quote('q1', 'c3', '電源席', '静かな席')]]]), texts);
    expect(index.search('静かな席').map((h) => h.clipId)).toEqual(['c3']);
    index.update(clips, new Map([['c3', [quote('q1', 'c3', '電源席', '窓際の席')]]]), texts);
    expect(index.search('静かな席')).toEqual([]);
    expect(index.search('窓際').map((h) => h.clipId)).toEqual(['c3']);
  });

  it('finds a cell note of the comparison table, Japanese without spaces, naming its cell', () => {
    const cells = searchCells([board], '交通費');
    expect(cells.map((c) => [c.aspect, c.subject])).toEqual([['コスト', 'インサイド']]);
    const [a, b] = cells[0]!.snippet.marks[0]!;
    expect(cells[0]!.snippet.text.slice(a, b)).toBe('交通費');
    expect(searchCells([board], 'コスト').map((c) => c.subjectId)).toEqual(['s2']);
    expect(searchCells([board], '成約率 対面').map((c) => c.aspectId)).toEqual(['a2']);
    expect(searchCells([{ ...board, deletedAt: 1 }], '交通費')).toEqual([]);
    // A note of an aspect no longer on the board is not a cell of its table.
    expect(searchCells([{ ...board, aspects: [board.aspects[1]!] }], '交通費')).toEqual([]);
  });

  it('puts a board with matching cells in the results even when none of its clips match', () => {
    const groups = groupByBoard([], [], [board], 'ボード外', searchCells([board], '移動コスト'));
    expect(groups).toHaveLength(1);
    expect(groups[0]!.boardId).toBe('b1');
    expect(groups[0]!.cells.map((c) => c.aspectId)).toEqual(['a1']);
    expect(groups[0]!.hits).toEqual([]);
  });
});

describe('article text kept by the index', () => {
  it('searches a clip by its lead until its article is read, then the whole article; asks again after a re-clip', () => {
    const short = clip('a1', '長い記事', '冒頭だけ');
    const index = new SearchIndex();
    expect(index.needsText([short])).toEqual(['a1']);
    index.update([short], new Map());
    expect(index.search('末尾の一文')).toEqual([]);

    index.setText('a1', '冒頭だけ……そして末尾の一文', short.updatedAt);
    expect(index.needsText([short])).toEqual([]);
    index.update([short], new Map());
    expect(index.search('末尾の一文').map((h) => h.clipId)).toEqual(['a1']);

    const reclipped = { ...short, updatedAt: short.updatedAt + 1 };
    expect(index.needsText([reclipped])).toEqual(['a1']);
    // A clip gone from the library takes its text with it.
    index.update([], new Map());
    expect(index.needsText([reclipped])).toEqual(['a1']);
    expect(index.size).toBe(0);
  });
});
