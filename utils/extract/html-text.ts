/** Elements that start a new line of plain text. */
const BLOCK = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'THEAD',
  'TFOOT',
  'TR',
  'UL',
  'CAPTION',
]);
/** Marks a table cell's end until white space is collapsed, then becomes a tab. */
const CELL_END = '\u0000';
/** Ruby readings (furigana) would otherwise be read inline: 子こども. */
const SKIP = new Set(['RT', 'RP', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);

/**
 * Plain text of an HTML tree with one line per block (paragraph, heading, list item, table row),
 * white space collapsed as a browser would render it, `<pre>` kept verbatim and table cells
 * separated by a tab.
 */
export function htmlToText(root: Node): string {
  const lines: string[] = [];
  let line = '';
  const flush = () => {
    // Called at both ends of every block, mostly with nothing gathered.
    if (!line) return;
    // Single spaces are left alone (most of English text): only other runs are collapsed.
    let t = line.replace(/[\t\n\r\f][ \t\n\r\f]*| [ \t\n\r\f]+/g, ' ').trim();
    if (t.includes(CELL_END)) t = t.replaceAll(CELL_END, '\t').replace(/\s*\t\s*/g, '\t');
    if (/[^\t]/.test(t)) lines.push(t);
    line = '';
  };
  // Returns whether to go into the node's children (then `leave` follows them).
  const enter = (node: Node): boolean => {
    if (node.nodeType === 3) {
      line += node.nodeValue ?? '';
      return false;
    }
    if (node.nodeType !== 1 && node.nodeType !== 11 && node.nodeType !== 9) return false;
    const tag = (node as Element).tagName ?? '';
    if (SKIP.has(tag)) return false;
    if (tag === 'BR') {
      flush();
      return false;
    }
    if (tag === 'IMG') return false;
    if (tag === 'PRE') {
      // Code keeps its own lines and spacing, whatever highlighter spans it is split into.
      flush();
      for (const codeLine of (node.textContent ?? '').replace(/\n+$/, '').split('\n'))
        lines.push(codeLine.trimEnd());
      return false;
    }
    if (BLOCK.has(tag)) flush();
    return true;
  };
  const leave = (node: Node) => {
    const tag = (node as Element).tagName ?? '';
    if (tag === 'TD' || tag === 'TH') line += CELL_END;
    if (BLOCK.has(tag)) flush();
  };
  // In tree order without recursion: a page may nest elements thousands deep.
  let node: Node = root;
  for (;;) {
    const entered = enter(node);
    if (entered && node.firstChild) {
      node = node.firstChild;
      continue;
    }
    if (entered) leave(node);
    // Up to the next sibling, leaving each parent on the way.
    while (node !== root && !node.nextSibling) {
      node = node.parentNode!;
      leave(node);
    }
    if (node === root) break;
    node = node.nextSibling!;
  }
  flush();
  return lines.map((l) => l.replace(/[ \t]+$/, '')).join('\n');
}

/**
 * Stored HTML parsed into the body of a document of its own, which is inert: nothing in it runs
 * or loads (an <img> parsed into a page's own document would fetch at once).
 */
export function inertBody(html: string, doc: Document = document): HTMLElement {
  const inert = doc.implementation.createHTMLDocument('');
  inert.body.innerHTML = html;
  return inert.body;
}
