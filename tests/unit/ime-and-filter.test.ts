import { describe, expect, it } from 'vitest';
import { filterClips, foldForSearch } from '@/utils/clip-filter';
import { isSubmitEnter } from '@/utils/ime';
import { makeClip } from '../helpers/pages';

describe('isSubmitEnter', () => {
  it.each([
    [{ key: 'Enter', isComposing: false, keyCode: 13 }, true],
    [{ key: 'Enter', isComposing: true, keyCode: 229 }, false], // confirming a conversion
    [{ key: 'Enter', isComposing: false, keyCode: 229 }, false], // Safari/Chrome right after compositionend
    [{ key: 'a', isComposing: false, keyCode: 65 }, false],
  ])('%o → %s', (event, submit) => expect(isSubmitEnter(event)).toBe(submit));
});

const clip = makeClip;

describe('filterClips', () => {
  const clips = [
    clip('1', 'ルート営業と営業の違い', '継続率・顧客満足度・年間購買額で評価されます。'),
    clip('2', 'Inside sales vs field sales', 'Pipeline velocity matters.'),
    clip('3', 'ｶﾌｪ巡り', '阿佐ヶ谷のカフェ'),
  ];
  // The leads as the panel reads them (version 9: apart from the clip records).
  const leads = new Map(clips.map((c) => [c.id, c.lead]));
  it('finds Japanese without spaces', () => {
    expect(filterClips(clips, '顧客満足度', undefined, leads).map((c) => c.id)).toEqual(['1']);
  });
  it('needs every term, in any field, case- and width-insensitive', () => {
    expect(filterClips(clips, 'SALES pipeline', undefined, leads).map((c) => c.id)).toEqual(['2']);
    expect(filterClips(clips, 'カフェ').map((c) => c.id)).toEqual(['3']); // half-width ｶﾌｪ in the title
    expect(filterClips(clips, 'ルート　営業').map((c) => c.id)).toEqual(['1']); // ideographic space splits
  });
  it('searches the leads once they are given, the other fields before', () => {
    // A term of the title and one of the lead: found only with the lead.
    expect(filterClips(clips, '評価されます ルート')).toEqual([]);
    expect(filterClips(clips, '評価されます ルート', undefined, leads).map((c) => c.id)).toEqual(['1']);
    // A lead read again (the clip clipped again) is searched as it is now.
    const newer = new Map(leads).set('1', '新しい冒頭');
    expect(filterClips(clips, '評価されます', undefined, newer)).toEqual([]);
    expect(filterClips(clips, '新しい冒頭', undefined, newer).map((c) => c.id)).toEqual(['1']);
  });
  it('returns everything for an empty query and nothing for a miss', () => {
    expect(filterClips(clips, '  ')).toHaveLength(3);
    expect(filterClips(clips, '存在しない語')).toHaveLength(0);
  });
  it('folds full-width Latin', () => expect(foldForSearch('ＡＢＣ')).toBe('abc'));
  it('finds words of notes and tags, and filters by tag', () => {
    const noted = [
      { ...clips[0]!, note: '評価軸の例に使う', tags: ['営業'] },
      clips[1]!,
      { ...clips[2]!, tags: ['カフェ', '営業'] },
    ];
    expect(filterClips(noted, '例に使う').map((c) => c.id)).toEqual(['1']);
    expect(filterClips(noted, '', '営業').map((c) => c.id)).toEqual(['1', '3']);
    expect(filterClips(noted, 'カフェ', '営業').map((c) => c.id)).toEqual(['3']);
  });
});
