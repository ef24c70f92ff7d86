/** Trees nested thousands of levels deep, built in ways jsdom copes with (tests of issue 12). */

/**
 * `depth` elements nested in each other around `inner`, built from the inside out (jsdom checks
 * every ancestor on each insertion: outside-in would take minutes).
 */
export function nested(doc: Document, depth: number, inner: Node): Element {
  let el: Node = inner;
  for (let i = 0; i < depth; i++) {
    const parent = doc.createElement(i % 2 ? 'div' : 'section');
    parent.appendChild(el);
    el = parent;
  }
  return el as Element;
}

/**
 * `nested` inside `at`, a connected element: jsdom attaches a subtree to a document by recursion,
 * so the levels go in 1,000 at a time.
 */
export function nestConnected(at: Element, depth: number, inner: Node): void {
  const doc = at.ownerDocument;
  let bottom = at;
  for (let left = depth; left > 0; left -= 1_000) {
    const end = doc.createElement('div');
    bottom.appendChild(nested(doc, Math.min(1_000, left) - 1, end));
    bottom = end;
  }
  bottom.appendChild(inner);
}
