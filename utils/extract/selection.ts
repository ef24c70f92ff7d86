/** A passage the user selected on the page, with the sentence around it for context. */
export interface SelectedQuote {
  text: string;
  context: string;
}

/** Whether `text[i]` ends a sentence: 。！？ and friends, or a period before a space or the end. */
function endsSentence(text: string, i: number): boolean {
  const ch = text[i] ?? '';
  if (/[。！？!?．]/.test(ch)) return true;
  return ch === '.' && (i + 1 >= text.length || /\s/.test(text[i + 1] ?? ''));
}
const BLOCK_SELECTOR = 'p, li, blockquote, td, th, dd, dt, figcaption, h1, h2, h3, h4, h5, h6, pre';
/** Context longer than this is cut around the quote (a selection in a huge block). */
const MAX_CONTEXT = 400;

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The sentence(s) of `block` that contain `selected`: from the end of the sentence before it to
 * the end of the sentence it ends in. Falls back to the selection itself when it is not found.
 */
export function sentenceAround(block: string, selected: string): string {
  const text = squash(block);
  const quote = squash(selected);
  const at = text.indexOf(quote);
  if (!quote || at < 0) return quote;
  let start = at;
  while (start > 0 && !endsSentence(text, start - 1)) start--;
  let end = at + quote.length;
  // A selection that already ends a sentence ends there; otherwise run on to the sentence's end.
  if (!endsSentence(text, end - 1)) {
    while (end < text.length && !endsSentence(text, end)) end++;
    if (end < text.length) end++;
  }
  // Closing brackets and quotes belong to the sentence they close.
  while (end < text.length && /[」』）)"'”’]/.test(text[end] ?? '')) end++;
  let context = text.slice(start, end).trim();
  if (context.length > MAX_CONTEXT) {
    const from = Math.max(0, at - start - (MAX_CONTEXT - quote.length) / 2);
    context = `…${context.slice(from, from + MAX_CONTEXT)}…`;
  }
  return context;
}

/** Reads the current selection of a page (not inside form fields), or undefined when none. */
export function captureSelection(win: Window): SelectedQuote | undefined {
  const selection = win.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return undefined;
  const text = squash(selection.toString());
  if (!text) return undefined;
  const range = selection.getRangeAt(0);
  const start = range.startContainer;
  const element = start.nodeType === 1 ? (start as Element) : start.parentElement;
  const block = element?.closest(BLOCK_SELECTOR) ?? element;
  const blockText = block?.textContent ?? '';
  // A selection across blocks is its own context.
  return { text, context: blockText.includes(text.slice(0, 20)) ? sentenceAround(blockText, text) : text };
}
