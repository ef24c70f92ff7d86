import { useEffect, useRef, useState } from 'preact/hooks';
import type { Clip, NoteKind, Quote } from '@/utils/db';
import { formatDate, t } from '@/utils/i18n';
import { LIMITS } from '@/utils/limits';
import type { QuoteEditError } from '@/utils/quote-edit';
import { AddToBoardButton, type BoardFiling } from './AddToBoard';
import { clipLength } from './clip-length';
import { DraftNotice } from './DraftNotice';
import { NoteKindToggle } from './NoteKindToggle';
import { OtherVersionChoice } from './OtherVersionChoice';
import { TagEditor } from './TagEditor';
import { TrashIcon } from './TrashIcon';
import { type DraftField, type DraftSaved, useDraftField } from './use-draft-field';

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
  /** The clip's note becomes article text or a memo. */
  onNoteKind: (kind: NoteKind) => void;
  /** Adds tags; resolves false when the clip would have more than LIMITS.tagsPerClip. */
  onAddTags: (tags: string[]) => Promise<boolean>;
  onRemoveTag: (tag: string) => void;
  onQuoteNote: (quoteId: string, note: string) => Promise<DraftSaved>;
  onQuoteNoteKind: (quoteId: string, kind: NoteKind) => void;
  /** Deletes a quote (the panel offers Undo). */
  onDeleteQuote: (quoteId: string) => void;
  /** Writes a quote's edited text, or says why it is not a faithful excerpt. */
  onEditQuote: (quoteId: string, text: string) => Promise<{ replaced: string } | { error: QuoteEditError }>;
  filing: BoardFiling;
}

interface QuoteItemProps {
  quote: Quote;
  filing: BoardFiling;
  onNote: ReaderViewProps['onQuoteNote'];
  onNoteKind: ReaderViewProps['onQuoteNoteKind'];
  onDelete: ReaderViewProps['onDeleteQuote'];
  onEdit: ReaderViewProps['onEditQuote'];
}

/**
 * One quote of the reader view: its text (editable within the article: a shorter or longer
 * excerpt of the same page), its sentence, its note, and its own "Add to board…" and delete.
 * The edit is saved when the field is left; a text not in the article is refused with a message
 * and stays in the field.
 */
function QuoteItem({ quote, filing, onNote, onNoteKind, onDelete, onEdit }: QuoteItemProps) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<QuoteEditError>();
  const text = useDraftField({
    id: `quote-text:${quote.id}`,
    stored: quote.text,
    save: async (edited) => {
      const outcome = await onEdit(quote.id, edited);
      if ('error' in outcome) {
        setError(outcome.error);
        return { refused: true };
      }
      setError(undefined);
      setEditing(false);
      return { replaced: outcome.replaced };
    },
    normalize: (value) => value.trim(),
  });
  const short = [...quote.text].slice(0, 40).join('');
  return (
    <figure class="quote" data-quote-id={quote.id}>
      {editing ? (
        <>
          <textarea
            class="quote-text-edit"
            rows={4}
            maxLength={LIMITS.quoteLength}
            aria-label={t('quoteEditLabel')}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? `quote-edit-error-${quote.id}` : undefined}
            value={text.value}
            ref={(el) => {
              if (el && !el.dataset.focused) {
                el.dataset.focused = '1';
                el.focus();
              }
            }}
            onInput={(e) => {
              text.onInput(e);
              setError(undefined);
            }}
            onBlur={(e) => {
              text.onBlur(e);
              // Left unchanged: nothing to save, the quote shows again.
              if (e.currentTarget.value.trim() === quote.text) setEditing(false);
            }}
          />
          {error && (
            <p class="quote-edit-error" id={`quote-edit-error-${quote.id}`} role="alert">
              {t(`quoteEdit_${error}`)}
            </p>
          )}
          <DraftNotice field={text} />
        </>
      ) : (
        <blockquote>{quote.text}</blockquote>
      )}
      {quote.context && quote.context !== quote.text && (
        <figcaption class="muted">{quote.context}</figcaption>
      )}
      <QuoteNote quote={quote} onSave={onNote} onKind={onNoteKind} />
      <p class="quote-actions">
        {!editing && (
          <button
            type="button"
            class="plain-button quote-edit"
            aria-label={`${t('quoteEdit')}: ${short}`}
            onClick={() => setEditing(true)}
          >
            {t('quoteEdit')}
          </button>
        )}
        <AddToBoardButton
          target={{ clipId: quote.clipId, quoteId: quote.id }}
          title={short}
          filing={filing}
        />
        <button
          type="button"
          class="plain-button quote-delete"
          aria-label={`${t('quoteDelete')}: ${short}`}
          onClick={() => onDelete(quote.id)}
        >
          <TrashIcon /> {t('quoteDelete')}
        </button>
      </p>
    </figure>
  );
}

/** A note under a quote, kept while typed whatever other panels save. */
function QuoteNote({
  quote,
  onSave,
  onKind,
}: {
  quote: Quote;
  onSave: ReaderViewProps['onQuoteNote'];
  onKind: ReaderViewProps['onQuoteNoteKind'];
}) {
  const field = useDraftField({
    id: `quote-note:${quote.id}`,
    stored: quote.note,
    save: (text) => onSave(quote.id, text),
  });
  return (
    <NoteField
      class="quote-note"
      rows={1}
      label={t('quoteNoteLabel')}
      field={field}
      kind={quote.noteKind}
      onKind={(kind) => onKind(quote.id, kind)}
      docId={`quote:${quote.id}`}
    />
  );
}

/** A note's text with its kind (article text or memo) beside it, and the draft's notice under it. */
function NoteField({
  class: className,
  rows,
  label,
  field,
  kind,
  onKind,
  docId,
}: {
  class: string;
  rows: number;
  label: string;
  field: DraftField;
  kind: NoteKind;
  onKind: (kind: NoteKind) => void;
  /** The sync document the note belongs to: another device's version of it is offered here. */
  docId: string;
}) {
  return (
    <>
      <span class="note-field">
        <textarea
          class={className}
          rows={rows}
          maxLength={LIMITS.noteLength}
          aria-label={label}
          placeholder={label}
          value={field.value}
          onInput={field.onInput}
          onBlur={field.onBlur}
        />
        <NoteKindToggle kind={kind} onChange={onKind} />
      </span>
      <DraftNotice field={field} />
      <OtherVersionChoice docId={docId} field="note" mine={field.value} onSave={field.commit} />
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
  onNoteKind,
  onAddTags,
  onRemoveTag,
  onQuoteNote,
  onQuoteNoteKind,
  onDeleteQuote,
  onEditQuote,
  filing,
}: ReaderViewProps) {
  const note = useDraftField({ id: `clip-note:${clip.id}`, stored: clip.note, save: onNote });
  // '' for what is not a date (a page writes what it likes; a backup can hold any number): left out.
  const published = formatDate(clip.publishedTime);
  const modified = formatDate(clip.modifiedTime ?? '');
  const clipped = formatDate(clip.clippedAt);
  // A sentence marked in the article (文脈を見る) is brought into view once the article is shown.
  const bodyRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    bodyRef.current?.querySelector('mark.context-highlight')?.scrollIntoView({ block: 'center' });
  }, [html]);
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
          {clip.kind === 'article' && <span class="clip-length">{clipLength(clip)}</span>}
          {clip.kind === 'article' && <span>{t('clipMinutes', clip.readingMinutes)}</span>}
        </p>
        <p>
          <a class="source-link" href={clip.url} target="_blank" rel="noopener noreferrer">
            {t('openSource')} ↗
          </a>
        </p>
        <div class="card-actions">
          <AddToBoardButton target={{ clipId: clip.id }} title={clip.title} filing={filing} />
        </div>
        {hiddenImages > 0 && (
          <p class="images-hidden">
            <span>{t('imagesHidden')}</span>{' '}
            <button type="button" class="show-images" onClick={onShowImages}>
              {t('showImages')}
            </button>
          </p>
        )}
        <section class="clip-notes">
          <NoteField
            class="clip-note"
            rows={2}
            label={t('clipNoteLabel')}
            field={note}
            kind={clip.noteKind}
            onKind={onNoteKind}
            docId={`clip:${clip.id}`}
          />
          <TagEditor key={clip.id} tags={clip.tags} onAdd={onAddTags} onRemove={onRemoveTag} />
        </section>
      </header>
      {quotes.length > 0 && (
        <section class="quotes" aria-labelledby="quotes-title">
          <h2 id="quotes-title">{t('quotesTitle', quotes.length)}</h2>
          {quotes.map((quote) => (
            <QuoteItem
              key={quote.id}
              quote={quote}
              filing={filing}
              onNote={onQuoteNote}
              onNoteKind={onQuoteNoteKind}
              onDelete={onDeleteQuote}
              onEdit={onEditQuote}
            />
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
        <div class="reader-body" ref={bodyRef} dangerouslySetInnerHTML={{ __html: html }} />
      )}
    </article>
  );
}
