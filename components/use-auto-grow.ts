import { useCallback, useEffect, useLayoutEffect, useRef } from 'preact/hooks';

/** Whether the browser sizes this field to its content itself (CSS `field-sizing: content`). */
function sizesItself(field: HTMLTextAreaElement): boolean {
  return getComputedStyle(field).getPropertyValue('field-sizing') === 'content';
}

/** Makes the field exactly as tall as its text, so it never shows a scrollbar of its own. */
function fitHeight(field: HTMLTextAreaElement): void {
  if (sizesItself(field)) {
    // A height left by the fallback would fight the browser's own sizing.
    if (field.style.height) field.style.height = '';
    return;
  }
  const style = getComputedStyle(field);
  const borders = Number.parseFloat(style.borderTopWidth) + Number.parseFloat(style.borderBottomWidth);
  field.style.height = 'auto'; // shrink first: scrollHeight never reports less than the height
  field.style.height = `${field.scrollHeight + borders}px`;
}

/**
 * A textarea that grows with its text. Browsers with `field-sizing: content` (Chromium 123+) do it
 * from the style sheet; elsewhere (Firefox) the field is measured when its text changes (typed,
 * or replaced by another panel's save) and when its width changes (the panel resized, the layout
 * switched), since a narrower field wraps into more lines.
 * Returns the ref for the textarea and an input handler to call as the user types.
 */
export function useAutoGrow(value: string) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useLayoutEffect(() => {
    if (ref.current) fitHeight(ref.current);
  }, [value]);
  useEffect(() => {
    const field = ref.current;
    if (!field || typeof ResizeObserver === 'undefined') return;
    let width = field.clientWidth;
    const observer = new ResizeObserver(() => {
      // Only a change of width rewraps the text; the height changes are this hook's own.
      if (field.clientWidth === width) return;
      width = field.clientWidth;
      fitHeight(field);
    });
    observer.observe(field);
    return () => observer.disconnect();
  }, []);
  const onInput = useCallback((e: Event) => fitHeight(e.currentTarget as HTMLTextAreaElement), []);
  return { ref, onInput };
}
