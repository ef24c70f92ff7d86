import { useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { isSubmitEnter } from '@/utils/ime';
import { addTags, parseTags } from '@/utils/tags';

interface TagEditorProps {
  tags: string[];
  onChange: (tags: string[]) => void;
}

/** Tags as removable chips, and a field that adds what is typed (Enter or leaving the field). */
export function TagEditor({ tags, onChange }: TagEditorProps) {
  const [draft, setDraft] = useState('');
  const commit = () => {
    const added = parseTags(draft);
    setDraft('');
    if (added.length) onChange(addTags(tags, added));
  };
  return (
    <div class="tag-editor">
      <ul class="tags">
        {tags.map((tag) => (
          <li class="tag-chip" key={tag}>
            {tag}
            <button
              type="button"
              class="icon-button"
              aria-label={t('removeTag', tag)}
              onClick={() => onChange(tags.filter((x) => x !== tag))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        type="text"
        class="tag-input"
        aria-label={t('tagsLabel')}
        placeholder={t('tagsLabel')}
        value={draft}
        onInput={(e) => setDraft(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          e.preventDefault();
          // The Enter that confirms an IME conversion only confirms it.
          if (isSubmitEnter(e)) commit();
        }}
      />
    </div>
  );
}
