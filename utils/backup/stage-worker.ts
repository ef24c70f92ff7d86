// A dedicated worker that reads, parses and validates a backup file and stages its bodies in the
// `restoreStaging` store (stageBackup): for a 300 MB file that is most of a restore's work, and on
// the side panel's thread it froze the panel for hundreds of milliseconds at a time. What needs a
// DOM (sanitizing the bodies, rebuilding their text) stays with the panel, in slices.
import { openKurabeDB } from '../db';
import { stageBackup } from './restore';
import type { StageWorkerReply, StageWorkerRequest } from './stage-protocol';

let running: AbortController | undefined;

const reply = (message: StageWorkerReply) => self.postMessage(message);

self.onmessage = async (event: MessageEvent<StageWorkerRequest>) => {
  const request = event.data;
  if (request.type === 'cancel') {
    running?.abort();
    return;
  }
  const controller = new AbortController();
  running = controller;
  try {
    const db = await openKurabeDB();
    try {
      const result = await stageBackup(db, request.file.stream(), {
        signal: controller.signal,
        totalBytes: request.file.size,
        onProgress: (done, total) => reply({ type: 'progress', done, total }),
      });
      reply({ type: 'result', result });
    } finally {
      db.close();
    }
  } catch (error) {
    reply({
      type: 'error',
      message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  } finally {
    if (running === controller) running = undefined;
  }
};
