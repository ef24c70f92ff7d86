import { getDB } from '@/utils/db';
import type { SuggestAnswer } from '@/utils/suggest-run';
import { SuggestService } from '@/utils/suggest-service';
import type { SuggestRefRequest } from '@/utils/suggest-store';

let worker: Worker | undefined;
let nextId = 0;
/** Requests sent to the worker and not yet answered, by id: a newer request never loses an older answer. */
const pending = new Map<number, (answers: SuggestAnswer[]) => void>();
/** Where there is no worker: what the worker would keep, kept on this thread. */
let here: SuggestService | undefined;

/**
 * Answers a suggestion request off the panel's thread (a module worker, which reads the clips'
 * leads itself); where workers are not available (tests), on this thread after the current render.
 */
export function requestSuggestions(request: SuggestRefRequest): Promise<SuggestAnswer[]> {
  if (typeof Worker === 'undefined' || import.meta.env.MODE === 'test') {
    here ??= new SuggestService();
    const service = here;
    return new Promise((resolve) => setTimeout(resolve, 0)).then(async () =>
      service.answer(await getDB(), request),
    );
  }
  if (!worker) {
    worker = new Worker(new URL('../../utils/suggest-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ id: number; answers: SuggestAnswer[] }>) => {
      pending.get(event.data.id)?.(event.data.answers);
      pending.delete(event.data.id);
    };
  }
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    worker!.postMessage({ id, request });
  });
}
