import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it } from 'vitest';
import { backupBlob } from '@/utils/backup/write';
import { type KurabeDatabase, openKurabeDB } from '@/utils/db';
import { TermCountCache } from '@/utils/suggest';
import { answerSuggestRequest } from '@/utils/suggest-run';
import { loadTermCounts, SUGGEST_TERMS_PREFIX, saveTermCounts } from '@/utils/suggest-store';
import { generateLibrary } from '../helpers/library';

/**
 * Suggestions on panel open (issue 14): the model read every filed clip and tokenized it again
 * each time a panel opened (minutes at 25,000 filed clips). Each clip's term counts are now kept
 * in the database; a panel that opens reads them and tokenizes only what changed.
 */

let db: KurabeDatabase;
beforeEach(async () => {
  db = await openKurabeDB(new IDBFactory());
  return () => db.close();
});

const library = generateLibrary({ clips: 80, boards: 6, seed: 12 });
const asText = (c: { id: string; title: string; lead: string }) => ({
  id: c.id,
  title: c.title,
  text: c.lead,
});
const corpus = library.clips.map(asText);
const request = {
  boards: library.boards,
  corpus,
  placements: library.placements,
  targets: corpus.slice(-10),
};

it('a panel that opens on stored term counts tokenizes nothing and answers as a fresh model', async () => {
  // The last panel: everything counted, then stored.
  const before = new TermCountCache();
  const expected = answerSuggestRequest(request, before);
  expect(before.tokenized).toBe(corpus.length);
  await saveTermCounts(db, before.takeNew());
  // The next panel.
  const opened = new TermCountCache();
  opened.load(await loadTermCounts(db));
  expect(answerSuggestRequest(request, opened)).toEqual(expected);
  expect(opened.tokenized).toBe(0);
  expect(answerSuggestRequest(request, new TermCountCache())).toEqual(expected);
});

it('counts again a clip whose title or text changed since it was stored, and only that one', async () => {
  const before = new TermCountCache();
  answerSuggestRequest(request, before);
  await saveTermCounts(db, before.takeNew());
  const changed = {
    ...request,
    corpus: corpus.map((c, i) =>
      i === 3 ? { ...c, title: `${c.title}（改題）` } : i === 5 ? { ...c, text: `追記。${c.text}` } : c,
    ),
  };
  const opened = new TermCountCache();
  opened.load(await loadTermCounts(db));
  expect(answerSuggestRequest(changed, opened)).toEqual(answerSuggestRequest(changed, new TermCountCache()));
  expect(opened.tokenized).toBe(2);
  expect(opened.takeNew().map((e) => e.id)).toEqual([corpus[3]!.id, corpus[5]!.id]);
});

it('deletes the entries of clips the model no longer reads, and keeps them out of backups', async () => {
  const cache = new TermCountCache();
  answerSuggestRequest(request, cache);
  await saveTermCounts(db, cache.takeNew());
  const kept = new Set(corpus.slice(0, 10).map((c) => c.id));
  await saveTermCounts(db, [], kept);
  expect(new Set((await loadTermCounts(db)).map((e) => e.id))).toEqual(kept);
  const text = await (await backupBlob(db)).text();
  expect(text).not.toContain(SUGGEST_TERMS_PREFIX);
});
