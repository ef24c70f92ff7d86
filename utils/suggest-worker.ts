// A dedicated worker for board suggestions: tokenizing costs about 5 ms per 1,000 characters,
// which on the side panel's thread would freeze it for a large library.
import { answerSuggestRequest, type SuggestRequest } from './suggest-run';

self.onmessage = (event: MessageEvent<{ id: number; request: SuggestRequest }>) => {
  self.postMessage({ id: event.data.id, answers: answerSuggestRequest(event.data.request) });
};
