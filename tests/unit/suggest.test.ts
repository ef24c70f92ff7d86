import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_SUGGESTION_SCORE, SuggestionModel, TermCountCache } from '@/utils/suggest';
import { evaluateSuggestions, type LabelledSet } from '@/utils/suggest-eval';
import { answerSuggestRequest } from '@/utils/suggest-run';
import { generateLibrary } from '../helpers/library';

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

describe('term counts kept between requests (issue 14: a new clip tokenizes only itself)', () => {
  const library = generateLibrary({ clips: 60, boards: 6, seed: 9 });
  const asText = (c: { id: string; title: string; lead: string }) => ({
    id: c.id,
    title: c.title,
    text: c.lead,
  });
  const all = library.clips.map(asText);

  it('gives the answers of a model built afresh, whatever the cache saw before', () => {
    fc.assert(
      fc.property(
        // Earlier requests: which clips they read, and which of those had another title then.
        fc.array(fc.tuple(fc.subarray(all.map((c) => c.id)), fc.subarray(all.map((c) => c.id))), {
          maxLength: 3,
        }),
        fc.subarray(all, { minLength: 2 }),
        (earlier, corpus) => {
          const cache = new TermCountCache();
          for (const [read, retitled] of earlier) {
            const changed = new Set(retitled);
            const clips = all
              .filter((c) => read.includes(c.id))
              .map((c) => (changed.has(c.id) ? { ...c, title: `${c.title} 旧題` } : c));
            answerSuggestRequest(
              {
                boards: library.boards,
                corpus: clips,
                placements: library.placements,
                targets: clips.slice(0, 5),
              },
              cache,
            );
          }
          const request = {
            boards: library.boards,
            corpus,
            placements: library.placements,
            targets: corpus.slice(0, 10),
          };
          expect(answerSuggestRequest(request, cache)).toEqual(
            answerSuggestRequest(request, new TermCountCache()),
          );
          // What the cache holds afterwards is only what this request read.
          expect(cache.size).toBeLessThanOrEqual(corpus.length);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
