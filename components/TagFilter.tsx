import { t } from '@/utils/i18n';

interface TagFilterProps {
  tags: { tag: string; count: number }[];
  selected?: string;
  onSelect: (tag: string | undefined) => void;
}

/** The tags in use, as toggle buttons: one chosen tag filters the Inbox. */
export function TagFilter({ tags, selected, onSelect }: TagFilterProps) {
  if (tags.length === 0) return null;
  return (
    <div class="tag-filter" role="toolbar" aria-label={t('tagFilter')}>
      <button type="button" class="tag-chip" aria-pressed={!selected} onClick={() => onSelect(undefined)}>
        {t('allTags')}
      </button>
      {tags.map(({ tag, count }) => (
        <button
          type="button"
          class="tag-chip"
          key={tag}
          aria-pressed={selected === tag}
          onClick={() => onSelect(selected === tag ? undefined : tag)}
        >
          {tag} <span class="muted">{count}</span>
        </button>
      ))}
    </div>
  );
}
