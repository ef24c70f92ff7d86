import type { BlogView } from '@/components/BlogSettings';
import { formatDate, type MessageKey, t } from '@/utils/i18n';
import type { PublishFailure } from '@/utils/publish/http';

/** Where a send stands. */
export type DraftState =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'sent'; created: boolean; editUrl: string }
  /** changedOnBlog: overwrite?  deleted: create a new one? */
  | { kind: 'ask'; question: 'changedOnBlog' | 'deleted' }
  | { kind: 'failed'; failure: PublishFailure };

interface BlogDraftPanelProps {
  blogs: BlogView[];
  blog?: BlogView;
  onChooseBlog: (key: string) => void;
  state: DraftState;
  lastSentAt?: number;
  /** Tags to pick (undefined: not checked yet). */
  tags?: string[];
  canCheckTags: boolean;
  picked: ReadonlySet<string>;
  onToggleTag: (tag: string) => void;
  onCheckTags: () => void;
  onSend: (mode?: 'normal' | 'overwrite' | 'createNew') => void;
  onDismiss: () => void;
}

/** A web address to show as a link (the editor's): anything else is not linked. */
const isWebAddress = (url: string) => /^https?:\/\//i.test(url);

/** 「下書きとして送る」 in the export panel: the blog, the tags, the send and what came of it. */
export function BlogDraftPanel({
  blogs,
  blog,
  onChooseBlog,
  state,
  lastSentAt,
  tags,
  canCheckTags,
  picked,
  onToggleTag,
  onCheckTags,
  onSend,
  onDismiss,
}: BlogDraftPanelProps) {
  if (!blog) {
    return (
      <section class="blog-draft" aria-label={t('draftHeading')}>
        <p class="blog-draft-none">{t('draftNoBlog')}</p>
      </section>
    );
  }
  const sending = state.kind === 'sending';
  return (
    <section class="blog-draft" aria-label={t('draftHeading')}>
      <h2 class="export-heading">{t('draftHeading')}</h2>
      <p class="blog-draft-about">{t('draftAbout')}</p>
      {blogs.length > 1 && (
        <label class="export-option">
          {t('draftSendTo')}
          <select
            class="blog-draft-target"
            value={blog.key}
            onChange={(e) => onChooseBlog(e.currentTarget.value)}
          >
            {blogs.map((b) => (
              <option key={b.key} value={b.key}>
                {b.title || b.address}
              </option>
            ))}
          </select>
        </label>
      )}
      {blogs.length === 1 && <p class="blog-draft-target-name">{blog.title || blog.address}</p>}
      {/* Hatena: categories from the clips' tags (none: nothing to pick); WordPress: the site's, once checked. */}
      {((tags && (tags.length > 0 || blog.kind === 'wordpress')) || canCheckTags) && (
        <fieldset class="blog-draft-tags">
          <legend>{blog.kind === 'hatena' ? t('draftCategories') : t('draftTags')}</legend>
          {tags?.length === 0 && <p>{t('draftNoTags')}</p>}
          {tags?.map((tag) => (
            <label key={tag} class="export-option">
              <input type="checkbox" checked={picked.has(tag)} onChange={() => onToggleTag(tag)} />
              {tag}
            </label>
          ))}
          {!tags && canCheckTags && (
            <button type="button" class="plain-button blog-draft-check-tags" onClick={onCheckTags}>
              {t('draftCheckTags')}
            </button>
          )}
        </fieldset>
      )}
      <p class="export-actions">
        <button
          type="button"
          class="primary-button blog-draft-send"
          disabled={sending}
          onClick={() => onSend()}
        >
          {sending ? t('draftSending') : t('draftSend')}
        </button>
      </p>
      {lastSentAt !== undefined && state.kind !== 'sent' && (
        <p class="blog-draft-last">{t('draftLastSent', formatDate(lastSentAt))}</p>
      )}
      {state.kind === 'sent' && (
        <p class="blog-draft-result" role="status">
          {state.created ? t('draftCreated') : t('draftUpdated')}{' '}
          {isWebAddress(state.editUrl) && (
            <a class="blog-draft-open" href={state.editUrl} target="_blank" rel="noopener noreferrer">
              {t('draftOpen')}
            </a>
          )}
        </p>
      )}
      {state.kind === 'ask' && (
        <div class="blog-draft-question" role="alertdialog" aria-live="assertive">
          <p>{state.question === 'changedOnBlog' ? t('draftChangedAsk') : t('draftDeletedAsk')}</p>
          <button
            type="button"
            class="primary-button blog-draft-confirm"
            onClick={() => onSend(state.question === 'changedOnBlog' ? 'overwrite' : 'createNew')}
          >
            {state.question === 'changedOnBlog' ? t('draftOverwrite') : t('draftCreateNew')}
          </button>
          <button type="button" class="plain-button blog-draft-cancel" onClick={onDismiss}>
            {t('draftCancel')}
          </button>
        </div>
      )}
      {state.kind === 'failed' && (
        <div class="form-error blog-draft-error" role="alert">
          <p>{t(`publishFailed_${state.failure}` as MessageKey)}</p>
          <p>{t('draftNothingLost')}</p>
        </div>
      )}
    </section>
  );
}
