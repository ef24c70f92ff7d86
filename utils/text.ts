/** Languages whose reading speed is counted in characters, not words. */
const CHARACTER_COUNTED = new Set(['ja', 'zh', 'ko']);

const KANA = /[\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]/gu;
const HAN = /\p{Script=Han}/gu;
const HANGUL = /\p{Script=Hangul}/gu;
const LATIN = /\p{Script=Latin}/gu;

/** Characters a reader reads: Unicode code points, white space excluded. */
export function countChars(text: string): number {
  // One pass, no copy of the text: it runs on every clip, in the page.
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Code points, not UTF-16 units: the low half of a surrogate pair (𠮷) is not counted again.
    if (code >= 0xdc00 && code <= 0xdfff) continue;
    if (!isWhiteSpace(code)) count++;
  }
  return count;
}

/** What `\s` matches in JavaScript, by code unit. */
function isWhiteSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;

/**
 * Words of space-separated scripts (numbers count as words too): a letter or number starts one,
 * and letters, numbers and ' ’ _ - go on with it — what `/[\p{L}\p{N}][\p{L}\p{N}'’_-]*\/gu`
 * matches, counted in one pass without listing the words (it runs on every English clip).
 */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let letter: boolean;
    if (code < 0x80) {
      letter =
        (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
    } else {
      const point = text.codePointAt(i)!;
      letter = LETTER_OR_NUMBER.test(String.fromCodePoint(point));
      if (point > 0xffff) i++;
    }
    if (letter) {
      if (!inWord) count++;
      inWord = true;
    } else {
      inWord &&= code === 0x27 || code === 0x2019 || code === 0x5f || code === 0x2d;
    }
  }
  return count;
}

/** Primary language subtag of a BCP 47 tag, lower-case ("ja-JP" → "ja"); "" when absent. */
export function primaryLanguage(tag: string | null | undefined): string {
  const primary = (tag ?? '').trim().split(/[-_]/)[0]?.toLowerCase() ?? '';
  return /^[a-z]{2,3}$/.test(primary) ? primary : '';
}

/**
 * Guesses the language from the script of the text: any real amount of kana means Japanese
 * (Japanese always mixes kana into kanji), Han without kana means Chinese.
 */
export function guessLanguage(text: string): string {
  const sample = text.slice(0, 5000);
  const kana = sample.match(KANA)?.length ?? 0;
  const han = sample.match(HAN)?.length ?? 0;
  const hangul = sample.match(HANGUL)?.length ?? 0;
  const latin = sample.match(LATIN)?.length ?? 0;
  const cjk = kana + han + hangul;
  if (cjk === 0 && latin === 0) return '';
  if (kana >= 5 || (kana > 0 && kana >= han * 0.05)) return 'ja';
  if (hangul > han && hangul > 0) return 'ko';
  if (han > 0 && han >= latin * 0.2) return 'zh';
  return latin > 0 ? 'en' : '';
}

/** The page's declared language when it has one, else the one its text is written in. */
export function detectLanguage(declared: string | null | undefined, text: string): string {
  return primaryLanguage(declared) || guessLanguage(text);
}

/** Whether a language's length is counted in words (English: 1,650語) rather than characters (ja, zh, ko). */
export function countedInWords(lang: string): boolean {
  return !CHARACTER_COUNTED.has(primaryLanguage(lang));
}

/**
 * A clip's word count, for languages counted in words; undefined for Japanese, Chinese and Korean,
 * which show characters (and whose text would be scanned for nothing).
 */
export function wordCount(text: string, lang: string): number | undefined {
  return countedInWords(lang) ? countWords(text) : undefined;
}

/** Minutes to read: Japanese, Chinese and Korean at 500 characters a minute, others 230 words. */
export function readingMinutes(text: string, lang: string): number {
  const minutes = countedInWords(lang) ? countWords(text) / 230 : countChars(text) / 500;
  return Math.max(1, Math.ceil(minutes));
}

const TITLE_SEPARATORS = [
  ' | ',
  ' - ',
  ' – ',
  ' — ',
  ' :: ',
  ' » ',
  ' / ',
  '｜',
  '|',
  ' ：',
  '：',
  ' _ ',
  '_',
  ' · ',
  ' • ',
];

function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  return norm(a) === norm(b);
}

/**
 * Drops the site name that pages append to (or put before) the article title:
 * "Title | Site", "Title - Site", "Title｜Site", "Title：Site", "Title_Site", "Site | Title",
 * "【Site】Title".
 * Without a known site name only a short part after the last pipe is dropped: a hyphen inside a
 * real title ("ルート営業 - 基本") is left alone.
 */
export function cleanTitle(title: string, siteName?: string | null): string {
  let t = title.replace(/\s+/g, ' ').trim();
  const site = siteName?.trim();
  // A site name in brackets before or after the title: 【サイト】タイトル, タイトル【サイト】, [Site] Title.
  if (site) {
    const bracketed =
      /^[【[［(（「『]\s*(.+?)\s*[】\]］)）」』]\s*(.+)$|^(.+?)\s*[【[［(（「『]\s*(.+?)\s*[】\]］)）」』]$/.exec(
        t,
      );
    if (bracketed?.[1] && sameName(bracketed[1], site)) t = bracketed[2]!.trim();
    else if (bracketed?.[4] && sameName(bracketed[4], site)) t = bracketed[3]!.trim();
  }
  for (const sep of TITLE_SEPARATORS) {
    const at = t.lastIndexOf(sep);
    if (at <= 0) continue;
    const head = t.slice(0, at).trim();
    const tail = t.slice(at + sep.length).trim();
    if (!head || !tail) continue;
    if (site && sameName(tail, site)) return head;
    const first = t.indexOf(sep);
    const lead = t.slice(0, first).trim();
    if (site && sameName(lead, site)) return t.slice(first + sep.length).trim();
    // Without a known site name, only a pipe is trusted as the site separator: pipes almost
    // never occur inside real titles, hyphens and colons do. Site names are short.
    if (!site && (sep.includes('|') || sep === '｜') && [...tail].length <= 20 && [...head].length >= 2)
      return head;
  }
  return t;
}
