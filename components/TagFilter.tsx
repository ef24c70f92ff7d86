import { useState } from 'preact/hooks';
import { formatNumber, t } from '@/utils/i18n';

/** Tags shown at first (the most used), and how many more each "show more" adds. */
const TAGS_SHOWN = 20;
const MORE_TAGS = 100;

interface TagFilterProps {
  /** Most used first. */
  tags: { tag: string; count: number }[];
  selected?: string;
  onSelect: (tag: string | undefined) => void;
}

/**
 * The tags in use, as toggle buttons: one chosen tag filters the Inbox. The most used come first
 * and the rest on request, so a library with thousands of tags keeps a short row.
 */
export function TagFilter({ tags, selected, onSelect }: TagFilterProps) {
  const [limit, setLimit] = useState(TAGS_SHOWN);
  if (tags.length === 0) return null;
  const shown = tags.slice(0, limit);
  // The chosen tag stays in view when it is not among the first.
  const chosen = selected && !shown.some((x) => x.tag === selected) && tags.find((x) => x.tag === selected);
  if (chosen) shown.push(chosen);
  const button = ({ tag, count }: { tag: string; count: number }) => (
    <button
      type="button"
      class="tag-chip"
      key={tag}
      aria-pressed={selected === tag}
      onClick={() => onSelect(selected === tag ? undefined : tag)}
    >
      {tag} <span class="muted">{count}</span>
    </button>
  );
  return (
    <div class="tag-filter" role="toolbar" aria-label={t('tagFilter')}>
      <button type="button" class="tag-chip" aria-pressed={!selected} onClick={() => onSelect(undefined)}>
        {t('allTags')}
      </button>
      {shown.map(button)}
      {tags.length > limit && (
        <button type="button" class="plain-button show-more-tags" onClick={() => setLimit(limit + MORE_TAGS)}>
          {t('showMore', formatNumber(tags.length - limit))}
        </button>
      )}
    </div>
  );
}
