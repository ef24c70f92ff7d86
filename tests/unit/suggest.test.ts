import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIN_SUGGESTION_SCORE, SuggestionModel } from '@/utils/suggest';
import { evaluateSuggestions, type LabelledSet } from '@/utils/suggest-eval';

const labelled = JSON.parse(
  readFileSync(path.resolve(__dirname, '../fixtures/suggest/labelled.json'), 'utf8'),
) as LabelledSet;

describe('the labelled set', () => {
  it('has at least 40 test clips over at least 6 boards, Japanese and English', () => {
    const tests = labelled.clips.filter((c) => c.role === 'test');
    expect(tests.length).toBeGreaterThanOrEqual(40);
    expect(new Set(tests.map((c) => c.board)).size).toBeGreaterThanOrEqual(6);
    const langs = new Set(labelled.clips.map((c) => (/[\u3040-\u30ff]/.test(c.text) ? 'ja' : 'en')));
    expect([...langs].sort()).toEqual(['en', 'ja']);
  });
});

describe('suggestions on the labelled set', () => {
  const scores = evaluateSuggestions(labelled);
  it(`board precision@1 ≥ 0.8 (${scores.boardAt1.toFixed(3)})`, () =>
    expect(scores.boardAt1).toBeGreaterThanOrEqual(0.8));
  it(`board precision@3 ≥ 0.95 (${scores.boardAt3.toFixed(3)})`, () =>
    expect(scores.boardAt3).toBeGreaterThanOrEqual(0.95));
  it(`aspect precision@1 ≥ 0.6 (${scores.aspectAt1.toFixed(3)})`, () =>
    expect(scores.aspectAt1).toBeGreaterThanOrEqual(0.6));
});

describe('SuggestionModel', () => {
  const boards = [
    {
      id: 'b1',
      title: 'ルート営業 vs 営業一般',
      subjects: [
        { id: 's1', name: 'ルート営業' },
        { id: 's2', name: '営業一般' },
      ],
      aspects: [
        { id: 'a1', name: '評価軸' },
        { id: 'a2', name: '情報の扱い方' },
      ],
    },
    {
      id: 'b2',
      title: 'Notion vs Obsidian',
      subjects: [
        { id: 's3', name: 'Notion' },
        { id: 's4', name: 'Obsidian' },
      ],
      aspects: [
        { id: 'a3', name: 'price' },
        { id: 'a4', name: 'sync' },
      ],
    },
  ];
  const clip = (id: string, title: string, text: string) => ({ id, title, text });

  it('ranks by the words a clip shares with the board, in Japanese without spaces', () => {
    const model = new SuggestionModel({ boards, clips: [], placements: [] });
    const [first] = model.suggest(clip('x', '営業の評価', 'ルート営業は継続率で評価されることが多い。'));
    expect(first).toMatchObject({ boardId: 'b1', aspectId: 'a1', subjectId: 's1' });
    expect(
      model.suggest(clip('y', 'Sync conflicts', 'Obsidian sync costs a monthly price.'))[0],
    ).toMatchObject({ boardId: 'b2' });
  });

  it('learns from the clips already on a board', () => {
    const filed = clip('f', '訪問頻度の決め方', '訪問頻度と在庫動向をもとに提案の時期を決める。');
    const model = new SuggestionModel({
      boards,
      clips: [filed],
      placements: [{ boardId: 'b1', clipId: 'f', aspectId: 'a2' }],
    });
    const [first] = model.suggest(clip('z', '在庫の話', '在庫動向を見て訪問する。'));
    expect(first).toMatchObject({ boardId: 'b1', aspectId: 'a2' });
  });

  it('is deterministic on ties and says how confident it is', () => {
    const model = new SuggestionModel({ boards, clips: [], placements: [] });
    const nothing = model.suggest(clip('n', '無関係', 'まったく関係のない文章。'));
    expect(nothing.map((s) => s.boardId)).toEqual(['b1', 'b2']);
    expect(nothing[0]!.confidence).toBe(0);
    expect(model.suggest(clip('c', 'ルート営業', 'ルート営業の評価軸'))[0]!.confidence).toBeGreaterThan(0.5);
  });

  it('scores a clip about something else below the suggestion floor', () => {
    const model = new SuggestionModel({ boards, clips: [], placements: [] });
    const [first] = model.suggest(
      clip('g', '手挽きミルと電動ミルを比べた', 'コーヒー豆を挽く時間と味の違いを三か月比べました。'),
    );
    expect(first!.score).toBeLessThan(MIN_SUGGESTION_SCORE);
  });

  it('suggests nothing without boards, and works for boards without clips or aspects', () => {
    expect(
      new SuggestionModel({ boards: [], clips: [], placements: [] }).suggest(clip('a', 'x', 'y')),
    ).toEqual([]);
    const bare = new SuggestionModel({ boards: [{ ...boards[0]!, aspects: [] }], clips: [], placements: [] });
    expect(bare.suggest(clip('a', 'ルート営業', '営業'))[0]).toMatchObject({
      boardId: 'b1',
      aspectId: undefined,
    });
  });
});
