import { onKurabeEvent } from '@/utils/messages';
import { browserSyncDeps, SYNC_SOURCE } from '@/utils/sync/browser-deps';
import { announceSyncDue, runSync, SYNC_ALARM, SYNC_DEBOUNCE_MS } from '@/utils/sync/runner';

/**
 * Sync with no panel open (docs/sync.md, "Where it runs"): the background pushes this device's
 * changes — a clip made from the toolbar, the shortcut or the menu while every panel is closed —
 * a few seconds after the change and on the alarm. It only pushes: taking changes in sanitizes
 * arriving articles, which needs a DOM that Chrome's worker lacks; a panel does that when it
 * opens (and the alarm tells open panels to). The runner's Web Lock keeps a panel's sync and
 * this push from running at once.
 */
export function pushNow(): Promise<unknown> {
  return browserSyncDeps(() => {
    throw new Error('a push takes nothing in');
  }).then((deps) => runSync(deps, { pushOnly: true }));
}

let debounce: ReturnType<typeof setTimeout> | undefined;

export function startBackgroundSync(): void {
  // Every change any page or this worker makes (clip events included), but a sync's own writes.
  onKurabeEvent((event) => {
    if (event.type === 'clip-started' || event.type === 'clip-failed') return;
    if (event.type === 'library-changed' && event.from === SYNC_SOURCE) return;
    clearTimeout(debounce);
    // Chrome stops an idle worker after about 30 s: 5 s is well within it, and the alarm
    // catches a push the stop took.
    debounce = setTimeout(() => void pushNow().catch(() => {}), SYNC_DEBOUNCE_MS);
  }, new AbortController().signal);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== SYNC_ALARM) return;
    announceSyncDue();
    void pushNow().catch(() => {});
  });
}
