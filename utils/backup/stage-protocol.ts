import type { StageResult } from './restore';

/** What the side panel asks the staging worker (stage-worker.ts). */
export type StageWorkerRequest = { type: 'stage'; file: File } | { type: 'cancel' };

/** What the staging worker answers: progress, then a result (or the error that stopped it). */
export type StageWorkerReply =
  | { type: 'progress'; done: number; total?: number }
  | { type: 'result'; result: StageResult }
  | { type: 'error'; message: string };
