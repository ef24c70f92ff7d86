import type { ExtractResult } from '../clip-outcome';
import { extractPage } from './index';
import { markComputedHidden } from './prepare';
import { captureSelection } from './selection';

/**
 * Entry of the injected script: reads the user's selection from the live page, extracts the
 * article from a clone, and never throws across the boundary.
 */
export function runExtraction(doc: Document = document): ExtractResult {
  // Hidden-by-stylesheet parts are marked on the live page (a clone has no layout), and the
  // marks are taken off again whatever happens.
  let unmark = () => {};
  try {
    const selection = doc.defaultView ? captureSelection(doc.defaultView) : undefined;
    unmark = markComputedHidden(doc);
    return { ok: true, page: extractPage(doc, doc.URL), ...(selection && { selection }) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    unmark();
  }
}
