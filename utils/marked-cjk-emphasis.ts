import type { MarkedExtension, Token, Tokens, TokensList } from 'marked';

/**
 * CJK-friendly emphasis for marked: `**` and `*` next to Japanese (Chinese, Korean) text.
 *
 * CommonMark decides whether `**` opens or closes emphasis from the characters around it, and
 * counts Japanese punctuation as punctuation: `これは**「強調」**です` and `**強調。**です` stay
 * as asterisks, because an opening `**` before `「` must follow a space or punctuation, and a
 * closing `**` after `。` must be followed by one. Japanese has no spaces between words, so people
 * who write `**` in Japanese meet this all the time (commonmark-spec issue 650).
 *
 * This implements the amendment proposed for it (the "CommonMark CJK-friendly amendments" of
 * markdown-cjk-friendly): punctuation that is itself CJK (、。「」（）！？…) no longer blocks a
 * delimiter, and a CJK character next to a delimiter counts like a space for the other side.
 * Simplified, on purpose:
 * - only `*` delimiters (Japanese writers use `**`; `_` is left to marked);
 * - runs of one or two `*`, closed by a run of the same length (no `***` split in two);
 * - "CJK" by Unicode script and East Asian wide/fullwidth/halfwidth blocks, not the full
 *   East Asian Width table; variation selectors are not looked at.
 * It only claims a delimiter pair that the amendment accepts and CommonMark rejects; every pair
 * CommonMark accepts is left to marked, so text without CJK renders exactly as before.
 */

const WHITESPACE = /^[\s\p{Zs}]$/u;
const PUNCTUATION = /^[\p{P}\p{S}]$/u;
/** Han, kana, Hangul, Bopomofo, Yi, and the CJK symbol, fullwidth and halfwidth-form blocks. */
const CJK =
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}\p{Script=Yi}\u2E80-\u2FFF\u3000-\u303F\u3190-\u31FF\u3200-\u33FF\uFE10-\uFE1F\uFE30-\uFE6F\uFF00-\uFFEF]$/u;

type Kind = 'whitespace' | 'cjkPunctuation' | 'punctuation' | 'cjk' | 'other';

/** What a neighbouring character is, for the flanking rules ('' is a line's start or end). */
function kindOf(char: string): Kind {
  if (char === '' || WHITESPACE.test(char)) return 'whitespace';
  const cjk = CJK.test(char);
  if (PUNCTUATION.test(char)) return cjk ? 'cjkPunctuation' : 'punctuation';
  return cjk ? 'cjk' : 'other';
}

/** CommonMark 0.31 left-flanking (can open, for `*`). */
function leftFlanking(before: Kind, after: Kind): boolean {
  if (after === 'whitespace') return false;
  const afterPunctuation = after === 'punctuation' || after === 'cjkPunctuation';
  const beforeSpaceOrPunctuation =
    before === 'whitespace' || before === 'punctuation' || before === 'cjkPunctuation';
  return !afterPunctuation || beforeSpaceOrPunctuation;
}

/** CommonMark 0.31 right-flanking (can close, for `*`). */
function rightFlanking(before: Kind, after: Kind): boolean {
  return leftFlanking(after, before);
}

/** The amendment's left-flanking: only non-CJK punctuation after it needs a space, punctuation or CJK before. */
function cjkLeftFlanking(before: Kind, after: Kind): boolean {
  if (after === 'whitespace') return false;
  if (after !== 'punctuation') return true;
  return (
    before === 'whitespace' || before === 'punctuation' || before === 'cjk' || before === 'cjkPunctuation'
  );
}

/** The amendment's right-flanking, the mirror image. */
function cjkRightFlanking(before: Kind, after: Kind): boolean {
  return cjkLeftFlanking(after, before);
}

function lastChar(text: string): string {
  return Array.from(text.slice(-2)).at(-1) ?? '';
}

function firstChar(text: string): string {
  const codePoint = text.codePointAt(0);
  return codePoint === undefined ? '' : String.fromCodePoint(codePoint);
}

/** Index after the `[text](destination)` link starting at `start`, or -1 if it is not one. */
function endOfInlineLink(src: string, start: number): number {
  let depth = 0;
  let i = start;
  for (; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) break;
  }
  if (src[i + 1] !== '(') return -1;
  let parens = 0;
  for (let j = i + 1; j < src.length; j++) {
    const c = src[j];
    if (c === '\\') j++;
    else if (c === '(') parens++;
    else if (c === ')' && --parens === 0) return j + 1;
    else if (c === '\n') return -1;
  }
  return -1;
}

/**
 * The index of the `*` run that closes the run of `length` at the start of `src`, by the
 * amendment's rules, and whether CommonMark alone would also accept it. Code spans, escapes and
 * links are skipped (they bind before emphasis); runs of the same length that only open nest.
 */
function findCloser(src: string, length: number): { index: number; standard: boolean } | undefined {
  let depth = 0;
  let i = length;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(src.slice(i))![0];
      const close = src.indexOf(run, i + run.length);
      // A longer run is not a closing one; a near miss only costs a wrong skip, never a wrong match.
      i = close === -1 ? i + run.length : close + run.length;
      continue;
    }
    if (c === '[') {
      const end = endOfInlineLink(src, i);
      i = end === -1 ? i + 1 : end;
      continue;
    }
    if (c !== '*') {
      i++;
      continue;
    }
    const run = /^\*+/.exec(src.slice(i))![0];
    const before = kindOf(lastChar(src.slice(0, i)));
    const after = kindOf(firstChar(src.slice(i + run.length)));
    if (run.length === length) {
      if (cjkRightFlanking(before, after) && i > length) {
        if (depth === 0) return { index: i, standard: rightFlanking(before, after) };
        depth--;
      } else if (cjkLeftFlanking(before, after)) depth++;
    }
    i += run.length;
  }
  return undefined;
}

function previousChar(tokens: Token[] | TokensList): string {
  const previous = tokens.at(-1);
  return previous ? lastChar(previous.raw) : '';
}

/** The extension: `new Marked().use(markedCjkEmphasis())`. */
export function markedCjkEmphasis(): MarkedExtension {
  return {
    extensions: [
      {
        name: 'cjkEmphasis',
        level: 'inline',
        start(src) {
          const index = src.indexOf('*');
          return index === -1 ? undefined : index;
        },
        tokenizer(src, tokens): Tokens.Strong | Tokens.Em | undefined {
          const opener = /^\*{1,2}(?!\*)/.exec(src)?.[0];
          const before = previousChar(tokens);
          // Part of a longer run (`***`), or nothing to emphasise: marked's own rules apply.
          if (!opener || before === '*') return undefined;
          const beforeKind = kindOf(before);
          const afterKind = kindOf(firstChar(src.slice(opener.length)));
          if (!cjkLeftFlanking(beforeKind, afterKind)) return undefined;
          const closer = findCloser(src, opener.length);
          if (!closer) return undefined;
          // CommonMark accepts both ends: marked handles it the same as without this extension.
          if (leftFlanking(beforeKind, afterKind) && closer.standard) return undefined;
          const text = src.slice(opener.length, closer.index);
          const raw = src.slice(0, closer.index + opener.length);
          const inner = this.lexer.inlineTokens(text);
          return opener.length === 2
            ? { type: 'strong', raw, text, tokens: inner }
            : { type: 'em', raw, text, tokens: inner };
        },
      },
    ],
  };
}
