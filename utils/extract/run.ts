import type { ExtractResult } from '../clip-outcome';
import { extractPage, pageBookmark } from './index';
import { findComputedHidden } from './prepare';
import { captureSelection, type SelectedQuote } from './selection';

type ShadowRootOf = (el: Element) => ShadowRoot | null | undefined;

/**
 * Shadow roots as an extension's script sees them, closed ones included: Firefox gives content
 * scripts `element.openOrClosedShadowRoot`, Chromium `chrome.dom.openOrClosedShadowRoot`. A
 * page's own script (the bench, tests) sees open ones only.
 */
export function shadowRootReader(scope: object = globalThis): ShadowRootOf {
  const dom = (
    scope as { chrome?: { dom?: { openOrClosedShadowRoot?: (el: HTMLElement) => ShadowRoot | null } } }
  ).chrome?.dom;
  const openOrClosed = dom?.openOrClosedShadowRoot;
  return (el) => {
    const firefox = (el as { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot;
    if (firefox !== undefined) return firefox;
    if (openOrClosed) {
      try {
        return openOrClosed.call(dom, el as HTMLElement);
      } catch {
        // Not an HTML element (the API takes no other): no shadow root it could show.
      }
    }
    return el.shadowRoot;
  };
}

/**
 * Whether an error is the engine's stack running out (V8's RangeError, SpiderMonkey's
 * InternalError): a page nested too deep for some step that recurses (Readability's own).
 */
export function isStackOverflow(error: unknown): boolean {
  if (!(error instanceof Error) && !(typeof error === 'object' && error && 'message' in error)) return false;
  const { name, message } = error as Error;
  return (
    (name === 'RangeError' && /call stack/i.test(message)) ||
    (name === 'InternalError' && /recursion/i.test(message))
  );
}

/**
 * Entry of the injected script: reads the user's selection from the live page, extracts the
 * article from a clone, and never throws across the boundary. A page too deep to read is kept as
 * a bookmark of its title, URL and description, and says so.
 */
export function runExtraction(doc: Document = document): ExtractResult {
  let selection: SelectedQuote | undefined;
  try {
    selection = doc.defaultView ? captureSelection(doc.defaultView) : undefined;
    // Hidden-by-stylesheet parts are found on the live page (a clone has no layout).
    const hidden = findComputedHidden(doc, { shadowRootOf: shadowRootReader() });
    return { ok: true, page: extractPage(doc, doc.URL, { hidden }), ...(selection && { selection }) };
  } catch (error) {
    if (isStackOverflow(error)) {
      try {
        return { ok: true, page: pageBookmark(doc), fallback: 'tooComplex', ...(selection && { selection }) };
      } catch {
        // Not even the metadata could be read: reported as the failure it is.
      }
    }
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
