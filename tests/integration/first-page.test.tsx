import { render } from 'preact';
import { beforeEach, expect, it, vi } from 'vitest';
import { App } from '@/entrypoints/sidepanel/App';
import { FIRST_CARDS, readFirstPage, withinWait } from '@/entrypoints/sidepanel/first-page';
import { getDB } from '@/utils/db';
import { seedInboxClips } from '../helpers/library';
import { useSidePanel } from '../helpers/panel';

/**
 * The panel's first render (issue 14): main.tsx reads the Inbox's newest clips while the script
 * starts and renders the App with them, so the first paint has the cards; a database that does
 * not answer in time leaves the App to read them itself, as before.
 */
const panel = useSidePanel();
let root: HTMLElement;
beforeEach(() => {
  root = panel.root();
});
const titles = () => [...root.querySelectorAll('.clip-card .clip-title')].map((t) => t.textContent);

/** `count` clips, the newest in the Trash: the first page skips it. */
const seed = async (count: number) => seedInboxClips(await getDB(), { count, boards: 2, seed: 5 });

it('reads the newest clips of the Inbox, the Trash left out', async () => {
  const clips = await seed(60);
  const page = await readFirstPage();
  expect(page?.map((c) => c.id)).toEqual(
    clips
      .slice(0, 59)
      .reverse()
      .slice(0, FIRST_CARDS)
      .map((c) => c.id),
  );
});

it('gives nothing for a read that fails or comes too late, and the read when it comes in time', async () => {
  expect(await withinWait(new Promise(() => {}), 5)).toBeUndefined();
  expect(await withinWait(Promise.reject(new Error('blocked')), 1000)).toBeUndefined();
  expect(await withinWait(Promise.resolve(['c1']), 1000)).toEqual(['c1']);
});

it('shows the first cards in its first render, then the whole library', async () => {
  const clips = await seed(150);
  const page = (await readFirstPage())!;
  render(<App firstPage={page} />, root);
  // No wait: the render that mounts the App has the cards and says the Inbox is ready.
  expect(titles()).toEqual(page.map((c) => c.title));
  expect(root.querySelector('[data-ready="true"]')).not.toBeNull();
  // The rest is read afterwards: a page of 100 cards, 49 more on request (the newest is trashed).
  await vi.waitFor(() => expect(root.querySelector('.show-more')?.textContent).toContain('49'));
  expect(titles()[0]).toBe(clips[148]!.title);
});

it('reads the first cards itself when none were given', async () => {
  const clips = await seed(30);
  render(<App />, root);
  expect(titles()).toEqual([]);
  await vi.waitFor(() => expect(titles()).toHaveLength(29));
  expect(titles()[0]).toBe(clips[28]!.title);
});
