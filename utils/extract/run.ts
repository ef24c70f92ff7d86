import type { ExtractResult } from '../clip-outcome';
import { extractPage } from './index';

/** Entry of the injected script: extracts the current page and never throws across the boundary. */
export function runExtraction(doc: Document = document): ExtractResult {
  try {
    return { ok: true, page: extractPage(doc, doc.URL) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
