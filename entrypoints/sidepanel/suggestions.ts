import { answerSuggestRequest, type SuggestAnswer, type SuggestRequest } from '@/utils/suggest-run';

let worker: Worker | undefined;
let nextId = 0;
/** Requests sent to the worker and not yet answered, by id: a newer request never loses an older answer. */
const pending = new Map<number, (answers: SuggestAnswer[]) => void>();

/**
 * Answers a suggestion request off the panel's thread (a module worker); where workers are not
 * available (tests), on this thread after the current render.
 */
export function requestSuggestions(request: SuggestRequest): Promise<SuggestAnswer[]> {
  if (typeof Worker === 'undefined' || import.meta.env.MODE === 'test') {
    return new Promise((resolve) => setTimeout(() => resolve(answerSuggestRequest(request)), 0));
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
