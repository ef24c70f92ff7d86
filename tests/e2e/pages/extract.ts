// Injected into pages by ja-blogs.test.ts: the extraction the extension's content script runs
// (runExtraction: hidden parts from the live page's styles, then extractPage on a clone).
import { runExtraction } from '@/utils/extract/run';

declare global {
  interface Window {
    kurabeExtract: () => ReturnType<typeof runExtraction>;
  }
}

window.kurabeExtract = () => runExtraction(document);
