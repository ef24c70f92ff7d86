import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A view whose code is not in the panel's first script (the first Inbox cards do not need it):
 * loaded by `preload`, which the panel calls once the library is on screen, or on the view's
 * first use. Until its code is there the view renders nothing: a few milliseconds, the file is
 * in the extension.
 */
export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>) {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<unknown> | undefined;
  const preload = () => {
    loading ??= load().then((view) => {
      loaded = view;
    });
    return loading;
  };
  function LazyView(props: P) {
    const [, setReady] = useState(loaded !== undefined);
    useEffect(() => {
      if (!loaded) void preload().then(() => setReady(true));
    }, []);
    const View = loaded;
    return View ? <View {...props} /> : null;
  }
  return { View: LazyView, preload };
}

export const LazyBoardsView = lazyView(() => import('./BoardsView').then((m) => m.BoardsView));
export const LazySearchView = lazyView(() => import('./SearchView').then((m) => m.SearchView));
export const LazyDataTabView = lazyView(() => import('./DataTabView').then((m) => m.DataTabView));
export const LazyReaderPane = lazyView(() => import('./ReaderPane').then((m) => m.ReaderPane));

/** Loads every view the first Inbox did not need (the panel calls it while idle). */
export function preloadViews(): Promise<unknown> {
  return Promise.all(
    [LazyBoardsView, LazySearchView, LazyDataTabView, LazyReaderPane].map((view) => view.preload()),
  );
}
