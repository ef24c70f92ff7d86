import type { ApplyStaged, Stage, StageOptions, StageResult } from '@/utils/backup/restore';
import type { StageWorkerReply, StageWorkerRequest } from '@/utils/backup/stage-protocol';

/** A restore's work off the panel's thread: staging the file, then the one transaction. */
export interface RestoreWorker {
  stage: Stage;
  apply: ApplyStaged;
  /** Ends the worker (after the restore, whatever its outcome). */
  close: () => void;
}

/**
 * Reads, validates and stages `file` in a module worker (utils/backup/stage-worker.ts), and runs
 * the restore's transaction there once the panel has derived the bodies, so the panel's thread
 * only shows progress and derives in slices; undefined where there are no workers (tests), and
 * the restore runs on this thread as before. `signal` cancels the restore in the worker.
 */
export function restoreInWorker(file: File, signal?: AbortSignal): RestoreWorker | undefined {
  if (typeof Worker === 'undefined' || import.meta.env.MODE === 'test') return undefined;
  let worker: Worker | undefined;
  /** What the reply being waited for resolves or rejects (one request at a time). */
  let waiting: { resolve: (reply: StageWorkerReply) => void; reject: (error: Error) => void } | undefined;
  let onProgress: StageOptions['onProgress'];
  const close = () => {
    worker?.terminate();
    worker = undefined;
    waiting?.reject(new Error('The restore worker was closed.'));
    waiting = undefined;
  };
  const start = () => {
    const w = new Worker(new URL('../../utils/backup/stage-worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (event: MessageEvent<StageWorkerReply>) => {
      const message = event.data;
      if (message.type === 'progress') return onProgress?.(message.done, message.total);
      const current = waiting;
      waiting = undefined;
      if (message.type === 'error') current?.reject(new Error(message.message));
      else current?.resolve(message);
    };
    w.onerror = (event) => {
      const current = waiting;
      close();
      current?.reject(new Error(event.message || 'The restore worker stopped.'));
    };
    return w;
  };
  /** Sends one request and waits for its answer; `signal` cancels it in the worker. */
  const ask = (request: StageWorkerRequest, signal?: AbortSignal) =>
    new Promise<StageWorkerReply>((resolve, reject) => {
      try {
        worker ??= start();
      } catch (error) {
        reject(error);
        return;
      }
      const cancel = () => worker?.postMessage({ type: 'cancel' } satisfies StageWorkerRequest);
      signal?.addEventListener('abort', cancel, { once: true });
      waiting = {
        resolve: (reply) => {
          signal?.removeEventListener('abort', cancel);
          resolve(reply);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', cancel);
          reject(error);
        },
      };
      worker.postMessage(request);
    });
  return {
    stage: async (_db, _stream, options) => {
      onProgress = options.onProgress;
      const reply = await ask({ type: 'stage', file }, options.signal ?? signal);
      if (reply.type !== 'result') throw new Error(`Unexpected reply from the restore worker: ${reply.type}`);
      const result: StageResult = reply.result;
      // Nothing staged: nothing to apply, the worker is done.
      if (!result.ok) close();
      return result;
    },
    apply: async () => {
      const reply = await ask({ type: 'apply' }, signal);
      close();
      if (reply.type !== 'applied')
        throw new Error(`Unexpected reply from the restore worker: ${reply.type}`);
      return reply.result;
    },
    close,
  };
}
