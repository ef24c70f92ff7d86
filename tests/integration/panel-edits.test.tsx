// Two side panels on one database (two Apps, as two panels hear each other on the events
// channel): the draft of a field survives the other panel's saves and is saved as one field.
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '@/entrypoints/sidepanel/App';
import {
  type Board,
  getDB,
  getSetting,
  listBoards,
  placeClip,
  saveBoard,
  saveClip,
  updateNote,
} from '@/utils/db';
import { LIMITS } from '@/utils/limits';
import { broadcast } from '@/utils/messages';
import { makePage } from '../helpers/pages';
import { useSidePanel } from '../helpers/panel';

const panel = useSidePanel();
/** Panel A is the one useSidePanel mounts; panel B is mounted beside it. */
let a: HTMLElement;
let b: HTMLElement;
beforeEach(() => {
  a = panel.root();
  b = document.createElement('div');
  document.body.append(b);
});
afterEach(() => {
  render(null, b);
  b.remove();
});

async function mountBoth() {
  await panel.mount();
  render(<App />, b);
  await vi.waitFor(() => expect(b.querySelector('[data-ready="true"]')).not.toBeNull());
}

const BOARD: Board = {
  id: 'board-1',
  title: 'ルート営業 vs 営業一般',
  subjects: [
    { id: 's1', name: 'ルート営業' },
    { id: 's2', name: '営業一般' },
  ],
  aspects: [
    { id: 'a1', name: '評価軸' },
    { id: 'a2', name: '情報の扱い方' },
  ],
  cellNotes: {},
  order: 'a0',
  updatedAt: 1,
};

const $ = <T extends Element = HTMLElement>(root: HTMLElement, selector: string) =>
  root.querySelector<T>(selector);
const click = (root: HTMLElement, selector: string) => $<HTMLButtonElement>(root, selector)!.click();
const cell = (root: HTMLElement, aspect: string, subject: string) =>
  $<HTMLTextAreaElement>(root, `[data-cell="${aspect}:${subject}"] .cell-note`)!;
/** Types into a field as a person does: the value changes and an input event says so. */
function type(field: HTMLInputElement | HTMLTextAreaElement, text: string) {
  // No focus(): both panels live in one document here, and focusing A's field would blur B's.
  field.value = text;
  field.dispatchEvent(new Event('input', { bubbles: true }));
}
function leave(field: HTMLElement) {
  field.dispatchEvent(new FocusEvent('blur'));
  field.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
}
const stored = async () => (await listBoards(await getDB()))[0]!;
const settle = () => new Promise((r) => setTimeout(r, 30));

async function openTable(root: HTMLElement) {
  click(root, '.tab-boards');
  await vi.waitFor(() => expect($(root, '.board-card')).not.toBeNull());
  click(root, '.board-card .clip-open');
  await vi.waitFor(() => expect($(root, '.show-matrix')).not.toBeNull());
  click(root, '.show-matrix');
  await vi.waitFor(() => expect($(root, '.matrix')).not.toBeNull());
}

describe('a cell of the comparison table, in two panels', () => {
  beforeEach(async () => {
    await saveBoard(await getDB(), BOARD);
  });

  it('keeps what B types while A saves another cell, and stores both cells when B leaves', async () => {
    await mountBoth();
    await openTable(a);
    await openTable(b);
    type(cell(b, 'a1', 's1'), '継続率');

    type(cell(a, 'a1', 's2'), '新規獲得数');
    leave(cell(a, 'a1', 's2'));
    // B reloads on A's broadcast: A's cell shows in B, and B's own text is still there.
    await vi.waitFor(() => expect(cell(b, 'a1', 's2').value).toBe('新規獲得数'));
    await settle();
    expect(cell(b, 'a1', 's1').value).toBe('継続率');
    expect((await stored()).cellNotes.a1?.s1).toBeUndefined();

    leave(cell(b, 'a1', 's1'));
    await vi.waitFor(async () =>
      expect((await stored()).cellNotes.a1).toEqual({ s1: '継続率', s2: '新規獲得数' }),
    );
    expect($(b, '.draft-notice')).toBeNull();
  });

  it('says so when B saves over what A wrote in the same cell, shows it, and puts it back on request', async () => {
    await mountBoth();
    await openTable(a);
    await openTable(b);
    type(cell(b, 'a2', 's1'), '購買履歴を見る');
    type(cell(a, 'a2', 's1'), 'CRMに記録する');
    leave(cell(a, 'a2', 's1'));
    await vi.waitFor(async () => expect((await stored()).cellNotes.a2?.s1).toBe('CRMに記録する'));
    await settle();
    expect(cell(b, 'a2', 's1').value).toBe('購買履歴を見る');

    leave(cell(b, 'a2', 's1'));
    await vi.waitFor(() => expect($(b, '.draft-notice')).not.toBeNull());
    expect((await stored()).cellNotes.a2?.s1).toBe('購買履歴を見る');
    expect($(b, '.draft-notice')!.textContent).toContain(
      '別のパネルで変更されていました。あなたの入力を保存しました。',
    );
    expect($(b, '.draft-other')!.textContent).toBe('別のパネルの内容:「CRMに記録する」');
    // A has no notice: it saved first, over nothing typed elsewhere.
    expect($(a, '.draft-notice')).toBeNull();

    click(b, '.draft-use-other');
    await vi.waitFor(async () => expect((await stored()).cellNotes.a2?.s1).toBe('CRMに記録する'));
    await vi.waitFor(() => expect(cell(b, 'a2', 's1').value).toBe('CRMに記録する'));
    expect($(b, '.draft-notice')).toBeNull();
  });

  it('a field not typed in follows the other panel’s save; text typed back to what is stored is not written', async () => {
    await mountBoth();
    await openTable(a);
    await openTable(b);
    type(cell(a, 'a1', 's1'), 'Aの文');
    leave(cell(a, 'a1', 's1'));
    await vi.waitFor(() => expect(cell(b, 'a1', 's1').value).toBe('Aの文'));
    // B types and undoes: leaving writes nothing (the stored value is not B's to overwrite).
    type(cell(b, 'a1', 's1'), 'Aの文に足す');
    type(cell(b, 'a1', 's1'), 'Aの文');
    const before = (await stored()).updatedAt;
    leave(cell(b, 'a1', 's1'));
    await settle();
    expect((await stored()).updatedAt).toBe(before);
    expect($(b, '.draft-notice')).toBeNull();
  });
});

describe('text typed and not left', () => {
  beforeEach(async () => {
    await saveBoard(await getDB(), BOARD);
  });

  it('is saved when the panel is hidden', async () => {
    await panel.mount();
    await openTable(a);
    type(cell(a, 'a1', 's1'), '隠す前に');
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    try {
      document.dispatchEvent(new Event('visibilitychange'));
      await vi.waitFor(async () => expect((await stored()).cellNotes.a1?.s1).toBe('隠す前に'));
    } finally {
      Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    }
  });

  it('is saved when the panel is closed (pagehide)', async () => {
    await panel.mount();
    await openTable(a);
    type(cell(a, 'a2', 's2'), '閉じる前に');
    window.dispatchEvent(new Event('pagehide'));
    await vi.waitFor(async () => expect((await stored()).cellNotes.a2?.s2).toBe('閉じる前に'));
  });

  it('is saved when its view goes away (another tab chosen)', async () => {
    await panel.mount();
    await openTable(a);
    type(cell(a, 'a1', 's2'), 'タブを替える前に');
    click(a, '.tab-inbox');
    await vi.waitFor(async () => expect((await stored()).cellNotes.a1?.s2).toBe('タブを替える前に'));
  });
});

describe('other fields', () => {
  it('a placement note typed survives another panel saving the other note, and both are stored', async () => {
    const db = await getDB();
    await saveBoard(db, BOARD);
    const { clip } = await saveClip(db, makePage({ title: '一つ目' }), {
      quotes: [{ text: '長期的な関係', context: '' }],
    });
    const first = await placeClip(db, { boardId: BOARD.id, clipId: clip.id, aspectId: 'a1' });
    const quoteId = (await db.getAll('quotes'))[0]!.id;
    const second = await placeClip(db, { boardId: BOARD.id, clipId: clip.id, quoteId, aspectId: 'a2' });
    // One panel here: opening a note field focuses it, and two panels in one document would
    // take the focus from each other. The other panel's save is its write and its broadcast.
    await panel.mount();
    click(a, '.tab-boards');
    await vi.waitFor(() => expect($(a, '.board-card')).not.toBeNull());
    click(a, '.board-card .clip-open');
    await vi.waitFor(() => expect(a.querySelectorAll('.placement')).toHaveLength(2));
    const button = (id: string) =>
      $<HTMLButtonElement>(a, `[data-placement-id="${id}"] .placement-note-button`)!;
    const field = (id: string) => $<HTMLTextAreaElement>(a, `[data-placement-id="${id}"] .placement-note`)!;
    button(first.id).click();
    await vi.waitFor(() => expect(field(first.id)).not.toBeNull());
    type(field(first.id), '訪問頻度の根拠');

    await updateNote(db, 'placements', second.id, '引用の補足');
    broadcast({ type: 'library-changed', from: 'another panel' });
    await vi.waitFor(() => expect(button(second.id).textContent).toBe('引用の補足'));
    expect(field(first.id).value).toBe('訪問頻度の根拠');
    leave(field(first.id));
    await vi.waitFor(async () =>
      expect(Object.fromEntries((await db.getAll('placements')).map((p) => [p.id, p.note]))).toEqual({
        [first.id]: '訪問頻度の根拠',
        [second.id]: '引用の補足',
      }),
    );
    await vi.waitFor(() => expect(button(first.id).textContent).toBe('訪問頻度の根拠'));
  });

  it('a board title: refused with the reason and kept, the IME Enter saves nothing, a later Enter saves', async () => {
    await saveBoard(await getDB(), BOARD);
    await panel.mount();
    click(a, '.tab-boards');
    await vi.waitFor(() => expect($(a, '.board-card')).not.toBeNull());
    click(a, '.board-card .clip-open');
    await vi.waitFor(() => expect($(a, '.edit-board')).not.toBeNull());
    click(a, '.edit-board');
    await vi.waitFor(() => expect($(a, '.board-title-input')).not.toBeNull());
    const title = $<HTMLInputElement>(a, '.board-title-input')!;
    type(title, '   ');
    title.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', keyCode: 13, bubbles: true }));
    await vi.waitFor(() => expect($(a, '.form-error')).not.toBeNull());
    expect(title.value).toBe('   ');
    expect((await stored()).title).toBe(BOARD.title);

    type(title, '営業の比較');
    title.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, keyCode: 229, bubbles: true }),
    );
    await settle();
    expect((await stored()).title).toBe(BOARD.title);
    title.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', keyCode: 13, bubbles: true }));
    await vi.waitFor(async () => expect((await stored()).title).toBe('営業の比較'));
    await vi.waitFor(() => expect($(a, '.form-error')).toBeNull());
  });

  it('tags added in one panel and removed in the other both hold', async () => {
    const db = await getDB();
    const { clip } = await saveClip(db, makePage());
    await db.put('clips', { ...(await db.get('clips', clip.id))!, tags: ['営業', '比較'] });
    await mountBoth();
    for (const root of [a, b]) {
      click(root, '.clip-card .clip-open');
      await vi.waitFor(() => expect($(root, '.tag-input')).not.toBeNull());
    }
    type($<HTMLInputElement>(a, '.tag-input')!, '顧客');
    $(a, '.tag-input')!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', keyCode: 13, bubbles: true }),
    );
    // B removes a tag from its copy of the list, which does not have A's tag yet or has it: either way both hold.
    $<HTMLButtonElement>(b, '.tag-chip button')!.click();
    await vi.waitFor(async () => expect((await db.get('clips', clip.id))!.tags).toEqual(['比較', '顧客']));
    await vi.waitFor(() =>
      expect([...b.querySelectorAll('.tag-chip')].map((c) => c.firstChild?.textContent)).toEqual([
        '比較',
        '顧客',
      ]),
    );
  });

  it(`refuses more than ${LIMITS.tagsPerClip} tags on a clip, keeping what was typed`, async () => {
    const db = await getDB();
    const { clip } = await saveClip(db, makePage());
    const many = Array.from({ length: LIMITS.tagsPerClip - 1 }, (_, i) => `t${i}`);
    await db.put('clips', { ...(await db.get('clips', clip.id))!, tags: many });
    await panel.mount();
    click(a, '.clip-card .clip-open');
    await vi.waitFor(() => expect($(a, '.tag-input')).not.toBeNull());
    const input = $<HTMLInputElement>(a, '.tag-input')!;
    type(input, '一つ目 二つ目');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', keyCode: 13, bubbles: true }));
    await vi.waitFor(() =>
      expect($(a, '.tags-error')?.textContent).toBe(`タグは1つのクリップに${LIMITS.tagsPerClip}個までです。`),
    );
    expect(input.value).toBe('一つ目 二つ目');
    expect((await db.get('clips', clip.id))!.tags).toHaveLength(LIMITS.tagsPerClip - 1);
    // One more fits.
    type(input, '一つ目');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', keyCode: 13, bubbles: true }));
    await vi.waitFor(async () =>
      expect((await db.get('clips', clip.id))!.tags).toHaveLength(LIMITS.tagsPerClip),
    );
    expect($(a, '.tags-error')).toBeNull();
    // The reader shows the first chips and the rest on request.
    await vi.waitFor(() => expect(a.querySelectorAll('.tag-editor .tag-chip')).toHaveLength(30));
    click(a, '.show-all-tags');
    await vi.waitFor(() =>
      expect(a.querySelectorAll('.tag-editor .tag-chip')).toHaveLength(LIMITS.tagsPerClip),
    );
  });

  it('export options chosen in two panels are both kept', async () => {
    await saveBoard(await getDB(), BOARD);
    await mountBoth();
    for (const root of [a, b]) {
      click(root, '.tab-boards');
      await vi.waitFor(() => expect($(root, '.board-card')).not.toBeNull());
      click(root, '.board-card .clip-open');
      await vi.waitFor(() => expect($(root, '.show-export')).not.toBeNull());
      click(root, '.show-export');
      await vi.waitFor(() => expect($(root, '.export-options')).not.toBeNull());
    }
    $<HTMLInputElement>(a, 'input[name="titleSeparate"]')!.click();
    await vi.waitFor(async () =>
      expect(await getSetting(await getDB(), `exportOptions:${BOARD.id}`)).toMatchObject({
        titleSeparate: true,
      }),
    );
    // B has not reloaded its choices yet, or has: choosing another option keeps A's.
    $<HTMLInputElement>(b, 'input[name="summary"]')!.click();
    await vi.waitFor(async () =>
      expect(await getSetting(await getDB(), `exportOptions:${BOARD.id}`)).toMatchObject({
        titleSeparate: true,
        summary: false,
      }),
    );
    await vi.waitFor(() => expect($<HTMLInputElement>(b, 'input[name="titleSeparate"]')!.checked).toBe(true));
    await vi.waitFor(() => expect($<HTMLInputElement>(a, 'input[name="summary"]')!.checked).toBe(false));
  });
});

describe('a clip with hundreds of tags', () => {
  it('shows three on its card and counts the rest; the tag row shows the most used and more on request', async () => {
    const db = await getDB();
    const { clip } = await saveClip(db, makePage({ url: 'https://a.example/many' }));
    const { clip: other } = await saveClip(db, makePage({ url: 'https://a.example/few' }));
    const many = Array.from({ length: 500 }, (_, i) => `タグ${String(i).padStart(3, '0')}`);
    // Written straight to the database, as a backup from before the limits could have left it.
    await db.put('clips', { ...(await db.get('clips', clip.id))!, tags: many });
    await db.put('clips', { ...(await db.get('clips', other.id))!, tags: ['タグ499'] });
    await panel.mount();
    await vi.waitFor(() => expect(a.querySelectorAll('.tag-filter .tag-chip')).toHaveLength(21));
    const card = $(a, `.clip-card[data-clip-id="${clip.id}"]`)!;
    expect([...card.querySelectorAll('.clip-tags .tag')].map((t) => t.textContent)).toEqual([
      'タグ000',
      'タグ001',
      'タグ002',
      'ほか497',
    ]);
    // Most used first: the tag on both clips leads the row ("All", then it).
    expect(a.querySelectorAll('.tag-filter .tag-chip')[1]!.textContent).toBe('タグ499 2');
    expect($(a, '.show-more-tags')!.textContent).toBe('もっと見る（残り480件）');
    click(a, '.show-more-tags');
    await vi.waitFor(() => expect(a.querySelectorAll('.tag-filter .tag-chip')).toHaveLength(121));
  });
});
