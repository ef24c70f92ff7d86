import type { Clip } from '@/utils/db';
import { formatNumber, t } from '@/utils/i18n';
import { countedInWords } from '@/utils/text';

/**
 * A clip's length as its language counts it: words for English and other space-separated
 * languages (「1,650語」 / "1,650 words"), characters for Japanese, Chinese and Korean
 * (「9,643字」). A clip without a word count (none was stored) shows its characters.
 */
export function clipLength(clip: Pick<Clip, 'lang' | 'chars' | 'words'>): string {
  return countedInWords(clip.lang) && clip.words !== undefined
    ? t('clipWords', formatNumber(clip.words))
    : t('clipChars', formatNumber(clip.chars));
}
