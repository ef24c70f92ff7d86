import type { ExtractResult } from '../clip-outcome';
import { extractPage } from './index';
import { findComputedHidden } from './prepare';
import { captureSelection } from './selection';

/**
 * Entry of the injected script: reads the user's selection from the live page, extracts the
 * article from a clone, and never throws across the boundary.
 */
export function runExtraction(doc: Document = document): ExtractResult {
  try {
    const selection = doc.defaultView ? captureSelection(doc.defaultView) : undefined;
    // Hidden-by-stylesheet parts are found on the live page (a clone has no layout).
    const hidden = findComputedHidden(doc);
    return { ok: true, page: extractPage(doc, doc.URL, { hidden }), ...(selection && { selection }) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
