import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CandidateSource,
  CellSourceCache,
  cellCandidates,
  cellKey,
  splitSentences,
} from '@/utils/cell-candidates';
import { type CellLabelledSet, evaluateCellCandidates } from '@/utils/cell-candidates-eval';

const labelled = JSON.parse(
  readFileSync(path.resolve(__dirname, '../fixtures/cells/labelled.json'), 'utf8'),
) as CellLabelledSet;

describe('the cells labelled set', () => {
  it('has at least 8 boards and 60 labelled cells, Japanese and English', () => {
    expect(labelled.boards.length).toBeGreaterThanOrEqual(8);
    const cells = labelled.boards.flatMap((b) => b.cells.filter((c) => c.good.length > 0));
    expect(cells.length).toBeGreaterThanOrEqual(60);
    expect(new Set(labelled.boards.map((b) => b.lang))).toEqual(new Set(['ja', 'en']));
    // Every good sentence is a sentence of one of the board's clips.
    for (const b of labelled.boards)
      for (const c of b.cells)
        for (const g of c.good) expect(b.clips.some((clip) => clip.text.includes(g))).toBe(true);
  });
});

describe('candidates on the labelled set', () => {
  const scores = evaluateCellCandidates(labelled);
  it(`precision@3 ≥ 0.7 (${scores.at3.toFixed(3)}; @1 ${scores.at1.toFixed(3)})`, () => {
    expect(scores.cells).toBeGreaterThanOrEqual(60);
    expect(scores.at3).toBeGreaterThanOrEqual(0.7);
  });
});

describe('splitSentences', () => {
  const texts = (t: string) => splitSentences(t).map((s) => s.text);
  it('splits Japanese at 。！？ but not inside quotes or parentheses', () => {
    expect(texts('安い。でも「遅い。重い。」と言われた！本当？（注：私見。）以上')).toEqual([
      '安い。',
      'でも「遅い。重い。」と言われた！',
      '本当？',
      '（注：私見。）以上',
    ]);
  });
  it('splits list items and lines, dropping their bullets', () => {
    expect(texts('比較:\n・月額1,800円\n・サポートあり\n1. 速い')).toEqual([
      '比較:',
      '月額1,800円',
      'サポートあり',
      '速い',
    ]);
  });
  it('splits English after a period before a capital, not after Dr. or in a decimal', () => {
    expect(texts('It costs $4.50 a month. Dr. Smith agrees. whereas e.g. this stays')).toEqual([
      'It costs $4.50 a month.',
      'Dr. Smith agrees. whereas e.g. this stays',
    ]);
  });
  it('gives where each sentence starts, for showing it in context', () => {
    const text = '前置き。  本題は月額1,800円だ。';
    for (const s of splitSentences(text)) expect(text.slice(s.start, s.start + s.text.length)).toBe(s.text);
  });
});

describe('cellCandidates', () => {
  const board = {
    id: 'b',
    subjects: [
      { id: 'k', name: 'kintone', aliases: ['キントーン'] },
      { id: 'sf', name: 'Salesforce' },
    ],
    aspects: [
      { id: 'price', name: '料金' },
      { id: 'support', name: 'サポート' },
    ],
  };
  const source = (clipId: string, text: string, extra: Partial<CandidateSource> = {}): CandidateSource => ({
    clipId,
    title: clipId,
    siteName: 'example.jp',
    text,
    placements: [{}],
    tie: 'board',
    ...extra,
  });

  it('prefers the sentence naming the subject (by alias too) under the aspect, with a price', () => {
    const ranked = cellCandidates(board, [
      source(
        'c1',
        '料金の話をしよう。キントーンの料金は月額1,800円からだ。Salesforceの料金は高い。サポートはkintoneも電話で受けられる。',
      ),
    ]);
    expect(ranked.get(cellKey('price', 'k'))![0]).toMatchObject({
      clipId: 'c1',
      sentence: 'キントーンの料金は月額1,800円からだ。',
      siteName: 'example.jp',
    });
    expect(ranked.get(cellKey('price', 'sf'))![0]!.sentence).toBe('Salesforceの料金は高い。');
    expect(ranked.get(cellKey('support', 'k'))![0]!.sentence).toBe('サポートはkintoneも電話で受けられる。');
  });

  it('takes the subject named first as the topic, and rewards a contrast', () => {
    const ranked = cellCandidates(board, [
      source(
        'c1',
        'Salesforceの料金はkintoneに比べて高い。kintoneの料金は安い。kintoneの料金は、Salesforceに対して半額だ。',
      ),
    ]);
    expect(ranked.get(cellKey('price', 'k'))!.map((c) => c.sentence)).toEqual([
      'kintoneの料金は、Salesforceに対して半額だ。',
      'kintoneの料金は安い。',
      'Salesforceの料金はkintoneに比べて高い。',
    ]);
  });

  it("learns an aspect's words from the clips placed under it, and ranks a suggested clip lower", () => {
    const ranked = cellCandidates(board, [
      source('placed', '問い合わせは電話とメールで受け付ける。', { placements: [{ aspectId: 'support' }] }),
      source('board', 'kintoneは電話で問い合わせできる。kintoneは画面が明るい。'),
      source('tied', 'kintoneは電話とメールで問い合わせできる。', { tie: 'suggested', placements: [] }),
    ]);
    const top = ranked.get(cellKey('support', 'k'))!;
    expect(top[0]).toMatchObject({ clipId: 'board', sentence: 'kintoneは電話で問い合わせできる。' });
    expect(top.map((c) => c.clipId)).toContain('tied');
    expect(top.findIndex((c) => c.clipId === 'tied')).toBeGreaterThan(0);
  });

  it('marks a suggested (未整理) clip’s candidates as such, below the board’s own on the same sentence', () => {
    const text = 'kintoneの料金は月額1,800円だ。';
    // The suggested clip comes first in the list and says the same: the board's clip still wins.
    const top = cellCandidates(board, [
      source('tied', `${text}kintoneの料金は年額だと割安だ。`, { tie: 'suggested', placements: [] }),
      source('own', text),
    ]).get(cellKey('price', 'k'))!;
    expect(top.map((c) => [c.clipId, c.tie])).toEqual([
      ['own', 'board'],
      ['tied', 'suggested'],
    ]);
    expect(top[1]!.sentence).toBe('kintoneの料金は年額だと割安だ。');
    // A cell the board's clips say nothing of is still offered the suggested clip's sentence.
    const only = cellCandidates(board, [
      source('own', 'Salesforceのサポートは電話だ。'),
      source('tied', text, { tie: 'suggested', placements: [] }),
    ]).get(cellKey('price', 'k'))!;
    expect(only.find((c) => c.clipId === 'tied')).toMatchObject({ sentence: text, tie: 'suggested' });
  });

  it("follows the cell's note so far", () => {
    const text = 'kintoneの料金はプラグイン代が別にかかる。kintoneの料金は年額だと割安だ。';
    const withNote = cellCandidates({ ...board, cellNotes: { price: { k: '年額の割安さ' } } }, [
      source('c', text),
    ]);
    const without = cellCandidates(board, [source('c', text)]);
    expect(without.get(cellKey('price', 'k'))![0]!.sentence).toBe(
      'kintoneの料金はプラグイン代が別にかかる。',
    );
    expect(withNote.get(cellKey('price', 'k'))![0]!.sentence).toBe('kintoneの料金は年額だと割安だ。');
  });

  it('offers a sentence once, from the quote when the user quoted it, and is deterministic', () => {
    const text = 'kintoneの料金は月額1,800円だ。';
    const sources = [source('c', text), source('c', text, { quoteId: 'q' })];
    const top = cellCandidates(board, sources).get(cellKey('price', 'k'))!;
    expect(top).toHaveLength(1);
    expect(top[0]!.quoteId).toBe('q');
    expect(cellCandidates(board, sources)).toEqual(cellCandidates(board, [...sources]));
  });
});

describe('the prepared sources kept between requests (CellSourceCache)', () => {
  const board = {
    id: 'b',
    subjects: [
      { id: 'k', name: 'kintone' },
      { id: 'sf', name: 'Salesforce' },
    ],
    aspects: [
      { id: 'price', name: '料金' },
      { id: 'support', name: 'サポート' },
    ],
  };
  const source = (clipId: string, text: string, extra: Partial<CandidateSource> = {}): CandidateSource => ({
    clipId,
    title: clipId,
    siteName: 'example.jp',
    text,
    placements: [{}],
    tie: 'board',
    ...extra,
  });

  it('answers every request of a session as a fresh computation would, on the labelled boards', () => {
    // One cache through all boards and, per board, its clips as they are, with a note typed, with
    // one clip's text changed and one placed elsewhere: each answer equals the uncached one.
    const cache = new CellSourceCache();
    for (const b of labelled.boards) {
      const sources: CandidateSource[] = b.clips.map((c) => ({
        clipId: c.id,
        title: c.title,
        siteName: c.siteName,
        text: c.text,
        placements: c.filed ? [{ aspectId: c.placedAspect ?? undefined }] : [],
        tie: c.filed ? 'board' : 'suggested',
      }));
      const noted = {
        ...b,
        cellNotes: { [b.aspects[0]!.id]: { [b.subjects[0]!.id]: b.clips[1]!.text.slice(0, 30) } },
      };
      const edited = sources.map((s, i) =>
        i === 0 ? { ...s, text: s.text.slice(s.text.length >> 1) } : i === 1 ? { ...s, placements: [] } : s,
      );
      for (const [board2, sources2] of [
        [b, sources],
        [noted, sources],
        [noted, edited],
        [b, sources],
      ] as const)
        expect(cellCandidates(board2, sources2, 5, cache)).toEqual(cellCandidates(board2, sources2, 5));
    }
  });

  it('prepares a source again when its text changed, never ranking a sentence it no longer has', () => {
    const cache = new CellSourceCache();
    const before = cellCandidates(board, [source('c1', 'kintoneの料金は月額1,800円からだ。')], 3, cache);
    expect(before.get(cellKey('price', 'k'))![0]!.sentence).toBe('kintoneの料金は月額1,800円からだ。');
    const after = cellCandidates(board, [source('c1', 'kintoneの料金は月額2,200円に上がった。')], 3, cache);
    expect(after.get(cellKey('price', 'k'))!.map((c) => c.sentence)).toEqual([
      'kintoneの料金は月額2,200円に上がった。',
    ]);
  });

  it('keeps a quote apart from its clip (same clip id, its own text)', () => {
    const cache = new CellSourceCache();
    const sources = [
      source('c1', 'Salesforceのサポートは電話で受けられる。'),
      source('c1', 'kintoneの料金は月額1,800円からだ。', { quoteId: 'q1' }),
    ];
    const ranked = cellCandidates(board, sources, 3, cache);
    expect(ranked.get(cellKey('price', 'k'))![0]).toMatchObject({
      quoteId: 'q1',
      sentence: 'kintoneの料金は月額1,800円からだ。',
    });
    expect(cellCandidates(board, sources, 3, cache)).toEqual(ranked);
  });
});
