import type { IDBFactory } from 'fake-indexeddb';
import { type IDBPDatabase, openDB } from 'idb';
import { clipIdForUrl } from '@/utils/clip-id';
import { DB_NAME } from '@/utils/db';

/**
 * The id of the seeded clip of `https://a.example/<name>`: its page's, as version 5 gives every
 * clip, so that a test of an earlier step checks that step (version 5's re-keying has its own test).
 */
export const pageId = (name: string): string => clipIdForUrl(`https://a.example/${name}`);

/**
 * An empty database as an earlier version of Kurabe made it, frozen here (utils/db.ts moved on),
 * each version built on the one before as the upgrades are. A migration test seeds it with that
 * version's records, then opens it with the current code.
 */
export function openOldVersion(
  factory: IDBFactory,
  version: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11,
): Promise<IDBPDatabase> {
  const previous = globalThis.indexedDB;
  // idb's openDB reads the global indexedDB, synchronously.
  globalThis.indexedDB = factory;
  try {
    return openDB(DB_NAME, version, {
      upgrade(d) {
        // Version 1.
        const clips = d.createObjectStore('clips', { keyPath: 'id' });
        clips.createIndex('normalizedUrl', 'normalizedUrl', { unique: true });
        clips.createIndex('clippedAt', 'clippedAt');
        clips.createIndex('updatedAt', 'updatedAt');
        d.createObjectStore('quotes', { keyPath: 'id' }).createIndex('clipId', 'clipId');
        d.createObjectStore('boards', { keyPath: 'id' }).createIndex('order', 'order');
        const placements = d.createObjectStore('placements', { keyPath: 'id' });
        placements.createIndex('boardId', 'boardId');
        placements.createIndex('clipId', 'clipId');
        d.createObjectStore('settings');
        // Version 2: articles apart from the clips.
        if (version >= 2) d.createObjectStore('bodies', { keyPath: 'id' });
        // Version 3: a store for a restore's staged bodies.
        if (version >= 3) d.createObjectStore('restoreStaging', { keyPath: 'id' });
        // Version 4 changed records only (note kinds, word counts), no store; so did versions 5
        // (clip ids from their pages) and 6 (boards' cell sources).
        // Version 7: the article search index.
        if (version >= 7) {
          d.createObjectStore('searchDocs', { keyPath: 'id' }).createIndex('tail', 'tail');
          d.createObjectStore('searchPostings');
          d.createObjectStore('searchMeta');
        }
        // Version 8 added an optional field to boards (blog drafts), no store.
        // Version 9: each clip's lead in a store of its own.
        if (version >= 9) d.createObjectStore('leads', { keyPath: 'id' });
        // Version 10: the sync's change log.
        if (version >= 10) d.createObjectStore('syncChanges');
        // Version 11 added an optional field to boards' blog drafts (contentHash), no store.
      },
    });
  } finally {
    globalThis.indexedDB = previous;
  }
}

/**
 * A clip record of versions 2 to 8 as the current database holds it: version 9 moved its lead to
 * the `leads` store (v9.test.ts), so a test of an earlier step compares the rest.
 */
export function withoutLead<T extends object>(record: T): Omit<T, 'lead'> {
  const { lead: _lead, ...rest } = record as T & { lead?: string };
  return rest;
}
