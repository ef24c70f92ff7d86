import type { Board } from './db';
import { t } from './i18n';

/**
 * Kurabe's context menu, built in one place: the background creates it at install and when it
 * starts; the side panel rebuilds the "Add to board" part when boards change (a sleeping service
 * worker would not hear about it).
 */
export const MENU_CLIP_PAGE = 'kurabe-clip-page';
export const MENU_CLIP_SELECTION = 'kurabe-clip-selection';
export const MENU_ADD_TO_BOARD = 'kurabe-add-to-board';
const BOARD_ITEM = 'kurabe-board:';
/** How many recently used boards the menu offers. */
export const RECENT_BOARDS = 5;

/** The board a menu item files to, or undefined for other items. */
export function boardOfMenuItem(id: string | number): string | undefined {
  return typeof id === 'string' && id.startsWith(BOARD_ITEM) ? id.slice(BOARD_ITEM.length) : undefined;
}

/** The boards the menu offers: not archived, most recently used (changed or filed on) first. */
export function recentBoards(boards: Board[]): Board[] {
  return boards
    .filter((b) => b.deletedAt === undefined && b.archivedAt === undefined)
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .slice(0, RECENT_BOARDS);
}

/** Creates every entry anew: clip page, clip selection, and "Add to board ▸" with recent boards. */
export async function buildContextMenu(boards: Board[]): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({ id: MENU_CLIP_PAGE, title: t('menuClipPage'), contexts: ['page'] });
  browser.contextMenus.create({
    id: MENU_CLIP_SELECTION,
    title: t('menuClipSelection'),
    contexts: ['selection'],
  });
  const recent = recentBoards(boards);
  if (recent.length === 0) return;
  browser.contextMenus.create({
    id: MENU_ADD_TO_BOARD,
    title: t('menuAddToBoard'),
    contexts: ['page', 'selection'],
  });
  for (const board of recent) {
    browser.contextMenus.create({
      id: `${BOARD_ITEM}${board.id}`,
      parentId: MENU_ADD_TO_BOARD,
      // An ampersand would be read as an access key marker.
      title: board.title.replace(/&/g, '&&'),
      contexts: ['page', 'selection'],
    });
  }
}
