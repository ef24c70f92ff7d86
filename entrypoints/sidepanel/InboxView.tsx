import { useEffect, useMemo, useState } from 'preact/hooks';
import { ClipList } from '@/components/ClipList';
import { FilterBox } from '@/components/FilterBox';
import { ShortcutHint } from '@/components/ShortcutHint';
import { TagFilter } from '@/components/TagFilter';
import { TrashIcon } from '@/components/TrashIcon';
import { TrashView } from '@/components/TrashView';
import { filterClips } from '@/utils/clip-filter';
import { emptyTrash, getDB, restoreClip, updateBoard } from '@/utils/db';
import { formatNumber, t } from '@/utils/i18n';
import { tagCounts } from '@/utils/tags';
import { useKept } from './kept-state';
import { LazyReaderPane } from './lazy-views';
import { useLibrary } from './library-store';
import { useAskTrash } from './trash-confirm';
import { useLeads } from './use-leads';

/** Cards rendered at a time in the Inbox; more on request. */
const INBOX_PAGE = 100;

/** The key of Kurabe's clip command, as the browser has it now ('' when none is set). */
async function readShortcut(): Promise<string> {
  try {
    const commands = await browser.commands.getAll();
    return commands.find((c) => c.name === 'clip-page')?.shortcut ?? '';
  } catch {
    return '';
  }
}

/**
 * Opens the browser's shortcut page: Chrome's in a tab; Firefox (137+) opens about:addons →
 * Manage Extension Shortcuts itself with `commands.openShortcutSettings` (an extension may not
 * open about:addons in a tab). Undefined where neither is possible: the panel then says where.
 */
const openShortcutSettings = (
  browser.commands as unknown as { openShortcutSettings?: () => Promise<void> } | undefined
)?.openShortcutSettings;
const changeShortcut = import.meta.env.FIREFOX
  ? openShortcutSettings && (() => void openShortcutSettings().catch(() => {}))
  : () => void browser.tabs.create({ url: 'chrome://extensions/shortcuts' });

interface InboxViewProps {
  /** The clip just kept, shown highlighted (新着). */
  highlightId?: string;
}

/**
 * The Inbox (filter box, tag row, cards), the reader of a clip opened from it, and the Trash. The
 * filter, the chosen tag and how many cards are shown are kept while other tabs show; the reader
 * and the Trash view close when the tab is chosen (the App gives the view a new key).
 */
export function InboxView(props: InboxViewProps) {
  const library = useLibrary();
  const { clips, trash, toasts, reload, notifyOthers, reloadBoards } = library;
  const [view, setView] = useState<'inbox' | 'trash'>('inbox');
  const [openId, setOpenId] = useState<string>();
  const [shortcut, setShortcut] = useKept('shortcut', '');
  const askTrash = useAskTrash(() => setOpenId(undefined));
  const [query, setQuery] = useKept('inboxQuery', '');
  const [tagFilter, setTagFilter] = useKept<string | undefined>('inboxTag', undefined);
  const [shown, setShown] = useKept('inboxShown', INBOX_PAGE);
  const [confirmingEmpty, setConfirmingEmpty] = useState(false);

  // The leads (the start of each text) are read when the filter is first used, not on opening.
  const leads = useLeads(clips, query.trim() !== '');
  const visible = useMemo(
    () => filterClips(clips, query, tagFilter, leads),
    [clips, query, tagFilter, leads],
  );
  const tags = useMemo(() => tagCounts(clips.map((c) => c.tags)), [clips]);
  useEffect(() => {
    void readShortcut().then(setShortcut);
  }, [setShortcut]);

  const restore = async (id: string) => {
    const clip = await restoreClip(await getDB(), id);
    await reload();
    notifyOthers();
    toasts.show({ message: t('restored', clip.title) });
  };

  const empty = async () => {
    await emptyTrash(await getDB());
    setConfirmingEmpty(false);
    await Promise.all([reload(), reloadBoards()]);
    notifyOthers();
    toasts.show({ message: t('trashEmptied') });
  };

  const open = openId ? clips.find((c) => c.id === openId) : undefined;
  if (open) return <LazyReaderPane.View clip={open} onBack={() => setOpenId(undefined)} />;
  if (view === 'trash') {
    return (
      <TrashView
        clips={trash}
        boards={library.trashedBoards}
        onRestoreBoard={(id) =>
          void getDB()
            .then((db) =>
              updateBoard(db, id, (b) => {
                const next = { ...b };
                delete next.deletedAt;
                return next;
              }),
            )
            .then(() => Promise.all([reload(), reloadBoards()]))
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
    <>
      {askTrash.dialog}
      <section class="inbox" aria-labelledby="inbox-title">
        <header class="inbox-header">
          <h1 id="inbox-title">{t('inboxTitle')}</h1>
          <span class="muted">{t('clipCount', formatNumber(clips.length))}</span>
        </header>
        <FilterBox value={query} onInput={setQuery} onSubmit={() => visible[0] && setOpenId(visible[0].id)} />
        <TagFilter tags={tags} selected={tagFilter} onSelect={setTagFilter} />
        {library.loaded && clips.length === 0 && <p class="empty">{t('inboxEmpty')}</p>}
        {clips.length > 0 && visible.length === 0 && <p class="empty">{t('noMatches', query)}</p>}
        <ClipList
          clips={visible.slice(0, shown)}
          highlightId={props.highlightId}
          onOpen={setOpenId}
          onTrash={askTrash.ask}
          suggestions={library.suggestions}
          filing={library.filing}
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
          <ShortcutHint
            shortcut={shortcut}
            onChange={changeShortcut}
            where={import.meta.env.FIREFOX ? t('shortcutHowFirefox') : undefined}
          />
        </footer>
      </section>
    </>
  );
}
