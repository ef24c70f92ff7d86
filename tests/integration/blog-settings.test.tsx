import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BLOG_CONFIGS_KEY } from '@/entrypoints/sidepanel/use-blogs';
import { getDB, saveBoard } from '@/utils/db';
import { useSidePanel } from '../helpers/panel';

const panel = useSidePanel();

const HATENA = {
  config: {
    kind: 'hatena',
    hatenaId: 'kurabe-writer',
    endpoint: 'https://blog.hatena.ne.jp/kurabe-writer/kurabe-writer.hatenablog.com/atom',
    apiKey: 'k3y-secret-value',
  },
  title: '比べて書くブログ',
};

const board = {
  id: 'b1',
  title: 'CRM比較',
  subjects: [
    { id: 's1', name: 'kintone' },
    { id: 's2', name: 'Salesforce' },
  ],
  aspects: [{ id: 'a1', name: '料金' }],
  cellNotes: {},
  cellSources: {},
  order: 'a0',
  updatedAt: 1,
};

describe('blog drafts in the panel', () => {
  it('lists a saved blog in the Data tab without ever showing its key', async () => {
    await fakeBrowser.storage.local.set({ [BLOG_CONFIGS_KEY]: [HATENA] });
    await panel.mount();
    const root = panel.root();
    root.querySelector<HTMLButtonElement>('.tab-data')!.click();
    await vi.waitFor(() => expect(root.querySelector('.blog-item')).not.toBeNull());
    expect(root.querySelector('.blog-settings h2')!.textContent).toBe('ブログへの下書き');
    expect(root.querySelector('.blog-item')!.textContent).toContain('比べて書くブログ');
    expect(root.querySelector<HTMLInputElement>('.blog-secret')!.value).toBe('');
    expect(root.innerHTML).not.toContain('k3y-secret-value');
  });

  it('the export panel points to the set-up when no blog is set up, and offers the send when one is', async () => {
    await saveBoard(await getDB(), board);
    await panel.mount();
    const root = panel.root();
    root.querySelector<HTMLButtonElement>('.tab-boards')!.click();
    await vi.waitFor(() => expect(root.querySelector('.board-card .clip-open')).not.toBeNull());
    root.querySelector<HTMLButtonElement>('.board-card .clip-open')!.click();
    await vi.waitFor(() => expect(root.querySelector('.show-export')).not.toBeNull());
    root.querySelector<HTMLButtonElement>('.show-export')!.click();
    await vi.waitFor(() => expect(root.querySelector('.blog-draft-none')).not.toBeNull());
    expect(root.querySelector('.blog-draft-none')!.textContent).toContain('データタブ');
    // The copy buttons are there either way.
    expect(root.querySelector('.copy-markdown')).not.toBeNull();

    await fakeBrowser.storage.local.set({ [BLOG_CONFIGS_KEY]: [HATENA] });
    root.querySelector<HTMLButtonElement>('.tab-data')!.click();
    await vi.waitFor(() => expect(root.querySelector('.blog-item')).not.toBeNull());
    root.querySelector<HTMLButtonElement>('.tab-boards')!.click();
    await vi.waitFor(() => expect(root.querySelector('.show-export, .board-card .clip-open')).not.toBeNull());
    root.querySelector<HTMLButtonElement>('.board-card .clip-open')?.click();
    await vi.waitFor(() => expect(root.querySelector('.show-export')).not.toBeNull());
    root.querySelector<HTMLButtonElement>('.show-export')!.click();
    await vi.waitFor(() => expect(root.querySelector('.blog-draft-send')).not.toBeNull());
    expect(root.querySelector('.blog-draft-send')!.textContent).toBe('下書きとして送る');
    expect(root.querySelector('.blog-draft-target-name')!.textContent).toBe('比べて書くブログ');
    expect(root.innerHTML).not.toContain('k3y-secret-value');
  });
});
