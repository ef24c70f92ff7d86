// A dedicated worker for board suggestions: tokenizing costs about 7 ms per clip's 1,500
// characters, which on the side panel's thread would freeze it for a large library. It keeps each
// clip's term counts between requests and in the database (suggest-store.ts), so a panel that
// opens tokenizes only the clips that are new or changed since the last one; and it reads the
// clips' leads itself (version 9: the panel's clip records have none), once per clip version.
import { getDB } from './db';
import { SuggestService } from './suggest-service';
import type { SuggestRefRequest } from './suggest-store';

const service = new SuggestService();

self.onmessage = async (event: MessageEvent<{ id: number; request: SuggestRefRequest }>) => {
  const { id, request } = event.data;
  const db = await getDB().catch(() => undefined);
  // Without its database the worker has no leads to read: no suggestion.
  if (!db) return self.postMessage({ id, answers: [] });
  self.postMessage({ id, answers: await service.answer(db, request) });
  await service.store(db, request).catch(() => {});
};
