import { useRef, useState } from 'preact/hooks';
import { formatNumber, t } from '@/utils/i18n';
import { isSubmitEnter } from '@/utils/ime';
import { LIMITS } from '@/utils/limits';
import { parseTags } from '@/utils/tags';
import { useSaveOnLeave } from './use-draft-field';

/** Chips shown before "show more": a clip restored with hundreds of tags stays readable. */
const CHIPS_SHOWN = 30;

interface TagEditorProps {
  tags: string[];
  /**
   * Adds tags to the clip as stored (not to this copy of its list, which another panel may have
   * changed); resolves false when the clip would have more than LIMITS.tagsPerClip.
   */
  onAdd: (tags: string[]) => Promise<boolean>;
  onRemove: (tag: string) => void;
}

/**
 * Tags as removable chips, and a field that adds what is typed (Enter, leaving the field, or the
 * panel being hidden or closed). Refuses more than LIMITS.tagsPerClip, keeping what was typed.
 */
export function TagEditor({ tags, onAdd, onRemove }: TagEditorProps) {
  const [draft, setDraft] = useState('');
  const [tooMany, setTooMany] = useState(false);
  const [showAll, setShowAll] = useState(false);
  const typed = useRef('');
  const setPending = useSaveOnLeave(() => void commit());
  const type = (text: string) => {
    typed.current = text;
    setDraft(text);
    setPending(text !== '');
  };

  const commit = async (text = typed.current) => {
    const added = parseTags(text);
    if (added.length === 0) return type('');
    const have = new Set(tags.map((tag) => tag.toLowerCase()));
    const fresh = added.filter((tag) => !have.has(tag.toLowerCase()));
    if (tags.length + fresh.length > LIMITS.tagsPerClip) return setTooMany(true);
    type('');
    setTooMany(false);
    // The stored list may have grown meanwhile in another panel: then the write is refused too,
    // and the text comes back to the field.
    if (!(await onAdd(added))) {
      setTooMany(true);
      if (!typed.current) type(text);
    }
  };

  const chips = showAll ? tags : tags.slice(0, CHIPS_SHOWN);
  return (
    <div class="tag-editor">
      <ul class="tags">
        {chips.map((tag) => (
          <li class="tag-chip" key={tag}>
            {tag}
            <button
              type="button"
              class="icon-button"
              aria-label={t('removeTag', tag)}
              onClick={() => onRemove(tag)}
            >
              ×
            </button>
          </li>
        ))}
        {chips.length < tags.length && (
          <li>
            <button type="button" class="plain-button show-all-tags" onClick={() => setShowAll(true)}>
              {t('showMore', formatNumber(tags.length - chips.length))}
            </button>
          </li>
        )}
      </ul>
      <input
        type="text"
        class="tag-input"
        aria-label={t('tagsLabel')}
        placeholder={t('tagsLabel')}
        value={draft}
        onInput={(e) => {
          type(e.currentTarget.value);
          setTooMany(false);
        }}
        onBlur={(e) => void commit(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          e.preventDefault();
          // The Enter that confirms an IME conversion only confirms it.
          if (isSubmitEnter(e)) void commit(e.currentTarget.value);
        }}
      />
      {tooMany && (
        <p class="form-error tags-error" role="alert">
          {t('tooManyTags', formatNumber(LIMITS.tagsPerClip))}
        </p>
      )}
    </div>
  );
}
