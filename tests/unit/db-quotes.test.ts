import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  changeQuoteText,
  emptyTrash,
  type KurabeDatabase,
  listQuotes,
  openKurabeDB,
  putPlacement,
  restoreQuote,
  saveClip,
  trashQuote,
} from '@/utils/db';
import { makePage } from '../helpers/pages';

let db: KurabeDatabase;
let n = 0;
const newId = () => `id-${++n}`;

beforeEach(async () => {
  db = await openKurabeDB(new IDBFactory());
  return () => db.close();
});

describe('deleting and editing quotes', () => {
  it('deletes a quote and brings it back, its placement kept throughout', async () => {
    const { clip, quoteIds } = await saveClip(db, makePage(), {
      newId,
      quotes: [
        { text: 'q1', context: '' },
        { text: 'q2', context: '' },
      ],
    });
    await db.put('placements', {
      id: 'p',
      boardId: 'b',
      clipId: clip.id,
      quoteId: quoteIds[0],
      order: 'a',
      note: '',
      noteKind: 'article',
    });
    const trashed = await trashQuote(db, quoteIds[0]!, 77);
    expect(trashed.deletedAt).toBe(77);
    expect((await listQuotes(db, clip.id)).map((q) => q.text)).toEqual(['q2']);
    expect(await db.get('placements', 'p')).toBeDefined();
    await restoreQuote(db, quoteIds[0]!);
    expect((await listQuotes(db, clip.id)).map((q) => q.text)).toEqual(['q1', 'q2']);
    expect((await db.get('quotes', quoteIds[0]!))?.deletedAt).toBeUndefined();
  });

  it('removes deleted quotes and their placements for good when the Trash is emptied', async () => {
    const { clip, quoteIds } = await saveClip(db, makePage(), {
      newId,
      quotes: [
        { text: 'q1', context: '' },
        { text: 'q2', context: '' },
      ],
    });
    await db.put('placements', {
      id: 'p1',
      boardId: 'b',
      clipId: clip.id,
      quoteId: quoteIds[0],
      order: 'a',
      note: '',
      noteKind: 'article',
    });
    await db.put('placements', {
      id: 'p2',
      boardId: 'b',
      clipId: clip.id,
      quoteId: quoteIds[1],
      order: 'b',
      note: '',
      noteKind: 'article',
    });
    await db.put('placements', {
      id: 'p3',
      boardId: 'b',
      clipId: clip.id,
      order: 'c',
      note: '',
      noteKind: 'article',
    });
    await trashQuote(db, quoteIds[0]!);
    await emptyTrash(db);
    expect((await db.getAll('quotes')).map((q) => q.text)).toEqual(['q2']);
    expect((await db.getAll('placements')).map((p) => p.id).sort()).toEqual(['p2', 'p3']);
  });

  it('changes a quote’s text from the stored record, or writes nothing when refused', async () => {
    const { quoteIds } = await saveClip(db, makePage(), {
      newId,
      quotes: [{ text: 'long quote', context: 'c' }],
    });
    const id = quoteIds[0]!;
    const kept = await changeQuoteText(db, id, () => undefined);
    expect(kept.after).toBeUndefined();
    expect((await db.get('quotes', id))?.text).toBe('long quote');
    const { before, after } = await changeQuoteText(db, id, () => 'quote');
    expect(before.text).toBe('long quote');
    expect(after?.text).toBe('quote');
    expect((await db.get('quotes', id))?.text).toBe('quote');
    await expect(trashQuote(db, 'nope')).rejects.toThrow('No quote nope');
  });

  it('puts a placement back as it was (the Undo of a move)', async () => {
    const original: Placement = {
      id: 'p',
      boardId: 'b',
      clipId: 'c',
      aspectId: 'a1',
      order: 'm',
      note: 'n',
      noteKind: 'article',
    };
    await db.put('placements', { ...original, aspectId: 'a2', order: 'z' });
    await putPlacement(db, original);
    expect(await db.get('placements', 'p')).toEqual(original);
  });
});
