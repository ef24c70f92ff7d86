import { useMemo, useState } from 'preact/hooks';
import { ClipList } from '@/components/ClipList';
import { FilterBox } from '@/components/FilterBox';
import { ShortcutHint } from '@/components/ShortcutHint';
import { TagFilter } from '@/components/TagFilter';
import { TrashIcon } from '@/components/TrashIcon';
import { TrashView } from '@/components/TrashView';
import { filterClips } from '@/utils/clip-filter';
import { type Board, type Clip, emptyTrash, getDB, restoreClip, updateBoard } from '@/utils/db';
import { formatNumber, t } from '@/utils/i18n';
import { tagCounts } from '@/utils/tags';
import { useKept } from './kept-state';

/** Cards rendered at a time in the Inbox; more on request. */
const INBOX_PAGE = 100;

export interface Toasts {
  show: (toast: { message: string; undo?: () => void }) => void;
  hide: () => void;
}

interface InboxTabProps {
  clips: Clip[];
  trash: Clip[];
  trashedBoards: Board[];
  loaded: boolean;
  highlightId?: string;
  suggestions?: Map<string, { label: string; onAccept: () => void }>;
  shortcut: string;
  onChangeShortcut?: () => void;
  onOpen: (id: string) => void;
  onTrash: (id: string) => void;
  reload: () => Promise<void>;
  reloadBoards: () => Promise<unknown>;
  notifyOthers: () => void;
  toasts: Toasts;
}

/**
 * The Inbox (filter box, tag row, cards) and the Trash. The filter, the chosen tag and how many
 * cards are shown are kept while other tabs show; the Trash view closes when the tab is chosen.
 */
export function InboxTab(props: InboxTabProps) {
  const { clips, trash, toasts, reload, notifyOthers } = props;
  const [view, setView] = useState<'inbox' | 'trash'>('inbox');
  const [query, setQuery] = useKept('inboxQuery', '');
  const [tagFilter, setTagFilter] = useKept<string | undefined>('inboxTag', undefined);
  const [shown, setShown] = useKept('inboxShown', INBOX_PAGE);
  const [confirmingEmpty, setConfirmingEmpty] = useState(false);

  const visible = useMemo(() => filterClips(clips, query, tagFilter), [clips, query, tagFilter]);
  const tags = useMemo(() => tagCounts(clips.map((c) => c.tags)), [clips]);

  const restore = async (id: string) => {
    const clip = await restoreClip(await getDB(), id);
    await reload();
    notifyOthers();
    toasts.show({ message: t('restored', clip.title) });
  };

  const empty = async () => {
    await emptyTrash(await getDB());
    setConfirmingEmpty(false);
    await Promise.all([reload(), props.reloadBoards()]);
    notifyOthers();
    toasts.show({ message: t('trashEmptied') });
  };

  if (view === 'trash') {
    return (
      <TrashView
        clips={trash}
        boards={props.trashedBoards}
        onRestoreBoard={(id) =>
          void getDB()
            .then((db) =>
              updateBoard(db, id, (b) => {
                const next = { ...b };
                delete next.deletedAt;
                return next;
              }),
            )
            .then(() => Promise.all([reload(), props.reloadBoards()]))
        }
        confirmingEmpty={confirmingEmpty}
        onRestore={(id) => void restore(id)}
        onAskEmpty={() => setConfirmingEmpty(true)}
        onConfirmEmpty={() => void empty()}
        onCancelEmpty={() => setConfirmingEmpty(false)}
        onBack={() => setView('inbox')}
      />
    );
  }
  return (
    <section class="inbox" aria-labelledby="inbox-title">
      <header class="inbox-header">
        <h1 id="inbox-title">{t('inboxTitle')}</h1>
        <span class="muted">{t('clipCount', formatNumber(clips.length))}</span>
      </header>
      <FilterBox
        value={query}
        onInput={setQuery}
        onSubmit={() => visible[0] && props.onOpen(visible[0].id)}
      />
      <TagFilter tags={tags} selected={tagFilter} onSelect={setTagFilter} />
      {props.loaded && clips.length === 0 && <p class="empty">{t('inboxEmpty')}</p>}
      {clips.length > 0 && visible.length === 0 && <p class="empty">{t('noMatches', query)}</p>}
      <ClipList
        clips={visible.slice(0, shown)}
        highlightId={props.highlightId}
        onOpen={props.onOpen}
        onTrash={props.onTrash}
        suggestions={props.suggestions}
      />
      {visible.length > shown && (
        <button type="button" class="plain-button show-more" onClick={() => setShown(shown + INBOX_PAGE)}>
          {t('showMore', formatNumber(visible.length - shown))}
        </button>
      )}
      <footer class="panel-footer">
        <button type="button" class="link-button open-trash" onClick={() => setView('trash')}>
          <TrashIcon /> {t('trashLink', formatNumber(trash.length))}
        </button>
        <ShortcutHint shortcut={props.shortcut} onChange={props.onChangeShortcut} />
      </footer>
    </section>
  );
}
