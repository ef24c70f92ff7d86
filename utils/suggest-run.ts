import {
  type FrequenciesSnapshot,
  MIN_AUTO_FILE_SCORE,
  MIN_SUGGESTION_SCORE,
  type ProfilesSnapshot,
  type SuggestBoard,
  type SuggestClip,
  SuggestionModel,
  type SuggestPlacement,
  signatureOf,
  TermCountCache,
  type TermCounts,
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
 * A corpus clip as a kept model's plan reads it: by its stamp when it has one (then no text is
 * needed), else by its text.
 */
export type PlanClip = Pick<SuggestClip, 'id' | 'title' | 'stamp'> & { text?: string };

/** What a kept model must do for a request: build afresh, or update the clips that changed. */
export type KeptPlan<C extends PlanClip = SuggestClip> =
  | { build: true }
  | {
      build: false;
      changed: C[];
      gone: string[];
      /** Clips to remove whose term counts the model does not hold (a reopened model). */
      needCounts: string[];
    };

/**
 * A kept model as stored between panels (suggest-service.ts): the boards' profiles of its build,
 * and the corpus it holds now (the IDF's frequencies, each clip's version and signature).
 */
export interface StoredKeptModel {
  boardsKey: string;
  cellsHash: string;
  profiles: ProfilesSnapshot;
  frequencies: FrequenciesSnapshot;
  ids: string[];
  versions: string[];
  signatures: string[];
  drift: number;
}

/**
 * The suggestion model kept between requests (the worker keeps one), updated in pieces: a request
 * whose boards and filed clips (placements: which clip in which cell) are those of the last build
 * only adds and removes the clips its corpus gained, lost or changed (their term counts in the
 * IDF), and scores its targets; a new clip then costs its own tokenizing and a cosine per board,
 * not a model rebuilt from every filed clip. Boards or placements that changed, or a corpus that
 * drifted past REBUILD_SHARE, build the model again (exactly a fresh model's answers then).
 * It can be stored and reopened (`stored`, `reopen`): a panel that opens then answers from the
 * last panel's model, updated by what changed since, instead of building it from every clip.
 */
export class KeptSuggestionModel {
  /** How many times the whole model was built (tests count them). */
  builds = 0;
  private model: SuggestionModel | undefined;
  private boardsKey = '';
  private placements: SuggestPlacement[] = [];
  /** Each corpus clip's version (its stamp and title, or its title and text: `versionOf`). */
  private versions = new Map<string, string>();
  /** The signature (signatureOf) of the text each corpus clip was added with. */
  private signatures = new Map<string, string>();
  /** Clips added, removed or changed since the build. */
  private drift = 0;
  /** Whether the model was built, or changed, since `stored` was last called. */
  private builtSinceStored = false;
  private changedSinceStored = false;
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

  /**
   * Whether `request` builds the model, else the corpus clips it adds or changes and those it
   * removes. Needs no clip's text when the clips carry their stamps. `previous` gives the term
   * counts a clip was added with, where the model does not hold them (a reopened model): a clip
   * to remove without them builds the model again.
   */
  plan<C extends PlanClip>(
    {
      boards,
      corpus,
      placements,
    }: { boards: SuggestBoard[]; corpus: readonly C[]; placements: SuggestPlacement[] },
    previous?: ReadonlyMap<string, TermCounts>,
  ): KeptPlan<C> {
    const model = this.model;
    if (!model || boardsKeyOf(boards) !== this.boardsKey || !sameCells(placements, this.placements))
      return { build: true };
    const ids = new Set<string>();
    const changed: C[] = [];
    for (const c of corpus) {
      ids.add(c.id);
      if (this.versions.get(c.id) !== versionOf(c)) changed.push(c);
    }
    const gone = [...this.versions.keys()].filter((id) => !ids.has(id));
    if (this.drift + changed.length + gone.length > REBUILD_SHARE * corpus.length) return { build: true };
    const needCounts = [...changed.map((c) => c.id), ...gone].filter(
      (id) => this.versions.has(id) && !model.hasCounts(id),
    );
    // Without `previous`, the caller asks which counts to read; with it, a clip whose counts are
    // not the ones it was added with (counted again since) cannot leave the IDF exactly: build.
    if (previous && !needCounts.every((id) => previous.get(id)?.signature === this.signatures.get(id)))
      return { build: true };
    return { build: false, changed, gone, needCounts };
  }

  modelFor(
    request: Omit<SuggestRequest, 'targets'>,
    cache: TermCountCache,
    previous?: ReadonlyMap<string, TermCounts>,
  ): SuggestionModel {
    const plan = this.plan(request, previous ?? new Map());
    if (!plan.build && this.model) return this.apply(plan, cache, previous);
    const { boards, corpus, placements } = request;
    this.model = new SuggestionModel({ boards, clips: corpus, placements, cache });
    this.builds++;
    this.boardsKey = boardsKeyOf(boards);
    this.placements = placements;
    this.versions = new Map(corpus.map((c) => [c.id, versionOf(c)]));
    this.signatures = new Map(corpus.map((c) => [c.id, signatureOf(c)]));
    this.drift = 0;
    this.answers = new Map();
    this.builtSinceStored = true;
    return this.model;
  }

  /**
   * The kept model with a plan's changes made (`plan` from `plan`, its changed clips with their
   * texts): the clips gone leave the IDF, the changed ones are counted again.
   */
  apply(
    plan: Extract<KeptPlan, { build: false }>,
    cache: TermCountCache,
    previous?: ReadonlyMap<string, TermCounts>,
  ): SuggestionModel {
    const model = this.model;
    if (!model) throw new Error('no kept model to update');
    const { changed, gone } = plan;
    const oldCounts = (id: string) => previous?.get(id)?.counts;
    for (const id of gone) {
      model.removeClip(id, model.hasCounts(id) ? undefined : oldCounts(id));
      this.versions.delete(id);
      this.signatures.delete(id);
    }
    for (const clip of changed) {
      if (this.versions.has(clip.id) && !model.hasCounts(clip.id))
        model.removeClip(clip.id, oldCounts(clip.id));
      model.addClip(clip, cache.countsOf(clip));
      this.versions.set(clip.id, versionOf(clip));
      this.signatures.set(clip.id, signatureOf(clip));
    }
    this.drift += changed.length + gone.length;
    if (changed.length || gone.length) this.changedSinceStored = true;
    return model;
  }

  /**
   * The model to store, when it changed since the last call: `profiles` only after a build (a
   * clip added or removed changes the frequencies, not the profiles). Undefined: nothing new.
   */
  stored(): { profiles?: ProfilesSnapshot; rest: Omit<StoredKeptModel, 'profiles'> } | undefined {
    if (!this.model || (!this.builtSinceStored && !this.changedSinceStored)) return undefined;
    const profiles = this.builtSinceStored ? this.model.profiles() : undefined;
    this.builtSinceStored = false;
    this.changedSinceStored = false;
    const ids = [...this.versions.keys()];
    return {
      profiles,
      rest: {
        boardsKey: this.boardsKey,
        cellsHash: cellsHashOf(this.placements),
        frequencies: this.model.frequencies(),
        ids,
        versions: ids.map((id) => this.versions.get(id)!),
        signatures: ids.map((id) => this.signatures.get(id) ?? ''),
        drift: this.drift,
      },
    };
  }

  /**
   * Takes up a stored model for a request with these `placements` (as the panel sends them):
   * false, and nothing taken, when it was stored for other placements.
   */
  reopen(stored: StoredKeptModel, placements: SuggestPlacement[]): boolean {
    if (stored.cellsHash !== cellsHashOf(placements)) return false;
    this.model = SuggestionModel.fromStored(stored.profiles, stored.frequencies);
    this.boardsKey = stored.boardsKey;
    this.placements = placements;
    this.versions = new Map(stored.ids.map((id, i) => [id, stored.versions[i]!]));
    this.signatures = new Map(stored.ids.map((id, i) => [id, stored.signatures[i]!]));
    this.drift = stored.drift;
    this.answers = new Map();
    return true;
  }
}

/** What the model reads of the boards (names, aliases), as a string compared between requests. */
function boardsKeyOf(boards: SuggestBoard[]): string {
  return JSON.stringify(boards.map((b) => [b.id, b.title, b.subjects, b.aspects]));
}

/** A clip's version as a kept model tells changes: its stamp when it has one, else its text. */
function versionOf(clip: PlanClip): string {
  return clip.stamp === undefined
    ? `t${signatureOf({ ...clip, text: clip.text ?? '' })}`
    : `s${clip.stamp}\u0000${clip.title}`;
}

/** A short hash of the cells of `placements`, in their order (stored with a kept model). */
function cellsHashOf(placements: SuggestPlacement[]): string {
  const key = placements
    .map((p) => `${p.boardId}\u0000${p.clipId}\u0000${p.aspectId ?? ''}\u0000${p.subjectId ?? ''}`)
    .join('\u0001');
  return signatureOf({ id: '', title: key, text: '' });
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
  /** The term counts clips were added with, for a reopened `kept` (KeptSuggestionModel.plan). */
  previous?: ReadonlyMap<string, TermCounts>,
): SuggestAnswer[] {
  if (boards.length === 0 || targets.length === 0) return [];
  const model = kept
    ? kept.modelFor({ boards, corpus, placements }, cache, previous)
    : new SuggestionModel({ boards, clips: corpus, placements, cache });
  return answerTargets(model, targets, corpus, cache, kept);
}

/**
 * The answers for `targets` from `model`, a target already answered (as it is now) by the kept
 * model's build taken as it was; the cache keeps the counts of `corpus` and `targets` only.
 */
export function answerTargets(
  model: SuggestionModel,
  targets: SuggestClip[],
  corpus: readonly { id: string }[],
  cache: TermCountCache,
  kept?: KeptSuggestionModel,
): SuggestAnswer[] {
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
