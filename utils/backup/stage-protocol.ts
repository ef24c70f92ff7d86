import type { RestoreResult, StageResult } from './restore';

/**
 * What the side panel asks the staging worker (stage-worker.ts): stage a file, then (once the
 * panel derived the staged bodies) apply it in the restore's one transaction; or cancel either.
 */
export type StageWorkerRequest = { type: 'stage'; file: File } | { type: 'apply' } | { type: 'cancel' };

/** What the staging worker answers: progress, then a result (or the error that stopped it). */
export type StageWorkerReply =
  | { type: 'progress'; done: number; total?: number }
  | { type: 'result'; result: StageResult }
  | { type: 'applied'; result: RestoreResult }
  | { type: 'error'; message: string };
