import { describe, expect, it } from 'vitest';
import { LIMITS } from '@/utils/limits';
import { checkQuoteEdit, foldForExcerpt } from '@/utils/quote-edit';

const article =
  'インサイドセールスの成約率は平均で２０％です。\n\nフィールドセールスは  訪問に時間がかかる。';

describe('checkQuoteEdit', () => {
  it('accepts a shorter excerpt of the article, trimmed', () => {
    expect(checkQuoteEdit('  成約率は平均で２０％です ', [article])).toEqual({
      ok: true,
      text: '成約率は平均で２０％です',
    });
  });

  it('compares after NFKC and collapsing white space (a quote across paragraphs, half-width digits)', () => {
    expect(checkQuoteEdit('成約率は平均で20%です。 フィールドセールスは\n訪問', [article]).ok).toBe(true);
  });

  it('refuses text that is not in the article', () => {
    expect(checkQuoteEdit('成約率は平均で30%です', [article])).toEqual({ ok: false, error: 'notInArticle' });
  });

  it('refuses an empty quote and one past the limit', () => {
    expect(checkQuoteEdit(' \n ', [article])).toEqual({ ok: false, error: 'empty' });
    expect(
      checkQuoteEdit('あ'.repeat(LIMITS.quoteLength + 1), ['あ'.repeat(LIMITS.quoteLength + 2)]),
    ).toEqual({
      ok: false,
      error: 'tooLong',
    });
  });

  it('accepts text from any of the sources (a bookmark’s quote sentence)', () => {
    expect(checkQuoteEdit('料金は月額', ['', 'プランの料金は月額3,000円から。']).ok).toBe(true);
  });
});

describe('foldForExcerpt', () => {
  it('folds width and runs of white space', () => {
    expect(foldForExcerpt(' ＡＢＣ\n\t ｶﾅ ')).toBe('ABC カナ');
  });
});
