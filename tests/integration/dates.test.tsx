import { describe, expect, it, vi } from 'vitest';
import { type Board, type Clip, getDB, saveBoard } from '@/utils/db';
import { makeClip } from '../fixtures/outline/boards';
import { useSidePanel } from '../helpers/panel';

/**
 * A restored backup once held a clip clipped "at" 1e16 ms: the Inbox hid its date, but the
 * board's 書き出し threw "RangeError: Invalid time value" (no preview, the view stuck). Every
 * view that shows a date must show the rest and leave out what is no date.
 */

const panel = useSidePanel();

const BOARD: Board = {
  id: 'b-dates',
  title: '日付の壊れたボード',
  subjects: [
    { id: 's1', name: '対象A' },
    { id: 's2', name: '対象B' },
  ],
  aspects: [{ id: 'a1', name: '観点' }],
  cellNotes: {},
  order: 'a0',
  updatedAt: 1e16,
};

const CLIPS: Clip[] = [
  // Times a Date cannot hold (IndexedDB keys, so the clips are listed), and page dates that are none.
  { time: 1e16, published: '' },
  { time: -1e16, published: 'garbage' },
  { time: 8.64e15 + 1, published: '2026-02-30' },
  { time: 1e16, published: '+275761-01-01' },
].map(({ time, published }, i) =>
  makeClip({
    id: `c${i}`,
    title: `壊れた日付の記事${i}`,
    normalizedUrl: `https://example.com/broken-${i}`,
    clippedAt: time,
    createdAt: time,
    updatedAt: time,
    publishedTime: published,
    modifiedTime: published,
  }),
);

async function seed() {
  const db = await getDB();
  await saveBoard(db, BOARD);
  const tx = db.transaction(['clips', 'bodies', 'placements'], 'readwrite');
  for (const [i, clip] of CLIPS.entries()) {
    await tx.objectStore('clips').put(clip);
    await tx.objectStore('bodies').put({ id: clip.id, html: '<p>本文</p>', text: '本文' });
    await tx.objectStore('placements').put({
      id: `p${i}`,
      boardId: BOARD.id,
      clipId: clip.id,
      aspectId: 'a1',
      order: `a${i}`,
      note: '',
      noteKind: 'article',
    });
  }
  await tx.done;
}

describe('times that are no dates, in every view', () => {
  it('lists the clips without a date, opens one, and exports the board with a preview', async () => {
    await seed();
    await panel.mount();
    const root = panel.root();
    const $ = (selector: string) => root.querySelector<HTMLElement>(selector);

    await vi.waitFor(() => expect(root.querySelectorAll('.clip-card')).toHaveLength(CLIPS.length));
    expect(root.querySelectorAll('.clip-card time')).toHaveLength(0);
    expect(root.textContent).not.toMatch(/Invalid|NaN/);

    // The reader: title and count, no "クリップ: " with nothing after it.
    root.querySelector<HTMLButtonElement>('.clip-card .clip-open')!.click();
    await vi.waitFor(() => expect($('.reader-meta')).not.toBeNull());
    expect($('.reader-meta')!.textContent).not.toMatch(/クリップ:|公開:|更新:|Invalid/);
    root.querySelector<HTMLButtonElement>('.reader-nav .link-button')!.click();

    // The board list shows the count alone; the export shows its preview and its Markdown.
    root.querySelector<HTMLButtonElement>('.tab-boards')!.click();
    await vi.waitFor(() => expect($('.board-card')).not.toBeNull());
    expect($('.board-card .clip-meta')!.textContent).toContain('4件');
    expect($('.board-card .clip-meta')!.textContent).not.toMatch(/更新|Invalid/);
    root.querySelector<HTMLButtonElement>('.board-card .clip-open')!.click();
    await vi.waitFor(() => expect($('.show-export')).not.toBeNull());
    $('.show-export')!.click();
    await vi.waitFor(() => expect($('.export-preview')?.textContent).toContain('壊れた日付の記事3'));
    const markdown = root.querySelector<HTMLTextAreaElement>('.export-markdown')!.value;
    for (const clip of CLIPS) expect(markdown).toContain(clip.title);
    expect(markdown).not.toMatch(/(クリップ|公開) \S|Invalid|NaN/);
  });
});
