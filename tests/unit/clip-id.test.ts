import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clipIdForUrl, sha256Hex } from '../../utils/clip-id';

describe('clip ids from pages', () => {
  it('hashes like SHA-256 for any text, multi-byte and block-boundary lengths included', () => {
    for (const text of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), '比べ'.repeat(40)]) {
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
    );
  });

  it('gives one page one id, and two pages two', () => {
    const a = clipIdForUrl('https://example.com/a');
    expect(a).toBe(clipIdForUrl('https://example.com/a'));
    expect(a).not.toBe(clipIdForUrl('https://example.com/b'));
    expect(a).toMatch(/^u[0-9a-f]{32}$/);
  });
});
