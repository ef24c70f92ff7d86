import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_SUGGESTION_SCORE, SuggestionModel, TermCountCache, weighsSeveral } from '@/utils/suggest';
import { evaluateSuggestions, type LabelledSet } from '@/utils/suggest-eval';
import {
  answerSuggestRequest,
  KeptSuggestionModel,
  REBUILD_SHARE,
  type SuggestAnswer,
} from '@/utils/suggest-run';
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
  it(`off-topic clips: false-suggestion rate ≤ 5 % (${scores.offTopic.falseSuggestion.toFixed(3)}), none auto-filed`, () => {
    expect(scores.offTopic.tests).toBeGreaterThanOrEqual(15);
    expect(scores.offTopic.falseSuggestion).toBeLessThanOrEqual(0.05);
    expect(scores.offTopic.autoFiled).toBe(0);
  });
  it('auto-files no clip on a wrong board', () => {
    expect(scores.autoFiled).toBeGreaterThan(0);
    expect(scores.autoFiledWrong).toBe(0);
  });
  it(`katakana-only and cross-language clips find their board (${JSON.stringify(scores.byClass)})`, () => {
    expect(scores.byClass.katakana!.boardAt1).toBeGreaterThanOrEqual(0.9);
    expect(scores.byClass['cross-language']!.boardAt1).toBeGreaterThanOrEqual(0.8);
  });
  it(`clips weighing both subjects get none (${scores.bothEmpty.toFixed(3)})`, () =>
    expect(scores.bothEmpty).toBeGreaterThanOrEqual(0.8));
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

  it("takes a subject's aliases as its name, folding full-width, half-width and case", () => {
    const withAliases = boards.map((b) =>
      b.id === 'b2'
        ? { ...b, subjects: [{ id: 's3', name: 'Notion', aliases: ['ノーション'] }, b.subjects[1]!] }
        : b,
    );
    const katakana = clip('k', 'ﾉｰｼｮﾝのページ', 'ノーションでページを作った。');
    expect(new SuggestionModel({ boards, clips: [], placements: [] }).suggest(katakana)[0]!.score).toBe(0);
    const [first] = new SuggestionModel({ boards: withAliases, clips: [], placements: [] }).suggest(katakana);
    expect(first).toMatchObject({ boardId: 'b2', subjectId: 's3' });
    expect(first!.score).toBeGreaterThan(MIN_SUGGESTION_SCORE);
    const [wide] = new SuggestionModel({ boards, clips: [], placements: [] }).suggest(
      clip('w', 'ＮＯＴＩＯＮ', 'ＮＯＴＩＯＮ'),
    );
    expect(wide).toMatchObject({ boardId: 'b2', subjectId: 's3' });
  });

  it("learns a subject's alias from the titles of two clips filed under it, and only there", () => {
    const filed = [
      clip('f1', 'キントーンの画面', 'アプリを作る。'),
      clip('f2', 'キントーンで日報', '日報を書く。'),
    ];
    const crm = [
      {
        id: 'b3',
        title: 'kintone vs Salesforce',
        subjects: [
          { id: 'k', name: 'kintone' },
          { id: 'sf', name: 'Salesforce' },
        ],
        aspects: [{ id: 'a', name: '料金' }],
      },
    ];
    const test = clip('t', 'キントーン', '月額の話。');
    const once = new SuggestionModel({
      boards: crm,
      clips: filed,
      placements: [{ boardId: 'b3', clipId: 'f1', subjectId: 'k' }],
    });
    const twice = new SuggestionModel({
      boards: crm,
      clips: filed,
      placements: filed.map((f) => ({ boardId: 'b3', clipId: f.id, subjectId: 'k' })),
    });
    expect(once.learnedAliases('b3').get('k')).toEqual([]);
    expect(twice.learnedAliases('b3').get('k')).toEqual(['キントーン']);
    // Learned, the word names the board as a given alias would: a clip with nothing else finds it.
    expect(twice.suggest(test)[0]).toMatchObject({ boardId: 'b3', subjectId: 'k' });
    // The same word filed under both subjects names neither.
    const both = new SuggestionModel({
      boards: crm,
      clips: [...filed, clip('f3', 'キントーンからの乗り換え', '移行。')],
      placements: [
        ...filed.map((f) => ({ boardId: 'b3', clipId: f.id, subjectId: 'k' })),
        { boardId: 'b3', clipId: 'f3', subjectId: 'sf' },
      ],
    });
    expect(both.learnedAliases('b3').get('k')).toEqual([]);
  });

  it('leaves the subject empty when a clip names both subjects about as often', () => {
    const subjects = [
      { id: 'k', name: 'kintone', aliases: ['キントーン'] },
      { id: 'sf', name: 'Salesforce' },
    ];
    expect(
      weighsSeveral(subjects, clip('a', 'キントーンとSalesforceの料金', 'kintoneは安く、Salesforceは高い。')),
    ).toBe(true);
    expect(
      weighsSeveral(
        subjects,
        clip('b', 'キントーンの料金', 'kintoneは安い。Salesforceより安い。キントーン。'),
      ),
    ).toBe(false);
    expect(weighsSeveral(subjects, clip('c', '料金', '月額の話。'))).toBe(false);
  });

  it('shows a suggestion above the floor and auto-files only a strong, clear lead', () => {
    const answers = answerSuggestRequest({
      boards,
      corpus: [],
      placements: [],
      targets: [
        clip('strong', 'ルート営業の評価軸', 'ルート営業の評価軸は継続率。ルート営業の評価。'),
        clip('none', 'トマトパスタ', 'にんにくとトマト缶で作る。'),
      ],
    });
    expect(answers.map((a) => [a.clipId, a.boardId, a.autoFile])).toEqual([['strong', 'b1', true]]);
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

describe('the model kept between requests (issue 14: a new clip is scored, the model not rebuilt)', () => {
  const library = generateLibrary({ clips: 200, boards: 8, seed: 21 });
  const asText = (c: { id: string; title: string; lead: string }) => ({
    id: c.id,
    title: c.title,
    text: c.lead,
  });
  // As the panel asks: newest first, the filed clips and the newest ones as the corpus.
  const clips = [...library.clips].reverse().map(asText);
  const filed = new Set(library.placements.map((p) => p.clipId));
  const requestOf = (all: typeof clips, placements = library.placements, boards = library.boards) => ({
    boards,
    corpus: all.filter((c) => filed.has(c.id) || all.indexOf(c) < 60),
    placements,
    targets: all.filter((c) => !filed.has(c.id)).slice(0, 10),
  });
  const where = (answers: SuggestAnswer[]) =>
    answers.map((a) => [a.clipId, a.boardId, a.aspectId, a.subjectId]);
  // The newest clip not on a board arrives last.
  const fresh = clips.find((c) => !filed.has(c.id))!;
  const older = clips.filter((c) => c !== fresh);

  it('answers a first request as a model built afresh, and the same request again without building', () => {
    const kept = new KeptSuggestionModel();
    const request = requestOf(older);
    const fromScratch = answerSuggestRequest(request, new TermCountCache());
    expect(answerSuggestRequest(request, new TermCountCache(), kept)).toEqual(fromScratch);
    expect(answerSuggestRequest(request, new TermCountCache(), kept)).toEqual(fromScratch);
    expect(kept.builds).toBe(1);
  });

  it('suggests for a new clip without building again, where a fresh model would', () => {
    const kept = new KeptSuggestionModel();
    const cache = new TermCountCache();
    answerSuggestRequest(requestOf(older), cache, kept);
    const tokenized = cache.tokenized;
    const request = requestOf([fresh, ...older]);
    const answers = answerSuggestRequest(request, cache, kept);
    expect(kept.builds).toBe(1);
    // Only the new clip was read: its term counts joined the IDF; the others' answers were kept.
    expect(cache.tokenized - tokenized).toBe(1);
    expect(answers.some((a) => a.clipId === fresh.id)).toBe(true);
    expect(where(answers)).toEqual(where(answerSuggestRequest(request, new TermCountCache())));
  });

  it('builds again when a clip is filed or a board renamed, and then answers exactly as a fresh model', () => {
    const kept = new KeptSuggestionModel();
    answerSuggestRequest(requestOf(older), new TermCountCache(), kept);
    const board = library.boards[0]!;
    const target = requestOf(older).targets[0]!;
    const placements = [
      ...library.placements,
      {
        id: 'filed-now',
        boardId: board.id,
        clipId: target.id,
        aspectId: board.aspects[0]!.id,
        order: 'z',
        note: '',
        noteKind: 'memo' as const,
      },
    ];
    const filedRequest = requestOf(older, placements);
    expect(answerSuggestRequest(filedRequest, new TermCountCache(), kept)).toEqual(
      answerSuggestRequest(filedRequest, new TermCountCache()),
    );
    expect(kept.builds).toBe(2);
    const renamed = requestOf(older, placements, [
      { ...board, title: `${board.title} 改` },
      ...library.boards.slice(1),
    ]);
    expect(answerSuggestRequest(renamed, new TermCountCache(), kept)).toEqual(
      answerSuggestRequest(renamed, new TermCountCache()),
    );
    expect(kept.builds).toBe(3);
  });

  it('builds again once the corpus drifted past REBUILD_SHARE, and scores a changed clip again', () => {
    const kept = new KeptSuggestionModel();
    const cache = new TermCountCache();
    const request = requestOf(older);
    answerSuggestRequest(request, cache, kept);
    // A target whose title and text changed is scored again, not given its remembered answer
    // (the labelled set has a curry board: a recipe finds it).
    const first = answerSuggestRequest(request, cache, kept)[0]!;
    const recipe = {
      id: first.clipId,
      title: 'カレーの作り方',
      text: '玉ねぎを炒め、スパイスを加えて煮込む。',
    };
    const withChange = requestOf(older.map((c) => (c.id === first.clipId ? recipe : c)));
    const answers = answerSuggestRequest(withChange, cache, kept);
    const now = answers.find((a) => a.clipId === first.clipId)!;
    expect([now.boardId, now.aspectId]).not.toEqual([first.boardId, first.aspectId]);
    expect(where(answers)).toEqual(where(answerSuggestRequest(withChange, new TermCountCache())));
    expect(kept.builds).toBe(1);
    // Many clips replaced in the corpus: more than REBUILD_SHARE of it. (Changed where the model
    // reads: a clip is told changed by what it reads of it, its title and the start of its text.)
    const many = Math.ceil(request.corpus.length * REBUILD_SHARE) + 1;
    const drifted = {
      ...request,
      corpus: request.corpus.map((c, i) => (i < many ? { ...c, text: `追記 ${c.text}` } : c)),
    };
    expect(answerSuggestRequest(drifted, cache, kept)).toEqual(
      answerSuggestRequest(drifted, new TermCountCache()),
    );
    expect(kept.builds).toBe(2);
  });
});
