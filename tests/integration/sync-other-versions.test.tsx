// The other versions sync keeps (「別の端末での変更」) in the panel: shown on the cell note and the
// clip note they belong to, with this device's text beside them; keep, take or merge, and the
// `conflict:` document leaves the device's replica (the next sync takes that to every device).
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { type Board, getDB, saveBoard, saveClip } from '@/utils/db';
import { OTHER_VERSION_PREFIX, type OtherVersion } from '@/utils/sync/mirror';
import type { PouchDatabase } from '@/utils/sync/pouch';
import { LOCAL_SYNC_DB, SYNC_CONFIG_KEY } from '@/utils/sync/runner';
import { makePage } from '../helpers/pages';
import { useSidePanel } from '../helpers/panel';

const panel = useSidePanel();

const BOARD: Board = {
  id: 'board-1',
  title: '比較',
  subjects: [{ id: 's1', name: 'ルート営業' }],
  aspects: [{ id: 'a1', name: '評価軸' }],
  cellNotes: { a1: { s1: 'この端末の文' } },
  cellSources: {},
  order: 'a0',
  updatedAt: 1,
};

/** The device's replica as the panel opens it (pouchdb-browser on this test's IndexedDB). */
async function replica(): Promise<PouchDatabase> {
  const { default: PouchDB } = await import('pouchdb-browser');
  return new PouchDB(LOCAL_SYNC_DB);
}

/** Another version as the mirror writes it when it resolves a conflict. */
async function offer(local: PouchDatabase, version: OtherVersion): Promise<string> {
  const id = `${OTHER_VERSION_PREFIX}${version.docId}:${version.field}:${version.rev}`;
  await local.put({ _id: id, type: 'conflict', record: version });
  return id;
}

async function setUpSync() {
  await fakeBrowser.storage.local.set({
    [SYNC_CONFIG_KEY]: {
      serverUrl: 'https://couch.example',
      database: 'kurabe',
      username: 'aiko',
      password: 'secret',
    },
  });
}

const $ = <T extends Element = HTMLElement>(selector: string) => panel.root().querySelector<T>(selector);
const click = (selector: string) => $<HTMLButtonElement>(selector)!.click();

async function openTable() {
  click('.tab-boards');
  await vi.waitFor(() => expect($('.board-card')).not.toBeNull());
  click('.board-card .clip-open');
  await vi.waitFor(() => expect($('.show-matrix')).not.toBeNull());
  click('.show-matrix');
  await vi.waitFor(() => expect($('.matrix')).not.toBeNull());
}

const pending = async (local: PouchDatabase) =>
  (await local.allDocs({ startkey: OTHER_VERSION_PREFIX, endkey: `${OTHER_VERSION_PREFIX}\uffff` })).rows;

describe('別の端末での変更 in the panel', () => {
  it('a cell note shows both versions; merging joins them, edited, saved, and the other version is resolved', async () => {
    await saveBoard(await getDB(), BOARD);
    await setUpSync();
    const local = await replica();
    await offer(local, {
      docId: 'board:board-1',
      field: 'cell:a1:s1',
      text: '別の端末の文',
      rev: '3-abc',
    });
    await panel.mount();
    await openTable();
    await vi.waitFor(() => expect($('[data-cell="a1:s1"] .other-version')).not.toBeNull());
    const choice = $('[data-cell="a1:s1"] .other-version')!;
    expect(choice.querySelector('.other-version-title')!.textContent).toBe('別の端末での変更');
    expect(choice.querySelector('.other-version-mine .other-version-text')!.textContent).toBe('この端末の文');
    expect(choice.querySelector('.other-version-theirs .other-version-text')!.textContent).toBe(
      '別の端末の文',
    );

    choice.querySelector<HTMLButtonElement>('.other-version-merge')!.click();
    const merged = await vi.waitFor(() => {
      const field = $<HTMLTextAreaElement>('[data-cell="a1:s1"] .other-version-merged');
      expect(field).not.toBeNull();
      return field!;
    });
    expect(merged.value).toBe('この端末の文\n\n別の端末の文');
    merged.value = 'この端末の文。別の端末の文。';
    merged.dispatchEvent(new Event('input', { bubbles: true }));
    click('[data-cell="a1:s1"] .other-version-save-merged');
    await vi.waitFor(async () =>
      expect((await (await getDB()).get('boards', 'board-1'))!.cellNotes.a1?.s1).toBe(
        'この端末の文。別の端末の文。',
      ),
    );
    await vi.waitFor(() => expect($('.other-version')).toBeNull());
    expect(await pending(local)).toEqual([]);
  });

  it("a clip note: taking the other device's text saves it; keeping this one changes nothing", async () => {
    const db = await getDB();
    const { clip } = await saveClip(db, makePage({ url: 'https://news.example/1' }));
    await db.put('clips', { ...(await db.get('clips', clip.id))!, note: 'この端末のメモ' });
    const { clip: other } = await saveClip(db, makePage({ url: 'https://news.example/2' }));
    await db.put('clips', { ...(await db.get('clips', other.id))!, note: '残すメモ' });
    await setUpSync();
    const local = await replica();
    await offer(local, { docId: `clip:${clip.id}`, field: 'note', text: '別の端末のメモ', rev: '2-aaa' });
    await offer(local, { docId: `clip:${other.id}`, field: 'note', text: '捨てるメモ', rev: '2-bbb' });
    await panel.mount();

    click(`[data-clip-id="${clip.id}"] .clip-open`);
    await vi.waitFor(() => expect($('.clip-notes .other-version')).not.toBeNull());
    expect($('.clip-notes .other-version-theirs .other-version-text')!.textContent).toBe('別の端末のメモ');
    click('.clip-notes .other-version-take');
    await vi.waitFor(async () => expect((await db.get('clips', clip.id))!.note).toBe('別の端末のメモ'));
    await vi.waitFor(() => expect($('.clip-notes .other-version')).toBeNull());
    expect($<HTMLTextAreaElement>('.clip-note')!.value).toBe('別の端末のメモ');

    click('.reader-nav .link-button');
    await vi.waitFor(() => expect($(`[data-clip-id="${other.id}"] .clip-open`)).not.toBeNull());
    click(`[data-clip-id="${other.id}"] .clip-open`);
    await vi.waitFor(() => expect($('.clip-notes .other-version')).not.toBeNull());
    click('.clip-notes .other-version-keep');
    await vi.waitFor(async () => expect(await pending(local)).toEqual([]));
    expect((await db.get('clips', other.id))!.note).toBe('残すメモ');
    await vi.waitFor(() => expect($('.clip-notes .other-version')).toBeNull());
  });
});
