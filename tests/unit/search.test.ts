import { describe, expect, it } from 'vitest';
import type { Board, Placement, Quote } from '@/utils/db';
import { groupByBoard, SearchIndex, searchCells, searchTerms } from '@/utils/search';
import { makeClip } from '../helpers/pages';
import { indexedLibrary } from '../helpers/search-library';

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

describe('SearchIndex', async () => {
  const { articles } = await indexedLibrary(clips, texts);
  const index = new SearchIndex();
  index.update(clips, quotes);

  it('finds Japanese without spaces and highlights the match', async () => {
    const [hit, ...rest] = await index.search('顧客満足度', articles);
    expect(rest).toEqual([]);
    expect(hit!.clipId).toBe('c1');
    const [snippet] = hit!.snippets;
    const [a, b] = snippet!.marks[0]!;
    expect(snippet!.text.slice(a, b)).toBe('顧客満足度');
  });

  it('finds English by prefix and by stem, in notes and tags too', async () => {
    expect((await index.search('pric', articles)).map((h) => h.clipId)).toEqual(['c2']);
    expect((await index.search('prices', articles)).map((h) => h.clipId)).toEqual(['c2']); // stem "price"
    expect((await index.search('NOTES', articles)).map((h) => h.clipId)).toEqual(['c2']); // a tag
    expect((await index.search('table', articles)).map((h) => h.clipId)).toEqual(['c2']); // the note
  });

  it('finds quotes and their notes, and needs every term', async () => {
    expect((await index.search('継続率', articles)).map((h) => h.clipId)).toEqual(['c1', 'c3']);
    expect((await index.search('継続率 電源', articles)).map((h) => h.clipId)).toEqual(['c3']);
    expect(await index.search('継続率 存在しない', articles)).toEqual([]);
    expect(await index.search('  ', articles)).toEqual([]);
  });

  it('highlights the title', async () => {
    const [hit] = await index.search('ルート', articles);
    expect(hit!.title.marks).toEqual([[0, 3]]);
  });

  it('searches the whole article, not only the lead a clip record keeps', async () => {
    const long = [clip('long', '長い記事', '冒頭だけ')];
    const whole = new SearchIndex();
    whole.update(long, new Map());
    const library = await indexedLibrary(
      long,
      new Map([['long', `冒頭だけ${'本文'.repeat(1000)}末尾の語句`]]),
    );
    expect((await whole.search('末尾の語句', library.articles)).map((h) => h.clipId)).toEqual(['long']);
  });

  it('refolds only changed clips and forgets removed ones', async () => {
    const incremental = new SearchIndex();
    incremental.update(clips, quotes);
    const changed = [{ ...clips[0]!, title: '新しい題', updatedAt: 5 }, clips[1]!];
    incremental.update(changed, new Map());
    expect(incremental.size).toBe(2);
    expect(await incremental.search('カフェ', articles)).toEqual([]);
    expect((await incremental.search('新しい題', articles)).map((h) => h.clipId)).toEqual(['c1']);
  });

  it('folds ahead in slices; the tab then refolds only the clips with quotes or changed since', async () => {
    const many = Array.from({ length: 250 }, (_, i) => clip(`m${i}`, `題${i}`, ''));
    const ahead = new SearchIndex();
    const notes = new Map([['m1', ['配置のメモ']]]);
    // No time left after each slice of 100 clips: the next idle period goes on from there.
    expect(ahead.foldAhead(many, notes, 0, () => false)).toBe(100);
    expect(ahead.foldAhead(many, notes, 100, () => false)).toBe(200);
    expect(ahead.foldAhead(many, notes, 200, () => true)).toBe(250);
    expect(ahead.size).toBe(250);
    // A clip's entry folded ahead is kept by the tab's update when the clip has not changed
    // (its record's updatedAt): here a title changed without it, to tell.
    const renamed = many.map((c, i) => (i === 0 ? { ...c, title: '別の題' } : c));
    // m2 has a quote now, m3 was edited: both are refolded.
    const edited = renamed.map((c, i) => (i === 3 ? { ...c, title: '編集した題', updatedAt: 9 } : c));
    ahead.update(edited, new Map([['m2', [quote('qm', 'm2', '引用の文')]]]), notes);
    const ids = async (q: string) => (await ahead.search(q)).map((h) => h.clipId);
    expect(await ids('題0')).toEqual(['m0']);
    expect(await ids('別の題')).toEqual([]);
    expect(await ids('引用の文')).toEqual(['m2']);
    expect(await ids('編集した題')).toEqual(['m3']);
    expect(await ids('配置のメモ')).toEqual(['m1']);
  });

  it('handles width and case differences', async () => {
    const wide = new SearchIndex();
    const w = [clip('w', 'ＡＢＣ比較', 'ｶﾌｪの話')];
    wide.update(w, new Map());
    const library = await indexedLibrary(w, new Map([['w', 'ｶﾌｪの話']]));
    expect((await wide.search('abc', library.articles)).map((h) => h.clipId)).toEqual(['w']);
    expect((await wide.search('カフェ', library.articles)).map((h) => h.clipId)).toEqual(['w']);
  });
});

describe('searchTerms and grouping', () => {
  it('folds and stems', () => expect(searchTerms('Ｐｒｉｃｅｓ　顧客')).toEqual(['price', '顧客']));

  it('groups hits by board, a clip on two boards in both, then the unfiled', async () => {
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

describe('everything the user writes is searchable', async () => {
  const { articles } = await indexedLibrary(clips, texts);
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

  it('finds a placement note with its clip, and refolds when the note changes', async () => {
    const index = new SearchIndex();
    index.update(clips, new Map(), new Map([['c3', ['商談化率の根拠']]]));
    expect((await index.search('商談化率', articles)).map((h) => h.clipId)).toEqual(['c3']);
    // Same length, other words: the fingerprint, not the length, tells the note changed.
    index.update(clips, new Map(), new Map([['c3', ['受注単価の根拠']]]));
    expect(await index.search('商談化率', articles)).toEqual([]);
    expect((await index.search('受注単価', articles)).map((h) => h.clipId)).toEqual(['c3']);
  });

  it('refolds a quote whose note changed to another of the same length', async () => {
    const index = new SearchIndex();
    index.update(clips, new Map([['c3', [quote('q1', 'c3', '電源席', '静かな席')]]]));
    expect((await index.search('静かな席', articles)).map((h) => h.clipId)).toEqual(['c3']);
    index.update(clips, new Map([['c3', [quote('q1', 'c3', '電源席', '窓際の席')]]]));
    expect(await index.search('静かな席', articles)).toEqual([]);
    expect((await index.search('窓際', articles)).map((h) => h.clipId)).toEqual(['c3']);
  });

  it('finds a cell note of the comparison table, Japanese without spaces, naming its cell', async () => {
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

  it('puts a board with matching cells in the results even when none of its clips match', async () => {
    const groups = groupByBoard([], [], [board], 'ボード外', searchCells([board], '移動コスト'));
    expect(groups).toHaveLength(1);
    expect(groups[0]!.boardId).toBe('b1');
    expect(groups[0]!.cells.map((c) => c.aspectId)).toEqual(['a1']);
    expect(groups[0]!.hits).toEqual([]);
  });
});

describe('SearchIndex.find: the first hits, the rest counted', async () => {
  // 継続率 held by even clips; odd clips hold its pairs apart (継続 … 続率): bigram false hits.
  const many = Array.from({ length: 12 }, (_, i) =>
    clip(`m${i}`, `記事${i}`, i % 2 === 0 ? `顧客の継続率を測る${i}` : `継続して使う。続率という語${i}`),
  );
  const { articles } = await indexedLibrary(many, new Map(many.map((c) => [c.id, c.lead])));
  const index = new SearchIndex();
  index.update(many, new Map());
  const read: string[] = [];
  const counting = {
    candidates: (term: string) => articles.candidates(term),
    has: (id: string) => articles.has(id),
    texts: (ids: string[]) => {
      read.push(...ids);
      return articles.texts(ids);
    },
  };

  it('checks candidates only up to the hits asked for, and counts the others as possible', async () => {
    read.length = 0;
    const { hits, more } = await index.find('継続率', counting, 3);
    // The false hits among the first are dropped; the hits keep the given order.
    expect(hits.map((h) => h.clipId)).toEqual(['m0', 'm2', 'm4']);
    // Read: the candidates up to m4 (m0…m4), none after the last hit shown.
    expect(read).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    // m5…m11 are all candidates (every pair found): counted, not read.
    expect(more).toBe(7);
  });

  it('asking for more gives the same first hits and the checked rest', async () => {
    const { hits, more } = await index.find('継続率', counting, 100);
    expect(hits.map((h) => h.clipId)).toEqual(['m0', 'm2', 'm4', 'm6', 'm8', 'm10']);
    expect(more).toBe(0);
  });
});
