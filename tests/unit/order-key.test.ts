import { describe, expect, it } from 'vitest';
import { keyBetween, keysAfter } from '@/utils/order-key';

describe('keyBetween', () => {
  it('gives keys that sort between their neighbours', () => {
    const a = keyBetween();
    const b = keyBetween(a);
    const c = keyBetween(null, a);
    const m = keyBetween(a, b);
    expect([b, c, m, a].sort()).toEqual([c, a, m, b]);
  });

  it('always finds room, however often an item is moved to the same place', () => {
    let low = keyBetween();
    const high = keyBetween(low);
    for (let i = 0; i < 200; i++) {
      const mid = keyBetween(low, high);
      expect(mid > low && mid < high).toBe(true);
      low = mid;
    }
    expect(low.length).toBeLessThan(60);
  });

  it('keeps a random sequence of insertions in order', () => {
    const keys: string[] = [];
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 500; i++) {
      const at = Math.floor(random() * (keys.length + 1));
      keys.splice(at, 0, keyBetween(keys[at - 1], keys[at]));
    }
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('refuses neighbours in the wrong order', () => {
    expect(() => keyBetween('b', 'a')).toThrow();
    expect(() => keyBetween('a', 'a')).toThrow();
  });

  it('appends several keys at once', () => {
    const keys = keysAfter(null, 5);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(5);
  });
});
