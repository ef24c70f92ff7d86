import { createContext } from 'preact';
import { useCallback, useContext, useState } from 'preact/hooks';

/**
 * State a view keeps across being left and shown again within one panel (the Inbox filter, the
 * board's view mode, the clips whose images were asked for): each tab owns its state and is
 * unmounted while another tab shows, so what must outlive that lives here, one store per panel.
 */
export const KeptState = createContext<Map<string, unknown>>(new Map());

/**
 * `useState` whose value survives the component being unmounted and mounted again in this panel:
 * it starts from `start` when given (and keeps it), else from the value kept, else from `initial`.
 */
export function useKept<T>(name: string, initial: T, start?: T): [T, (next: T) => void] {
  const kept = useContext(KeptState);
  const [value, setValue] = useState<T>(() => {
    if (start !== undefined) kept.set(name, start);
    return kept.has(name) ? (kept.get(name) as T) : initial;
  });
  const set = useCallback(
    (next: T) => {
      kept.set(name, next);
      setValue(next);
    },
    [kept, name],
  );
  return [value, set];
}
