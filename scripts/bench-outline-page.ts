// Bundled by `npm run bench` and run in a page in Chromium, where the export panel renders its
// preview: the outline's Markdown, its preview (marked with CJK-friendly emphasis, then
// DOMPurify) and bare marked on the same Markdown, timed in the same page.
import { Marked } from 'marked';
import { type OutlineInput, renderOutline } from '../utils/outline';
import { outlineHtml } from '../utils/outline-preview';

declare global {
  interface Window {
    kurabeOutlineBench: (
      input: OutlineInput,
      runs: number,
    ) => { markdown: number[]; preview: number[]; bare: number[] };
  }
}

window.kurabeOutlineBench = (input, runs) => {
  const times = { markdown: [] as number[], preview: [] as number[], bare: [] as number[] };
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    const markdown = renderOutline(input);
    times.markdown.push(performance.now() - t);
    t = performance.now();
    new Marked({ gfm: true }).parse(markdown, { async: false });
    times.bare.push(performance.now() - t);
    t = performance.now();
    outlineHtml(markdown);
    times.preview.push(performance.now() - t);
  }
  return times;
};
