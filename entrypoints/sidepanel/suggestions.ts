import { answerSuggestRequest, type SuggestAnswer, type SuggestRequest } from '@/utils/suggest-run';

let worker: Worker | undefined;

/**
 * Answers a suggestion request off the panel's thread (a module worker); where workers are not
 * available (tests), on this thread after the current render.
 */
export function requestSuggestions(request: SuggestRequest): Promise<SuggestAnswer[]> {
  if (typeof Worker === 'undefined' || import.meta.env.MODE === 'test') {
    return new Promise((resolve) => setTimeout(() => resolve(answerSuggestRequest(request)), 0));
  }
  worker ??= new Worker(new URL('../../utils/suggest-worker.ts', import.meta.url), { type: 'module' });
  const w = worker;
  return new Promise((resolve) => {
    w.onmessage = (event: MessageEvent<SuggestAnswer[]>) => resolve(event.data);
    w.onerror = () => resolve(answerSuggestRequest(request));
    w.postMessage(request);
  });
}
