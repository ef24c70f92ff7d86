import { Component, type FunctionComponent, h } from 'preact';

/**
 * A component that re-renders only when one of its props changes (compared one by one). Written
 * here rather than imported from preact/compat, whose import changes every element's events
 * (onBlur becomes focusout) across the whole panel.
 */
export function memo<P extends object>(render: FunctionComponent<P>) {
  return class Memo extends Component<P> {
    override shouldComponentUpdate(next: P): boolean {
      const current = this.props as Record<string, unknown>;
      const incoming = next as Record<string, unknown>;
      const keys = new Set([...Object.keys(current), ...Object.keys(incoming)]);
      for (const key of keys) if (current[key] !== incoming[key]) return true;
      return false;
    }
    override render(props: P) {
      return h(render, props);
    }
  };
}
