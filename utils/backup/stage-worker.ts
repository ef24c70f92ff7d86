// A dedicated worker that reads, parses and validates a backup file and stages its bodies in the
// `restoreStaging` store (stageBackup): for a 300 MB file that is most of a restore's work, and on
// the side panel's thread it froze the panel for hundreds of milliseconds at a time. What needs a
// DOM (sanitizing the bodies, rebuilding their text) stays with the panel, in slices; then the
// restore's one transaction runs here too (`apply`), as it needs no DOM once the bodies are
// derived: copying 10,000 bodies and clips no longer holds the panel's thread.
import { type KurabeDatabase, openKurabeDB } from '../db';
import { BACKUP_STORES } from './format';
import { notDerivedHere, restoreBackup, type StagedContents, stageBackup } from './restore';
import type { StageWorkerReply, StageWorkerRequest } from './stage-protocol';

let running: AbortController | undefined;
/** What the last stage left for `apply`: the validated records, and the database they go to. */
let staged: { db: KurabeDatabase; contents: StagedContents } | undefined;

const reply = (message: StageWorkerReply) => self.postMessage(message);

const failed = (error: unknown) =>
  reply({
    type: 'error',
    message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  });

self.onmessage = async (event: MessageEvent<StageWorkerRequest>) => {
  const request = event.data;
  if (request.type === 'cancel') {
    running?.abort();
    return;
  }
  const controller = new AbortController();
  running = controller;
  try {
    if (request.type === 'apply') {
      if (!staged) throw new Error('Nothing staged to restore.');
      const { db, contents } = staged;
      staged = undefined;
      try {
        const result = await restoreBackup(db, contents, {
          deriveBody: notDerivedHere,
          signal: controller.signal,
        });
        reply({ type: 'applied', result });
      } finally {
        db.close();
      }
      return;
    }
    const db = await openKurabeDB();
    let keepOpen = false;
    try {
      const result = await stageBackup(db, request.file.stream(), {
        signal: controller.signal,
        totalBytes: request.file.size,
        onProgress: (done, total) => reply({ type: 'progress', done, total }),
      });
      if (!result.ok) {
        reply({ type: 'result', result });
        return;
      }
      staged = { db, contents: result.contents };
      keepOpen = true;
      // The records stay here for `apply`: the panel gets the header only (10,000 clips, their
      // quotes and placements, cloned into the panel, were one long task on its thread).
      const records = Object.fromEntries(
        BACKUP_STORES.map((store) => [store, []]),
      ) as unknown as StagedContents['records'];
      reply({ type: 'result', result: { ok: true, contents: { ...result.contents, records } } });
    } finally {
      if (!keepOpen) db.close();
    }
  } catch (error) {
    failed(error);
  } finally {
    if (running === controller) running = undefined;
  }
};
