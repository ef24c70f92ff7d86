import { clearStaleStaging } from '@/utils/backup/staging';
import { getDB } from '@/utils/db';
import { announceSyncDue, SYNC_ALARM } from '@/utils/sync/runner';
import { handleActionClick, reportInterruptedClips } from './clip';
import { handleCommand } from './commands';
import { createMenus, handleMenuClick } from './menus';

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
  // Sync, once set up, runs now and then (the alarm is made by the panel's set-up). The sync
  // sanitizes arriving articles with a DOM, which a worker lacks: an open panel runs it.
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) announceSyncDue();
  });
  // A worker the browser stopped mid-clip left its clip marked as under way: say it failed.
  void reportInterruptedClips().catch(() => {});
  // A restore the browser stopped (killed, closed panel) left its staged bodies: tens of MB.
  void getDB()
    .then(clearStaleStaging)
    .catch(() => {});
});
