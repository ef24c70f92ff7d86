import type { Clip, Quote } from '@/utils/db';
import { formatDate, formatNumber, t } from '@/utils/i18n';
import { LIMITS } from '@/utils/limits';
import { DraftNotice } from './DraftNotice';
import { TagEditor } from './TagEditor';
import { TrashIcon } from './TrashIcon';
import { type DraftSaved, useDraftField } from './use-draft-field';

interface ReaderViewProps {
  clip: Clip;
  /** The clip's HTML, sanitized again and with images held back unless asked for. */
  html: string;
  hiddenImages: number;
  quotes: Quote[];
  onShowImages: () => void;
  onBack: () => void;
  onTrash: () => void;
  /** Each save writes one field and says what it replaced (another panel may have changed it). */
  onNote: (note: string) => Promise<DraftSaved>;
  /** Adds tags; resolves false when the clip would have more than LIMITS.tagsPerClip. */
  onAddTags: (tags: string[]) => Promise<boolean>;
  onRemoveTag: (tag: string) => void;
  onQuoteNote: (quoteId: string, note: string) => Promise<DraftSaved>;
}

/** A note under a quote, kept while typed whatever other panels save. */
function QuoteNote({ quote, onSave }: { quote: Quote; onSave: ReaderViewProps['onQuoteNote'] }) {
  const field = useDraftField({
    id: `quote-note:${quote.id}`,
    stored: quote.note,
    save: (text) => onSave(quote.id, text),
  });
  return (
    <>
      <textarea
        class="quote-note"
        rows={1}
        maxLength={LIMITS.noteLength}
        aria-label={t('quoteNoteLabel')}
        placeholder={t('quoteNoteLabel')}
        value={field.value}
        onInput={field.onInput}
        onBlur={field.onBlur}
      />
      <DraftNotice field={field} />
    </>
  );
}

/** A clip's article, readable at night, with its source. */
export function ReaderView({
  clip,
  html,
  hiddenImages,
  quotes,
  onShowImages,
  onBack,
  onTrash,
  onNote,
  onAddTags,
  onRemoveTag,
  onQuoteNote,
}: ReaderViewProps) {
  const note = useDraftField({ id: `clip-note:${clip.id}`, stored: clip.note, save: onNote });
  return (
    <article class="reader" lang={clip.lang || undefined}>
      <nav class="reader-nav">
        <button type="button" class="link-button" onClick={onBack}>
          ← {t('back')}
        </button>
        <button type="button" class="plain-button trash-button" onClick={onTrash}>
          <TrashIcon /> {t('moveToTrash')}
        </button>
      </nav>
      <header class="reader-header">
        <h1 class="reader-title">{clip.title}</h1>
        <p class="reader-meta">
          <span>{clip.siteName}</span>
          {clip.byline && <span>{t('byline', clip.byline)}</span>}
          {clip.publishedTime && <span>{t('publishedOn', formatDate(clip.publishedTime))}</span>}
          {clip.modifiedTime && clip.modifiedTime !== clip.publishedTime && (
            <span>{t('modifiedOn', formatDate(clip.modifiedTime))}</span>
          )}
          <span>{t('clippedOn', formatDate(clip.clippedAt))}</span>
          {clip.kind === 'article' && <span>{t('clipChars', formatNumber(clip.chars))}</span>}
          {clip.kind === 'article' && <span>{t('clipMinutes', clip.readingMinutes)}</span>}
        </p>
        <p>
          <a class="source-link" href={clip.url} target="_blank" rel="noopener noreferrer">
            {t('openSource')} ↗
          </a>
        </p>
        {hiddenImages > 0 && (
          <p class="images-hidden">
            <span>{t('imagesHidden')}</span>{' '}
            <button type="button" class="show-images" onClick={onShowImages}>
              {t('showImages')}
            </button>
          </p>
        )}
        <section class="clip-notes">
          <textarea
            class="clip-note"
            rows={2}
            maxLength={LIMITS.noteLength}
            aria-label={t('clipNoteLabel')}
            placeholder={t('clipNoteLabel')}
            value={note.value}
            onInput={note.onInput}
            onBlur={note.onBlur}
          />
          <DraftNotice field={note} />
          <TagEditor key={clip.id} tags={clip.tags} onAdd={onAddTags} onRemove={onRemoveTag} />
        </section>
      </header>
      {quotes.length > 0 && (
        <section class="quotes" aria-labelledby="quotes-title">
          <h2 id="quotes-title">{t('quotesTitle', quotes.length)}</h2>
          {quotes.map((quote) => (
            <figure class="quote" key={quote.id}>
              <blockquote>{quote.text}</blockquote>
              {quote.context && quote.context !== quote.text && (
                <figcaption class="muted">{quote.context}</figcaption>
              )}
              <QuoteNote quote={quote} onSave={onQuoteNote} />
            </figure>
          ))}
        </section>
      )}
      {clip.kind === 'bookmark' ? (
        <div class="reader-body">
          <p class="muted">{t('noArticleBody')}</p>
          {clip.excerpt && <p>{clip.excerpt}</p>}
        </div>
      ) : (
        // The HTML was sanitized at clip time and again by readerHtml just before this render.
        <div class="reader-body" dangerouslySetInnerHTML={{ __html: html }} />
      )}
    </article>
  );
}
