import type { Stage, StageOptions, StageResult } from '@/utils/backup/restore';
import type { StageWorkerReply, StageWorkerRequest } from '@/utils/backup/stage-protocol';

/**
 * Reads, validates and stages `file` in a module worker (utils/backup/stage-worker.ts), so the
 * panel's thread only shows progress; undefined where there are no workers (tests), and the
 * restore stages on this thread as before.
 */
export function stageInWorker(file: File): Stage | undefined {
  if (typeof Worker === 'undefined' || import.meta.env.MODE === 'test') return undefined;
  return (_db, _stream, options: StageOptions) =>
    new Promise<StageResult>((resolve, reject) => {
      let worker: Worker;
      try {
        worker = new Worker(new URL('../../utils/backup/stage-worker.ts', import.meta.url), {
          type: 'module',
        });
      } catch (error) {
        reject(error);
        return;
      }
      const send = (message: StageWorkerRequest) => worker.postMessage(message);
      const cancel = () => send({ type: 'cancel' });
      options.signal?.addEventListener('abort', cancel, { once: true });
      const done = () => {
        options.signal?.removeEventListener('abort', cancel);
        worker.terminate();
      };
      worker.onmessage = (event: MessageEvent<StageWorkerReply>) => {
        const message = event.data;
        if (message.type === 'progress') options.onProgress?.(message.done, message.total);
        else if (message.type === 'result') {
          done();
          resolve(message.result);
        } else {
          done();
          reject(new Error(message.message));
        }
      };
      worker.onerror = (event) => {
        done();
        reject(new Error(event.message || 'The restore worker stopped.'));
      };
      send({ type: 'stage', file });
    });
}
