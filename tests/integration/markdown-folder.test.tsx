import { describe, expect, it, vi } from 'vitest';
import { getDB, saveClip, trashClip } from '@/utils/db';
import type { WritableFolder } from '@/utils/markdown-files';
import { makePage } from '../helpers/pages';
import { useSidePanel } from '../helpers/panel';

const panel = useSidePanel();

/** A folder in memory, as the File System Access API gives one: what is written stays written. */
function memoryFolder(name: string): WritableFolder & { files: Map<string, string> } {
  const files = new Map<string, string>();
  return {
    name,
    files,
    async getFileHandle(file, { create }) {
      if (!create && !files.has(file)) throw new DOMException('not found', 'NotFoundError');
      return {
        async createWritable() {
          let content = '';
          return {
            async write(data: string) {
              content += data;
            },
            async close() {
              files.set(file, content);
            },
          };
        },
      };
    },
  };
}

describe('clips as a folder of Markdown files', () => {
  it('writes one file per clip with front matter, quotes and the article, and says how many', async () => {
    const db = await getDB();
    await saveClip(
      db,
      makePage({
        url: 'https://a.example/1',
        title: 'ルート営業の基本',
        html: '<p>本文です。</p>',
        text: '本文です。',
      }),
      {
        quotes: [{ text: '長期的な関係', context: '' }],
      },
    );
    await saveClip(
      db,
      makePage({ url: 'https://a.example/2', title: 'ルート営業の基本', text: '別の記事。' }),
    );
    const { clip: trashed } = await saveClip(
      db,
      makePage({ url: 'https://a.example/3', title: '消した記事' }),
    );
    await trashClip(db, trashed.id);
    const folder = memoryFolder('Vault');
    (window as { showDirectoryPicker?: unknown }).showDirectoryPicker = vi.fn(async () => folder);

    await panel.mount();
    const root = panel.root();
    root.querySelector<HTMLButtonElement>('.tab-data')!.click();
    await vi.waitFor(() => expect(root.querySelector('.export-markdown-folder')).not.toBeNull());
    root.querySelector<HTMLButtonElement>('.export-markdown-folder')!.click();
    await vi.waitFor(() =>
      expect(root.querySelector('.folder-message')?.textContent).toBe(
        '「Vault」に 2 件のファイルを書き出しました。',
      ),
    );
    expect([...folder.files.keys()].sort()).toEqual(['ルート営業の基本 (2).md', 'ルート営業の基本.md']);
    const withQuote = [...folder.files.values()].find((c) => c.includes('> 長期的な関係'))!;
    expect(withQuote).toMatch(
      /^---\ntitle: "ルート営業の基本"\nsource: "https:\/\/example\.com\/entry\/1\?utm_source=x"\n/,
    );
    expect(withQuote).toContain('## 引用\n\n> 長期的な関係');
    expect(withQuote).toContain('本文です。');
  });

  it('says so where the browser cannot write to a folder', async () => {
    // Firefox has no showDirectoryPicker.
    (window as { showDirectoryPicker?: unknown }).showDirectoryPicker = undefined;
    await panel.mount();
    const root = panel.root();
    root.querySelector<HTMLButtonElement>('.tab-data')!.click();
    await vi.waitFor(() => expect(root.querySelector('.export-markdown-folder')).not.toBeNull());
    root.querySelector<HTMLButtonElement>('.export-markdown-folder')!.click();
    await vi.waitFor(() =>
      expect(root.querySelector('.folder-message.form-error')?.textContent).toContain(
        'フォルダへの書き出しに対応していません',
      ),
    );
  });
});
