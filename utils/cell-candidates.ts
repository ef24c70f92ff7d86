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

  /** The distinct terms of a folded text. */
  of(folded: string): Set<number> {
    const out = new Set<number>();
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
      if (!EN_STOP.has(word) && word.length > 1) out.add(this.word(stem(word)));
      i = end;
    }
    return out;
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

/** How many of a sentence's (distinct) terms are in `set`. */
function countIn(terms: Int32Array, set: ReadonlySet<number>): number {
  let n = 0;
  for (let i = 0; i < terms.length; i++) if (set.has(terms[i]!)) n++;
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

interface PreparedSentence extends Sentence {
  source: CandidateSource;
  folded: string;
  /** Its distinct terms (an array: the scoring goes through them for every aspect). */
  terms: Int32Array;
  contrast: boolean;
  measure: boolean;
}

/**
 * Candidates for every cell of `board`, `limit` per cell, keyed `aspectId␟subjectId`. A sentence is
 * scored for a cell by: the aspect (its name in the sentence; the words the board's clips placed
 * under that aspect use more than the board's others; the source placed under that aspect or that
 * very cell), the subject (named by its name or an alias: yes; only another subject named: no), the
 * cell's note so far, and a bonus for a contrast or a number with a unit. A suggested (unfiled)
 * clip's sentences count for less.
 */
export function cellCandidates(
  board: CandidateBoard,
  sources: CandidateSource[],
  limit = 3,
): Map<string, CellCandidate[]> {
  const ids = new TermIds();
  const sentences: PreparedSentence[] = [];
  for (const source of sources) {
    for (const s of splitSentences(source.text.slice(0, CANDIDATE_TEXT_CHARS))) {
      if (s.text.length < MIN_SENTENCE || s.text.length > MAX_SENTENCE) continue;
      const folded = fold(s.text);
      sentences.push({
        ...s,
        source,
        folded,
        terms: Int32Array.from(ids.of(folded)),
        contrast: CONTRAST.test(folded),
        measure: MEASURE.test(folded),
      });
    }
  }

  // Each aspect's words: terms of the sentences of sources placed under it, minus the terms that
  // sources under other aspects use as much (the board's topic words say nothing of an aspect).
  const termsUnder = new Map<string, Map<number, number>>();
  for (const s of sentences) {
    for (const p of s.source.placements) {
      if (!p.aspectId) continue;
      const m = termsUnder.get(p.aspectId) ?? new Map<number, number>();
      for (let i = 0; i < s.terms.length; i++) m.set(s.terms[i]!, (m.get(s.terms[i]!) ?? 0) + 1);
      termsUnder.set(p.aspectId, m);
    }
  }
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

  // Per sentence, once: where each subject is first named (-1: not named), and its source's
  // placements; per aspect, once: the part of the score that does not depend on the subject.
  const foldedNames = new Map([...board.subjects, ...board.aspects].map((p) => [p.id, namesOf(p)] as const));
  const firstIn = (folded: string, partId: string) => {
    let first = -1;
    for (const n of foldedNames.get(partId)!) {
      const i = folded.indexOf(n);
      if (i >= 0 && (first < 0 || i < first)) first = i;
    }
    return first;
  };
  const positions = sentences.map((s) => board.subjects.map((subject) => firstIn(s.folded, subject.id)));
  const foldedSources = new Map<CandidateSource, string>();
  const sourceText = (source: CandidateSource) => {
    let text = foldedSources.get(source);
    if (text === undefined) {
      text = fold(`${source.title}\n${source.text.slice(0, CANDIDATE_TEXT_CHARS)}`);
      foldedSources.set(source, text);
    }
    return text;
  };

  const out = new Map<string, CellCandidate[]>();
  for (const aspect of board.aspects) {
    const aspectTerms = new Set(namesOf(aspect).flatMap((n) => [...ids.of(n)]));
    const words = aspectWords.get(aspect.id)!;
    // Per source, once: placed under this aspect, names it.
    const sourceScore = new Map<CandidateSource, number>();
    for (const source of sources)
      sourceScore.set(
        source,
        (source.placements.some((p) => p.aspectId === aspect.id) ? W.placedAspect : 0) +
          (firstIn(sourceText(source), aspect.id) >= 0 ? W.sourceNamesAspect : 0),
      );
    const aspectBase = sentences.map(
      (s) =>
        // The share of the aspect's name in the sentence; the share of the sentence in its words.
        W.aspectName * (aspectTerms.size && countIn(s.terms, aspectTerms) / aspectTerms.size > 0.5 ? 1 : 0) +
        W.aspectWords * Math.min(1, s.terms.length ? (countIn(s.terms, words) / s.terms.length) * 2 : 0) +
        sourceScore.get(s.source)!,
    );
    board.subjects.forEach((subject, si) => {
      const noteTerms = ids.of(fold(board.cellNotes?.[aspect.id]?.[subject.id] ?? ''));
      // Per source, once: placed in this very cell, placed under this subject.
      const inCell = new Map<CandidateSource, boolean>();
      const underSubject = new Map<CandidateSource, boolean>();
      for (const source of sources) {
        inCell.set(
          source,
          source.placements.some((p) => p.aspectId === aspect.id && p.subjectId === subject.id),
        );
        underSubject.set(
          source,
          source.placements.some((p) => p.subjectId === subject.id),
        );
      }
      // The best few, kept in order as the sentences go by (a full sort of thousands per cell costs
      // more than the scoring): room for `limit` sentences and their repeats.
      const keep = limit * 4;
      const scored: { i: number; score: number }[] = [];
      // On a tie: the board's own before a suggested clip, a quote (the user chose it) before its
      // clip's same sentence, then the order of the sources and their text.
      const rank = (i: number) =>
        (sentences[i]!.source.tie === 'board' ? 2 : 0) + (sentences[i]!.source.quoteId !== undefined ? 1 : 0);
      const before = (a: { i: number; score: number }, b: { i: number; score: number }) =>
        a.score > b.score || (a.score === b.score && (rank(a.i) - rank(b.i) || b.i - a.i) > 0);
      for (let i = 0; i < sentences.length; i++) {
        const s = sentences[i]!;
        const aspectScore =
          aspectBase[i]! +
          (inCell.get(s.source) ? W.placedCell : 0) +
          (noteTerms.size ? W.note * (countIn(s.terms, noteTerms) / noteTerms.size) : 0);
        const where = positions[i]!;
        const at = where[si]!;
        let otherAt = Number.POSITIVE_INFINITY;
        for (let k = 0; k < where.length; k++) {
          const p = where[k]!;
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
              : underSubject.get(s.source)
                ? W.placedSubject
                : W.unnamed;
        let score = (aspectScore + W.base) * subjectFactor;
        if (topic && aspectScore > 0 && (s.contrast || otherNamed)) score += W.contrast;
        if (s.measure && aspectScore > 0) score += W.measure;
        if (s.source.tie === 'suggested') score *= W.suggested;
        if (score <= 0 || (scored.length === keep && !before({ i, score }, scored[keep - 1]!))) continue;
        let at2 = scored.length;
        while (at2 > 0 && before({ i, score }, scored[at2 - 1]!)) at2--;
        scored.splice(at2, 0, { i, score });
        if (scored.length > keep) scored.pop();
      }
      // `scored` is best first, in the same order on every run.
      const seen = new Set<string>();
      const top: CellCandidate[] = [];
      for (const { i, score } of scored) {
        const s = sentences[i]!;
        if (seen.has(s.text)) continue;
        seen.add(s.text);
        top.push({
          aspectId: aspect.id,
          subjectId: subject.id,
          clipId: s.source.clipId,
          ...(s.source.quoteId === undefined ? {} : { quoteId: s.source.quoteId }),
          title: s.source.title,
          siteName: s.source.siteName,
          sentence: s.text,
          start: s.start,
          score,
          tie: s.source.tie,
        });
        if (top.length === limit) break;
      }
      out.set(cellKey(aspect.id, subject.id), top);
    });
  }
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

/** The answer of a CellRequest, as a list (it crosses to the panel by structured clone). */
export function answerCellRequest({ board, sources, limit = 3 }: CellRequest): CellCandidate[] {
  return [...cellCandidates(board, sources, limit).values()].flat();
}
