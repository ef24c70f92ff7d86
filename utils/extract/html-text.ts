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
 * or loads (an <img> parsed into a page's own document would fetch at once). `storedHtml` writes
 * HTML that this gives back as the same tree.
 */
export function inertBody(html: string, doc: Document = document): HTMLElement {
  const inert = doc.implementation.createHTMLDocument('');
  inert.body.innerHTML = html;
  return inert.body;
}

/** Elements whose first line break the HTML parser drops ("\n" right after the start tag). */
const FIRST_LF_DROPPED = 'pre, listing, textarea';

/** Whether this engine's serializer writes that line break itself (the HTML spec's rule until 2016). */
let serializerWritesFirstLf: boolean | undefined;

function writesFirstLf(doc: Document): boolean {
  if (serializerWritesFirstLf === undefined) {
    const probe = doc.createElement('div');
    probe.append(doc.createElement('pre'));
    probe.firstChild!.textContent = '\nx';
    serializerWritesFirstLf = probe.innerHTML === '<pre>\n\nx</pre>';
  }
  return serializerWritesFirstLf;
}

/**
 * `root.innerHTML`, written so that the HTML parser reads it back as the same tree. The
 * serializer writes text as it is, but the parser drops a line break right after `<pre>`,
 * `<listing>` and `<textarea>`: a code block whose text starts with a blank line lost it at every
 * round trip (stored HTML → backup → restore, or the text the browser's Sanitizer reads). That
 * line break is written twice, as the parser expects of a line break meant to stay.
 */
export function serializeForParsing(root: Element): string {
  const doubled: Text[] = [];
  if (!writesFirstLf(root.ownerDocument!)) {
    for (const el of root.querySelectorAll(FIRST_LF_DROPPED)) {
      // The first text written after the start tag: an empty text node (a sanitizer leaves them
      // where it took an element out) writes nothing.
      let first = el.firstChild;
      while (first?.nodeType === 3 && first.nodeValue === '') first = first.nextSibling;
      if (first?.nodeType !== 3 || !first.nodeValue!.startsWith('\n')) continue;
      (first as Text).nodeValue = `\n${first.nodeValue}`;
      doubled.push(first as Text);
    }
  }
  try {
    return root.innerHTML;
  } finally {
    // The tree is left as it was: only what is written changes.
    for (const text of doubled) text.nodeValue = text.nodeValue!.slice(1);
  }
}

/** What the parser reads differently from the tree that holds it: a carriage return, a NUL. */
const PARSER_CHANGES = /[\r\0]/;

/**
 * Makes a tree hold what the parser would read back from its HTML: its input stream turns every
 * CR and CR LF into LF, and it drops NUL from text and reads it as U+FFFD in an attribute. Such
 * characters reach a tree through character references (`&#13;`) or a page's script.
 */
function normalizeAsParsed(root: Element): void {
  const doc = root.ownerDocument!;
  const walker = doc.createTreeWalker(root, 1 | 4 /* NodeFilter.SHOW_ELEMENT | SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === 3) {
      const value = node.nodeValue!;
      if (PARSER_CHANGES.test(value)) node.nodeValue = value.replace(/\r\n?/g, '\n').replaceAll('\0', '');
      continue;
    }
    for (const attr of (node as Element).attributes) {
      if (PARSER_CHANGES.test(attr.value))
        attr.value = attr.value.replace(/\r\n?/g, '\n').replaceAll('\0', '\uFFFD');
    }
  }
}

/**
 * The HTML to store for a sanitized tree: `serializeForParsing`, after the tree is made to hold
 * what the parser would read from it (CR, NUL). Parsing the result (`inertBody`) gives back the
 * tree, so the text made from the tree now (`htmlToText`) is the text a restore makes from the HTML.
 * `parsedFrom`: the HTML `root` was parsed from, when the tree is that parse less what a sanitizer
 * took out (never with elements moved or added).
 */
export function storedHtml(root: Element, parsedFrom?: string): string {
  let html = serializeForParsing(root);
  // `root` is the parser's tree of `parsedFrom` with things only taken out (a sanitizer's work):
  // written back as the very same HTML, nothing was taken out, so it is the tree that HTML parses
  // to and the parse of holdAsParsed would only confirm it. A restore's bodies come back
  // unchanged: this skips a second parse of every article.
  if (html === parsedFrom && !PARSER_CHANGES.test(html)) return html;
  // A search of the string, not a walk of the tree: these characters are rare.
  if (PARSER_CHANGES.test(html)) {
    normalizeAsParsed(root);
    html = serializeForParsing(root);
  }
  return holdAsParsed(root, html);
}

/**
 * Makes `root` hold the tree the parser reads from `html` (its own serialization) and returns that
 * tree's HTML. Readability, tidying and the sanitizer move, rename and unwrap elements, and leave
 * trees the parser never makes: a block in a `<p>` whose scope an unwrapped `<marquee>` ended, a
 * `<pre>` in a ruby text (`<rt>`), a heading in a heading. Their HTML reads back as another tree,
 * and sometimes as other text (what a `<rt>` held is skipped; read back outside it, it is not).
 * Rather than list such trees one by one, the HTML is parsed again and, where the tree differs,
 * the parsed one replaces it: one parse of the article, whose text is then the text a restore
 * makes from the stored HTML.
 */
function holdAsParsed(root: Element, html: string): string {
  const doc = root.ownerDocument!;
  for (let round = 0; round < 3; round++) {
    const parsed = inertBody(html, doc);
    const again = serializeForParsing(parsed);
    if (again === html) return html;
    root.replaceChildren(...Array.from(parsed.childNodes, (node) => doc.importNode(node, true)));
    html = again;
  }
  return html;
}
