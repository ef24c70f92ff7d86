/**
 * Run in a page (`page.evaluate(selectWords, …)`, Playwright or Puppeteer): selects `words` in the
 * first paragraph that starts with `paragraphStart`, as a person's drag would, and returns the
 * selection's centre (where a right-click on it lands).
 */
export function selectWords({ paragraphStart, words }: { paragraphStart: string; words: string }): {
  x: number;
  y: number;
} {
  const p = [...document.querySelectorAll('p')].find((e) => e.textContent?.startsWith(paragraphStart))!;
  const text = p.firstChild!;
  const at = text.textContent!.indexOf(words);
  const range = document.createRange();
  range.setStart(text, at);
  range.setEnd(text, at + words.length);
  getSelection()!.removeAllRanges();
  getSelection()!.addRange(range);
  const box = range.getBoundingClientRect();
  return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
}
