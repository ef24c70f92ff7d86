import { useEffect, useMemo, useState } from 'preact/hooks';
import { ReaderView } from '@/components/ReaderView';
import type { DraftSaved } from '@/components/use-draft-field';
import {
  type Clip,
  type ClipBody,
  changeClipNotes,
  getBody,
  getDB,
  listQuotes,
  type Quote,
  updateNote,
} from '@/utils/db';
import { t } from '@/utils/i18n';
import { LIMITS } from '@/utils/limits';
import { readerHtml } from '@/utils/reader-html';
import { addTags } from '@/utils/tags';
import { useKept } from './kept-state';

interface ReaderPaneProps {
  clip: Clip;
  onBack: () => void;
  onTrash: () => void;
  /** Reloads the library after a note or tags changed here. */
  reload: () => Promise<void>;
  notifyOthers: () => void;
}

/**
 * The open clip: its article (read from its own store when opened), its quotes, and the note,
 * tags and quote notes, each written as one field of the record as stored.
 */
export function ReaderPane({ clip, onBack, onTrash, reload, notifyOthers }: ReaderPaneProps) {
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
    });
  }, [clip, body, imagesShownFor]);

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

  const saveQuoteNote = async (quoteId: string, note: string): Promise<DraftSaved> => {
    const db = await getDB();
    const replaced = await updateNote(db, 'quotes', quoteId, note);
    setQuotes(await listQuotes(db, clipId));
    notifyOthers();
    return { replaced };
  };

  return (
    <ReaderView
      clip={clip}
      html={reader.html}
      hiddenImages={reader.hiddenImages}
      quotes={quotes}
      onShowImages={() => setImagesShownFor(new Set([...imagesShownFor, clip.id]))}
      onBack={onBack}
      onTrash={onTrash}
      onNote={saveNote}
      onAddTags={addClipTags}
      onRemoveTag={removeTag}
      onQuoteNote={saveQuoteNote}
    />
  );
}
