// A dedicated worker for the comparison table's candidate sentences (候補文): every sentence of a
// board's clips is read for every cell, which on the side panel's thread would stall typing.
import { answerCellRequest, type CellRequest, CellSourceCache } from './cell-candidates';

/** The board's sources stay prepared: the panel asks again when one cell's text or one clip changes. */
const cache = new CellSourceCache();

self.onmessage = (event: MessageEvent<{ id: number; request: CellRequest }>) => {
  self.postMessage({ id: event.data.id, candidates: answerCellRequest(event.data.request, cache) });
};
