import { render } from 'preact';
import { clearStaleStaging } from '@/utils/backup/staging';
import { getDB } from '@/utils/db';
import { uiLanguage } from '@/utils/i18n';
import { App } from './App';
import { readFirstPage } from './first-page';
import { startSync } from './use-sync';
import './style.css';

document.documentElement.lang = uiLanguage();
document.title = browser.i18n.getMessage('appTitle') || 'Kurabe';
// The first render waits for the newest clips (the database opens while the script ends): the
// Inbox paints once, with its first cards, instead of empty and then again a frame later.
void readFirstPage().then((firstPage) => {
  render(<App firstPage={firstPage} />, document.getElementById('app')!);
  // Sync (once set up) runs when the panel opens, whichever tab shows.
  startSync();
  // What a restore left staged when its panel closed mid-way (unless another panel is restoring).
  void getDB()
    .then(clearStaleStaging)
    .catch(() => {});
});
