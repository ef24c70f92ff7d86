import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getDB, getSetting, listBoards, listPlacements, placeClip, saveClip } from '@/utils/db';
import { broadcast } from '@/utils/messages';
import { makePage } from '../helpers/pages';
import { useSidePanel } from '../helpers/panel';

const panel = useSidePanel();
const mount = panel.mount;
// The container of the current test (a getter: each test gets a new one).
let root: HTMLElement;
beforeEach(() => {
  root = panel.root();
});

const $ = <T extends Element = HTMLElement>(selector: string) => root.querySelector<T>(selector);
const click = (selector: string) => $<HTMLButtonElement>(selector)!.click();
/** Types into a field and lets Preact render the new state. */
async function type(selector: string, value: string) {
  const field = $<HTMLInputElement | HTMLTextAreaElement>(selector)!;
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
  await new Promise((r) => setTimeout(r, 20));
}

async function createRouteBoard() {
  click('.tab-boards');
  await vi.waitFor(() => expect($('.new-board')).not.toBeNull());
  click('.new-board');
  await vi.waitFor(() => expect($('.board-form')).not.toBeNull());
  await type('.board-form input[name="title"]', 'ルート営業 vs 営業一般');
  await type('.board-form textarea[name="subjects"]', 'ルート営業\n営業一般');
  await type('.board-form textarea[name="aspects"]', '評価軸\n情報の扱い方\n成果の測り方');
}

/** Creates the sample board through the form and waits until it is open. */
async function makeRouteBoard() {
  await createRouteBoard();
  $<HTMLFormElement>('.board-form')!.requestSubmit();
  await vi.waitFor(() => expect($('#board-title')?.textContent).toBe('ルート営業 vs 営業一般'));
  const [board] = await listBoards(await getDB());
  return board!;
}

/** Goes to the board list afresh (it reloads from the database) and opens the first board. */
async function reopenBoard() {
  click('.tab-inbox');
  click('.tab-boards');
  await vi.waitFor(() => expect($('.board-card')).not.toBeNull());
  click('.board-card .clip-open');
}

describe('boards in the side panel', () => {
  it('creates a board, and refuses a bad one with a clear message', async () => {
    await mount();
    await createRouteBoard();
    await type('.board-form textarea[name="subjects"]', 'ルート営業');
    $<HTMLFormElement>('.board-form')!.requestSubmit();
    await vi.waitFor(() => expect($('.form-error')?.textContent).toBe('比較には対象が2つ以上必要です。'));
    expect(await listBoards(await getDB())).toHaveLength(0);

    // Enter confirming an IME conversion in the title does not submit.
    await type('.board-form textarea[name="subjects"]', 'ルート営業\n営業一般');
    $('.board-form input[name="title"]')!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, keyCode: 229, bubbles: true }),
    );
    await new Promise((r) => setTimeout(r, 30));
    expect(await listBoards(await getDB())).toHaveLength(0);

    $<HTMLFormElement>('.board-form')!.requestSubmit();
    // The new board opens at once, in its sections.
    await vi.waitFor(() => expect($('#board-title')?.textContent).toBe('ルート営業 vs 営業一般'));
    expect($('.board-card')).toBeNull();
    expect([...root.querySelectorAll('.aspect-section h2')].map((h) => h.textContent)).toEqual([
      '評価軸',
      '情報の扱い方',
      '成果の測り方',
    ]);
    const [board] = await listBoards(await getDB());
    expect(board).toMatchObject({ title: 'ルート営業 vs 営業一般' });
    expect(board!.aspects.map((a) => a.name)).toEqual(['評価軸', '情報の扱い方', '成果の測り方']);
    click('.board .link-button'); // back to the list of boards
    await vi.waitFor(() => expect($('.board-card')?.textContent).toContain('ルート営業 / 営業一般'));
  });

  it('suggests a board for an inbox clip, files it with one click, and shows it on the board', async () => {
    await saveClip(
      await getDB(),
      makePage({
        title: 'ルート営業の情報の扱い方',
        text: 'ルート営業は購買履歴やクレーム記録などの情報を扱い方を工夫して提案に活かす。',
      }),
    );
    await mount();
    await createRouteBoard();
    $<HTMLFormElement>('.board-form')!.requestSubmit();
    await vi.waitFor(() => expect($('#board-title')).not.toBeNull());

    click('.tab-inbox');
    await vi.waitFor(() => expect($('.suggestion')).not.toBeNull());
    expect($('.suggestion')?.textContent).toContain('おすすめ: ルート営業 vs 営業一般 › 情報の扱い方');
    click('.accept-suggestion');
    await vi.waitFor(() =>
      expect($('.toast')?.textContent).toContain('「ルート営業 vs 営業一般」に追加しました。'),
    );
    const [board] = await listBoards(await getDB());
    const [placement] = await listPlacements(await getDB(), board!.id);
    expect(placement).toMatchObject({ aspectId: board!.aspects[1]!.id, subjectId: board!.subjects[0]!.id });
    await vi.waitFor(() => expect($('.suggestion')).toBeNull()); // filed clips are not suggested again

    click('.tab-boards');
    await vi.waitFor(() => expect($('.board-card')).not.toBeNull());
    click('.board-card .clip-open');
    await vi.waitFor(() => expect($('.placement')).not.toBeNull());
    expect($(`[data-aspect="${board!.aspects[1]!.id}"] .placement-text`)?.textContent).toBe(
      'ルート営業の情報の扱い方',
    );
  });

  it('moves a clip to another aspect and subject by keyboard, reorders it, and keeps a cell note', async () => {
    const db = await getDB();
    const a = await saveClip(db, makePage({ url: 'https://a.example/1', title: '一つ目' }));
    const b = await saveClip(db, makePage({ url: 'https://a.example/2', title: '二つ目' }));
    await mount();
    const board = await makeRouteBoard();
    await placeClip(db, { boardId: board!.id, clipId: a.clip.id, aspectId: board!.aspects[0]!.id });
    await placeClip(db, { boardId: board!.id, clipId: b.clip.id, aspectId: board!.aspects[0]!.id });
    await reopenBoard();
    await vi.waitFor(() => expect(root.querySelectorAll('.placement')).toHaveLength(2));

    const titles = () => [...root.querySelectorAll('.placement-text')].map((e) => e.textContent);
    expect(titles()).toEqual(['一つ目', '二つ目']);
    root.querySelectorAll<HTMLButtonElement>('.step-up')[1]!.click();
    await vi.waitFor(() => expect(titles()).toEqual(['二つ目', '一つ目']));
    expect(root.querySelectorAll('.step-up')[1]!.getAttribute('aria-label')).toBe('上へ: 一つ目');
    // The panel shows the move without reading the board back (issue 14): the database agrees.
    const stored = (await listPlacements(db, board!.id)).sort((x, y) => (x.order < y.order ? -1 : 1));
    expect(stored.map((p) => p.clipId)).toEqual([b.clip.id, a.clip.id]);

    // The pickers open from "Move…", focused, so the keyboard goes straight to them.
    expect(root.querySelector('.move-aspect')).toBeNull();
    const moveOpen = root.querySelectorAll<HTMLButtonElement>('.move-open')[0]!;
    expect(moveOpen.getAttribute('aria-label')).toBe('移動…: 二つ目');
    moveOpen.focus();
    moveOpen.click();
    await vi.waitFor(() => expect(root.querySelector('.move-aspect')).not.toBeNull());
    expect(moveOpen.getAttribute('aria-expanded')).toBe('true');
    const select = root.querySelectorAll<HTMLSelectElement>('.move-aspect')[0]!;
    expect(document.activeElement).toBe(select);
    select.value = board!.aspects[2]!.id;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await vi.waitFor(() =>
      expect($(`[data-aspect="${board!.aspects[2]!.id}"] .placement-text`)?.textContent).toBe('二つ目'),
    );
    $<HTMLButtonElement>(`[data-aspect="${board!.aspects[2]!.id}"] .move-open`)!.click();
    await vi.waitFor(() =>
      expect($(`[data-aspect="${board!.aspects[2]!.id}"] .move-subject`)).not.toBeNull(),
    );
    const subject = $<HTMLSelectElement>(`[data-aspect="${board!.aspects[2]!.id}"] .move-subject`)!;
    subject.value = board!.subjects[1]!.id;
    subject.dispatchEvent(new Event('change', { bubbles: true }));
    await vi.waitFor(() =>
      expect(
        $(
          `[data-aspect="${board!.aspects[2]!.id}"] [data-subject="${board!.subjects[1]!.id}"] .placement-text`,
        )?.textContent,
      ).toBe('二つ目'),
    );

    click('.show-matrix');
    await vi.waitFor(() => expect($('.matrix')).not.toBeNull());
    const cell = $<HTMLTextAreaElement>(
      `[data-cell="${board!.aspects[0]!.id}:${board!.subjects[0]!.id}"] .cell-note`,
    )!;
    expect(cell.getAttribute('aria-label')).toBe('評価軸 × ルート営業のメモ');
    cell.value = '継続率・顧客満足度';
    cell.dispatchEvent(new Event('blur'));
    cell.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    await vi.waitFor(async () =>
      expect((await listBoards(db))[0]!.cellNotes[board!.aspects[0]!.id]?.[board!.subjects[0]!.id]).toBe(
        '継続率・顧客満足度',
      ),
    );
    expect(
      $(`[data-cell="${board!.aspects[2]!.id}:${board!.subjects[1]!.id}"] .cell-items`)?.textContent,
    ).toBe('二つ目');
  });
});

describe('candidate sentences in the comparison table (候補文)', () => {
  it('shows a cell its candidates with their source; Insert writes the cell, cites the clip, marks it used', async () => {
    const db = await getDB();
    const { clip } = await saveClip(
      db,
      makePage({
        url: 'https://a.example/eval',
        title: '営業の評価軸を比べる',
        siteName: '営業ノート',
        text: '評価の話をしよう。ルート営業の評価軸は継続率で、営業一般に比べて既存顧客の満足度を重く見る。天気の話は関係ない。',
      }),
    );
    await mount();
    const board = await makeRouteBoard();
    const [aspect] = board!.aspects;
    const [route] = board!.subjects;
    await placeClip(db, { boardId: board!.id, clipId: clip.id, aspectId: aspect!.id });
    await reopenBoard();
    click('.show-matrix');
    const cell = `[data-cell="${aspect!.id}:${route!.id}"]`;
    await vi.waitFor(() => expect($(`${cell} .candidate-sentence`)).not.toBeNull());
    const sentence = 'ルート営業の評価軸は継続率で、営業一般に比べて既存顧客の満足度を重く見る。';
    expect($(`${cell} .candidate-sentence`)!.textContent).toBe(sentence);
    expect($(`${cell} .candidate-context`)!.textContent).toContain('営業の評価軸を比べる（営業ノート）');

    $<HTMLButtonElement>(`${cell} .insert-candidate`)!.click();
    await vi.waitFor(async () => {
      const stored = (await listBoards(db))[0]!;
      expect(stored.cellNotes[aspect!.id]?.[route!.id]).toBe(sentence);
      expect(stored.cellSources?.[aspect!.id]?.[route!.id]).toEqual([{ clipId: clip.id }]);
    });
    await vi.waitFor(() => expect($(`${cell} .candidate-used`)).not.toBeNull());
    expect($<HTMLTextAreaElement>(`${cell} .cell-note`)!.value).toBe(sentence);
  });
});

describe('auto-filing', () => {
  const routeInfoPage = (url: string, title: string) =>
    makePage({
      url,
      title,
      text: 'ルート営業は購買履歴やクレーム記録などの情報を扱い方を工夫して提案に活かす。',
    });

  it('is off by default; once on, files only clips clipped since, with Undo', async () => {
    const db = await getDB();
    await saveClip(db, routeInfoPage('https://a.example/before', '前からあるクリップ'));
    await mount();
    const board = await makeRouteBoard();
    // Off: the clip only gets a suggestion.
    click('.tab-inbox');
    await vi.waitFor(() => expect($('.suggestion')).not.toBeNull());
    expect(await listPlacements(db, board.id)).toEqual([]);

    click('.tab-boards');
    await vi.waitFor(() => expect($('.auto-file-toggle')).not.toBeNull());
    const toggle = $<HTMLInputElement>('.auto-file-toggle')!;
    expect(toggle.checked).toBe(false);
    toggle.click();
    await vi.waitFor(async () => expect(await getSetting<number>(db, 'autoFileSince')).toBeTypeOf('number'));

    await new Promise((r) => setTimeout(r, 5));
    const { clip: fresh } = await saveClip(db, routeInfoPage('https://a.example/after', '新しいクリップ'));
    click('.tab-inbox');
    broadcast({ type: 'library-changed', from: 'another page' });
    await vi.waitFor(async () => expect(await listPlacements(db, board.id)).toHaveLength(1));
    const [placement] = await listPlacements(db, board.id);
    expect(placement).toMatchObject({ clipId: fresh.id, aspectId: board.aspects[1]!.id });
    await vi.waitFor(() =>
      expect($('.toast')?.textContent).toContain(
        '「新しいクリップ」を自動で「ルート営業 vs 営業一般」に追加しました。',
      ),
    );
    // The clip from before stays a suggestion.
    expect(root.querySelectorAll('.suggestion')).toHaveLength(1);

    click('.toast button');
    await vi.waitFor(async () => expect(await listPlacements(db, board.id)).toEqual([]));
  });
});

describe('a note on a placement', () => {
  it('opens a field when asked, saves on leaving it, and shows the note on the board', async () => {
    const db = await getDB();
    const a = await saveClip(db, makePage({ url: 'https://a.example/1', title: '一つ目' }));
    await mount();
    const board = await makeRouteBoard();
    await placeClip(db, { boardId: board.id, clipId: a.clip.id, aspectId: board.aspects[0]!.id });
    await reopenBoard();
    await vi.waitFor(() => expect($('.placement-note-button')).not.toBeNull());
    // No form field until the user asks for one: a large board renders without 500 text areas.
    expect($('.placement-note')).toBeNull();
    const button = $<HTMLButtonElement>('.placement-note-button')!;
    expect(button.getAttribute('aria-label')).toBe('このボードでのメモ: 一つ目');
    expect(button.classList.contains('is-empty')).toBe(true);
    button.click();
    await vi.waitFor(() => expect(document.activeElement?.classList.contains('placement-note')).toBe(true));
    const field = $<HTMLTextAreaElement>('.placement-note')!;
    field.value = '訪問頻度の根拠に使う';
    field.dispatchEvent(new FocusEvent('blur'));
    field.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    await vi.waitFor(async () =>
      expect((await listPlacements(db, board.id))[0]!.note).toBe('訪問頻度の根拠に使う'),
    );
    await vi.waitFor(() => expect($('.placement-note-button')?.textContent).toBe('訪問頻度の根拠に使う'));
    expect($('.placement-note-button')!.classList.contains('is-empty')).toBe(false);

    await reopenBoard();
    await vi.waitFor(() => expect($('.placement-note-button')?.textContent).toBe('訪問頻度の根拠に使う'));
  });
});

describe('editing a board', () => {
  async function openEditor() {
    await mount();
    await createRouteBoard();
    $<HTMLFormElement>('.board-form')!.requestSubmit();
    // The new board opens at once.
    await vi.waitFor(() => expect($('.edit-board')).not.toBeNull());
    click('.edit-board');
    await vi.waitFor(() => expect($('.board-editor')).not.toBeNull());
  }

  it('renames, adds and reorders aspects, and refuses to drop below two subjects', async () => {
    await openEditor();
    const db = await getDB();
    const title = $<HTMLInputElement>('.board-title-input')!;
    title.value = 'ルート営業と営業一般の比較';
    title.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 20));
    title.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', keyCode: 13, bubbles: true }));
    await vi.waitFor(async () => expect((await listBoards(db))[0]!.title).toBe('ルート営業と営業一般の比較'));

    await type('.edit-aspects .new-part', '育成のしかた');
    click('.edit-aspects .add-part-button');
    await vi.waitFor(async () =>
      expect((await listBoards(db))[0]!.aspects.map((a) => a.name)).toContain('育成のしかた'),
    );
    await vi.waitFor(() => expect(root.querySelectorAll('.edit-aspects li')).toHaveLength(4));
    root.querySelectorAll<HTMLButtonElement>('.edit-aspects li')[3]!.querySelectorAll('button')[0]!.click(); // ↑
    await vi.waitFor(async () =>
      expect((await listBoards(db))[0]!.aspects.map((a) => a.name)).toEqual([
        '評価軸',
        '情報の扱い方',
        '育成のしかた',
        '成果の測り方',
      ]),
    );

    await type('.edit-aspects .new-part', '評価軸');
    click('.edit-aspects .add-part-button');
    await vi.waitFor(() => expect($('.form-error')?.textContent).toBe('「評価軸」が重複しています。'));

    root.querySelectorAll<HTMLButtonElement>('.edit-subjects .remove-part')[0]!.click();
    await vi.waitFor(() => expect($('.form-error')?.textContent).toBe('比較には対象が2つ以上必要です。'));
    expect((await listBoards(db))[0]!.subjects).toHaveLength(2);
  });

  it('removing an aspect with clips asks where they go, and moves them there', async () => {
    const db = await getDB();
    const { clip } = await saveClip(db, makePage());
    await openEditor();
    const [board] = await listBoards(db);
    await placeClip(db, { boardId: board!.id, clipId: clip.id, aspectId: board!.aspects[0]!.id });
    // Leave and come back to the editor so it sees the new placement.
    click('.done-editing');
    await reopenBoard();
    await vi.waitFor(() => expect($('.edit-board')).not.toBeNull());
    click('.edit-board');
    await vi.waitFor(() => expect($('.edit-aspects .remove-part')).not.toBeNull());

    root.querySelectorAll<HTMLButtonElement>('.edit-aspects .remove-part')[0]!.click();
    await vi.waitFor(() => expect($('.remove-where')).not.toBeNull());
    expect($('.remove-where')?.textContent).toContain('「評価軸」には1件あります。移動先:');
    const where = $<HTMLSelectElement>('.remove-where select')!;
    where.value = board!.aspects[2]!.id;
    where.dispatchEvent(new Event('change', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 20));
    click('.confirm-remove');
    await vi.waitFor(async () =>
      expect((await listBoards(db))[0]!.aspects.map((a) => a.name)).toEqual(['情報の扱い方', '成果の測り方']),
    );
    expect((await listPlacements(db, board!.id))[0]!.aspectId).toBe(board!.aspects[2]!.id);
  });

  it('a deleted board goes to the Trash with undo, comes back from it, and is emptied with it', async () => {
    await openEditor();
    const db = await getDB();
    click('.delete-board');
    await vi.waitFor(() =>
      expect($('.toast')?.textContent).toContain('ボード「ルート営業 vs 営業一般」をゴミ箱へ移動しました。'),
    );
    expect(await listBoards(db)).toHaveLength(0);
    click('.toast-action');
    await vi.waitFor(async () => expect(await listBoards(db)).toHaveLength(1));

    await vi.waitFor(() => expect($('.board-card')).not.toBeNull());
    click('.board-card .clip-open');
    await vi.waitFor(() => expect($('.edit-board')).not.toBeNull());
    click('.edit-board');
    await vi.waitFor(() => expect($('.delete-board')).not.toBeNull());
    click('.delete-board');
    await vi.waitFor(async () => expect(await listBoards(db)).toHaveLength(0));
    click('.tab-inbox');
    await vi.waitFor(() => expect($('.open-trash')).not.toBeNull());
    click('.open-trash');
    await vi.waitFor(() => expect($('.trashed-boards .restore-board')).not.toBeNull());
    click('.trashed-boards .restore-board');
    await vi.waitFor(async () => expect(await listBoards(db)).toHaveLength(1));
  });

  it('an archived board stays in the list but gets no suggestions', async () => {
    const db = await getDB();
    await saveClip(db, makePage({ title: 'ルート営業の評価軸', text: 'ルート営業は継続率で評価される。' }));
    await openEditor();
    click('.archive-board');
    await vi.waitFor(async () => expect((await listBoards(db))[0]!.archivedAt).toBeTypeOf('number'));
    click('.done-editing');
    click('.tab-inbox');
    await vi.waitFor(() => expect($('.clip-card')).not.toBeNull());
    await new Promise((r) => setTimeout(r, 30));
    expect($('.suggestion')).toBeNull();
    click('.tab-boards');
    await vi.waitFor(() => expect($('.archived-boards .board-card')).not.toBeNull());
  });
});

describe('deleting a clip that sits on a board', () => {
  it('asks first, and can be undone', async () => {
    const db = await getDB();
    const { clip } = await saveClip(db, makePage({ title: 'ボード上の記事' }));
    await mount();
    const board = await makeRouteBoard();
    await placeClip(db, { boardId: board!.id, clipId: clip.id });
    click('.tab-boards'); // reloads boards and placements
    await vi.waitFor(() => expect($('.board-card')?.textContent).toContain('1件'));
    click('.tab-inbox');
    await vi.waitFor(() => expect($('.clip-card .trash-button')).not.toBeNull());

    click('.clip-card .trash-button');
    await vi.waitFor(() => expect($('.confirm-trash')).not.toBeNull());
    expect($('.confirm-trash')?.textContent).toContain('「ボード上の記事」はボード1件に置かれています。');
    // The question takes the focus (it shows above the list, maybe far from the card clicked).
    await vi.waitFor(() => expect(document.activeElement).toBe($('.confirm-trash-yes')));
    expect((await db.get('clips', clip.id))!.deletedAt).toBeUndefined();
    click('.confirm-trash .plain-button'); // Cancel
    await vi.waitFor(() => expect($('.confirm-trash')).toBeNull());
    expect((await db.get('clips', clip.id))!.deletedAt).toBeUndefined();

    click('.clip-card .trash-button');
    await vi.waitFor(() => expect($('.confirm-trash-yes')).not.toBeNull());
    click('.confirm-trash-yes');
    await vi.waitFor(async () => expect((await db.get('clips', clip.id))!.deletedAt).toBeTypeOf('number'));
    click('.toast-action');
    await vi.waitFor(async () => expect((await db.get('clips', clip.id))!.deletedAt).toBeUndefined());
    expect(await listPlacements(db, board!.id)).toHaveLength(1);
  });
});

describe('drag and drop on a board', () => {
  it('drops a clip before another, and into an empty cell of another aspect', async () => {
    const db = await getDB();
    const a = await saveClip(db, makePage({ url: 'https://a.example/1', title: '一つ目' }));
    const b = await saveClip(db, makePage({ url: 'https://a.example/2', title: '二つ目' }));
    await mount();
    const board = await makeRouteBoard();
    const first = board!.aspects[0]!.id;
    await placeClip(db, { boardId: board!.id, clipId: a.clip.id, aspectId: first });
    await placeClip(db, { boardId: board!.id, clipId: b.clip.id, aspectId: first });
    await reopenBoard();
    await vi.waitFor(() => expect(root.querySelectorAll('.placement')).toHaveLength(2));
    const titles = () => [...root.querySelectorAll('.placement-text')].map((e) => e.textContent);
    const fire = (el: Element, type: string) =>
      el.dispatchEvent(new Event(type, { bubbles: true, cancelable: true }));
    const placementOf = (title: string) =>
      [...root.querySelectorAll('.placement')].find((li) => li.textContent?.includes(title))!;

    fire(placementOf('二つ目'), 'dragstart');
    await vi.waitFor(() => expect($('.drop-target')).not.toBeNull());
    fire(placementOf('一つ目'), 'dragover');
    fire(placementOf('一つ目'), 'drop');
    await vi.waitFor(() => expect(titles()).toEqual(['二つ目', '一つ目']));

    fire(placementOf('一つ目'), 'dragstart');
    const target = board!.aspects[1]!.id;
    await vi.waitFor(() =>
      expect($(`[data-aspect="${target}"] [data-subject="${board!.subjects[1]!.id}"]`)).not.toBeNull(),
    );
    const cell = $(`[data-aspect="${target}"] [data-subject="${board!.subjects[1]!.id}"]`)!;
    fire(cell, 'dragover');
    fire(cell, 'drop');
    await vi.waitFor(async () =>
      expect((await listPlacements(db, board!.id)).find((p) => p.clipId === a.clip.id)).toMatchObject({
        aspectId: target,
        subjectId: board!.subjects[1]!.id,
      }),
    );
    await vi.waitFor(() =>
      expect($(`[data-aspect="${target}"] .placement-text`)?.textContent).toBe('一つ目'),
    );
  });
});

describe('the board list', () => {
  it('reorders boards by keyboard', async () => {
    const db = await getDB();
    await mount();
    for (const title of ['一番目', '二番目', '三番目']) {
      click('.tab-boards');
      await vi.waitFor(() => expect($('.new-board')).not.toBeNull());
      click('.new-board');
      await vi.waitFor(() => expect($('.board-form')).not.toBeNull());
      await type('.board-form input[name="title"]', title);
      await type('.board-form textarea[name="subjects"]', 'A\nB');
      $<HTMLFormElement>('.board-form')!.requestSubmit();
      await vi.waitFor(() => expect($('#board-title')?.textContent).toBe(title));
      await vi.waitFor(async () => expect((await listBoards(db)).map((b) => b.title)).toContain(title));
    }
    click('.tab-boards');
    const titles = () => [...root.querySelectorAll('.board-card .clip-title')].map((e) => e.textContent);
    await vi.waitFor(() => expect(titles()).toEqual(['一番目', '二番目', '三番目']));
    root.querySelectorAll<HTMLButtonElement>('.board-up')[2]!.click();
    await vi.waitFor(() => expect(titles()).toEqual(['一番目', '三番目', '二番目']));
    root.querySelectorAll<HTMLButtonElement>('.board-down')[0]!.click();
    await vi.waitFor(() => expect(titles()).toEqual(['三番目', '一番目', '二番目']));
    expect((await listBoards(db)).map((b) => b.title)).toEqual(['三番目', '一番目', '二番目']);
  });
});

describe('search', () => {
  it('finds 「継続率」 in clips and quotes, grouped by board, highlighted, and opens the clip', async () => {
    const db = await getDB();
    const onBoard = await saveClip(
      db,
      makePage({
        url: 'https://a.example/1',
        title: 'ルート営業の評価',
        text: 'ルート営業は継続率・顧客満足度で評価されます。',
      }),
    );
    await saveClip(
      db,
      makePage({ url: 'https://a.example/2', title: 'カフェの記事', text: '阿佐ヶ谷のカフェ。' }),
      {
        quotes: [{ text: '常連の継続率が高い店', context: '' }],
      },
    );
    await mount();
    const board = await makeRouteBoard();
    await placeClip(db, { boardId: board!.id, clipId: onBoard.clip.id });
    click('.tab-boards'); // reload placements

    click('.tab-search');
    await vi.waitFor(() => expect($('.search-input')).not.toBeNull());
    await type('.search-input', '継続率');
    await vi.waitFor(() => expect(root.querySelectorAll('.search-hit')).toHaveLength(2));
    expect([...root.querySelectorAll('.search-group h2')].map((h) => h.textContent)).toEqual([
      'ルート営業 vs 営業一般',
      'ボード外',
    ]);
    expect([...root.querySelectorAll('.search-snippet mark')].map((m) => m.textContent)).toEqual([
      '継続率',
      '継続率',
    ]);
    expect($('.search-group')!.textContent).toContain('ルート営業の評価');

    (root.querySelectorAll('.search-hit .clip-open')[1] as HTMLButtonElement).click();
    await vi.waitFor(() => expect($('.reader h1')?.textContent).toBe('カフェの記事'));
  });
});
