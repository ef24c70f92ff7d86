import { render } from 'preact';
import { clearStaleStaging } from '@/utils/backup/staging';
import { type Clip, getDB } from '@/utils/db';
import { uiLanguage } from '@/utils/i18n';
import { App } from './App';
import { startSync } from './use-sync';

/**
 * Starts the panel once its script is loaded (main.tsx loads it beside the first cards' read): the
 * first render waits for the newest clips, so the Inbox paints once, with its first cards, instead
 * of empty and then again a frame later.
 */
export async function startPanel(firstPageRead: Promise<Clip[] | undefined>): Promise<void> {
  document.documentElement.lang = uiLanguage();
  document.title = browser.i18n.getMessage('appTitle') || 'Kurabe';
  const firstPage = await firstPageRead;
  render(<App firstPage={firstPage} />, document.getElementById('app')!);
  // Sync (once set up) runs when the panel opens, whichever tab shows.
  startSync();
  // What a restore left staged when its panel closed mid-way (unless another panel is restoring).
  void getDB()
    .then(clearStaleStaging)
    .catch(() => {});
}
