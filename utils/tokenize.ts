/**
 * Words of Japanese, Chinese and English text for scoring: `Intl.Segmenter` at word granularity
 * (Japanese has no spaces), folded (NFKC, lower case), without particles and function words, with
 * English plurals and common endings trimmed, and runs of kanji/katakana also kept joined
 * (「顧客」「満足」「度」 → also 「顧客満足度」) so compounds weigh as much as their parts.
 */
const segmenters = new Map<string, Intl.Segmenter>();
function segmenter(locale: string): Intl.Segmenter {
  let s = segmenters.get(locale);
  if (!s) {
    s = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(locale, s);
  }
  return s;
}

const JA_STOP = new Set(
  'の は が を に で と も へ や か な だ た て し い る れ ら さ から まで より です ます でし ました ない する した して します される され いる いた ある あり あっ なる なっ こと もの これ それ あれ この その あの ため よう など ので けど けれど ところ とき 時 方 さん ちゃん 的 化 者 的な ような そして また でも しかし つまり 一 二 三 よ ね わ ぞ'.split(
    ' ',
  ),
);
const EN_STOP = new Set(
  'a an the and or but if of to in on at by for with from as is are was were be been being it its this that these those there here i we you he she they me my our your his her their them us do does did doing have has had not no so than then too very can could would should will just also into over under about after before more most other some such only own same both each few all any which who whom what when where why how vs versus'.split(
    ' ',
  ),
);

const CJK_JOINABLE = /^[\p{Script=Han}\p{Script=Katakana}ー]+$/u;
const HIRAGANA_ONLY = /^[\p{Script=Hiragana}ー]+$/u;
const LATIN = /^[a-z0-9][a-z0-9'’_-]*$/;

/** Trims common English endings so "prices"/"priced"/"pricing" meet at one stem. */
export function stem(word: string): string {
  if (word.length <= 4) return word.replace(/'s$/, '');
  return word
    .replace(/'s$/, '')
    .replace(/(ies)$/, 'y')
    .replace(/(sses)$/, 'ss')
    .replace(/([^s])s$/, '$1')
    .replace(/(ing|ed)$/, '')
    .replace(/(ly)$/, '');
}

/** Tokens of `text` for scoring (see the module comment). */
export function tokenize(text: string, locale = 'ja'): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flushRun = () => {
    if (run.length > 1) out.push(run.join(''));
    run = [];
  };
  for (const { segment, isWordLike } of segmenter(locale).segment(text.normalize('NFKC').toLowerCase())) {
    if (!isWordLike) {
      flushRun();
      continue;
    }
    if (CJK_JOINABLE.test(segment)) {
      run.push(segment);
      out.push(segment);
      continue;
    }
    flushRun();
    if (LATIN.test(segment)) {
      if (!EN_STOP.has(segment) && segment.length > 1) out.push(stem(segment));
    } else if (!JA_STOP.has(segment) && !(HIRAGANA_ONLY.test(segment) && segment.length < 3)) {
      out.push(segment);
    }
  }
  flushRun();
  return out;
}
