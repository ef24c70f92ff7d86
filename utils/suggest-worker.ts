// A dedicated worker for board suggestions: tokenizing costs about 7 ms per clip's 1,500
// characters, which on the side panel's thread would freeze it for a large library. It keeps each
// clip's term counts between requests (suggestTermCounts) and in the database (suggest-store.ts),
// so a panel that opens tokenizes only the clips that are new or changed since the last one.
import { getDB } from './db';
import {
  answerSuggestRequest,
  KeptSuggestionModel,
  type SuggestRequest,
  suggestTermCounts,
} from './suggest-run';
import { loadTermCounts, saveTermCounts } from './suggest-store';

let loaded: Promise<void> | undefined;
/** The model, kept between this panel's requests and updated in pieces. */
const kept = new KeptSuggestionModel();

self.onmessage = async (event: MessageEvent<{ id: number; request: SuggestRequest }>) => {
  const { id, request } = event.data;
  const db = await getDB().catch(() => undefined);
  if (db) {
    loaded ??= loadTermCounts(db)
      .then((entries) => suggestTermCounts.load(entries))
      .catch(() => {});
    await loaded;
  }
  self.postMessage({ id, answers: answerSuggestRequest(request, suggestTermCounts, kept) });
  if (db) {
    // Kept for the next panel; the entries of clips the model no longer reads go.
    const keep = new Set([...request.corpus, ...request.targets].map((c) => c.id));
    await saveTermCounts(db, suggestTermCounts.takeNew(), keep).catch(() => {});
  }
};
