import { type SuggestBoard, type SuggestClip, SuggestionModel } from './suggest';
import { isAutoFiled, isShown } from './suggest-run';

/**
 * A labelled set: boards, and clips that are either already filed ("seed") or to be filed
 * ("test"). A test clip with `board: null` belongs to no board (a recipe among software
 * comparisons): the right answer for it is no suggestion at all. `subject: null` on a clip of a
 * board means it weighs every subject alike (the 共通 section).
 */
export interface LabelledSet {
  boards: SuggestBoard[];
  clips: (SuggestClip & {
    board: string | null;
    aspect: string | null;
    subject: string | null;
    role: 'seed' | 'test';
    /** The class of miss a clip was written to probe (katakana, cross-language, both, off-topic). */
    class?: string;
  })[];
}

export interface BoardScores {
  /** Test clips labelled with this board. */
  tests: number;
  /** Of them, the share whose first suggestion is this board. */
  boardAt1: number;
  /** Of the clips whose first shown suggestion is this board, the share labelled with it. */
  boardPrecision: number;
  aspectAt1: number;
  /** Subject right, `null` (共通) included: a clip weighing both subjects must get none. */
  subjectAt1: number;
}

export interface SuggestionScores {
  /** Test clips that belong to a board. */
  tests: number;
  boardAt1: number;
  boardAt3: number;
  /** The aspect suggested on the clip's own board. */
  aspectAt1: number;
  /** Board and aspect both right at the first suggestion. */
  boardAndAspectAt1: number;
  /** Among clips labelled with one subject: that subject suggested on its own board. */
  subjectAt1: number;
  /** Among clips labelled with no subject (they weigh both): no subject suggested. */
  bothEmpty: number;
  /** Share of test clips whose right board scores below 0.12 (a figure an old comment claimed). */
  rightBelow012: number;
  /** Lowest score of a right board among the test clips. */
  minRightScore: number;
  /** Share of the clips on a board that are shown a suggestion, and how many would be auto-filed. */
  shown: number;
  autoFiled: number;
  autoFiledWrong: number;
  /** Clips that belong to no board: the share shown a suggestion, and how many were auto-filed. */
  offTopic: { tests: number; falseSuggestion: number; autoFiled: number };
  /** Board precision@1 per class of clip (katakana, cross-language, both) and for the rest. */
  byClass: Record<string, { tests: number; boardAt1: number; subjectAt1: number }>;
  byBoard: Record<string, BoardScores>;
}

/** Files the seeds, suggests for every test clip, and scores the suggestions against the labels. */
export function evaluateSuggestions(set: LabelledSet): SuggestionScores {
  const model = new SuggestionModel({
    boards: set.boards,
    clips: set.clips,
    placements: set.clips
      .filter((c) => c.role === 'seed' && c.board)
      .map((c) => ({
        boardId: c.board!,
        clipId: c.id,
        aspectId: c.aspect ?? undefined,
        subjectId: c.subject ?? undefined,
      })),
  });
  const share = (x: number, n: number) => (n ? x / n : 0);
  const tests = set.clips.filter((c) => c.role === 'test');
  const onBoard = tests.filter((c) => c.board);
  const offTopic = tests.filter((c) => !c.board);
  let at1 = 0;
  let at3 = 0;
  let aspect = 0;
  let both = 0;
  let subject = 0;
  let withSubject = 0;
  let empty = 0;
  let withoutSubject = 0;
  let below = 0;
  let minRight = Number.POSITIVE_INFINITY;
  let shown = 0;
  let autoFiled = 0;
  let autoFiledWrong = 0;
  const perBoard = new Map<
    string,
    { n: number; at1: number; aspect: number; subject: number; named: number; namedRight: number }
  >();
  const board = (id: string) => {
    let b = perBoard.get(id);
    if (!b) {
      b = { n: 0, at1: 0, aspect: 0, subject: 0, named: 0, namedRight: 0 };
      perBoard.set(id, b);
    }
    return b;
  };
  for (const b of set.boards) board(b.id);
  const perClass = new Map<string, { n: number; at1: number; subject: number }>();
  for (const clip of onBoard) {
    const all = model.suggest(clip, set.boards.length);
    const first = all[0];
    const own = all.find((s) => s.boardId === clip.board);
    const right = first?.boardId === clip.board;
    const b = board(clip.board!);
    b.n++;
    if (first && isShown(first)) {
      shown++;
      const named = board(first.boardId);
      named.named++;
      if (right) named.namedRight++;
      if (isAutoFiled(first)) {
        autoFiled++;
        if (!right) autoFiledWrong++;
      }
    }
    if (right) {
      at1++;
      b.at1++;
    }
    if (all.slice(0, 3).some((s) => s.boardId === clip.board)) at3++;
    if (own && own.aspectId === clip.aspect) {
      aspect++;
      b.aspect++;
    }
    if (right && first.aspectId === clip.aspect) both++;
    const subjectRight = (own?.subjectId ?? null) === clip.subject;
    if (subjectRight) b.subject++;
    if (clip.subject) {
      withSubject++;
      if (subjectRight) subject++;
    } else {
      withoutSubject++;
      if (subjectRight) empty++;
    }
    const score = own?.score ?? 0;
    if (score < 0.12) below++;
    minRight = Math.min(minRight, score);
    const cls = clip.class ?? 'other';
    const c = perClass.get(cls) ?? { n: 0, at1: 0, subject: 0 };
    c.n++;
    if (right) c.at1++;
    if (subjectRight) c.subject++;
    perClass.set(cls, c);
  }
  let offShown = 0;
  let offFiled = 0;
  for (const clip of offTopic) {
    const [first] = model.suggest(clip, 1);
    if (first && isShown(first)) offShown++;
    if (first && isAutoFiled(first)) offFiled++;
  }
  return {
    tests: onBoard.length,
    boardAt1: share(at1, onBoard.length),
    boardAt3: share(at3, onBoard.length),
    aspectAt1: share(aspect, onBoard.length),
    boardAndAspectAt1: share(both, onBoard.length),
    subjectAt1: share(subject, withSubject),
    bothEmpty: share(empty, withoutSubject),
    rightBelow012: share(below, onBoard.length),
    minRightScore: onBoard.length ? minRight : 0,
    shown: share(shown, onBoard.length),
    autoFiled,
    autoFiledWrong,
    offTopic: {
      tests: offTopic.length,
      falseSuggestion: share(offShown, offTopic.length),
      autoFiled: offFiled,
    },
    byClass: Object.fromEntries(
      [...perClass].map(([k, c]) => [
        k,
        { tests: c.n, boardAt1: share(c.at1, c.n), subjectAt1: share(c.subject, c.n) },
      ]),
    ),
    byBoard: Object.fromEntries(
      [...perBoard].map(([id, b]) => [
        id,
        {
          tests: b.n,
          boardAt1: share(b.at1, b.n),
          boardPrecision: share(b.namedRight, b.named),
          aspectAt1: share(b.aspect, b.n),
          subjectAt1: share(b.subject, b.n),
        },
      ]),
    ),
  };
}
