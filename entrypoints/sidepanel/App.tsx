import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ClipList } from '@/components/ClipList';
import { FilterBox } from '@/components/FilterBox';
import { ReaderView } from '@/components/ReaderView';
import { type ClipStatus, StatusBanner } from '@/components/StatusBanner';
import { filterClips } from '@/utils/clip-filter';
import { type Clip, getDB, getSetting, listInbox } from '@/utils/db';
import { formatDate, formatNumber, t } from '@/utils/i18n';
import { type KurabeEvent, LAST_EVENT_KEY, onKurabeEvent } from '@/utils/messages';
import { readerHtml } from '@/utils/reader-html';

/** A clip event older than this is history, not news, when the panel opens. */
const FRESH_EVENT_MS = 20_000;

function statusOf(event: KurabeEvent): ClipStatus {
  switch (event.type) {
    case 'clip-started':
      return { kind: 'working', title: event.title };
    case 'clip-failed':
      return { kind: 'failed', reason: event.reason };
    case 'clip-saved': {
      const firstClippedOn = event.firstClippedAt ? formatDate(event.firstClippedAt) : '';
      if (event.restored) return { kind: 'restored', firstClippedOn };
      if (event.updated) return { kind: 'updated', firstClippedOn };
      return event.kind === 'bookmark' ? { kind: 'bookmark' } : { kind: 'saved' };
    }
  }
}

export function App() {
  const [clips, setClips] = useState<Clip[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [query, setQuery] = useState('');
  const [openId, setOpenId] = useState<string>();
  const [imagesShownFor, setImagesShownFor] = useState<ReadonlySet<string>>(new Set());
  const [status, setStatus] = useState<ClipStatus>();
  const [highlightId, setHighlightId] = useState<string>();

  const reload = useCallback(async () => {
    setClips(await listInbox(await getDB()));
    setLoaded(true);
  }, []);

  const apply = useCallback(
    (event: KurabeEvent) => {
      setStatus(statusOf(event));
      if (event.type === 'clip-saved') {
        setHighlightId(event.clipId);
        setOpenId(undefined);
        void reload();
      }
    },
    [reload],
  );

  useEffect(() => {
    const stop = new AbortController();
    onKurabeEvent(apply, stop.signal);
    void (async () => {
      await reload();
      // The panel opens on the same click that starts a clip: the result may have been
      // broadcast before this page listened, so the last event is read back from storage.
      const last = await getSetting<KurabeEvent>(await getDB(), LAST_EVENT_KEY);
      if (last && last.type !== 'clip-started' && Date.now() - last.at < FRESH_EVENT_MS) apply(last);
    })();
    return () => stop.abort();
  }, [apply, reload]);

  const visible = useMemo(() => filterClips(clips, query), [clips, query]);
  const open = openId ? clips.find((c) => c.id === openId) : undefined;
  const reader = useMemo(() => {
    if (open?.kind !== 'article') return { html: '', hiddenImages: 0 };
    return readerHtml(open.html, open.url, {
      showImages: imagesShownFor.has(open.id),
      placeholder: (alt) => (alt ? t('imagePlaceholder', alt) : t('imageNoAlt')),
    });
  }, [open, imagesShownFor]);

  return (
    <main class="app" data-ready={loaded ? 'true' : undefined}>
      {status && <StatusBanner status={status} onDismiss={() => setStatus(undefined)} />}
      {open ? (
        <ReaderView
          clip={open}
          html={reader.html}
          hiddenImages={reader.hiddenImages}
          onShowImages={() => setImagesShownFor(new Set([...imagesShownFor, open.id]))}
          onBack={() => setOpenId(undefined)}
        />
      ) : (
        <section class="inbox" aria-labelledby="inbox-title">
          <header class="inbox-header">
            <h1 id="inbox-title">{t('inboxTitle')}</h1>
            <span class="muted">{t('clipCount', formatNumber(clips.length))}</span>
          </header>
          <FilterBox
            value={query}
            onInput={setQuery}
            onSubmit={() => visible[0] && setOpenId(visible[0].id)}
          />
          {loaded && clips.length === 0 && <p class="empty">{t('inboxEmpty')}</p>}
          {clips.length > 0 && visible.length === 0 && <p class="empty">{t('noMatches', query)}</p>}
          <ClipList clips={visible} highlightId={highlightId} onOpen={setOpenId} />
        </section>
      )}
    </main>
  );
}
