import { describe, expect, it } from 'vitest';
import type { Board, Placement, Quote } from '@/utils/db';
import { groupByBoard, SearchIndex, searchTerms } from '@/utils/search';
import { makeClip } from '../helpers/pages';

const clip = makeClip;
const quote = (id: string, clipId: string, text: string, note = ''): Quote => ({
  id,
  clipId,
  text,
  context: '',
  note,
  createdAt: 0,
});

const clips = [
  clip('c1', 'ルート営業と営業の違い', 'ルート営業は継続率・顧客満足度・年間購買額で評価されます。'),
  clip('c2', 'Notion vs Obsidian', 'Pricing plans compared. Obsidian sync costs extra.', {
    note: 'price table',
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
