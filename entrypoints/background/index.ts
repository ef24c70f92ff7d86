import { clearStaleStaging } from '@/utils/backup/staging';
import { getDB } from '@/utils/db';
import { handleActionClick, reportInterruptedClips } from './clip';
import { handleCommand } from './commands';
import { createMenus, handleMenuClick } from './menus';
import { startBackgroundSync } from './sync';

export default defineBackground(() => {
  // Chrome MV3 has `action`, Firefox MV2 `browserAction`.
  const action =
    browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
  action.onClicked.addListener((tab) => {
    void handleActionClick(tab);
  });
  browser.commands.onCommand.addListener((command, tab) => {
    void handleCommand(command, tab);
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    void handleMenuClick(info, tab);
  });
  browser.runtime.onInstalled.addListener(() => {
    void createMenus();
  });
  // Sync, once set up: this worker pushes changes made while no panel is open (after a change,
  // and on the alarm the panel's set-up makes); open panels sync both ways (entrypoints/background/sync.ts).
  startBackgroundSync();
  // A worker the browser stopped mid-clip left its clip marked as under way: say it failed.
  void reportInterruptedClips().catch(() => {});
  // A restore the browser stopped (killed, closed panel) left its staged bodies: tens of MB.
  void getDB()
    .then(clearStaleStaging)
    .catch(() => {});
});
