import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { filterClips } from '@/utils/clip-filter';
import {
  DB_VERSION,
  emptyTrash,
  LEAD_LENGTH,
  listClips,
  openKurabeDB,
  readAllLeads,
  readLeads,
  saveClip,
  withLeads,
} from '@/utils/db';
import { makePage } from '../../helpers/pages';
import { openOldVersion, pageId } from './old-schemas';

/** A clip record as versions 5 to 8 stored it (frozen here): its lead inside the record. */
const clipV8 = (i: number, extra = {}) => ({
  id: pageId(`${i}`),
  normalizedUrl: `https://a.example/${i}`,
  url: `https://a.example/${i}`,
  title: `記事${i}`,
  byline: '',
  siteName: 'a.example',
  lang: 'ja',
  publishedTime: '',
  modifiedTime: '',
  excerpt: '',
  lead: `冒頭${i}：顧客満足度${'と継続率'.repeat(i)}`,
  chars: 30,
  readingMinutes: 1,
  kind: 'article',
  note: '',
  noteKind: 'article',
  tags: [],
  createdAt: i,
  clippedAt: i,
  updatedAt: i,
  ...extra,
});

/** A version 8 library: three clips (one in the Trash), their bodies and a search record. */
async function seedVersion8(factory: IDBFactory) {
  const old = await openOldVersion(factory, 8);
  const clips = [clipV8(1), clipV8(2), clipV8(3, { deletedAt: 9 })];
  const tx = old.transaction(['clips', 'bodies', 'searchDocs'], 'readwrite');
  for (const clip of clips) {
    void tx.objectStore('clips').put(clip);
    void tx.objectStore('bodies').put({ id: clip.id, html: '<p>x</p>', text: `${clip.lead}。続き` });
  }
  void tx.objectStore('searchDocs').put({ id: clips[0]!.id, doc: 0 });
  await tx.done;
  old.close();
  return clips;
}

describe('migration 8 → 9: each clip’s lead moves out of its record into `leads`', () => {
  it('moves every lead (the Trash’s too) and leaves every other field and store as it was', async () => {
    const factory = new IDBFactory();
    const seeded = await seedVersion8(factory);
    const db = await openKurabeDB(factory);
    expect(db.version).toBe(DB_VERSION);
    for (const clip of seeded) {
      const { lead, ...rest } = clip;
      expect(await db.get('clips', clip.id)).toEqual(rest);
      expect(await db.get('leads', clip.id)).toEqual({ id: clip.id, lead });
    }
    expect(await db.count('leads')).toBe(seeded.length);
    expect(await db.get('searchDocs', seeded[0]!.id)).toEqual({ id: seeded[0]!.id, doc: 0 });
    // The panel's lists read records without leads; the readers of leads find them by id.
    const { inbox, trash } = await listClips(db);
    expect(inbox.map((c) => c.id)).toEqual([seeded[1]!.id, seeded[0]!.id]);
    expect(trash.map((c) => c.id)).toEqual([seeded[2]!.id]);
    expect([...inbox, ...trash].every((c) => !('lead' in c))).toBe(true);
    expect(await readLeads(db, [seeded[1]!.id, 'missing'])).toEqual(
      new Map([
        [seeded[1]!.id, seeded[1]!.lead],
        ['missing', ''],
      ]),
    );
    expect((await withLeads(db, inbox)).map((c) => c.lead)).toEqual([seeded[1]!.lead, seeded[0]!.lead]);
    // The Inbox filter still finds words of the lead once the leads are read.
    const leads = await readAllLeads(db);
    expect(filterClips(inbox, '継続率と継続率', undefined, leads).map((c) => c.id)).toEqual([seeded[1]!.id]);
    expect(filterClips(inbox, '継続率と継続率').map((c) => c.id)).toEqual([]);
    db.close();
  });

  it('after it, saving a clip writes its lead apart, and emptying the Trash deletes it', async () => {
    const factory = new IDBFactory();
    const seeded = await seedVersion8(factory);
    const db = await openKurabeDB(factory);
    const text = `新しい本文。${'長い'.repeat(1000)}`;
    const { clip } = await saveClip(db, makePage({ url: 'https://a.example/new', text }));
    expect(await db.get('clips', clip.id)).not.toHaveProperty('lead');
    expect(clip).not.toHaveProperty('lead');
    expect((await db.get('leads', clip.id))?.lead).toBe(text.slice(0, LEAD_LENGTH));
    expect(await emptyTrash(db)).toBe(1);
    expect(await db.get('leads', seeded[2]!.id)).toBeUndefined();
    expect(await db.count('leads')).toBe(3);
    db.close();
  });

  it('a new database has the store, empty', async () => {
    const db = await openKurabeDB(new IDBFactory());
    expect(db.version).toBe(DB_VERSION);
    expect(db.objectStoreNames.contains('leads')).toBe(true);
    expect(await db.count('leads')).toBe(0);
    db.close();
  });
});
