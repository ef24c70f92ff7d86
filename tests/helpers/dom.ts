/** A detached element of the test's document (jsdom environment) holding `html`. */
export function htmlIn(tag: 'body' | 'div', html: string): HTMLElement {
  const el = document.createElement(tag);
  el.innerHTML = html;
  return el;
}
