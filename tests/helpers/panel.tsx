import { IDBFactory } from 'fake-indexeddb';
import { render } from 'preact';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '@/entrypoints/sidepanel/App';
import { closeDB } from '@/utils/db';
import { stubMenusAndCommands } from './browser-stubs';
import { useLocale } from './i18n';

/**
 * Sets up each test of the side panel: a fresh fakeBrowser in Japanese, a fresh database, and a
 * container the App renders into (unmounted after the test). Returns the container's accessor.
 */
export function useSidePanel(): { root: () => HTMLElement; mount: () => Promise<void> } {
  let root: HTMLElement;
  beforeEach(async () => {
    fakeBrowser.reset();
    useLocale('ja');
    stubMenusAndCommands();
    await closeDB();
    globalThis.indexedDB = new IDBFactory();
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(async () => {
    render(null, root);
    root.remove();
    await closeDB();
  });
  return {
    root: () => root,
    mount: async () => {
      render(<App />, root);
      await vi.waitFor(() => expect(root.querySelector('[data-ready="true"]')).not.toBeNull());
    },
  };
}
