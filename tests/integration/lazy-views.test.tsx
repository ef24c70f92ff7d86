import { type ComponentType, render } from 'preact';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { lazyView } from '@/entrypoints/sidepanel/lazy-views';

/**
 * The panel's views left out of its first script (issue 14): a view shown before its code is
 * there renders once it comes, with its props; the code is loaded once, by `preload` or by the
 * first use, and a view loaded renders at once.
 */
let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const Greeting = ({ name }: { name: string }) => <p class="greeting">{name}</p>;

it('renders nothing until its code is loaded, then the view with its props', async () => {
  let give!: (view: ComponentType<{ name: string }>) => void;
  const load = vi.fn(() => new Promise<ComponentType<{ name: string }>>((resolve) => (give = resolve)));
  const view = lazyView(load);
  render(<view.View name="一" />, root);
  expect(root.innerHTML).toBe('');
  // Its first use loads it (an effect, once the render is on screen).
  await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(1));
  expect(root.innerHTML).toBe('');
  give(Greeting);
  await vi.waitFor(() => expect(root.textContent).toBe('一'));
  // Loaded: a new render shows it at once, with the new props, without loading again.
  render(<view.View name="二" />, root);
  expect(root.textContent).toBe('二');
  await view.preload();
  expect(load).toHaveBeenCalledTimes(1);
});

it('once preloaded, renders in the very render that shows it', async () => {
  const load = vi.fn(async () => Greeting);
  const view = lazyView(load);
  await view.preload();
  render(<view.View name="三" />, root);
  expect(root.textContent).toBe('三');
  expect(load).toHaveBeenCalledTimes(1);
});
