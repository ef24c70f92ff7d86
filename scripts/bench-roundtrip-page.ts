// Bundled by `npm run bench` (section `roundtrip`) and injected into a page in Chromium: makes a
// generated library's articles into what clip time stores (HTML and text), with extraction's own
// code, so the restore's text can be compared with it.
import { storedArticle } from '../utils/extract';

declare global {
  interface Window {
    kurabeClipTime(htmls: string[]): { html: string; text: string }[];
  }
}

window.kurabeClipTime = (htmls) =>
  htmls.map((source) => {
    // Readability hands extraction an element of a document that is not the page's: so here.
    const doc = document.implementation.createHTMLDocument('');
    const content = doc.createElement('div');
    content.innerHTML = source;
    return storedArticle(content, { title: '', byline: '', pageUrl: location.href, win: window });
  });
