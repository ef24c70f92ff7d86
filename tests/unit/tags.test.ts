import { describe, expect, it } from 'vitest';
import { LIMITS } from '@/utils/limits';
import { addTags, MAX_TAG_LENGTH, MAX_TAGS, parseTags, tagCounts } from '@/utils/tags';

describe('parseTags', () => {
  it.each([
    ['営業, 比較', ['営業', '比較']],
    ['営業、比較　ルート', ['営業', '比較', 'ルート']],
    ['#営業 #比較', ['営業', '比較']],
    ['ＳＦＡ sfa SFA', ['SFA']],
    ['  ,, ', []],
  ])('%j → %j', (input, tags) => expect(parseTags(input)).toEqual(tags));

  it('cuts over-long tags', () => {
    expect(parseTags('長'.repeat(60))[0]).toHaveLength(MAX_TAG_LENGTH);
  });

  it('keeps the first MAX_TAGS tags, as many as a backup takes', () => {
    const typed = Array.from({ length: MAX_TAGS + 50 }, (_, i) => `t${i}`).join(',');
    expect(parseTags(typed)).toEqual(Array.from({ length: MAX_TAGS }, (_, i) => `t${i}`));
    expect([MAX_TAGS, MAX_TAG_LENGTH]).toEqual([LIMITS.tagsPerClip, LIMITS.tagLength]);
  });
});

describe('addTags and tagCounts', () => {
  it('adds without duplicates', () => expect(addTags(['営業'], ['営業', '比較'])).toEqual(['営業', '比較']));
  it('counts tags over clips, most used first', () => {
    expect(tagCounts([['営業', '比較'], ['比較'], []])).toEqual([
      { tag: '比較', count: 2 },
      { tag: '営業', count: 1 },
    ]);
  });
});
