import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

/** Listeners the background registered for keyboard commands and context menu clicks. */
export const commandListeners: unknown[] = [];
export const menuListeners: unknown[] = [];
/** The context menu entries created, in order. */
export const menuCreate = vi.fn();

/**
 * fakeBrowser does not implement `commands` or `contextMenus`: these spies record what the
 * background registers so the handlers can be tested as functions (as WXT's docs advise).
 */
export function stubMenusAndCommands(): void {
  commandListeners.length = 0;
  menuListeners.length = 0;
  menuCreate.mockReset();
  vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation((fn) => {
    commandListeners.push(fn);
  });
  const commands = [{ name: 'clip-page', shortcut: 'Alt+Shift+K' }];
  vi.spyOn(fakeBrowser.commands, 'getAll').mockImplementation((async () => commands) as never);
  vi.spyOn(fakeBrowser.contextMenus.onClicked, 'addListener').mockImplementation((fn) => {
    menuListeners.push(fn);
  });
  vi.spyOn(fakeBrowser.contextMenus, 'create').mockImplementation(menuCreate);
  vi.spyOn(fakeBrowser.contextMenus, 'removeAll').mockResolvedValue(undefined);
}
