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
 * Computes the suggestions of a request (run in a worker or, failing that, here): the same
 * answers as a model built afresh, with the term counts of clips already seen taken from `cache`.
 */
export function answerSuggestRequest(
  { boards, corpus, placements, targets }: SuggestRequest,
  cache: TermCountCache = suggestTermCounts,
): SuggestAnswer[] {
  if (boards.length === 0 || targets.length === 0) return [];
  const model = new SuggestionModel({ boards, clips: corpus, placements, cache });
  cache.keepOnly(new Set([...corpus, ...targets].map((c) => c.id)));
  const out: SuggestAnswer[] = [];
  for (const clip of targets) {
    const [best] = model.suggest(clip, 1);
    if (!best || !isShown(best)) continue;
    out.push({
      clipId: clip.id,
      boardId: best.boardId,
      aspectId: best.aspectId,
      subjectId: best.subjectId,
      confidence: best.confidence,
      autoFile: isAutoFiled(best),
    });
  }
  return out;
}
