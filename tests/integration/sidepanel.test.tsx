import { render } from 'preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '@/entrypoints/sidepanel/App';
import { getDB, listClips, saveClip, setSetting } from '@/utils/db';
import { broadcast, LAST_EVENT_KEY } from '@/utils/messages';
import { makePage } from '../helpers/pages';
import { useSidePanel } from '../helpers/panel';

const panel = useSidePanel();
const mount = panel.mount;
// The container of the current test (a getter: each test gets a new one).
let root: HTMLElement;
beforeEach(() => {
  root = panel.root();
});

const cards = () => [...root.querySelectorAll('.clip-card')];
const text = () => root.textContent ?? '';

describe('side panel', () => {
  it('lists clips newest first with site, characters and reading time', async () => {
    const db = await getDB();
    await saveClip(db, makePage({ url: 'https://a.example/old', title: '古い記事' }), {
      now: Date.parse('2026-11-01'),
    });
    await saveClip(
      db,
      makePage({
        url: 'https://a.example/new',
        title: '新しい記事',
        chars: 2632,
        readingMinutes: 6,
        publishedTime: '',
      }),
      {
        now: Date.parse('2026-11-20T12:00:00Z'),
      },
    );
    await mount();
    expect(cards().map((c) => c.querySelector('.clip-title')?.textContent)).toEqual([
      '新しい記事',
      '古い記事',
    ]);
    const meta = cards()[0]!.querySelector('.clip-meta')?.textContent ?? '';
    expect(meta).toContain('サトルンの比較ノート');
    expect(meta).toContain('2,632字');
    expect(meta).toContain('約6分');
    expect(meta).toContain('2026/11/20');
    expect(text()).toContain('2件');
  });

  it('shows the empty Inbox in Japanese', async () => {
    await mount();
    expect(text()).toContain('まだクリップはありません');
  });

  it('shows a clip live when the background broadcasts it, highlighted', async () => {
    await mount();
    const { clip } = await saveClip(await getDB(), makePage());
    broadcast({
      type: 'clip-saved',
      clipId: clip.id,
      kind: 'article',
      updated: false,
      restored: false,
      quoteAdded: false,
      at: Date.now(),
    });
    await vi.waitFor(() => expect(cards()).toHaveLength(1));
    expect(cards()[0]!.classList.contains('is-new')).toBe(true);
    expect(root.querySelector('[data-status="saved"]')?.textContent).toContain('保存しました');
  });

  it('says when a re-clip updated a page clipped before', async () => {
    await mount();
    const first = Date.parse('2026-11-20T10:00:00Z');
    const { clip } = await saveClip(await getDB(), makePage(), { now: first });
    broadcast({
      type: 'clip-saved',
      clipId: clip.id,
      kind: 'article',
      updated: true,
      restored: false,
      firstClippedAt: first,
      quoteAdded: false,
      at: Date.now(),
    });
    await vi.waitFor(() => expect(root.querySelector('[data-status="updated"]')).not.toBeNull());
    expect(root.querySelector('[data-status="updated"]')?.textContent).toBe(
      '2026/11/20にクリップ済み — 更新しました。×',
    );
  });

  it('picks up a clip event that happened before it opened', async () => {
    const { clip } = await saveClip(await getDB(), makePage());
    await setSetting(await getDB(), LAST_EVENT_KEY, {
      type: 'clip-saved',
      clipId: clip.id,
      kind: 'article',
      updated: false,
      restored: false,
      quoteAdded: false,
      at: Date.now(),
    });
    await mount();
    await vi.waitFor(() => expect(cards()[0]?.classList.contains('is-new')).toBe(true));
  });

  it('explains a page that cannot be clipped', async () => {
    await mount();
    broadcast({ type: 'clip-failed', reason: 'browserPage', detail: '', at: Date.now() });
    await vi.waitFor(() => expect(root.querySelector('[role="alert"]')).not.toBeNull());
    const text = root.querySelector('[role="alert"]')?.textContent;
    expect(text).toContain('このページはクリップできません');
    // The Chrome build (the one tested here) names Chrome's pages, not Firefox's.
    expect(text).toContain('chrome://');
    expect(text).not.toContain('moz-extension:');
  });

  it('opens a clip in the reader with its source, images held back until asked', async () => {
    const page = makePage({
      html: '<p>本文の段落です。</p><img src="https://img.example/a.png" alt="訪問サイクルの図"><p><a href="https://b.example/">参考</a></p>',
    });
    await saveClip(await getDB(), page);
    await mount();
    (cards()[0]!.querySelector('button') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(root.querySelector('.reader')).not.toBeNull());
    const reader = root.querySelector('.reader')!;
    expect(reader.querySelector('h1')?.textContent).toBe(page.title);
    const source = reader.querySelector<HTMLAnchorElement>('a.source-link')!;
    expect(source.getAttribute('href')).toBe(page.originalUrl);
    expect(source.getAttribute('rel')).toBe('noopener noreferrer');
    expect(reader.querySelector('.reader-body img')).toBeNull();
    expect(reader.querySelector('.image-placeholder')?.textContent).toBe('画像: 訪問サイクルの図');
    expect(reader.querySelector('.reader-body a')?.getAttribute('rel')).toBe('noopener noreferrer');

    (reader.querySelector('button.show-images') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(root.querySelector('.reader-body img')).not.toBeNull());
    expect(root.querySelector('.reader-body img')?.getAttribute('src')).toBe('https://img.example/a.png');
  });

  it('filters without spaces and never opens on the Enter that confirms an IME conversion', async () => {
    const db = await getDB();
    await saveClip(
      db,
      makePage({ url: 'https://a.example/1', title: '営業の記事', text: '顧客満足度が鍵です。' }),
    );
    await saveClip(
      db,
      makePage({ url: 'https://a.example/2', title: 'カフェの記事', text: '阿佐ヶ谷のカフェ。' }),
    );
    await mount();
    const input = root.querySelector<HTMLInputElement>('input.filter')!;
    input.value = '顧客満足度';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await vi.waitFor(() => expect(cards()).toHaveLength(1));
    input.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, keyCode: 229, bubbles: true }),
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(root.querySelector('.reader')).toBeNull();
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', keyCode: 13, bubbles: true }));
    await vi.waitFor(() => expect(root.querySelector('.reader h1')?.textContent).toBe('営業の記事'));
  });

  it('shows the keyboard shortcut the browser has for clipping', async () => {
    await mount();
    await vi.waitFor(() =>
      expect(root.querySelector('.shortcut')?.textContent).toContain('ショートカット: Alt+Shift+K'),
    );
  });

  it('says why a page closed to scripts became a bookmark, and that the selection was kept', async () => {
    await mount();
    const { clip } = await saveClip(await getDB(), makePage({ kind: 'bookmark' }));
    broadcast({
      type: 'clip-saved',
      clipId: clip.id,
      kind: 'bookmark',
      updated: false,
      restored: false,
      fallback: 'pdf',
      quoteAdded: true,
      at: Date.now(),
    });
    await vi.waitFor(() => expect(root.querySelector('[data-status="fallback"]')).not.toBeNull());
    const text = root.querySelector('[data-status="fallback"]')?.textContent ?? '';
    expect(text).toContain('PDF ビューアは拡張機能から読み取れないため');
    expect(text).toContain('選択範囲を引用として保存しました。');
  });

  it('says why a page too deep to read became a bookmark', async () => {
    await mount();
    const { clip } = await saveClip(await getDB(), makePage({ kind: 'bookmark' }));
    broadcast({
      type: 'clip-saved',
      clipId: clip.id,
      kind: 'bookmark',
      updated: false,
      restored: false,
      fallback: 'tooComplex',
      quoteAdded: false,
      at: Date.now(),
    });
    await vi.waitFor(() => expect(root.querySelector('[data-status="fallback"]')).not.toBeNull());
    expect(root.querySelector('[data-status="fallback"]')?.textContent).toContain(
      'このページは構造が複雑すぎて（要素の入れ子が深すぎて）本文を取り出せなかったため、ブックマーク（タイトル・URL・説明）として保存しました。',
    );
  });

  it("shows a clip's quotes with their context in the reader", async () => {
    await saveClip(await getDB(), makePage(), {
      quotes: [{ text: '長期的な関係', context: 'ルート営業は長期的な関係を築きます。' }],
    });
    await mount();
    (cards()[0]!.querySelector('.clip-open') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(root.querySelector('.quotes')).not.toBeNull());
    expect(root.querySelector('.quotes h2')?.textContent).toBe('引用（1件）');
    expect(root.querySelector('.quote blockquote')?.textContent).toBe('長期的な関係');
    expect(root.querySelector('.quote figcaption')?.textContent).toBe('ルート営業は長期的な関係を築きます。');
  });

  it('delete → undo → delete → restore from the Trash → delete → empty (asked first)', async () => {
    const db = await getDB();
    await saveClip(db, makePage({ title: '消す記事' }));
    await mount();
    const click = (selector: string) => (root.querySelector(selector) as HTMLButtonElement).click();

    click('.clip-card .trash-button');
    await vi.waitFor(() => expect(cards()).toHaveLength(0));
    expect(root.querySelector('.toast')?.textContent).toContain('「消す記事」をゴミ箱へ移動しました。');
    click('.toast-action'); // Undo
    await vi.waitFor(() => expect(cards()).toHaveLength(1));
    expect((await listClips(db)).trash).toHaveLength(0);

    click('.clip-card .trash-button');
    await vi.waitFor(() => expect(cards()).toHaveLength(0));
    expect(root.querySelector('.open-trash')?.textContent).toContain('ゴミ箱（1）');
    click('.open-trash');
    await vi.waitFor(() => expect(root.querySelector('.trash')).not.toBeNull());
    expect(root.querySelector('.trashed .clip-title')?.textContent).toBe('消す記事');
    click('.trashed .restore');
    await vi.waitFor(() => expect(root.querySelector('.trash .empty')?.textContent).toBe('ゴミ箱は空です。'));
    expect((await listClips(db)).inbox.map((c) => c.title)).toEqual(['消す記事']);

    click('.reader-nav .link-button'); // back to the Inbox
    await vi.waitFor(() => expect(cards()).toHaveLength(1));
    click('.clip-card .trash-button');
    await vi.waitFor(() => expect(cards()).toHaveLength(0));
    click('.open-trash');
    await vi.waitFor(() => expect(root.querySelector('.empty-trash')).not.toBeNull());
    click('.empty-trash');
    await vi.waitFor(() =>
      expect(root.querySelector('.confirm')?.textContent).toContain('ゴミ箱の1件を完全に削除しますか？'),
    );
    click('.confirm .plain-button'); // Cancel keeps everything
    await vi.waitFor(() => expect(root.querySelector('.confirm')).toBeNull());
    expect((await listClips(db)).trash).toHaveLength(1);
    click('.empty-trash');
    await vi.waitFor(() => expect(root.querySelector('.confirm-empty')).not.toBeNull());
    click('.confirm-empty');
    await vi.waitFor(() => expect(root.querySelector('.trash .empty')).not.toBeNull());
    expect(await db.count('clips')).toBe(0);
  });
});

describe('notes and tags', () => {
  it('keeps a note and tags on a clip, a note on a quote, and filters the Inbox by tag', async () => {
    const db = await getDB();
    const { clip } = await saveClip(db, makePage({ url: 'https://a.example/1', title: '営業の記事' }), {
      quotes: [{ text: '長期的な関係', context: '' }],
    });
    await saveClip(db, makePage({ url: 'https://a.example/2', title: 'カフェの記事' }));
    await mount();
    (
      cards()
        .find((c) => c.textContent?.includes('営業の記事'))!
        .querySelector('.clip-open') as HTMLButtonElement
    ).click();
    await vi.waitFor(() => expect(root.querySelector('.clip-note')).not.toBeNull());

    const note = root.querySelector<HTMLTextAreaElement>('.clip-note')!;
    note.value = '評価軸の例に使う';
    note.dispatchEvent(new FocusEvent('blur'));
    const tagInput = root.querySelector<HTMLInputElement>('.tag-input')!;
    tagInput.value = '営業、比較';
    tagInput.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 20));
    // The Enter that confirms a conversion adds nothing; the next one adds both tags.
    tagInput.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, keyCode: 229, bubbles: true }),
    );
    await new Promise((r) => setTimeout(r, 20));
    expect((await db.get('clips', clip.id))!.tags).toEqual([]);
    tagInput.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', keyCode: 13, bubbles: true }));
    await vi.waitFor(async () =>
      expect(await db.get('clips', clip.id)).toMatchObject({
        note: '評価軸の例に使う',
        tags: ['営業', '比較'],
      }),
    );

    const quoteNote = root.querySelector<HTMLTextAreaElement>('.quote-note')!;
    quoteNote.value = '継続率の根拠';
    quoteNote.dispatchEvent(new FocusEvent('blur'));
    await vi.waitFor(async () =>
      expect((await db.getAllFromIndex('quotes', 'clipId', clip.id))[0]!.note).toBe('継続率の根拠'),
    );

    (root.querySelector('.reader-nav .link-button') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(root.querySelector('.tag-filter')).not.toBeNull());
    const tagButton = [...root.querySelectorAll<HTMLButtonElement>('.tag-filter .tag-chip')].find((b) =>
      b.textContent?.startsWith('比較'),
    )!;
    tagButton.click();
    await vi.waitFor(() => expect(cards()).toHaveLength(1));
    expect(cards()[0]!.textContent).toContain('営業の記事');
    // The note's words are found by the filter box too.
    root.querySelector<HTMLButtonElement>('.tag-filter .tag-chip')!.click();
    const input = root.querySelector<HTMLInputElement>('input.filter')!;
    input.value = '例に使う';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await vi.waitFor(() =>
      expect(cards().map((c) => c.querySelector('.clip-title')?.textContent)).toEqual(['営業の記事']),
    );
  });
});

describe('two open panels', () => {
  it('a change in one shows in the other', async () => {
    const db = await getDB();
    await saveClip(db, makePage({ title: '共有される記事' }));
    const other = document.createElement('div');
    document.body.append(other);
    render(<App />, other);
    await mount();
    await vi.waitFor(() => expect(other.querySelectorAll('.clip-card')).toHaveLength(1));

    (root.querySelector('.clip-card .trash-button') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(other.querySelectorAll('.clip-card')).toHaveLength(0));
    render(null, other);
    other.remove();
  });
});
