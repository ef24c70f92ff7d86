import { fold } from './suggest';
import { stem } from './tokenize';

/**
 * 候補文: for each aspect × subject cell of a board's comparison table, the sentences of the
 * board's clips and quotes (and, lower, of unfiled clips the suggester ties to the board) that
 * speak about that subject under that aspect, best first. Pure and deterministic: data in,
 * ranked sentences out, each with where it came from and why it ranks (its score's parts).
 *
 * Terms are cheap on purpose — Latin words (stemmed) and CJK character bigrams, no
 * Intl.Segmenter: every sentence of 60 clips is read for a 4×3 board within the bench budget.
 */

export interface CandidatePart {
  id: string;
  name: string;
  aliases?: string[];
}

export interface CandidateBoard {
  id: string;
  subjects: CandidatePart[];
  aspects: CandidatePart[];
  /** aspectId → subjectId → the cell's text so far. */
  cellNotes?: Record<string, Record<string, string>>;
}

/** A text the sentences come from: a clip's article, or one of its quotes. */
export interface CandidateSource {
  clipId: string;
  quoteId?: string;
  title: string;
  siteName: string;
  text: string;
  /** Where it sits on the board: a cell, an aspect only (未分類 subject), or nowhere (undefined). */
  placements: { aspectId?: string; subjectId?: string }[];
  /** 'board': on the board; 'suggested': an unfiled clip the suggester ties to the board (ranks lower). */
  tie: 'board' | 'suggested';
}

export interface CellCandidate {
  aspectId: string;
  subjectId: string;
  clipId: string;
  quoteId?: string;
  title: string;
  siteName: string;
  sentence: string;
  /** Where the sentence starts in the source's text (to show it in context). */
  start: number;
  score: number;
  /** From the board's own clips and quotes, or from an unfiled clip the suggester ties to it (未整理). */
  tie: CandidateSource['tie'];
}

/** How much of each clip's text is read: an article's first screens say what it compares. */
export const CANDIDATE_TEXT_CHARS = 8000;
/** Sentences shorter than this say too little to fill a cell; longer ones are cut in the cell. */
const MIN_SENTENCE = 8;
const MAX_SENTENCE = 300;

/** Contrast words: a sentence weighing its subject against another is what a table cell wants. */
const CONTRAST =
  /一方|に対して|に対し|比べ|比較|より(?:も)?[安高多少長短広狭軽重早遅]|反面|whereas|while|compared|than|unlike|however|but /u;
/** A number with a unit, or a price: the facts a comparison table is made of. */
const MEASURE =
  /[¥$€£]\s?\d|\d[\d,.]*\s?(?:円|万|千|%|％|時間|分|秒|日|か月|ヶ月|年|kg|g|mm|cm|km|m|枚|人|歩|割|倍|段|件|個|本|gb|mb|mah|kw|w|ドル|dollars?|hours?|minutes?|days?|months?|km|per)/iu;

export interface Sentence {
  text: string;
  start: number;
}

/**
/** What a code unit is to the sentence splitter (bits): every character of 60 clips is looked up. */
const OPENS = 1;
const CLOSES = 2;
const ENDS = 4;
/** Closing marks and repeated ends that stay with the sentence they end. */
const AFTER_END = 8;
const SPLIT_CHARS = (() => {
  const table = new Uint8Array(0x10000);
  const mark = (chars: string, bit: number) => {
    for (const ch of chars) table[ch.charCodeAt(0)]! |= bit;
  };
  mark('「『（(【', OPENS);
  mark('」』）)】', CLOSES);
  mark('。！？!?', ENDS);
  mark('」』）)！？!?', AFTER_END);
  return table;
})();

/**
 * Splits Japanese and English text into sentences: after 。！？!? (and a closing 」』）) — but not
 * inside 「」『』（）, so a quoted sentence stays in the one that quotes it — at line breaks
 * (list items, headings), and after ". " before a capital or a digit in Latin text.
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let depth = 0;
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim().replace(/^(?:[-*・•●■◆]|\d+[.)．）])\s*/u, '');
    if (body) out.push({ text: body, start: start + lead + (raw.trim().length - body.length) });
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const kind = SPLIT_CHARS[code]!;
    if (kind & OPENS) depth++;
    else if (kind & CLOSES) depth = Math.max(0, depth - 1);
    if (code === 10 /* \n */) {
      push(i + 1);
      depth = 0;
      continue;
    }
    if (depth > 0) continue;
    if (kind & ENDS) {
      let end = i + 1;
      while (end < text.length && SPLIT_CHARS[text.charCodeAt(end)]! & AFTER_END) end++;
      push(end);
      i = end - 1;
    } else if (
      code === 46 /* . */ &&
      /\s/.test(text[i + 1] ?? '') &&
      /^\s+["'“(]?[A-Z0-9]/.test(text.slice(i + 1, i + 4))
    ) {
      // "Dr. Smith" stays whole when the next word is lower case; a decimal has no space after it.
      if (/\b(?:Mr|Mrs|Ms|Dr|St|vs|etc|e\.g|i\.e)$/i.test(text.slice(Math.max(0, i - 4), i))) continue;
      push(i + 1);
    }
  }
  push(text.length);
  return out;
}

const EN_STOP = new Set(
  'a an the and or but of to in on at by for with from as is are was were be been it its this that i we you they my our your their not no so than too very can will just also into about more most some only all any one two per'.split(
    ' ',
  ),
);

/** Code units from here on make a CJK bigram's number (kana, CJK symbols, the unified ideographs). */
const CJK_BASE = 0x3000;
const CJK_SPAN = 0xa000 - CJK_BASE;
/** Numbers below this are bigrams of two code units in the span; the dictionary counts from here. */
const BIGRAM_IDS = CJK_SPAN * CJK_SPAN;

/**
 * The terms of one request as small integers: a CJK bigram of two code units in the span is a
 * number made of them (no string is cut out of the sentence), any other term — a Latin stem, a
 * lone kanji, a bigram outside the span — gets the next number of the dictionary. Terms are
 * stemmed Latin words and CJK bigrams (a lone kanji as itself), one number each, so sets and
 * counts of them behave as sets of the strings would.
 * (About 10,000 sentences of 60 clips: cutting a string per bigram was most of the time.)
 */
class TermIds {
  private readonly dictionary = new Map<string, number>();

  private word(term: string): number {
    let id = this.dictionary.get(term);
    if (id === undefined) {
      id = BIGRAM_IDS + this.dictionary.size;
      this.dictionary.set(term, id);
    }
    return id;
  }

  /** Each Latin word's term (-1: a stop word or a letter), so a word is stemmed once. */
  private readonly latin = new Map<string, number>();

  /** One set for every sentence, emptied each time: a new Set per sentence kept the GC busy. */
  private readonly scratch = new Set<number>();

  /** How many terms and words the dictionary holds (a long-lived cache starts over past a bound). */
  get size(): number {
    return this.dictionary.size + this.latin.size;
  }

  /** The distinct terms of a folded text, as a new Set (for the few texts of a request). */
  ofSet(folded: string): Set<number> {
    return new Set(this.of(folded));
  }

  /** The distinct terms of a folded text, in the order they first occur. */
  of(folded: string): Int32Array {
    const terms: number[] = [];
    this.addTo(folded, terms);
    return Int32Array.from(terms);
  }

  /** Appends the distinct terms of a folded text to `sink`, in the order they first occur. */
  addTo(folded: string, sink: number[]): void {
    const out = this.scratch;
    out.clear();
    const n = folded.length;
    // Runs of Han, Katakana and ー: a bigram for each two code units of a run, a run of one code
    // unit as itself.
    for (let i = 0; i < n; ) {
      const width = cjkWidth(folded, i);
      if (width === 0) {
        i++;
        continue;
      }
      let end = i + width;
      for (let w = cjkWidth(folded, end); w > 0; w = cjkWidth(folded, end)) end += w;
      if (end - i === 1) out.add(this.word(folded[i]!));
      else {
        let a = folded.charCodeAt(i) - CJK_BASE;
        for (let k = i + 1; k < end; k++) {
          const b = folded.charCodeAt(k) - CJK_BASE;
          if (a >= 0 && a < CJK_SPAN && b >= 0 && b < CJK_SPAN) out.add(a * CJK_SPAN + b);
          else out.add(this.word(folded.slice(k - 1, k + 1)));
          a = b;
        }
      }
      i = end;
    }
    // Latin words: [a-z0-9] then [a-z0-9'-]*.
    for (let i = 0; i < n; ) {
      if (!isLatinStart(folded.charCodeAt(i))) {
        i++;
        continue;
      }
      let end = i + 1;
      while (end < n && isLatinPart(folded.charCodeAt(end))) end++;
      const word = folded.slice(i, end);
      let id = this.latin.get(word);
      if (id === undefined) {
        id = EN_STOP.has(word) || word.length <= 1 ? -1 : this.word(stem(word));
        this.latin.set(word, id);
      }
      if (id >= 0) out.add(id);
      i = end;
    }
    for (const t of out) sink.push(t);
  }
}

const isLatinStart = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
const isLatinPart = (c: number) => isLatinStart(c) || c === 39 /* ' */ || c === 45; /* - */

/** Which code units (BMP) are Han, Katakana or ー; built once, by the Unicode property classes. */
const CJK_UNITS = (() => {
  const table = new Uint8Array(0x10000);
  const one = /^[\p{Script=Han}\p{Script=Katakana}ー]$/u;
  for (let c = 0; c < 0x10000; c++)
    if (c < 0xd800 || c > 0xdfff) table[c] = one.test(String.fromCharCode(c)) ? 1 : 0;
  return table;
})();
const CJK_ASTRAL = /^[\p{Script=Han}\p{Script=Katakana}]$/u;

/** How many code units of the CJK class start at `i` (a character beyond the BMP is two): 0 if none. */
function cjkWidth(text: string, i: number): number {
  if (i >= text.length) return 0;
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return CJK_UNITS[c]!;
  const point = text.codePointAt(i)!;
  return point > 0xffff && CJK_ASTRAL.test(String.fromCodePoint(point)) ? 2 : 0;
}

/** How many of a sentence's (distinct) terms, `terms` from `from` to `to`, are in `set`. */
function countIn(terms: Int32Array, from: number, to: number, set: ReadonlySet<number>): number {
  let n = 0;
  for (let i = from; i < to; i++) if (set.has(terms[i]!)) n++;
  return n;
}

const namesOf = (part: CandidatePart) =>
  [part.name, ...(part.aliases ?? [])].map((n) => fold(n.trim())).filter(Boolean);

/** Weights of the score's parts (see `rankCell`). */
const W = {
  aspectName: 1.0,
  aspectWords: 1.2,
  placedAspect: 0.8,
  placedCell: 0.6,
  /** The source's title or text names the aspect (its sentences then speak of it, mostly). */
  sourceNamesAspect: 0.6,
  note: 0.6,
  base: 0.3,
  otherOnly: 0.15,
  namedLater: 0.5,
  placedSubject: 0.8,
  unnamed: 0.4,
  contrast: 0.3,
  measure: 0.2,
  suggested: 0.6,
} as const;

/** A sentence of a source, prepared once: what the scoring reads of it for every cell. */
interface PreparedSentence extends Sentence {
  folded: string;
  /** Its distinct terms: its text's `terms` from `termsFrom` to `termsTo`. */
  termsFrom: number;
  termsTo: number;
  contrast: boolean;
  measure: boolean;
}

/** A source's text, prepared: its sentences, and the whole folded (does it name an aspect?). */
interface PreparedText {
  /** The text it was prepared from (the first CANDIDATE_TEXT_CHARS): a changed text is prepared again. */
  text: string;
  folded: string;
  sentences: PreparedSentence[];
  /** The distinct terms of each sentence, one after the other (one array per text, not per sentence). */
  terms: Int32Array;
  /** How many of its sentences hold each term (the words of the aspects it is placed under). */
  termCounts: Map<number, number>;
}

/**
 * Sources kept prepared between requests, the least recently asked dropped first: a board's clips
 * and quotes, and a few boards more (a prepared source of 8,000 characters holds about 40 kB).
 */
const CACHED_SOURCES = 500;
/**
 * Past this many dictionary terms the cache starts over (the prepared terms are the dictionary's
 * ids): bigram ids run to 822 million and these stay below 2^30, small integers to V8.
 */
const CACHED_TERMS = 200_000;

/**
 * Each source's prepared sentences (split, folded, their terms), kept between requests: the panel
 * asks again whenever a cell's text or one clip changes, and splitting, folding and reading the
 * terms of every sentence is most of the work. Keyed by clip (and quote) id, and checked against
 * the text itself, so a source whose text changed is prepared again and no stale sentence is ever
 * ranked. The cells worker keeps one for its lifetime.
 */
export class CellSourceCache {
  private termIds = new TermIds();
  private readonly texts = new Map<string, PreparedText>();

  /** The dictionary the prepared terms are ids of (terms of names and notes go through it too). */
  get ids(): TermIds {
    return this.termIds;
  }

  /** Called before a request reads the cache: never between two sources of one request. */
  beginRequest(): void {
    if (this.termIds.size > CACHED_TERMS) {
      this.termIds = new TermIds();
      this.texts.clear();
    }
  }

  prepared(source: CandidateSource): PreparedText {
    const text = source.text.slice(0, CANDIDATE_TEXT_CHARS);
    const key = source.quoteId === undefined ? source.clipId : `${source.clipId}\u241f${source.quoteId}`;
    const cached = this.texts.get(key);
    this.texts.delete(key);
    const found = cached?.text === text ? cached : prepareText(text, this.termIds);
    this.texts.set(key, found);
    if (this.texts.size > CACHED_SOURCES) this.texts.delete(this.texts.keys().next().value!);
    return found;
  }
}

function prepareText(text: string, ids: TermIds): PreparedText {
  const sentences: PreparedSentence[] = [];
  const terms: number[] = [];
  for (const s of splitSentences(text)) {
    if (s.text.length < MIN_SENTENCE || s.text.length > MAX_SENTENCE) continue;
    const folded = fold(s.text);
    const termsFrom = terms.length;
    ids.addTo(folded, terms);
    sentences.push({
      text: s.text,
      start: s.start,
      folded,
      termsFrom,
      termsTo: terms.length,
      contrast: CONTRAST.test(folded),
      measure: MEASURE.test(folded),
    });
  }
  const termCounts = new Map<number, number>();
  for (const t of terms) termCounts.set(t, (termCounts.get(t) ?? 0) + 1);
  return { text, folded: fold(text), sentences, terms: Int32Array.from(terms), termCounts };
}

/**
 * Candidates for every cell of `board`, `limit` per cell, keyed `aspectId␟subjectId`. A sentence is
 * scored for a cell by: the aspect (its name in the sentence; the words the board's clips placed
 * under that aspect use more than the board's others; the source placed under that aspect or that
 * very cell), the subject (named by its name or an alias: yes; only another subject named: no), the
 * cell's note so far, and a bonus for a contrast or a number with a unit. A suggested (unfiled)
 * clip's sentences count for less. `cache` keeps the sources' prepared sentences for the next call.
 */
export function cellCandidates(
  board: CandidateBoard,
  sources: CandidateSource[],
  limit = 3,
  cache: CellSourceCache = new CellSourceCache(),
): Map<string, CellCandidate[]> {
  cache.beginRequest();
  const ids = cache.ids;
  const prepared = sources.map((source) => cache.prepared(source));
  // The board's sentences in one list, each with the index of its source.
  const sentences: PreparedSentence[] = [];
  const sourceIndex: number[] = [];
  prepared.forEach((p, si) => {
    for (const s of p.sentences) {
      sentences.push(s);
      sourceIndex.push(si);
    }
  });
  const sourceOf = Int32Array.from(sourceIndex);
  const count = sentences.length;

  // Each aspect's words: terms of the sentences of sources placed under it, minus the terms that
  // sources under other aspects use as much (the board's topic words say nothing of an aspect).
  const termsUnder = new Map<string, Map<number, number>>();
  sources.forEach((source, si) => {
    for (const p of source.placements) {
      if (!p.aspectId) continue;
      const m = termsUnder.get(p.aspectId) ?? new Map<number, number>();
      for (const [t, n] of prepared[si]!.termCounts) m.set(t, (m.get(t) ?? 0) + n);
      termsUnder.set(p.aspectId, m);
    }
  });
  const aspectWords = new Map<string, Set<number>>();
  for (const aspect of board.aspects) {
    const mine = termsUnder.get(aspect.id) ?? new Map<number, number>();
    const words = new Set<number>();
    for (const [t, n] of mine) {
      let elsewhere = 0;
      for (const [id, m] of termsUnder) if (id !== aspect.id) elsewhere = Math.max(elsewhere, m.get(t) ?? 0);
      if (n > elsewhere) words.add(t);
    }
    aspectWords.set(aspect.id, words);
  }

  // Per sentence, once: where each subject is first named (-1: not named); per aspect, once: the
  // part of the score that does not depend on the subject. Per source: its rank on a tie.
  const foldedNames = new Map([...board.subjects, ...board.aspects].map((p) => [p.id, namesOf(p)] as const));
  const firstIn = (folded: string, partId: string) => {
    let first = -1;
    for (const n of foldedNames.get(partId)!) {
      const i = folded.indexOf(n);
      if (i >= 0 && (first < 0 || i < first)) first = i;
    }
    return first;
  };
  const subjectCount = board.subjects.length;
  const positions = new Int32Array(count * subjectCount);
  for (let i = 0; i < count; i++)
    for (let k = 0; k < subjectCount; k++)
      positions[i * subjectCount + k] = firstIn(sentences[i]!.folded, board.subjects[k]!.id);
  // The folded title and text, as fold(`${title}\n${text}`) (NFKC and lower case do not reach
  // across a line break), for sources that have aspects to look for.
  const sourceTexts = board.aspects.length
    ? sources.map((source, si) => `${fold(source.title)}\n${prepared[si]!.folded}`)
    : [];
  // On a tie: the board's own before a suggested clip, a quote (the user chose it) before its
  // clip's same sentence, then the order of the sources and their text.
  const sourceRank = sources.map((s) => (s.tie === 'board' ? 2 : 0) + (s.quoteId !== undefined ? 1 : 0));
  const sourceSuggested = sources.map((s) => s.tie === 'suggested');

  // How many of each sentence's terms are each aspect's name terms and words, counted in one pass
  // over the sentence's terms for all aspects (a lookup per term, not per term and aspect).
  const aspectCount = board.aspects.length;
  const aspectTerms = board.aspects.map((aspect) => new Set(namesOf(aspect).flatMap((n) => [...ids.of(n)])));
  /** Term → the aspects it counts for: 2 × aspect index for a name term, + 1 for a word. */
  const countsFor = new Map<number, number[]>();
  const countFor = (t: number, slot: number) => {
    const slots = countsFor.get(t);
    if (slots) slots.push(slot);
    else countsFor.set(t, [slot]);
  };
  board.aspects.forEach((aspect, a) => {
    for (const t of aspectTerms[a]!) countFor(t, 2 * a);
    for (const t of aspectWords.get(aspect.id)!) countFor(t, 2 * a + 1);
  });
  const hits = new Uint16Array(count * 2 * aspectCount);
  for (let i = 0; i < count; i++) {
    const { termsFrom, termsTo } = sentences[i]!;
    const terms = prepared[sourceOf[i]!]!.terms;
    const row = i * 2 * aspectCount;
    for (let k = termsFrom; k < termsTo; k++) {
      const slots = countsFor.get(terms[k]!);
      if (slots) for (const slot of slots) hits[row + slot]!++;
    }
  }

  const out = new Map<string, CellCandidate[]>();
  const aspectBase = new Float64Array(count);
  const sourceScore = new Float64Array(sources.length);
  const inCell = new Uint8Array(sources.length);
  const underSubject = new Uint8Array(sources.length);
  // The best few of a cell, kept in order as the sentences go by (a full sort of thousands per
  // cell costs more than the scoring): room for `limit` sentences and their repeats.
  const keep = limit * 4;
  const keptSentence: number[] = [];
  const keptScore: number[] = [];
  /** Whether sentence `i` with `score` goes before the kept one at `at`. */
  const before = (i: number, score: number, at: number) => {
    const other = keptScore[at]!;
    if (score !== other) return score > other;
    const j = keptSentence[at]!;
    return (sourceRank[sourceOf[i]!]! - sourceRank[sourceOf[j]!]! || j - i) > 0;
  };
  board.aspects.forEach((aspect, a) => {
    const nameTerms = aspectTerms[a]!.size;
    // Per source, once: placed under this aspect, names it.
    sources.forEach((source, si) => {
      sourceScore[si] =
        (source.placements.some((p) => p.aspectId === aspect.id) ? W.placedAspect : 0) +
        (firstIn(sourceTexts[si]!, aspect.id) >= 0 ? W.sourceNamesAspect : 0);
    });
    for (let i = 0; i < count; i++) {
      const termCount = sentences[i]!.termsTo - sentences[i]!.termsFrom;
      const row = i * 2 * aspectCount + 2 * a;
      aspectBase[i] =
        // The share of the aspect's name in the sentence; the share of the sentence in its words.
        W.aspectName * (nameTerms && hits[row]! / nameTerms > 0.5 ? 1 : 0) +
        W.aspectWords * Math.min(1, termCount ? (hits[row + 1]! / termCount) * 2 : 0) +
        sourceScore[sourceOf[i]!]!;
    }
    board.subjects.forEach((subject, si) => {
      const noteTerms = ids.ofSet(fold(board.cellNotes?.[aspect.id]?.[subject.id] ?? ''));
      // Per source, once: placed in this very cell, placed under this subject.
      sources.forEach((source, k) => {
        inCell[k] = source.placements.some((p) => p.aspectId === aspect.id && p.subjectId === subject.id)
          ? 1
          : 0;
        underSubject[k] = source.placements.some((p) => p.subjectId === subject.id) ? 1 : 0;
      });
      keptSentence.length = 0;
      keptScore.length = 0;
      for (let i = 0; i < count; i++) {
        const s = sentences[i]!;
        const src = sourceOf[i]!;
        const aspectScore =
          aspectBase[i]! +
          (inCell[src] ? W.placedCell : 0) +
          (noteTerms.size
            ? W.note * (countIn(prepared[src]!.terms, s.termsFrom, s.termsTo, noteTerms) / noteTerms.size)
            : 0);
        const row = i * subjectCount;
        const at = positions[row + si]!;
        let otherAt = Number.POSITIVE_INFINITY;
        for (let k = 0; k < subjectCount; k++) {
          const p = positions[row + k]!;
          if (k !== si && p >= 0 && p < otherAt) otherAt = p;
        }
        const named = at >= 0;
        const otherNamed = otherAt < Number.POSITIVE_INFINITY;
        // 「APS-Cは…フルサイズに比べて」 is about APS-C: the subject named first is the topic.
        const topic = named && at <= otherAt;
        // The subject gates the aspect: a sentence about another subject is not this cell's.
        const subjectFactor = topic
          ? 1
          : named
            ? W.namedLater
            : otherNamed
              ? W.otherOnly
              : underSubject[src]
                ? W.placedSubject
                : W.unnamed;
        let score = (aspectScore + W.base) * subjectFactor;
        if (topic && aspectScore > 0 && (s.contrast || otherNamed)) score += W.contrast;
        if (s.measure && aspectScore > 0) score += W.measure;
        if (sourceSuggested[src]) score *= W.suggested;
        if (score <= 0 || (keptScore.length === keep && !before(i, score, keep - 1))) continue;
        let place = keptScore.length;
        while (place > 0 && before(i, score, place - 1)) place--;
        keptSentence.splice(place, 0, i);
        keptScore.splice(place, 0, score);
        if (keptScore.length > keep) {
          keptSentence.pop();
          keptScore.pop();
        }
      }
      // The kept sentences are best first, in the same order on every run.
      const seen = new Set<string>();
      const top: CellCandidate[] = [];
      for (let k = 0; k < keptSentence.length; k++) {
        const i = keptSentence[k]!;
        const s = sentences[i]!;
        const source = sources[sourceOf[i]!]!;
        if (seen.has(s.text)) continue;
        seen.add(s.text);
        top.push({
          aspectId: aspect.id,
          subjectId: subject.id,
          clipId: source.clipId,
          ...(source.quoteId === undefined ? {} : { quoteId: source.quoteId }),
          title: source.title,
          siteName: source.siteName,
          sentence: s.text,
          start: s.start,
          score: keptScore[k]!,
          tie: source.tie,
        });
        if (top.length === limit) break;
      }
      out.set(cellKey(aspect.id, subject.id), top);
    });
  });
  return out;
}

/** The key of a cell in `cellCandidates`'s answer. */
export function cellKey(aspectId: string, subjectId: string): string {
  return `${aspectId}\u241f${subjectId}`;
}

/** What the side panel asks the cells worker: the candidates of every cell of one board. */
export interface CellRequest {
  board: CandidateBoard;
  sources: CandidateSource[];
  limit?: number;
}

/**
 * The answer of a CellRequest, as a list (it crosses to the panel by structured clone). `cache`:
 * the prepared sources of the requests before (the cells worker keeps one).
 */
export function answerCellRequest(
  { board, sources, limit = 3 }: CellRequest,
  cache?: CellSourceCache,
): CellCandidate[] {
  return [...cellCandidates(board, sources, limit, cache).values()].flat();
}
