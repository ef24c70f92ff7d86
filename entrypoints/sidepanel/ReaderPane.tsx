import { useEffect, useMemo, useState } from 'preact/hooks';
import { ReaderView } from '@/components/ReaderView';
import type { DraftSaved } from '@/components/use-draft-field';
import {
  type Clip,
  type ClipBody,
  changeClipNotes,
  changeQuoteText,
  getBody,
  getDB,
  listQuotes,
  type NoteKind,
  type Quote,
  restoreQuote,
  setNoteKind,
  trashQuote,
  updateNote,
} from '@/utils/db';
import { t } from '@/utils/i18n';
import { LIMITS } from '@/utils/limits';
import { checkQuoteEdit, type QuoteEditError } from '@/utils/quote-edit';
import { readerHtml } from '@/utils/reader-html';
import { addTags } from '@/utils/tags';
import { useKept } from './kept-state';
import { useLibrary } from './library-store';
import { useAskTrash } from './trash-confirm';

interface ReaderPaneProps {
  clip: Clip;
  /** Closes the reader (Back, or the clip went to the Trash). */
  onBack: () => void;
  /** A sentence to scroll to and highlight (a cell candidate's 文脈を見る). */
  highlight?: string;
}

/**
 * The open clip: its article (read from its own store when opened), its quotes, and the note,
 * tags and quote notes, each written as one field of the record as stored. The view that opened
 * it shows it in its place (the Inbox, a board, the search results), and Back returns there.
 */
export function ReaderPane({ clip, onBack, highlight }: ReaderPaneProps) {
  const { reload, notifyOthers, toasts, filing } = useLibrary();
  const askTrash = useAskTrash(onBack);
  const [quotes, setQuotes] = useState<Quote[]>([]);
  const [body, setBody] = useState<ClipBody>();
  // Images asked for stay shown for that clip while the panel is open.
  const [imagesShownFor, setImagesShownFor] = useKept<ReadonlySet<string>>('imagesShownFor', new Set());
  const clipId = clip.id;

  useEffect(() => {
    // Read again whenever the library reloads (another panel may have written a quote's note).
    void getDB()
      .then((db) => listQuotes(db, clipId))
      .then(setQuotes);
  }, [clip]);

  useEffect(() => {
    setBody(undefined);
    void getDB()
      .then((db) => getBody(db, clipId))
      .then(setBody);
  }, [clipId]);

  const reader = useMemo(() => {
    if (clip.kind !== 'article' || body?.id !== clip.id) return { html: '', hiddenImages: 0 };
    return readerHtml(body.html, clip.url, {
      showImages: imagesShownFor.has(clip.id),
      placeholder: (alt) => (alt ? t('imagePlaceholder', alt) : t('imageNoAlt')),
      highlight,
    });
  }, [clip, body, imagesShownFor, highlight]);

  const saved = async () => {
    await reload();
    notifyOthers();
  };

  const saveNote = async (note: string): Promise<DraftSaved> => {
    const { before, after } = await changeClipNotes(await getDB(), clipId, (stored) =>
      stored.note === note ? undefined : { note },
    );
    if (after) await saved();
    return { replaced: before.note };
  };

  const addClipTags = async (added: string[]): Promise<boolean> => {
    let tooMany = false;
    const { after } = await changeClipNotes(await getDB(), clipId, (stored) => {
      const tags = addTags(stored.tags, added);
      if (tags.length === stored.tags.length) return undefined;
      tooMany = tags.length > LIMITS.tagsPerClip;
      return tooMany ? undefined : { tags };
    });
    if (after) await saved();
    return !tooMany;
  };

  const removeTag = (tag: string) =>
    void getDB()
      .then((db) => changeClipNotes(db, clipId, (stored) => ({ tags: stored.tags.filter((x) => x !== tag) })))
      .then(saved);

  /** The clip's note or a quote's note becomes article text or a memo (written at once: a click, not typing). */
  const saveNoteKind = async (kind: NoteKind) => {
    await setNoteKind(await getDB(), 'clips', clipId, kind);
    await saved();
  };
  const saveQuoteNoteKind = async (quoteId: string, kind: NoteKind) => {
    const db = await getDB();
    await setNoteKind(db, 'quotes', quoteId, kind);
    setQuotes(await listQuotes(db, clipId));
    notifyOthers();
  };

  const saveQuoteNote = async (quoteId: string, note: string): Promise<DraftSaved> => {
    const db = await getDB();
    const replaced = await updateNote(db, 'quotes', quoteId, note);
    setQuotes(await listQuotes(db, clipId));
    notifyOthers();
    return { replaced };
  };

  /** Deletes a quote, with Undo: its placements leave the boards and exports, and come back. */
  const deleteQuote = async (quoteId: string) => {
    const db = await getDB();
    const quote = await trashQuote(db, quoteId);
    setQuotes(await listQuotes(db, clipId));
    notifyOthers();
    toasts.show({
      message: t('quoteDeleted', [...quote.text].slice(0, 30).join('')),
      undo: async () => {
        await restoreQuote(await getDB(), quoteId);
        toasts.hide();
        setQuotes(await listQuotes(await getDB(), clipId));
        notifyOthers();
      },
    });
  };

  /** Writes a quote's new boundaries if they are still an excerpt of this page. */
  const editQuote = async (
    quoteId: string,
    text: string,
  ): Promise<{ replaced: string } | { error: QuoteEditError }> => {
    const db = await getDB();
    const article = await getBody(db, clipId);
    let refused: QuoteEditError | undefined;
    const { before, after } = await changeQuoteText(db, quoteId, (stored) => {
      // A bookmark has no article: its quote's own sentence and first selection are the page's text.
      const checked = checkQuoteEdit(text, [article.text, stored.context, stored.text]);
      if (!checked.ok) {
        refused = checked.error;
        return undefined;
      }
      return checked.text === stored.text ? undefined : checked.text;
    });
    if (refused) return { error: refused };
    if (after) {
      setQuotes(await listQuotes(db, clipId));
      notifyOthers();
    }
    return { replaced: before.text };
  };

  return (
    <>
      {askTrash.dialog}
      <ReaderView
        clip={clip}
        html={reader.html}
        hiddenImages={reader.hiddenImages}
        quotes={quotes}
        onShowImages={() => setImagesShownFor(new Set([...imagesShownFor, clip.id]))}
        onBack={onBack}
        onTrash={() => askTrash.ask(clip.id)}
        onNote={saveNote}
        onNoteKind={(kind) => void saveNoteKind(kind)}
        onAddTags={addClipTags}
        onRemoveTag={removeTag}
        onQuoteNote={saveQuoteNote}
        onQuoteNoteKind={(id, kind) => void saveQuoteNoteKind(id, kind)}
        onDeleteQuote={(id) => void deleteQuote(id)}
        onEditQuote={editQuote}
        filing={filing}
      />
    </>
  );
}
