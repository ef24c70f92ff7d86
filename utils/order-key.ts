/**
 * Sortable keys for user-ordered lists (placements, boards): a key between any two keys always
 * exists, so moving one item rewrites that item only. Keys are strings over base-62 digits,
 * compared as plain strings, and never end in the lowest digit (which would leave no room
 * before them).
 */
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function midpoint(a: string, b: string | null): string {
  if (b !== null) {
    // A shared prefix stays; the midpoint is found after it.
    let n = 0;
    while ((a[n] ?? '0') === b[n]) n++;
    if (n > 0) return b.slice(0, n) + midpoint(a.slice(n), b.slice(n));
  }
  const digitA = a ? DIGITS.indexOf(a[0]!) : 0;
  const digitB = b !== null ? DIGITS.indexOf(b[0]!) : DIGITS.length;
  if (digitB - digitA > 1) return DIGITS[Math.round((digitA + digitB) / 2)]!;
  // Adjacent digits: the key is longer.
  if (b !== null && b.length > 1) return b.slice(0, 1);
  return DIGITS[digitA] + midpoint(a.slice(1), null);
}

/** A key that sorts after `before` and before `after` (either may be absent: list start/end). */
export function keyBetween(before?: string | null, after?: string | null): string {
  if (before != null && after != null && before >= after) {
    throw new Error(`keyBetween: "${before}" is not before "${after}"`);
  }
  return midpoint(before ?? '', after ?? null);
}

/** `count` keys in order after `before` (for appending several items at once). */
export function keysAfter(before: string | null | undefined, count: number): string[] {
  const keys: string[] = [];
  let last = before ?? null;
  for (let i = 0; i < count; i++) {
    last = keyBetween(last, null);
    keys.push(last);
  }
  return keys;
}
