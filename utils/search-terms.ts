/**
 * The terms the article index keeps (utils/search-postings.ts), and the ones a query looks up.
 *
 * Japanese and Chinese have no spaces, and a word found inside a longer one must still match
 * (「満足度」 inside 「顧客満足度」), so their text is indexed as single characters and pairs of
 * neighbouring characters (bigrams): a query of any length is the pairs it holds, and the clips
 * holding every pair are checked against their text. Other scripts are indexed by word (letters
 * and digits), and a query word is looked up as a prefix (the stem of "pricing" finds "prices").
 *
 * `Intl.Segmenter` is not used here: it takes 50–115 ms for 20,000 characters on the bench
 * machine, against 2–5 ms for this pass, and a clip must be indexed within 5 ms.
 */

import { foldForSearch as fold } from './clip-filter';

/** Characters indexed one by one and in pairs: Han, kana (with ー), 々〆〇, Hangul. */
function isCjkCode(c: number): boolean {
  return (
    (c >= 0x3005 && c <= 0x3007) ||
    (c >= 0x3041 && c <= 0x30ff) ||
    (c >= 0x31f0 && c <= 0x31ff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xac00 && c <= 0xd7af) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0x20000 && c <= 0x3ffff)
  );
}
const isCjk = (ch: string) => isCjkCode(ch.codePointAt(0)!);

/** Runs of letters, marks and digits that are not CJK characters: the words of other scripts. */
const WORD =
  /(?:(?![\u3005-\u3007\u3041-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{3ffff}])[\p{L}\p{N}\p{M}])+/gu;

/**
 * The terms of a folded text: each CJK character, each pair of neighbouring CJK characters, and
 * each run of other letters and digits (a word). `into` collects them (one set for all fields).
 */
export function termsOfFolded(folded: string, into: Set<string> = new Set()): Set<string> {
  let prevStart = -1;
  for (let i = 0; i < folded.length; ) {
    const c = folded.codePointAt(i)!;
    const width = c > 0xffff ? 2 : 1;
    if (c >= 0x3005 && isCjkCode(c)) {
      into.add(folded.slice(i, i + width));
      if (prevStart >= 0) into.add(folded.slice(prevStart, i + width));
      prevStart = i;
    } else prevStart = -1;
    i += width;
  }
  for (const word of folded.match(WORD) ?? []) into.add(word);
  return into;
}

/** The terms of an article's text (folded here). */
export function articleTerms(text: string): Set<string> {
  return termsOfFolded(fold(text));
}

/**
 * How the article index looks up one query term (already folded and stemmed): the terms every
 * matching article must hold exactly, and the words it must hold one of beginning with each
 * prefix. A term whose lookup is not exact (more than one pair, a word with other characters
 * around it) is checked against the text afterwards. Latin words under three letters are looked
 * up whole (a prefix of one or two letters would read a large part of the index).
 */
export interface TermLookup {
  exact: string[];
  prefixes: string[];
  /** Whether the clips found hold the term for certain (else they are checked against the text). */
  certain: boolean;
}

export function lookupOf(term: string): TermLookup {
  const found = [...termsOfFolded(term)];
  const cjkPairs = found.filter((t) => isCjk(t[0]!) && t.length === 2);
  const cjkSingles = found.filter((t) => isCjk(t[0]!) && t.length === 1);
  const words = found.filter((t) => !isCjk(t[0]!));
  // The pairs imply the characters: look up only pairs when there are some.
  const exact = cjkPairs.length ? cjkPairs : cjkSingles;
  const prefixes: string[] = [];
  for (const w of words) (w.length >= 3 ? prefixes : exact).push(w);
  const certain =
    found.length > 0 &&
    ((exact.length === 1 && prefixes.length === 0 && exact[0] === term) ||
      (prefixes.length === 1 && exact.length === 0 && prefixes[0] === term));
  return { exact, prefixes, certain };
}
