import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BLOG_CONFIGS_KEY } from '@/entrypoints/sidepanel/use-blogs';
import { getDB, saveBoard } from '@/utils/db';
import { useSidePanel } from '../helpers/panel';
import { type HatenaDouble, startHatenaDouble } from '../servers/hatena-atompub';

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

describe('blog drafts against the AtomPub test double', () => {
  let hatena: HatenaDouble | undefined;
  afterEach(async () => {
    await hatena?.stop();
    hatena = undefined;
  });

  const type = (input: HTMLInputElement, value: string) => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };

  it('sets a blog up from the Data tab and sends the board from its export panel as a draft', async () => {
    hatena = await startHatenaDouble();
    // fakeBrowser has no permissions API: the person's answer to the prompt is "allow", recorded.
    const request = vi.fn(async () => true);
    vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(request as never);
    await saveBoard(await getDB(), board);
    await panel.mount();
    const root = panel.root();
    const $ = <T extends Element>(s: string) => root.querySelector<T>(s)!;
    $<HTMLButtonElement>('.tab-data').click();
    await vi.waitFor(() => expect(root.querySelector('.blog-settings')).not.toBeNull());
    type($<HTMLInputElement>('.blog-user'), hatena.hatenaId);
    type($<HTMLInputElement>('.blog-address'), hatena.endpoint);
    type($<HTMLInputElement>('.blog-secret'), hatena.apiKey);
    await vi.waitFor(() => expect($<HTMLButtonElement>('.blog-test').disabled).toBe(false));
    $<HTMLButtonElement>('.blog-test').click();
    await vi.waitFor(() =>
      expect(root.querySelector('.blog-result')?.textContent).toContain('に接続できました'),
    );
    expect(request).toHaveBeenCalledWith({ origins: ['http://127.0.0.1/*'] });

    $<HTMLButtonElement>('.tab-boards').click();
    await vi.waitFor(() => expect(root.querySelector('.board-card .clip-open')).not.toBeNull());
    $<HTMLButtonElement>('.board-card .clip-open').click();
    await vi.waitFor(() => expect(root.querySelector('.show-export')).not.toBeNull());
    $<HTMLButtonElement>('.show-export').click();
    await vi.waitFor(() => expect(root.querySelector('.blog-draft-send')).not.toBeNull());
    $<HTMLButtonElement>('.blog-draft-send').click();
    await vi.waitFor(
      () => expect(root.querySelector('.blog-draft-result')?.textContent).toContain('下書きを作成しました'),
      { timeout: 10_000 },
    );
    expect(hatena.entries.size).toBe(1);
    const [entry] = [...hatena.entries.values()];
    expect(entry).toMatchObject({ title: 'CRM比較', draft: true, contentType: 'text/x-markdown' });
    expect(entry!.content).toMatch(/^## 比較表/);
    const stored = await (await getDB()).get('boards', 'b1');
    expect(Object.values(stored?.blogDrafts ?? {})).toMatchObject([
      { remoteId: `${hatena.endpoint}/entry/${entry!.id}` },
    ]);

    // The update (GET the entry, read its app:draft, PUT) is tested against the same double in
    // tests/unit/publish-hatena.test.ts (jsdom) and in Chromium (tests/e2e/blog-drafts.test.ts):
    // happy-dom's DOMParser does not resolve the entry's namespaced app:control here.
    expect(root.innerHTML).not.toContain(hatena.apiKey);
  }, 30_000);
});
