import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';

/**
 * State a view keeps across being left and shown again within one panel (the Inbox filter, the
 * board's view mode, the clips whose images were asked for, a restore under way): each tab owns
 * its state and is unmounted while another tab shows, so what must outlive that lives here, one
 * store per panel. A value set while its view is away (a restore's progress) reaches the view
 * shown again, which listens to its names.
 */
export class Kept {
  private readonly values = new Map<string, unknown>();
  private readonly listeners = new Map<string, Set<(value: unknown) => void>>();

  has(name: string): boolean {
    return this.values.has(name);
  }

  get(name: string): unknown {
    return this.values.get(name);
  }

  set(name: string, value: unknown): void {
    this.values.set(name, value);
    for (const listener of this.listeners.get(name) ?? []) listener(value);
  }

  /** Calls `listener` with each value set under `name`; returns the function that stops it. */
  listen(name: string, listener: (value: unknown) => void): () => void {
    const set = this.listeners.get(name) ?? new Set();
    set.add(listener);
    this.listeners.set(name, set);
    return () => set.delete(listener);
  }
}

export const KeptState = createContext<Kept>(new Kept());

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
  useEffect(() => {
    // What was set between the first render and now (by a job of an earlier mount) is taken too.
    if (kept.has(name)) setValue(kept.get(name) as T);
    return kept.listen(name, (next) => setValue(next as T));
  }, [kept, name]);
  const set = useCallback(
    (next: T) => {
      kept.set(name, next);
      setValue(next);
    },
    [kept, name],
  );
  return [value, set];
}

/** One object per panel under `name`, made by `create` the first time a view asks (a search index). */
export function useKeptObject<T>(name: string, create: () => T): T {
  const kept = useContext(KeptState);
  if (!kept.has(name)) kept.set(name, create());
  return kept.get(name) as T;
}
