import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SYNC_CONFIG_KEY, SYNC_STATUS_KEY } from '@/utils/sync/runner';
import { useSidePanel } from '../helpers/panel';

const panel = useSidePanel();

function type(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('sync set-up in the Data tab', () => {
  it('takes https, or http on this computer with a warning, and refuses plain http elsewhere', async () => {
    await panel.mount();
    const root = panel.root();
    root.querySelector<HTMLButtonElement>('.tab-data')!.click();
    await vi.waitFor(() => expect(root.querySelector('.sync-settings')).not.toBeNull());
    const $ = <T extends Element>(s: string) => root.querySelector<T>(s)!;
    expect($('.sync-settings h2').textContent).toBe('端末間の同期');
    type($<HTMLInputElement>('.sync-server'), 'http://couch.example:5984');
    type($<HTMLInputElement>('.sync-database'), 'kurabe-aiko');
    type($<HTMLInputElement>('.sync-user'), 'aiko');
    type($<HTMLInputElement>('.sync-password'), 'secret');
    await vi.waitFor(() => expect($('.sync-error').textContent).toContain('https://'));
    expect($<HTMLButtonElement>('.sync-save').disabled).toBe(true);
    type($<HTMLInputElement>('.sync-server'), 'http://localhost:5984');
    await vi.waitFor(() => expect(root.querySelector('.sync-error')).toBeNull());
    expect($('.sync-warning').textContent).toContain('暗号化されない');
    expect($<HTMLButtonElement>('.sync-save').disabled).toBe(false);
    type($<HTMLInputElement>('.sync-server'), 'https://couch.example:6984');
    await vi.waitFor(() => expect(root.querySelector('.sync-warning')).toBeNull());
    expect($<HTMLButtonElement>('.sync-save').disabled).toBe(false);
  });

  it('never shows the saved password, and says why the last sync failed and what to do', async () => {
    await fakeBrowser.storage.local.set({
      [SYNC_CONFIG_KEY]: {
        serverUrl: 'https://couch.example',
        database: 'kurabe',
        username: 'aiko',
        password: 'secret',
      },
      [SYNC_STATUS_KEY]: { failure: 'unauthorized', failures: 1, pending: 3, otherVersions: 1 },
    });
    await panel.mount();
    const root = panel.root();
    root.querySelector<HTMLButtonElement>('.tab-data')!.click();
    await vi.waitFor(() => expect(root.querySelector('.sync-status')).not.toBeNull());
    expect(root.querySelector<HTMLInputElement>('.sync-user')!.value).toBe('aiko');
    expect(root.querySelector<HTMLInputElement>('.sync-password')!.value).toBe('');
    expect(root.textContent).not.toContain('secret');
    expect(root.querySelector('.sync-status')!.textContent).toContain(
      'ユーザー名かパスワードが違います（401）',
    );
    expect(root.querySelector('.sync-status')!.textContent).toContain('未送信の変更: 3件');
    expect(root.querySelector('.sync-status')!.textContent).toContain('別の端末での変更: 1件');
    // Sync now tries at once; the host permission is not granted here (fakeBrowser has none).
    const now = root.querySelector<HTMLButtonElement>('.sync-now')!;
    expect(now.textContent).toBe('今すぐ同期');
    now.click();
    await vi.waitFor(() =>
      expect(root.querySelector('.sync-status')!.textContent).toContain(
        'サーバーへの接続が許可されていません',
      ),
    );
  });
});
