import { type SuggestBoard, type SuggestClip, SuggestionModel } from './suggest';

/** A labelled set: boards, and clips that are either already filed ("seed") or to be filed ("test"). */
export interface LabelledSet {
  boards: SuggestBoard[];
  clips: (SuggestClip & { board: string; aspect: string; subject: string | null; role: 'seed' | 'test' })[];
}

export interface SuggestionScores {
  tests: number;
  boardAt1: number;
  boardAt3: number;
  /** The aspect suggested on the clip's own board. */
  aspectAt1: number;
  /** Board and aspect both right at the first suggestion. */
  boardAndAspectAt1: number;
  /** Among clips labelled with one subject: that subject suggested on its own board. */
  subjectAt1: number;
}

/** Files the seeds, suggests for every test clip, and scores the suggestions against the labels. */
export function evaluateSuggestions(set: LabelledSet): SuggestionScores {
  const model = new SuggestionModel({
    boards: set.boards,
    clips: set.clips,
    placements: set.clips
      .filter((c) => c.role === 'seed')
      .map((c) => ({
        boardId: c.board,
        clipId: c.id,
        aspectId: c.aspect,
        subjectId: c.subject ?? undefined,
      })),
  });
  const tests = set.clips.filter((c) => c.role === 'test');
  let at1 = 0;
  let at3 = 0;
  let aspect = 0;
  let both = 0;
  let subject = 0;
  let withSubject = 0;
  for (const clip of tests) {
    const all = model.suggest(clip, set.boards.length);
    const own = all.find((s) => s.boardId === clip.board);
    if (all[0]?.boardId === clip.board) at1++;
    if (all.slice(0, 3).some((s) => s.boardId === clip.board)) at3++;
    if (own?.aspectId === clip.aspect) aspect++;
    if (all[0]?.boardId === clip.board && all[0].aspectId === clip.aspect) both++;
    if (clip.subject) {
      withSubject++;
      if (own?.subjectId === clip.subject) subject++;
    }
  }
  const share = (x: number, n: number) => (n ? x / n : 0);
  return {
    tests: tests.length,
    boardAt1: share(at1, tests.length),
    boardAt3: share(at3, tests.length),
    aspectAt1: share(aspect, tests.length),
    boardAndAspectAt1: share(both, tests.length),
    subjectAt1: share(subject, withSubject),
  };
}
