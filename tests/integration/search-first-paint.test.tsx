import { expect, it, vi } from 'vitest';
import { getDB, saveClip } from '@/utils/db';
import { FIRST_PAINT_HITS, SHOWN_HITS } from '@/utils/search';
import { makePage } from '../helpers/pages';
import { useSidePanel } from '../helpers/panel';

const panel = useSidePanel();

/** Each clip's article holds the word deep inside, so the index finds it and the text checks it. */
const CLIPS = SHOWN_HITS + 7;

it('paints a new query’s first hits, then the rest of its page, every hit checked with its snippet', async () => {
  const db = await getDB();
  for (let i = 0; i < CLIPS; i++)
    await saveClip(
      db,
      makePage({
        url: `https://a.example/${i}`,
        title: `記事${i}`,
        text: `${'前置きの文章です。'.repeat(20)}顧客満足度の調査 ${i}。${'後の文章。'.repeat(20)}`,
      }),
    );
  // The newest clip (first in the order) holds 満足 and 足度 apart, a bigram false hit: checked
  // against its text among the first hits, and never shown.
  await saveClip(
    db,
    makePage({ url: 'https://a.example/apart', title: '離れた字', text: '満足した。足度という語はない。' }),
  );
  await panel.mount();
  const root = panel.root();
  (root.querySelector('.tab-search') as HTMLButtonElement).click();
  await vi.waitFor(() => expect(root.querySelector('.search-input')).not.toBeNull());

  // Every count of hits the list shows, from the query on.
  const counts: number[] = [];
  const observer = new MutationObserver(() => {
    const n = root.querySelectorAll('.search-hit').length;
    if (counts.at(-1) !== n) counts.push(n);
  });
  observer.observe(root, { childList: true, subtree: true });
  const input = root.querySelector<HTMLInputElement>('.search-input')!;
  input.value = '満足度';
  input.dispatchEvent(new Event('input', { bubbles: true }));

  await vi.waitFor(() => expect(root.querySelectorAll('.search-hit')).toHaveLength(SHOWN_HITS));
  observer.disconnect();
  // The first hits came on screen before the whole page.
  expect(counts.filter((n) => n > 0)).toEqual([FIRST_PAINT_HITS, SHOWN_HITS]);
  // Each shown hit has its article's snippet, the word marked.
  for (const hit of root.querySelectorAll('.search-hit'))
    expect([...hit.querySelectorAll('.search-snippet mark')].map((m) => m.textContent)).toContain('満足度');
  expect(root.textContent).not.toContain('離れた字');
  // The clips after the page are counted, not read.
  await vi.waitFor(() =>
    expect(root.querySelector('.search-more')?.textContent).toBe(
      `さらに表示（候補 あと${CLIPS - SHOWN_HITS}件）`,
    ),
  );
});
