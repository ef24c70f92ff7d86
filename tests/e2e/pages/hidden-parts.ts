// Injected into pages by hidden-parts.test.ts: both ways of finding the parts a page hides.
import { findComputedHidden, hidingSelectors } from '@/utils/extract/prepare';

declare global {
  interface Window {
    kurabeHidden: () => { byRules: number[]; byEveryElement: number[]; rulesRead: boolean; tags: string[] };
  }
}

window.kurabeHidden = () => {
  const byRules = findComputedHidden(document);
  const all = document.body.getElementsByTagName('*');
  return {
    byRules,
    byEveryElement: findComputedHidden(document, { readEveryElement: true }),
    rulesRead: hidingSelectors(document) !== undefined,
    tags: byRules.map((i) => `${all[i]!.tagName}.${all[i]!.className}`),
  };
};
