// Issue 18's candidate sentences (候補文) in the comparison table, at the side panel's width
// (360 px): each cell shows its top candidates with their source; Insert puts one into the cell,
// the cell cites its clip, the candidate is marked used, and the export cites it as a footnote.
// With `KURABE_SCREENS=docs/screenshots/issue18` the matrix is written there (ja light, ja dark,
// en light).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, expect, it } from 'vitest';
import { type Browser, launchWithExtension, openPanelInTab, ROOT, writeStore } from './harness';

const SCREENS = process.env.KURABE_SCREENS && path.resolve(ROOT, process.env.KURABE_SCREENS);
let browser: Browser | undefined;

afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

interface Seed {
  board: { id: string; title: string; subjects: object[]; aspects: { id: string; name: string }[] };
  clips: {
    id: string;
    title: string;
    site: string;
    lang: string;
    text: string;
    aspectId: string;
    /** The article's HTML (else one paragraph of `text`). */
    html?: string;
  }[];
}

const JA: Seed = {
  board: {
    id: 'b-crm',
    title: 'kintone vs Salesforce',
    subjects: [
      { id: 's-k', name: 'kintone', aliases: ['キントーン'] },
      { id: 's-sf', name: 'Salesforce', aliases: ['セールスフォース'] },
    ],
    aspects: [
      { id: 'a-price', name: '料金' },
      { id: 'a-support', name: 'サポート' },
    ],
  },
  clips: [
    {
      id: 'c-price',
      title: '中小企業のCRM、月額で比べる',
      site: 'crm-lab.example',
      lang: 'ja',
      aspectId: 'a-price',
      text: '中小企業がCRMを選ぶとき、最初に気になるのは料金だ。キントーンはスタンダードコースで1ユーザー月額1,800円から使える。一方、セールスフォースのSales Cloudは上位エディションだと1ユーザー月額19,800円になる。',
    },
    {
      id: 'c-support',
      title: '困ったときの問い合わせ先',
      site: 'sales-note.example',
      lang: 'ja',
      aspectId: 'a-support',
      text: 'サポートの手厚さも比べておきたい。kintoneはメールと電話で問い合わせでき、パートナー企業の数も多い。Salesforceは有償のプランに入ると、24時間の電話サポートが受けられる。',
    },
  ],
};

const EN: Seed = {
  board: {
    id: 'b-notes',
    title: 'Notion vs Obsidian',
    subjects: [
      { id: 's-no', name: 'Notion' },
      { id: 's-ob', name: 'Obsidian' },
    ],
    aspects: [
      { id: 'a-price', name: 'price' },
      { id: 'a-offline', name: 'offline use' },
    ],
  },
  clips: [
    {
      id: 'c-price',
      title: 'What you actually pay',
      site: 'notes-weekly.example',
      lang: 'en',
      aspectId: 'a-price',
      text: 'Prices change often, so check before you buy. Notion is free for individuals, and the Plus plan costs $10 per seat per month. Obsidian itself is free; Obsidian Sync adds $4 per month billed annually.',
    },
    {
      id: 'c-offline',
      title: 'Writing on a plane',
      site: 'notes-weekly.example',
      lang: 'en',
      aspectId: 'a-offline',
      text: 'I took both apps on a twelve-hour flight. Obsidian works fully offline because the notes are plain Markdown files on your disk. Notion could only open pages I had visited before.',
    },
  ],
};

async function seed(page: Page, { board, clips }: Seed) {
  const now = Date.UTC(2026, 11, 3, 3);
  await writeStore(page, 'boards', [
    { ...board, cellNotes: {}, cellSources: {}, order: 'a0', updatedAt: now },
  ]);
  await writeStore(
    page,
    'clips',
    clips.map((c, i) => ({
      id: c.id,
      normalizedUrl: `https://${c.site}/${c.id}`,
      url: `https://${c.site}/${c.id}`,
      title: c.title,
      byline: '',
      siteName: c.site,
      lang: c.lang,
      publishedTime: '',
      modifiedTime: '',
      excerpt: c.text.slice(0, 60),
      lead: c.text,
      chars: c.text.length,
      readingMinutes: 1,
      kind: 'article',
      note: '',
      noteKind: 'memo',
      tags: [],
      createdAt: now - i,
      clippedAt: now - i,
      updatedAt: now - i,
    })),
  );
  await writeStore(
    page,
    'bodies',
    clips.map((c) => ({ id: c.id, html: c.html ?? `<p>${c.text}</p>`, text: c.text })),
  );
  await writeStore(
    page,
    'placements',
    clips.map((c, i) => ({
      id: `p-${c.id}`,
      boardId: board.id,
      clipId: c.id,
      aspectId: c.aspectId,
      order: `a${i}`,
      note: '',
      noteKind: 'memo',
    })),
  );
}

async function openMatrix(lang: 'ja' | 'en', data: Seed): Promise<Page> {
  browser = await launchWithExtension({ lang });
  const panel = await openPanelInTab(browser);
  await panel.setViewportSize({ width: 360, height: 900 });
  await seed(panel, data);
  await panel.reload();
  await panel.locator('[data-ready="true"]').waitFor();
  await panel.click('.tab-boards');
  await panel.click(`[data-board-id="${data.board.id}"] .clip-open`);
  await panel.click('.show-matrix');
  return panel;
}

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

it('Japanese: a cell shows candidates with their source; Insert fills it and the export cites the clip', async () => {
  const panel = await openMatrix('ja', JA);
  const cell = panel.locator('[data-cell="a-price:s-k"]');
  const sentence = 'キントーンはスタンダードコースで1ユーザー月額1,800円から使える。';
  await expect.poll(() => cell.locator('.candidate-sentence').first().textContent()).toBe(sentence);
  expect(await cell.locator('.candidate-context').first().textContent()).toContain(
    '中小企業のCRM、月額で比べる（crm-lab.example）',
  );
  expect(
    await panel.locator('[data-cell="a-price:s-sf"] .candidate-sentence').first().textContent(),
  ).toContain('セールスフォース');
  expect(await panel.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  if (SCREENS) {
    mkdirSync(SCREENS, { recursive: true });
    await panel.emulateMedia({ colorScheme: 'light' });
    await panel.screenshot({ path: path.join(SCREENS, 'matrix-candidates-ja-light.png') });
    const light = await background(panel);
    await panel.emulateMedia({ colorScheme: 'dark' });
    expect(await background(panel)).not.toBe(light);
    await panel.screenshot({ path: path.join(SCREENS, 'matrix-candidates-ja-dark.png') });
    await panel.emulateMedia({ colorScheme: 'light' });
  }

  await cell.locator('.insert-candidate').first().click();
  await cell.locator('.candidate-used').first().waitFor();
  expect(await cell.locator('.cell-note').inputValue()).toBe(sentence);

  await panel.click('.show-export');
  const markdown = panel.locator('.export-markdown');
  await expect.poll(() => markdown.inputValue()).toContain(`| 料金 | ${sentence}[^1] |`);
  expect(await markdown.inputValue()).toMatch(/\[\^1\]: 「中小企業のCRM、月額で比べる」crm-lab\.example/);
});

it('English: the matrix with candidates', async () => {
  const panel = await openMatrix('en', EN);
  const cell = panel.locator('[data-cell="a-offline:s-ob"]');
  await expect
    .poll(() => cell.locator('.candidate-sentence').first().textContent())
    .toBe('Obsidian works fully offline because the notes are plain Markdown files on your disk.');
  expect(await cell.locator('.insert-candidate').first().textContent()).toBe('Insert');
  if (SCREENS) await panel.screenshot({ path: path.join(SCREENS, 'matrix-candidates-en-light.png') });
});

it('文脈を見る opens the clip in the reader, scrolled to the sentence, which is highlighted', async () => {
  // The price article starts with forty short paragraphs: the sentence is well below the first screen.
  const filler = Array.from({ length: 40 }, (_, i) => `ルート営業の一日は、朝の準備から始まる（${i + 1}）。`);
  const data: Seed = {
    ...JA,
    clips: JA.clips.map((c) =>
      c.id === 'c-price'
        ? {
            ...c,
            text: `${filler.join('\n')}\n${c.text}`,
            html: `${filler.map((f) => `<p>${f}</p>`).join('')}<p>${c.text}</p>`,
          }
        : c,
    ),
  };
  const panel = await openMatrix('ja', data);
  const cell = panel.locator('[data-cell="a-price:s-k"]');
  const sentence = 'キントーンはスタンダードコースで1ユーザー月額1,800円から使える。';
  await expect.poll(() => cell.locator('.candidate-sentence').first().textContent()).toBe(sentence);
  await cell.locator('.candidate-context').first().click();

  const mark = panel.locator('.reader-body mark.context-highlight');
  await mark.first().waitFor();
  expect(await panel.locator('.reader h1').textContent()).toBe('中小企業のCRM、月額で比べる');
  expect(await mark.allTextContents()).toEqual([sentence]);
  await expect
    .poll(() =>
      mark.first().evaluate((m) => {
        const r = m.getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
      }),
    )
    .toBe(true);
  // The reader was scrolled to get there: the article's first line is above the screen.
  expect(
    await panel
      .locator('.reader-body p')
      .first()
      .evaluate((p) => p.getBoundingClientRect().bottom),
  ).toBeLessThan(0);
});
