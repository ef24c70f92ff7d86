import type { Clip, Quote } from '@/utils/db';
import { formatDate, formatNumber, t } from '@/utils/i18n';
import { TagEditor } from './TagEditor';
import { TrashIcon } from './TrashIcon';

interface ReaderViewProps {
  clip: Clip;
  /** The clip's HTML, sanitized again and with images held back unless asked for. */
  html: string;
  hiddenImages: number;
  quotes: Quote[];
  onShowImages: () => void;
  onBack: () => void;
  onTrash: () => void;
  onNote: (note: string) => void;
  onTags: (tags: string[]) => void;
  onQuoteNote: (quoteId: string, note: string) => void;
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
  onTags,
  onQuoteNote,
}: ReaderViewProps) {
  // '' for what is not a date (a page writes what it likes; a backup can hold any number): left out.
  const published = formatDate(clip.publishedTime);
  const modified = formatDate(clip.modifiedTime ?? '');
  const clipped = formatDate(clip.clippedAt);
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
          {published && <span>{t('publishedOn', published)}</span>}
          {modified && clip.modifiedTime !== clip.publishedTime && <span>{t('modifiedOn', modified)}</span>}
          {clipped && <span>{t('clippedOn', clipped)}</span>}
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
            aria-label={t('clipNoteLabel')}
            placeholder={t('clipNoteLabel')}
            defaultValue={clip.note}
            onBlur={(e) => e.currentTarget.value !== clip.note && onNote(e.currentTarget.value)}
          />
          <TagEditor tags={clip.tags} onChange={onTags} />
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
              <textarea
                class="quote-note"
                rows={1}
                aria-label={t('quoteNoteLabel')}
                placeholder={t('quoteNoteLabel')}
                defaultValue={quote.note}
                onBlur={(e) =>
                  e.currentTarget.value !== quote.note && onQuoteNote(quote.id, e.currentTarget.value)
                }
              />
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
