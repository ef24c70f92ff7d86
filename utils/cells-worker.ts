// A dedicated worker for the comparison table's candidate sentences (候補文): every sentence of a
// board's clips is read for every cell, which on the side panel's thread would stall typing.
import { answerCellRequest, type CellRequest } from './cell-candidates';

self.onmessage = (event: MessageEvent<{ id: number; request: CellRequest }>) => {
  self.postMessage({ id: event.data.id, candidates: answerCellRequest(event.data.request) });
};
