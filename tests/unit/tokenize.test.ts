import { describe, expect, it } from 'vitest';
import { stem, tokenize } from '@/utils/tokenize';

describe('tokenize', () => {
  it('segments Japanese without spaces and drops particles', () => {
    const tokens = tokenize('ルート営業は顧客満足度と継続率で評価される');
    expect(tokens).toEqual(expect.arrayContaining(['ルート', '営業', '顧客', '満足', '評価', '継続']));
    for (const particle of ['は', 'と', 'で', 'される', 'れる']) expect(tokens).not.toContain(particle);
  });

  it('keeps kanji/katakana compounds joined as well as their parts', () => {
    const tokens = tokenize('顧客満足度が高い');
    expect(tokens).toContain('顧客満足度');
    expect(tokens).toContain('顧客');
    expect(tokenize('ルート営業の話')).toContain('ルート営業');
  });

  it('folds width and case, stems English and drops function words', () => {
    expect(tokenize('Ｎｏｔｉｏｎ vs Obsidian: the backlinks and pricing')).toEqual([
      'notion',
      'obsidian',
      'backlink',
      'pric',
    ]);
  });

  it('handles mixed Japanese and English', () => {
    const tokens = tokenize('NotionとObsidianのバックリンク機能を比較');
    expect(tokens).toEqual(
      expect.arrayContaining(['notion', 'obsidian', 'バック', 'リンク', 'バックリンク機能', '機能', '比較']),
    );
  });

  it('gives nothing for empty or punctuation-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('、。！？ --- ...')).toEqual([]);
  });
});

describe('stem', () => {
  it.each([
    ['prices', 'price'],
    ['batteries', 'battery'],
    ['pricing', 'pric'],
    ['priced', 'pric'],
    ['glass', 'glass'],
    ['bus', 'bus'],
  ])('%s → %s', (word, expected) => expect(stem(word)).toBe(expected));
});
