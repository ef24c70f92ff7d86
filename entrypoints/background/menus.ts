import type { Browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import { clipTab, openPanel } from './clip';

export const MENU_CLIP_PAGE = 'kurabe-clip-page';
export const MENU_CLIP_SELECTION = 'kurabe-clip-selection';

/** Creates Kurabe's context menu entries (once per install or update: Chrome keeps them). */
export async function createMenus(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({
    id: MENU_CLIP_PAGE,
    title: t('menuClipPage'),
    contexts: ['page'],
  });
  browser.contextMenus.create({
    id: MENU_CLIP_SELECTION,
    title: t('menuClipSelection'),
    contexts: ['selection'],
  });
}

/** A context menu click clips the page (with the selection as a quote) as the toolbar does. */
export function handleMenuClick(
  info: Browser.contextMenus.OnClickData,
  tab: Browser.tabs.Tab | undefined,
): Promise<void> {
  if (!tab || tab.id === undefined) return Promise.resolve();
  if (info.menuItemId !== MENU_CLIP_PAGE && info.menuItemId !== MENU_CLIP_SELECTION) return Promise.resolve();
  openPanel(tab.id); // still inside the click's user gesture
  return clipTab(tab, {
    selectionText: info.menuItemId === MENU_CLIP_SELECTION ? info.selectionText : undefined,
  });
}
