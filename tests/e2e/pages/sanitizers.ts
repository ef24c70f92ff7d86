// Injected into a page by sanitizer-engines.test.ts: runs both sanitizer engines on the same HTML.
import { storedHtml } from '@/utils/extract/html-text';
import { articleSanitizer, sanitizeArticle, sanitizeToBody } from '@/utils/sanitize';

/** A tree written canonically: tags, attributes sorted by name, text. Engines may order attributes differently. */
function canonical(node: Node): string {
  if (node.nodeType === 3) return JSON.stringify(node.nodeValue);
  if (node.nodeType !== 1) return `<#${node.nodeType}>`;
  const el = node as Element;
  const attrs = Array.from(el.attributes)
    .map((a) => `${a.name}=${JSON.stringify(a.value)}`)
    .sort()
    .join(' ');
  let inner = '';
  for (let child = el.firstChild; child; child = child.nextSibling) inner += canonical(child);
  return `<${el.localName}${attrs ? ` ${attrs}` : ''}>${inner}</${el.localName}>`;
}

function tree(root: Node): string {
  let out = '';
  for (let c = root.firstChild; c; c = c.nextSibling) out += canonical(c);
  return out;
}

/** The body of `html` parsed as a page (inert: DOMParser documents load nothing). */
function bodyOf(html: string): HTMLElement {
  return new DOMParser().parseFromString(html, 'text/html').body;
}

declare global {
  interface Window {
    kurabeSanitizers: {
      native: boolean;
      both(
        html: string,
        baseUrl: string,
      ): { native: string; dompurify: string; nativeThenDompurify: string; html: string };
    };
  }
}

window.kurabeSanitizers = {
  native: articleSanitizer(window) === 'native',
  both(html, baseUrl) {
    const native = sanitizeArticle(bodyOf(html), baseUrl, window);
    const purified = sanitizeArticle(bodyOf(html), baseUrl, window, 'dompurify');
    // DOMPurify leaves the text around an element it took out in separate (or empty) text
    // nodes; the browser's Sanitizer joins them. The same text either way.
    native.normalize();
    purified.normalize();
    // What is stored (written to be parsed back as the same tree), then what the reader does
    // with it: DOMPurify again, on the stored HTML.
    const stored = storedHtml(native);
    storedHtml(purified);
    const shown = sanitizeToBody(stored, baseUrl, window);
    shown.normalize();
    return {
      native: tree(native),
      dompurify: tree(purified),
      nativeThenDompurify: tree(shown),
      html: stored,
    };
  },
};
