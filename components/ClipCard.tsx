import { isoDateTime, timeValue } from '@/utils/dates';
import type { Clip } from '@/utils/db';
import { formatDate, formatNumber, t } from '@/utils/i18n';
import { AddToBoardButton, type BoardFiling } from './AddToBoard';
import { clipLength } from './clip-length';
import { TrashIcon } from './TrashIcon';

interface ClipCardProps {
  clip: Clip;
  isNew: boolean;
  onOpen: (id: string) => void;
  onTrash: (id: string) => void;
  /** Where the clip most likely belongs, with the action that files it there. */
  suggestion?: { label: string; onAccept: () => void };
  /** "Add to board…", whatever the suggestion says. */
  filing?: BoardFiling;
}

/** Tags a card shows; the rest are counted ("+12"), so a clip with hundreds of tags stays one card. */
const TAGS_ON_CARD = 3;

/** One clip in the Inbox: title, site, date, size and reading time, excerpt, its first tags. */
export function ClipCard({ clip, isNew, onOpen, onTrash, suggestion, filing }: ClipCardProps) {
  // The page's own date when it is one, else the day it was clipped; nothing when neither is a date.
  const when = timeValue(clip.publishedTime) !== undefined ? clip.publishedTime : clip.clippedAt;
  const date = formatDate(when);
  return (
    <li class={`clip-card${isNew ? ' is-new' : ''}`} data-clip-id={clip.id}>
      <button type="button" class="clip-open" onClick={() => onOpen(clip.id)}>
        <span class="clip-title">
          {isNew && <span class="tag tag-new">{t('newClip')}</span>}
          {clip.kind === 'bookmark' && <span class="tag">{t('bookmarkKind')}</span>}
          {clip.title}
        </span>
        <span class="clip-meta">
          <span>{clip.siteName}</span>
          {date && <time dateTime={isoDateTime(when)}>{date}</time>}
          {clip.kind === 'article' && (
            <>
              <span class="clip-length">{clipLength(clip)}</span>
              <span>{t('clipMinutes', clip.readingMinutes)}</span>
            </>
          )}
        </span>
        {clip.excerpt && <span class="clip-excerpt">{clip.excerpt}</span>}
        {clip.tags.length > 0 && (
          <span class="clip-tags">
            {clip.tags.slice(0, TAGS_ON_CARD).map((tag) => (
              <span class="tag" key={tag}>
                {tag}
              </span>
            ))}
            {clip.tags.length > TAGS_ON_CARD && (
              <span
                class="tag more-tags"
                title={t('moreTagsLabel', formatNumber(clip.tags.length - TAGS_ON_CARD))}
              >
                {t('moreTags', formatNumber(clip.tags.length - TAGS_ON_CARD))}
              </span>
            )}
          </span>
        )}
      </button>
      {suggestion && (
        <p class="suggestion">
          <span>{t('suggestedFor', suggestion.label)}</span>{' '}
          <button type="button" class="plain-button accept-suggestion" onClick={suggestion.onAccept}>
            {t('addToBoard')}
          </button>
        </p>
      )}
      {filing && (
        <div class="card-actions">
          <AddToBoardButton target={{ clipId: clip.id }} title={clip.title} filing={filing} />
        </div>
      )}
      <button
        type="button"
        class="icon-button trash-button"
        onClick={() => onTrash(clip.id)}
        aria-label={`${t('moveToTrash')}: ${clip.title}`}
        title={t('moveToTrash')}
      >
        <TrashIcon />
      </button>
    </li>
  );
}
