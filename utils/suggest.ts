import { tokenize } from './tokenize';

/**
 * Suggests the board, aspect and subject a clip most likely belongs to, computed locally from
 * the user's own clips: TF-IDF vectors (terms from `tokenize`, IDF over every clip), one profile
 * per board (its title, subjects and aspects, plus the clips already on it) and per aspect and
 * subject; cosine similarity ranks them. Pure: data in, suggestions out.
 */

/** A subject or an aspect: its name, and other names the user gave it (another script, language). */
export interface SuggestPart {
  id: string;
  name: string;
  /** 別名: 「ノーション」 for Notion, 「料金」 for price; they weigh as much as the name. */
  aliases?: string[];
}

export interface SuggestBoard {
  id: string;
  title: string;
  subjects: SuggestPart[];
  aspects: SuggestPart[];
}

export interface SuggestClip {
  id: string;
  title: string;
  text: string;
  /**
   * The clip's `updatedAt`, when the caller knows it (the suggestion worker): a kept model then
   * tells a changed clip by it, and an unchanged one needs no text (KeptSuggestionModel.plan).
   */
  stamp?: number;
}

export interface SuggestPlacement {
  boardId: string;
  clipId: string;
  aspectId?: string;
  subjectId?: string;
}

export interface Suggestion {
  boardId: string;
  score: number;
  aspectId?: string;
  subjectId?: string;
  /** How far this board is ahead of the next one, 0 to 1: the basis for auto-filing. */
  confidence: number;
}

type Vector = Map<string, number>;

const namesOf = (part: SuggestPart): string[] => [part.name, ...(part.aliases ?? [])];
/** A title word is learned as a subject's alias once this many clips filed under it use it. */
const LEARN_ALIAS_CLIPS = 2;
/** Only what looks like a product's name is learned: katakana or Latin words of 3 letters or more. */
const NAME_LIKE = /^(?:[\p{Script=Katakana}ー]{3,}|[a-z][a-z0-9.'-]{2,})$/u;

/**
 * Only the start of an article is read: its lead says what it is about, and Intl.Segmenter costs
 * about 5 ms per 1,000 characters in V8, so a whole 20,000-character article would take 100 ms.
 */
const MAX_TEXT = 1500;
/** Names the user gave (board title, subjects, aspects) count this many times a clip word. */
const NAME_WEIGHT = 3;
/**
 * Below this similarity a clip shares only stray words with a board: no suggestion is shown.
 * Measured on the labelled set (tests/fixtures/suggest/labelled.json, `npm run suggest-eval`):
 * its 16 off-topic clips (recipes, travel, sport) score 0.005 to 0.067 against their best board;
 * the right board of its 69 test clips scores 0.097 or more with the boards' aliases (0.00 for
 * the Japanese clips of English-titled boards without them). Not a guarantee: an unseen set had
 * right boards as low as 0.06, and those go without a suggestion.
 */
export const MIN_SUGGESTION_SCORE = 0.08;
/**
 * Auto-filing needs this similarity besides the confidence margin: a clip that leads a weak field
 * (an off-topic clip scoring 0.06 whose board is twice the next) is shown, never filed. On the
 * labelled set, 4 of 69 right boards score below it (3 of them Japanese clips of English boards).
 */
export const MIN_AUTO_FILE_SCORE = 0.15;
/** How much of the board's common vocabulary is taken out of an aspect's or subject's clips. */
const BOARD_WORDS_SHARE = 0.5;
/** A subject is suggested only when it leads the next one by this share of its score. */
const SUBJECT_MARGIN = 0.15;
/** A clip naming a second subject at least this share as often as the first weighs both. */
const BOTH_SHARE = 0.5;
/** A title says more about a clip than any one sentence of it. */
const TITLE_WEIGHT = 2;

/**
 * Each clip's term counts, kept between models: tokenizing is the model's whole cost (about 7 ms
 * for a clip's 1,500 characters), so a model rebuilt after one clip arrives tokenizes that clip
 * only. An entry holds while the clip's title and text are the same; `keepOnly` lets go of the
 * clips a model no longer reads.
 */
export class TermCountCache {
  private readonly entries = new Map<string, TermCounts>();
  /** Entries made by tokenizing since `takeNew` was last called (to be stored). */
  private fresh = new Set<string>();
  /** How many clips this cache has tokenized (tests count them). */
  tokenized = 0;

  countsOf(clip: SuggestClip): Map<string, number> {
    const signature = signatureOf(clip);
    const entry = this.entries.get(clip.id);
    if (entry && entry.signature === signature) return entry.counts;
    const counts = termCounts(clip);
    this.tokenized++;
    this.entries.set(clip.id, { id: clip.id, signature, counts });
    this.fresh.add(clip.id);
    return counts;
  }

  /** Takes in stored entries (a panel that opens reads them instead of tokenizing again). */
  load(entries: Iterable<TermCounts>): void {
    for (const entry of entries) if (!this.entries.has(entry.id)) this.entries.set(entry.id, entry);
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** The entries tokenized since the last call, to store. */
  takeNew(): TermCounts[] {
    const out = [...this.fresh].flatMap((id) => this.entries.get(id) ?? []);
    this.fresh = new Set();
    return out;
  }

  keepOnly(ids: Set<string>): void {
    for (const id of this.entries.keys()) if (!ids.has(id)) this.entries.delete(id);
    for (const id of this.fresh) if (!ids.has(id)) this.fresh.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** A clip's term counts, and what they were counted from (its title and the start of its text). */
export interface TermCounts {
  id: string;
  signature: string;
  counts: Map<string, number>;
}

/**
 * What a clip's term counts depend on, as a short string: a 53-bit hash of its title and of the
 * text `termCounts` reads, with their lengths (a stored entry whose clip changed is counted again).
 */
export function signatureOf(clip: SuggestClip): string {
  const text = `${clip.title}\u0000${clip.text.slice(0, MAX_TEXT)}`;
  // cyrb53 (public domain): two 32-bit lanes, mixed.
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${text.length.toString(36)}.${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)}`;
}

function termCounts(clip: SuggestClip): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (tokens: string[], weight: number) => {
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + weight);
  };
  add(tokenize(clip.title), TITLE_WEIGHT);
  add(tokenize(clip.text.slice(0, MAX_TEXT)), 1);
  return counts;
}

function normalize(v: Vector): Vector {
  let norm = 0;
  for (const x of v.values()) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [k, x] of v) v.set(k, x / norm);
  return v;
}

function addInto(target: Vector, source: Vector, weight = 1): void {
  for (const [k, x] of source) target.set(k, (target.get(k) ?? 0) + x * weight);
}

function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [k, x] of small) {
    const y = large.get(k);
    if (y !== undefined) dot += x * y;
  }
  return dot;
}

/** Text folded as tokens are: NFKC (full-width Ｎｏｔｉｏｎ and half-width ﾉｰｼｮﾝ alike), lower case. */
export function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function occurrences(haystack: string, needle: string): number {
  if (!needle) return 0;
  let n = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) n++;
  return n;
}

/**
 * Whether a clip weighs two subjects or more: each is named (by its name or an alias), and the
 * least named of the two most named comes up at least half as often as the most named. Such a
 * clip belongs to the 共通 section, whatever its words lean to.
 */
export function weighsSeveral(subjects: SuggestPart[], clip: SuggestClip): boolean {
  const text = fold(`${clip.title}\n${clip.text.slice(0, MAX_TEXT)}`);
  const counts = subjects
    .map((s) => namesOf(s).reduce((n, name) => n + occurrences(text, fold(name.trim())), 0))
    .sort((a, b) => b - a);
  const [most = 0, next = 0] = counts;
  return next > 0 && next >= most * BOTH_SHARE;
}

interface Profile {
  id: string;
  vector: Vector;
}

/** A vector as stored: indexes into a vocabulary, and the weights (exact: 64-bit). */
export interface PackedVector {
  terms: Uint32Array;
  weights: Float64Array;
}

/**
 * What a model's boards say, as stored (SuggestionModel.profiles): every board's, aspect's and
 * subject's profile and the aliases learned, over one vocabulary. Made when the model is built;
 * a clip added or removed afterwards changes the IDF only (SuggestionModel.addClip).
 */
export interface ProfilesSnapshot {
  terms: string[];
  boards: {
    board: SuggestBoard;
    profile: PackedVector;
    aspects: { id: string; vector: PackedVector }[];
    subjects: { id: string; vector: PackedVector }[];
    learned: [string, string[]][];
  }[];
}

/** The corpus's document frequencies as stored (SuggestionModel.frequencies): what the IDF is made of. */
export interface FrequenciesSnapshot {
  n: number;
  terms: string[];
  df: Uint32Array;
}

/** A profile with its vocabulary's indexes. */
function pack(vector: Vector, index: (term: string) => number): PackedVector {
  const terms = new Uint32Array(vector.size);
  const weights = new Float64Array(vector.size);
  let i = 0;
  for (const [term, weight] of vector) {
    terms[i] = index(term);
    weights[i++] = weight;
  }
  return { terms, weights };
}

function unpack({ terms, weights }: PackedVector, vocabulary: string[]): Vector {
  const vector: Vector = new Map();
  for (let i = 0; i < terms.length; i++) vector.set(vocabulary[terms[i]!]!, weights[i]!);
  return vector;
}

export class SuggestionModel {
  /** In how many clips of the corpus each term occurs, and how many clips: the IDF. */
  private readonly df = new Map<string, number>();
  private n: number;
  /** IDF by term, filled as terms are weighed; emptied when the corpus changes (addClip, removeClip). */
  private idf = new Map<string, number>();
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly learned = new Map<string, Map<string, string[]>>();
  private readonly boards: {
    board: SuggestBoard;
    profile: Vector;
    aspects: Profile[];
    subjects: Profile[];
  }[];

  constructor({
    boards,
    clips,
    placements,
    cache,
  }: {
    boards: SuggestBoard[];
    /** Every clip the user has (they give the words their weight), filed or not. */
    clips: SuggestClip[];
    placements: SuggestPlacement[];
    /** Term counts kept from earlier models (the same model results, without tokenizing again). */
    cache?: TermCountCache;
  }) {
    const df = this.df;
    const clipsById = new Map(clips.map((c) => [c.id, c]));
    for (const clip of clips) {
      const c = cache ? cache.countsOf(clip) : termCounts(clip);
      this.counts.set(clip.id, c);
      for (const term of c.keys()) df.set(term, (df.get(term) ?? 0) + 1);
    }
    this.n = clips.length;

    const clipVectors = new Map<string, Vector>();
    const vectorOfClip = (id: string) => {
      let v = clipVectors.get(id);
      if (!v) {
        v = this.weigh(this.counts.get(id) ?? new Map());
        clipVectors.set(id, v);
      }
      return v;
    };
    const namesVector = (...names: string[]) => {
      const counts = new Map<string, number>();
      for (const t of names.flatMap((name) => tokenize(name)))
        counts.set(t, (counts.get(t) ?? 0) + NAME_WEIGHT);
      return this.weigh(counts);
    };
    // A profile: the names, plus the mean of the clips filed under them.
    const profile = (names: Vector, clipIds: string[]): Vector => {
      const v: Vector = new Map(names);
      if (clipIds.length) {
        const mean: Vector = new Map();
        for (const id of clipIds) addInto(mean, vectorOfClip(id), 1 / clipIds.length);
        addInto(v, normalize(mean));
      }
      return normalize(v);
    };

    // A part's profile: its name, plus what its clips say beyond what every clip of the board says
    // (the board's topic words would otherwise pull every aspect alike).
    // The mean of a board's clips, made once per board (every aspect and subject compares with it).
    const meanOf = (ids: string[]): Vector => {
      const all: Vector = new Map();
      for (const id of ids) addInto(all, vectorOfClip(id), 1 / ids.length);
      return all;
    };
    const contrast = (names: Vector, partIds: string[], all: () => Vector): Vector => {
      const v: Vector = new Map(names);
      if (partIds.length) {
        const part: Vector = new Map();
        for (const id of partIds) addInto(part, vectorOfClip(id), 1 / partIds.length);
        const diff: Vector = new Map();
        const board = all();
        for (const [k, x] of normalize(part)) {
          const d = x - BOARD_WORDS_SHARE * (board.get(k) ?? 0);
          if (d > 0) diff.set(k, d);
        }
        addInto(v, normalize(diff));
      }
      return normalize(v);
    };
    this.boards = boards.map((board) => {
      const onBoard = placements.filter((p) => p.boardId === board.id);
      const clipIds = [...new Set(onBoard.map((p) => p.clipId))];
      let boardMean: Vector | undefined;
      const all = () => {
        boardMean ??= meanOf(clipIds);
        return boardMean;
      };
      // Aliases learned from the clips the user filed: a word in the titles of at least two clips
      // filed under one subject and in no clip filed under another subject of the board (「キントーン」
      // once the user has filed two clips that write it so). Derived each time, never stored: the
      // user's 別名 list stays what the user wrote, and moving a clip away unlearns its words.
      const titleTerms = new Map<string, Map<string, number>>(); // subject → title word → clips
      const counted = new Set<string>();
      for (const p of onBoard) {
        const clip = clipsById.get(p.clipId);
        if (!p.subjectId || !clip || counted.has(`${p.subjectId} ${p.clipId}`)) continue;
        counted.add(`${p.subjectId} ${p.clipId}`);
        const terms = titleTerms.get(p.subjectId) ?? new Map<string, number>();
        for (const t of new Set(tokenize(clip.title))) terms.set(t, (terms.get(t) ?? 0) + 1);
        titleTerms.set(p.subjectId, terms);
      }
      const learnedAliases = (subjectId: string): string[] =>
        [...(titleTerms.get(subjectId) ?? [])]
          .filter(
            ([t, n]) =>
              n >= LEARN_ALIAS_CLIPS &&
              NAME_LIKE.test(t) &&
              ![...titleTerms].some(([id, terms]) => id !== subjectId && terms.has(t)),
          )
          .map(([t]) => t)
          // The segmenter may cut a name (キン・トーン, kept joined as キントーン): keep the whole.
          .filter((t, _, all) => !all.some((other) => other !== t && other.includes(t)))
          .sort();
      const learned = new Map(board.subjects.map((s) => [s.id, learnedAliases(s.id)]));
      this.learned.set(board.id, learned);
      return {
        board,
        profile: profile(
          namesVector(
            board.title,
            ...[...board.subjects, ...board.aspects].flatMap(namesOf),
            ...[...learned.values()].flat(),
          ),
          clipIds,
        ),
        aspects: board.aspects.map((a) => ({
          id: a.id,
          vector: contrast(
            namesVector(...namesOf(a)),
            [...new Set(onBoard.filter((p) => p.aspectId === a.id).map((p) => p.clipId))],
            all,
          ),
        })),
        subjects: board.subjects.map((s) => ({
          id: s.id,
          vector: contrast(
            namesVector(...namesOf(s), ...(learned.get(s.id) ?? [])),
            [...new Set(onBoard.filter((p) => p.subjectId === s.id).map((p) => p.clipId))],
            all,
          ),
        })),
      };
    });
  }

  /** The boards' profiles and learned aliases, to store (the model reopened with `fromStored`). */
  profiles(): ProfilesSnapshot {
    const terms: string[] = [];
    const indexes = new Map<string, number>();
    const index = (term: string) => {
      let i = indexes.get(term);
      if (i === undefined) {
        i = terms.push(term) - 1;
        indexes.set(term, i);
      }
      return i;
    };
    const boards = this.boards.map(({ board, profile, aspects, subjects }) => ({
      board,
      profile: pack(profile, index),
      aspects: aspects.map((a) => ({ id: a.id, vector: pack(a.vector, index) })),
      subjects: subjects.map((p) => ({ id: p.id, vector: pack(p.vector, index) })),
      learned: [...(this.learned.get(board.id) ?? [])],
    }));
    return { terms, boards };
  }

  /** The document frequencies as they are now, to store. */
  frequencies(): FrequenciesSnapshot {
    return { n: this.n, terms: [...this.df.keys()], df: Uint32Array.from(this.df.values()) };
  }

  /**
   * A model as it was stored (`profiles` after its build, `frequencies` after its last change):
   * it answers as the stored model did, without reading or weighing any clip. It holds no clip's
   * term counts: removing a clip then needs the counts it was added with (`removeClip`).
   */
  static fromStored(profiles: ProfilesSnapshot, frequencies: FrequenciesSnapshot): SuggestionModel {
    const model = Object.create(SuggestionModel.prototype) as SuggestionModel;
    const df = new Map<string, number>();
    for (const [i, term] of frequencies.terms.entries()) df.set(term, frequencies.df[i]!);
    const learned = new Map(profiles.boards.map((b) => [b.board.id, new Map(b.learned)]));
    Object.assign(model, {
      df,
      n: frequencies.n,
      idf: new Map(),
      counts: new Map(),
      learned,
      boards: profiles.boards.map((b) => ({
        board: b.board,
        profile: unpack(b.profile, profiles.terms),
        aspects: b.aspects.map((a) => ({ id: a.id, vector: unpack(a.vector, profiles.terms) })),
        subjects: b.subjects.map((p) => ({ id: p.id, vector: unpack(p.vector, profiles.terms) })),
      })),
    });
    return model;
  }

  /** Whether the model holds the term counts `id` was added with (a stored model holds none). */
  hasCounts(id: string): boolean {
    return this.counts.has(id);
  }

  /** The aliases learned for each subject of a board (subject id → words), for showing the user. */
  learnedAliases(boardId: string): Map<string, string[]> {
    return this.learned.get(boardId) ?? new Map();
  }

  /** A term's IDF over the corpus as it is now (a term no clip has weighs the most). */
  private idfOf(term: string): number {
    let idf = this.idf.get(term);
    if (idf === undefined) {
      idf = Math.log((this.n + 1) / ((this.df.get(term) ?? 0) + 1)) + 1;
      this.idf.set(term, idf);
    }
    return idf;
  }

  /**
   * Takes one more clip into the corpus (or a changed clip again, after removeClip): its term
   * counts join the IDF, so a clip suggested next is weighed over the corpus as it is now. The
   * boards' profiles stay as they were built, with the IDF of then: a piece of the model updated,
   * not the whole rebuilt (KeptSuggestionModel rebuilds when boards or placements change, or the
   * corpus drifted too far).
   */
  addClip(clip: SuggestClip, counts: Map<string, number>): void {
    if (this.counts.has(clip.id)) this.removeClip(clip.id);
    this.counts.set(clip.id, counts);
    for (const term of counts.keys()) this.df.set(term, (this.df.get(term) ?? 0) + 1);
    this.n++;
    this.idf = new Map();
  }

  /**
   * Takes a clip out of the corpus (its counts leave the IDF). A model reopened from storage does
   * not hold them: `counts` gives those the clip was added with.
   */
  removeClip(id: string, counts = this.counts.get(id)): void {
    if (!counts) return;
    this.counts.delete(id);
    for (const term of counts.keys()) {
      const d = (this.df.get(term) ?? 1) - 1;
      if (d > 0) this.df.set(term, d);
      else this.df.delete(term);
    }
    this.n--;
    this.idf = new Map();
  }

  /** TF-IDF weights of term counts, unit length. */
  private weigh(counts: Map<string, number>): Vector {
    const v: Vector = new Map();
    for (const [term, tf] of counts) v.set(term, (1 + Math.log(tf)) * this.idfOf(term));
    return normalize(v);
  }

  private vectorOf(clip: SuggestClip, cache?: TermCountCache): Vector {
    return this.weigh(this.counts.get(clip.id) ?? cache?.countsOf(clip) ?? termCounts(clip));
  }

  /** Boards ranked for `clip`, best first, each with its best aspect and subject. */
  suggest(clip: SuggestClip, limit = 3, cache?: TermCountCache): Suggestion[] {
    if (this.boards.length === 0) return [];
    const v = this.vectorOf(clip, cache);
    const ranked = this.boards
      .map((b) => ({ b, score: cosine(v, b.profile) }))
      .sort((x, y) => y.score - x.score || x.b.board.id.localeCompare(y.b.board.id));
    const best = ranked[0]!.score;
    const second = ranked[1]?.score ?? 0;
    const confidence = best > 0 ? (best - second) / best : 0;
    // The best profile, or none when `margin` is asked for and the best is not clearly ahead.
    const top = (profiles: Profile[], margin = 0) => {
      const scored = profiles
        .map((p) => ({ id: p.id, score: cosine(v, p.vector) }))
        .sort((x, y) => y.score - x.score);
      const [first, next] = scored;
      if (!first || first.score <= 0) return margin ? undefined : profiles[0]?.id;
      return first.score - (next?.score ?? 0) >= margin * first.score ? first.id : undefined;
    };
    return ranked.slice(0, limit).map(({ b, score }, i) => ({
      boardId: b.board.id,
      score,
      aspectId: top(b.aspects),
      // A clip about all subjects alike is filed for none of them.
      subjectId: weighsSeveral(b.board.subjects, clip) ? undefined : top(b.subjects, SUBJECT_MARGIN),
      confidence: i === 0 ? confidence : 0,
    }));
  }
}
