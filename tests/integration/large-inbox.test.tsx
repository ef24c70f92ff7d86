import { beforeEach, expect, it, vi } from 'vitest';
import { getDB, listClips, listInboxPage } from '@/utils/db';
import { seedInboxClips } from '../helpers/library';
import { useSidePanel } from '../helpers/panel';

/**
 * A large Inbox (issue 14): the panel opens on the newest clips read with a cursor, then the rest
 * of the library (records without their articles) for the filter, the tags and the Trash; it puts
 * a page of cards on screen and more on request, so 50,000 clips build 100 cards, not 50,000.
 */
const CARDS_PER_PAGE = 100;

const panel = useSidePanel();
let root: HTMLElement;
beforeEach(() => {
  root = panel.root();
});
const cards = () => [...root.querySelectorAll('.clip-card')];
const titles = () => cards().map((c) => c.querySelector('.clip-title')?.textContent);

/** `count` clips, the oldest titled, the newest in the Trash (the first page of the Inbox skips it). */
const seed = async (count: number) =>
  seedInboxClips(await getDB(), {
    count,
    boards: 5,
    seed: 4,
    edit: (clips) => [{ ...clips[0]!, title: '一番古いクリップ' }, ...clips.slice(1)],
  });

it('reads the first page newest first with a cursor, the rest later', async () => {
  const clips = await seed(250);
  const db = await getDB();
  const page = await listInboxPage(db, 20);
  // clippedAt is the index: c248 is the newest in the Inbox (c249 is in the Trash).
  expect(page.map((c) => c.id)).toEqual(Array.from({ length: 20 }, (_, i) => `c${248 - i}`));
  const { inbox, trash } = await listClips(db);
  expect(inbox.map((c) => c.id)).toEqual(
    clips
      .slice(0, 249)
      .reverse()
      .map((c) => c.id),
  );
  expect(trash.map((c) => c.id)).toEqual(['c249']);
});

it('shows a page of cards, more on request, and filters every clip', async () => {
  const clips = await seed(250);
  await panel.mount();
  await vi.waitFor(() => expect(root.querySelector('.show-more')?.textContent).toContain('149'));
  expect(cards()).toHaveLength(CARDS_PER_PAGE);
  expect(titles()[0]).toBe(clips[248]!.title);
  root.querySelector<HTMLButtonElement>('.show-more')!.click();
  await vi.waitFor(() => expect(cards()).toHaveLength(2 * CARDS_PER_PAGE));
  root.querySelector<HTMLButtonElement>('.show-more')!.click();
  await vi.waitFor(() => expect(cards()).toHaveLength(249));
  expect(root.querySelector('.show-more')).toBeNull();
  // The filter reads the whole library, not the cards on screen.
  const input = root.querySelector<HTMLInputElement>('input.filter')!;
  input.value = '一番古い';
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await vi.waitFor(() => expect(titles()).toEqual(['一番古いクリップ']));
});
