import { answerCellRequest, type CellCandidate, type CellRequest } from '@/utils/cell-candidates';
import { type Clip, type ClipWithLead, getDB, withLeads } from '@/utils/db';

let worker: Worker | undefined;
let nextId = 0;
/** Requests sent to the worker and not yet answered, by id. */
const pending = new Map<number, (candidates: CellCandidate[]) => void>();

/**
 * Computes a board's cell candidates off the panel's thread (a module worker); where workers are
 * not available (tests), on this thread after the current render. Same pattern as suggestions.ts.
 */
export function requestCellCandidates(request: CellRequest): Promise<CellCandidate[]> {
  if (typeof Worker === 'undefined' || import.meta.env.MODE === 'test') {
    return new Promise((resolve) => setTimeout(() => resolve(answerCellRequest(request)), 0));
  }
  if (!worker) {
    worker = new Worker(new URL('../../utils/cells-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ id: number; candidates: CellCandidate[] }>) => {
      pending.get(event.data.id)?.(event.data.candidates);
      pending.delete(event.data.id);
    };
  }
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    worker!.postMessage({ id, request });
  });
}

/**
 * The clips of `ids` that the panel has, with their leads (version 9 keeps them out of the clip
 * records the panel holds): read for one board's clips when its candidates are computed.
 */
export async function clipsWithLeads(
  clipsById: ReadonlyMap<string, Clip>,
  ids: Iterable<string>,
): Promise<Map<string, ClipWithLead>> {
  const clips = [...new Set(ids)].flatMap((id) => clipsById.get(id) ?? []);
  const joined = await withLeads(await getDB(), clips);
  return new Map(joined.map((c) => [c.id, c]));
}
