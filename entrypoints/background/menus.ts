import type { Browser } from 'wxt/browser';
import { boardOfMenuItem, buildContextMenu, MENU_CLIP_PAGE, MENU_CLIP_SELECTION } from '@/utils/context-menu';
import { getDB, listBoards } from '@/utils/db';
import { clipTab, openPanel } from './clip';

/** Builds the context menu with the boards as they are now. */
export async function createMenus(): Promise<void> {
  let boards: Awaited<ReturnType<typeof listBoards>> = [];
  try {
    boards = await listBoards(await getDB());
  } catch {
    // Without the database the menu still clips; the boards come with the next rebuild.
  }
  await buildContextMenu(boards);
}

/**
 * A context menu click clips the page as the toolbar does: with the selection as a quote from
 * "Clip selection", and filed on the chosen board from "Add to board ▸".
 */
export function handleMenuClick(
  info: Browser.contextMenus.OnClickData,
  tab: Browser.tabs.Tab | undefined,
): Promise<void> {
  if (!tab || tab.id === undefined) return Promise.resolve();
  const boardId = boardOfMenuItem(info.menuItemId);
  if (info.menuItemId !== MENU_CLIP_PAGE && info.menuItemId !== MENU_CLIP_SELECTION && !boardId)
    return Promise.resolve();
  openPanel(tab.id); // still inside the click's user gesture
  const withSelection =
    info.menuItemId === MENU_CLIP_SELECTION || (boardId !== undefined && !!info.selectionText);
  return clipTab(tab, { selectionText: withSelection ? info.selectionText : undefined, boardId });
}
