import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cleanTitle,
  countChars,
  countedInWords,
  countWords,
  detectLanguage,
  guessLanguage,
  readingMinutes,
  wordCount,
} from '@/utils/text';

describe('countChars', () => {
  it('counts code points, not UTF-16 units, without white space', () => {
    expect(countChars('ルート営業')).toBe(5);
    expect(countChars('a b\tc\nd　e')).toBe(5); // ideographic space is white space too
    expect(countChars('𠮷野家')).toBe(3); // 𠮷 is a surrogate pair
    expect(countChars('')).toBe(0);
  });

  it('is the number of code points left when every white space character (\\s) is taken out', () => {
    const spaces = fc.constantFrom(
      ...' \t\n\v\f\r\u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\u0085\u200b',
    );
    const text = fc.array(fc.oneof(fc.string({ unit: 'grapheme' }), spaces)).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (s) => {
        expect(countChars(s)).toBe([...s.replace(/\s/g, '')].length);
      }),
      { numRuns: 500 },
    );
  });
});

describe('countWords', () => {
  it('counts words of spaced scripts', () => {
    expect(countWords("It's a well-known fact, isn't it?")).toBe(6);
    expect(countWords('')).toBe(0);
  });

  it('counts what the word pattern matches, in any text', () => {
    const pieces = fc.constantFrom(
      ...["'", '’', '_', '-', ' ', 'a', 'Z', '9', 'é', 'ß', 'Ω', '日本', '𝒳', '𠮷', '١', '!', '\n'],
    );
    const text = fc.array(fc.oneof(pieces, fc.string({ unit: 'grapheme' }))).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (s) => {
        expect(countWords(s)).toBe(s.match(/[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu)?.length ?? 0);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('readingMinutes', () => {
  it('reads Japanese at 500 characters a minute', () => {
    expect(readingMinutes('あ'.repeat(500), 'ja')).toBe(1);
    expect(readingMinutes('あ'.repeat(501), 'ja')).toBe(2);
    expect(readingMinutes('あ'.repeat(2632), 'ja-JP')).toBe(6);
  });
  it('reads Chinese at 500 characters a minute', () => {
    expect(readingMinutes('中'.repeat(1500), 'zh-CN')).toBe(3);
  });
  it('reads English at 230 words a minute', () => {
    expect(readingMinutes('word '.repeat(230), 'en')).toBe(1);
    expect(readingMinutes('word '.repeat(231), 'en')).toBe(2);
    expect(readingMinutes('word '.repeat(2300), 'en-US')).toBe(10);
  });
  it('mixed text follows the page language', () => {
    // A Japanese article quoting English is read by characters; English quoting Japanese by words.
    const mixed = `${'営業'.repeat(400)} ${'sales '.repeat(100)}`;
    expect(readingMinutes(mixed, 'ja')).toBe(Math.ceil(countChars(mixed) / 500));
    expect(readingMinutes(mixed, 'en')).toBe(Math.ceil(countWords(mixed) / 230));
  });
  it('is at least one minute', () => {
    expect(readingMinutes('', 'ja')).toBe(1);
    expect(readingMinutes('hi', 'en')).toBe(1);
  });
});

describe('language', () => {
  it('prefers the declared language', () => {
    expect(detectLanguage('ja-JP', 'English text only')).toBe('ja');
    expect(detectLanguage('EN', 'ひらがな')).toBe('en');
  });
  it('guesses from the script when nothing is declared', () => {
    expect(guessLanguage('ルート営業と営業の違いを理解するための基本')).toBe('ja');
    expect(guessLanguage('企業数字化转型的关键在于数据治理和组织变革')).toBe('zh');
    expect(guessLanguage('The quick brown fox jumps over the lazy dog')).toBe('en');
    expect(guessLanguage('한국어 문장입니다')).toBe('ko');
    expect(guessLanguage('12345 !!!')).toBe('');
  });
  it('kana among mostly kanji still means Japanese', () => {
    expect(guessLanguage('東京都千代田区本社営業部長会議資料の件')).toBe('ja');
  });
});

describe('cleanTitle', () => {
  it.each([
    ['ルート営業と営業の違い - サトルンの比較ノート', 'サトルンの比較ノート', 'ルート営業と営業の違い'],
    ['ルート営業と営業の違い｜サトルンの比較ノート', 'サトルンの比較ノート', 'ルート営業と営業の違い'],
    ['ルート営業と営業の違い | サトルンの比較ノート', 'サトルンの比較ノート', 'ルート営業と営業の違い'],
    ['How we ship – Example Blog', 'Example Blog', 'How we ship'],
    ['Example Blog | How we ship', 'Example Blog', 'How we ship'],
    ['Why A - B testing fails | Acme', undefined, 'Why A - B testing fails'],
    ['ルート営業 - 基本', undefined, 'ルート営業 - 基本'],
    ['求人検索 | 比較ナビ', undefined, '求人検索'],
    [
      '【ガジェット比較ラボ】イヤホン2機種の装着感を比べた',
      'ガジェット比較ラボ',
      'イヤホン2機種の装着感を比べた',
    ],
    [
      'イヤホン2機種の装着感を比べた【ガジェット比較ラボ】',
      'ガジェット比較ラボ',
      'イヤホン2機種の装着感を比べた',
    ],
    ['【速報】市営バスが深夜便', 'ガジェット比較ラボ', '【速報】市営バスが深夜便'],
    ['[Acme Blog] How we ship', 'Acme Blog', 'How we ship'],
    ['市営バス、来春から深夜便を試験運行へ：湊川新聞', '湊川新聞', '市営バス、来春から深夜便を試験運行へ'],
    [
      '青石街菜市场改造完成，摊主回迁首日人气旺_滨江新闻网',
      '滨江新闻网',
      '青石街菜市场改造完成，摊主回迁首日人气旺',
    ],
    ['snake_case_names explained', undefined, 'snake_case_names explained'],
    ['A | Site', undefined, 'A | Site'],
    [
      'Short | A site name that is much too long to be one',
      undefined,
      'Short | A site name that is much too long to be one',
    ],
    ['  spaced   out  ', undefined, 'spaced out'],
    ['Title without site', 'Other', 'Title without site'],
  ])('%s (site %s) → %s', (title, site, clean) => {
    expect(cleanTitle(title, site)).toBe(clean);
  });
});

describe('wordCount: words for languages counted in words, nothing for Japanese, Chinese, Korean', () => {
  it('counts English (and an undeclared language) in words', () => {
    expect(countedInWords('en-US')).toBe(true);
    expect(countedInWords('')).toBe(true);
    expect(wordCount("Inside sales' close rate — 12%.", 'en')).toBe(5);
    expect(wordCount('Ein kurzer Satz.', 'de')).toBe(3);
  });

  it('gives no word count for languages counted in characters', () => {
    for (const lang of ['ja', 'ja-JP', 'zh-Hans', 'ko']) {
      expect(countedInWords(lang)).toBe(false);
      expect(wordCount('インサイドセールスの成約率', lang)).toBeUndefined();
    }
  });
});
