import { IDBFactory } from 'fake-indexeddb';
import { type Clip, type KurabeDatabase, openKurabeDB } from '@/utils/db';
import { ArticleIndex, buildSearchIndex } from '@/utils/search-postings';

/**
 * A database in fake-indexeddb holding these clips and their articles (`texts`, by clip id), with
 * the article search index built, and the index as the panel loads it.
 */
export async function indexedLibrary(
  clips: Clip[],
  texts: Map<string, string>,
): Promise<{ db: KurabeDatabase; articles: ArticleIndex }> {
  const db = await openKurabeDB(new IDBFactory());
  const tx = db.transaction(['clips', 'bodies'], 'readwrite');
  for (const clip of clips) void tx.objectStore('clips').put(clip);
  for (const [id, text] of texts) void tx.objectStore('bodies').put({ id, html: '', text });
  await tx.done;
  await buildSearchIndex(db);
  return { db, articles: await ArticleIndex.load(db) };
}
