import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { backupBlob } from '@/utils/backup/write';
import { type ClipWithLead, type KurabeDatabase, openKurabeDB } from '@/utils/db';
import { TermCountCache } from '@/utils/suggest';
import { answerSuggestRequest, KeptSuggestionModel, type SuggestAnswer } from '@/utils/suggest-run';
import { SUGGEST_MODEL_KEY, SUGGEST_PROFILES_KEY, SuggestService } from '@/utils/suggest-service';
import type { SuggestRefRequest } from '@/utils/suggest-store';
import { generateLibrary } from '../helpers/library';

/**
 * The suggestion model on panel open (issue 14): a panel that opens no longer builds the model
 * from every filed clip. The worker stores its model (profiles after a build, frequencies after a
 * change); the next panel reopens it, updates it by the clips changed since, and reads only the
 * leads and term counts of those clips and of its targets.
 */

let db: KurabeDatabase;
beforeEach(async () => {
  db = await openKurabeDB(new IDBFactory());
  return () => db.close();
});

const library = generateLibrary({ clips: 240, boards: 8, seed: 31 });
// As the panel has them: newest first.
const newestFirst = [...library.clips].reverse();
const filed = new Set(library.placements.map((p) => p.clipId));

/** The request the panel sends (use-suggestions.ts): the filed clips and the 60 newest, by reference. */
function refsOf(clips: ClipWithLead[], boards = library.boards): SuggestRefRequest {
  const ref = (c: ClipWithLead) => ({ id: c.id, title: c.title, stamp: c.updatedAt });
  return {
    boards,
    placements: library.placements,
    corpus: [
      ...new Map(
        [...clips.filter((c) => filed.has(c.id)), ...clips.slice(0, 60)].map((c) => [c.id, c]),
      ).values(),
    ].map(ref),
    targets: clips
      .filter((c) => !filed.has(c.id))
      .slice(0, 10)
      .map(ref),
  };
}

/** The same request with its texts, for a model made the old way (everything in memory). */
function withTexts(refs: SuggestRefRequest, clips: ClipWithLead[]) {
  const byId = new Map(clips.map((c) => [c.id, c]));
  const text = (r: { id: string; title: string }) => ({
    id: r.id,
    title: r.title,
    text: byId.get(r.id)!.lead,
  });
  return { ...refs, corpus: refs.corpus.map(text), targets: refs.targets.map(text) };
}

async function putLeads(clips: ClipWithLead[]) {
  const tx = db.transaction('leads', 'readwrite');
  for (const c of clips) void tx.store.put({ id: c.id, lead: c.lead });
  await tx.done;
}

const where = (answers: SuggestAnswer[]) =>
  answers.map((a) => [a.clipId, a.boardId, a.aspectId, a.subjectId]);

/** The last panel: answered, stored. */
async function lastPanel(clips: ClipWithLead[]) {
  await putLeads(clips);
  const last = new SuggestService();
  const answers = await last.answer(db, refsOf(clips));
  await last.store(db, refsOf(clips));
  expect(last.kept.builds).toBe(1);
  return answers;
}

describe('the suggestion model stored between panels', () => {
  it('a panel that opens answers as the last one did, building nothing and reading only its targets', async () => {
    const expected = await lastPanel(newestFirst);
    expect(expected.length).toBeGreaterThan(0);
    // Built afresh in memory, the old way: the same answers.
    expect(expected).toEqual(
      answerSuggestRequest(withTexts(refsOf(newestFirst), newestFirst), new TermCountCache()),
    );
    const opened = new SuggestService();
    expect(await opened.answer(db, refsOf(newestFirst))).toEqual(expected);
    expect(opened.kept.builds).toBe(0);
    // The targets' leads only, not the corpus's; their term counts were stored: nothing tokenized.
    expect(opened.leads.reads).toBe(refsOf(newestFirst).targets.length);
    expect(opened.cache.tokenized).toBe(0);
    expect(opened.cache.size).toBeLessThanOrEqual(refsOf(newestFirst).targets.length);
  });

  it('a new clip is scored against the stored profiles and joins the IDF, as in the panel that built it', async () => {
    const [fresh, ...older] = newestFirst;
    await lastPanel(older);
    await putLeads([fresh!]);
    const opened = new SuggestService();
    await opened.answer(db, refsOf(older));
    const answers = await opened.answer(db, refsOf([fresh!, ...older]));
    expect(opened.kept.builds).toBe(0);
    expect(opened.cache.tokenized).toBe(1); // the new clip alone
    // The same as a model kept in one panel from the build on, given the same requests.
    const kept = new KeptSuggestionModel();
    const cache = new TermCountCache();
    answerSuggestRequest(withTexts(refsOf(older), newestFirst), cache, kept);
    expect(answers).toEqual(
      answerSuggestRequest(withTexts(refsOf([fresh!, ...older]), newestFirst), cache, kept),
    );
    // Stored: the next panel has the new clip in its corpus and counts nothing again (it scores
    // its targets over the IDF as it is now: the same places, confidences a hair apart).
    await opened.store(db, refsOf([fresh!, ...older]));
    const next = new SuggestService();
    expect(where(await next.answer(db, refsOf([fresh!, ...older])))).toEqual(where(answers));
    expect(next.kept.builds).toBe(0);
    expect(next.cache.tokenized).toBe(0);
  });

  it('a clip clipped again since takes its old counts out of the IDF and its new ones in', async () => {
    await lastPanel(newestFirst);
    const changedId = [...filed][3]!;
    const changed = newestFirst.map((c) =>
      c.id === changedId
        ? { ...c, title: `${c.title} 改訂`, lead: `改訂版。${c.lead}`, updatedAt: c.updatedAt + 1e6 }
        : c,
    );
    await putLeads(changed);
    const opened = new SuggestService();
    const answers = await opened.answer(db, refsOf(changed));
    expect(opened.kept.builds).toBe(0);
    expect(opened.cache.tokenized).toBe(1);
    // As the model kept in one panel would answer after the same change.
    const kept = new KeptSuggestionModel();
    const cache = new TermCountCache();
    answerSuggestRequest(withTexts(refsOf(newestFirst), newestFirst), cache, kept);
    expect(answers).toEqual(answerSuggestRequest(withTexts(refsOf(changed), changed), cache, kept));
  });

  it('builds again, as a fresh model, when a board changed or the stored records are not of one build', async () => {
    await lastPanel(newestFirst);
    const renamed = library.boards.map((b, i) => (i === 0 ? { ...b, title: `${b.title}（改名）` } : b));
    const opened = new SuggestService();
    const answers = await opened.answer(db, refsOf(newestFirst, renamed));
    expect(opened.kept.builds).toBe(1);
    expect(where(answers)).toEqual(
      where(answerSuggestRequest(withTexts(refsOf(newestFirst, renamed), newestFirst), new TermCountCache())),
    );
    // Profiles of another build beside the stored frequencies: not reopened.
    await db.put(
      'settings',
      { ...((await db.get('settings', SUGGEST_PROFILES_KEY)) as object), build: 'other' },
      SUGGEST_PROFILES_KEY,
    );
    const third = new SuggestService();
    await third.answer(db, refsOf(newestFirst));
    expect(third.kept.builds).toBe(1);
  });

  it('is a cache: never in a backup', async () => {
    await lastPanel(newestFirst);
    expect(await db.get('settings', SUGGEST_MODEL_KEY)).toBeDefined();
    const text = await (await backupBlob(db)).text();
    expect(text).not.toContain(SUGGEST_MODEL_KEY);
  });
});
