import type { Browser } from 'wxt/browser';
import { clipTab, openPanel } from './clip';

/** Name of the keyboard command in the manifest; its key is changed on the browser's shortcut page. */
export const CLIP_COMMAND = 'clip-page';

/** The keyboard shortcut clips the active tab exactly as the toolbar button does. */
export async function handleCommand(command: string, tab: Browser.tabs.Tab | undefined): Promise<void> {
  if (command !== CLIP_COMMAND) return;
  if (tab?.id !== undefined) {
    openPanel(tab.id); // a command is a user gesture: the panel may open now, before any await
    return clipTab(tab);
  }
  // Older Firefox passes no tab: ask for the active one (the panel then stays as it is).
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  if (active) return clipTab(active);
}
