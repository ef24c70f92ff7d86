import {
  MIN_AUTO_FILE_SCORE,
  MIN_SUGGESTION_SCORE,
  type SuggestBoard,
  type SuggestClip,
  SuggestionModel,
  type SuggestPlacement,
  TermCountCache,
} from './suggest';

/** What the side panel asks for: suggestions for `targets`, weighing words over `corpus`. */
export interface SuggestRequest {
  boards: SuggestBoard[];
  corpus: SuggestClip[];
  placements: SuggestPlacement[];
  targets: SuggestClip[];
}

export interface SuggestAnswer {
  clipId: string;
  boardId: string;
  aspectId?: string;
  subjectId?: string;
  /** How far the board leads the next one (0 to 1): auto-filing needs AUTO_FILE_CONFIDENCE. */
  confidence: number;
  /** Whether auto-filing, when on, files the clip here (`isAutoFiled`). */
  autoFile: boolean;
}

/**
 * Auto-filing (off unless the user turns it on) files a new clip only when its board leads the
 * next by this much, and scores MIN_AUTO_FILE_SCORE. On the labelled set (69 test clips on
 * boards, 16 off-topic), 55 clear both, all on the right board; no off-topic clip does (two led
 * by 0.63 and 0.76 with scores of 0.05 to 0.07: the margin alone would have filed them).
 */
export const AUTO_FILE_CONFIDENCE = 0.5;

/** Whether the panel shows `best` as the clip's suggestion. */
export function isShown(best: { score: number }): boolean {
  return best.score >= MIN_SUGGESTION_SCORE;
}

/** Whether auto-filing (when the user turned it on) would file the clip on `best`'s board. */
export function isAutoFiled(best: { score: number; confidence: number }): boolean {
  return best.score >= MIN_AUTO_FILE_SCORE && best.confidence >= AUTO_FILE_CONFIDENCE;
}

/**
 * Term counts of the clips the last requests read, kept for the next: the panel asks again with
 * every change of its clips or boards, and only a clip that is new or changed is tokenized again.
 */
export const suggestTermCounts = new TermCountCache();

/**
 * A corpus that changed in more than this share of its clips since the model was built is built
 * again: the boards' profiles keep the IDF of their build, and a few clips in a few thousand
 * change it by little (KeptSuggestionModel).
 */
export const REBUILD_SHARE = 0.05;

/**
 * The suggestion model kept between requests (the worker keeps one), updated in pieces: a request
 * whose boards and filed clips (placements: which clip in which cell) are those of the last build
 * only adds and removes the clips its corpus gained, lost or changed (their term counts in the
 * IDF), and scores its targets; a new clip then costs its own tokenizing and a cosine per board,
 * not a model rebuilt from every filed clip. Boards or placements that changed, or a corpus that
 * drifted past REBUILD_SHARE, build the model again (exactly a fresh model's answers then).
 */
export class KeptSuggestionModel {
  /** How many times the whole model was built (tests count them). */
  builds = 0;
  private model: SuggestionModel | undefined;
  private boardsKey = '';
  private placements: SuggestPlacement[] = [];
  private corpus = new Map<string, SuggestClip>();
  /** Clips added, removed or changed since the build. */
  private drift = 0;
  /**
   * Each target's answer since the build, with the title and text it was given for: a request
   * after one new clip scores that clip, not again the thirty the panel showed already.
   */
  private answers = new Map<string, { title: string; text: string; answer: SuggestAnswer | undefined }>();

  /** The answer given for `clip` (as it is now) since the model was built; absent: none yet. */
  answered(clip: SuggestClip): { answer: SuggestAnswer | undefined } | undefined {
    const had = this.answers.get(clip.id);
    return had && had.title === clip.title && had.text === clip.text ? had : undefined;
  }

  remember(clip: SuggestClip, answer: SuggestAnswer | undefined): void {
    this.answers.set(clip.id, { title: clip.title, text: clip.text, answer });
  }

  modelFor(
    { boards, corpus, placements }: Omit<SuggestRequest, 'targets'>,
    cache: TermCountCache,
  ): SuggestionModel {
    // What the model reads of the boards (names, aliases) and of the placements (cells, not order).
    const boardsKey = JSON.stringify(boards.map((b) => [b.id, b.title, b.subjects, b.aspects]));
    const next = new Map(corpus.map((c) => [c.id, c]));
    if (this.model && boardsKey === this.boardsKey && sameCells(placements, this.placements)) {
      const changed = corpus.filter((c) => {
        const had = this.corpus.get(c.id);
        return !had || had.title !== c.title || had.text !== c.text;
      });
      const gone = [...this.corpus.keys()].filter((id) => !next.has(id));
      if (this.drift + changed.length + gone.length <= REBUILD_SHARE * corpus.length) {
        for (const id of gone) this.model.removeClip(id);
        for (const clip of changed) this.model.addClip(clip, cache.countsOf(clip));
        this.drift += changed.length + gone.length;
        this.corpus = next;
        return this.model;
      }
    }
    this.model = new SuggestionModel({ boards, clips: corpus, placements, cache });
    this.builds++;
    this.boardsKey = boardsKey;
    this.placements = placements;
    this.corpus = next;
    this.drift = 0;
    this.answers = new Map();
    return this.model;
  }
}

/**
 * Whether two lists of placements put the same clips in the same cells, in the same order (the
 * panel sends them in the database's order): compared field by field, as building a key of
 * 25,000 placements would cost more than the rest of a new clip's suggestion.
 */
function sameCells(a: SuggestPlacement[], b: SuggestPlacement[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (
      x.boardId !== y.boardId ||
      x.clipId !== y.clipId ||
      x.aspectId !== y.aspectId ||
      x.subjectId !== y.subjectId
    )
      return false;
  }
  return true;
}

/**
 * Computes the suggestions of a request (run in a worker or, failing that, here), with the term
 * counts of clips already seen taken from `cache`. Without `kept`, a model built afresh; with it,
 * that model updated in pieces (KeptSuggestionModel).
 */
export function answerSuggestRequest(
  { boards, corpus, placements, targets }: SuggestRequest,
  cache: TermCountCache = suggestTermCounts,
  kept?: KeptSuggestionModel,
): SuggestAnswer[] {
  if (boards.length === 0 || targets.length === 0) return [];
  const model = kept
    ? kept.modelFor({ boards, corpus, placements }, cache)
    : new SuggestionModel({ boards, clips: corpus, placements, cache });
  cache.keepOnly(new Set([...corpus, ...targets].map((c) => c.id)));
  const out: SuggestAnswer[] = [];
  for (const clip of targets) {
    const known = kept?.answered(clip);
    const answer = known ? known.answer : answerFor(model, clip, cache);
    if (!known) kept?.remember(clip, answer);
    if (answer) out.push(answer);
  }
  return out;
}

/** The suggestion shown for `clip`, if any. */
function answerFor(
  model: SuggestionModel,
  clip: SuggestClip,
  cache: TermCountCache,
): SuggestAnswer | undefined {
  const [best] = model.suggest(clip, 1, cache);
  if (!best || !isShown(best)) return undefined;
  return {
    clipId: clip.id,
    boardId: best.boardId,
    aspectId: best.aspectId,
    subjectId: best.subjectId,
    confidence: best.confidence,
    autoFile: isAutoFiled(best),
  };
}
