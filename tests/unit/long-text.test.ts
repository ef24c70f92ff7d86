import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeAutolinks, escapePlainInline, escapePlainLines } from '@/utils/markdown-escape';
import { firstGraphemes, shorten } from '@/utils/outline';

/**
 * Text at the length limits (a 100,000-character quote or note, as backup-extreme's property test
 * makes) through the escaping and shortening that every outline, preview and Markdown file uses.
 * Both were quadratic in Node 20's V8 (the outline command line, the tests; Chromium 156 is linear
 * on both): the escaper's e-mail lookbehind scanned back over the whole word at every
 * position (14.6 s for one 100,000-letter word), and `shorten` segmented the whole quote into
 * graphemes to keep 40 of them (V8 pays the string's length per segment: about 5 s). These tests
 * check the results on such text (with the old code they took 16 s to over 60 s each).
 */

const LONG = 100_000;
const graphemes = (text: string) =>
  Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (s) => s.segment);

describe('escaping a 100,000-character word', () => {
  it('escapes what follows it as it escapes it alone', () => {
    const tail = 'someone@example.com www.x.example https://x.example/a_b';
    const escapedTail = escapePlainInline(tail);
    expect(escapedTail).toBe('someone@example\\.com www\\.x.example https\\://x.example/a\\_b');
    expect(escapePlainInline(`${'x'.repeat(LONG)} ${tail}`)).toBe(`${'x'.repeat(LONG)} ${escapedTail}`);
    expect(escapePlainLines(`${'x'.repeat(LONG)}\n${tail}`)).toEqual(['x'.repeat(LONG), escapedTail]);
    expect(escapeAutolinks(`${'y'.repeat(LONG)} ${tail}`)).toBe(
      `${'y'.repeat(LONG)} someone@example\\.com www\\.x.example https\\://x.example/a_b`,
    );
  });

  it('an address whose user is the long word: its domain dot is escaped', () => {
    expect(escapePlainInline(`${'a'.repeat(LONG)}@example.com`)).toBe(`${'a'.repeat(LONG)}@example\\.com`);
  });
});

describe('shortening a long quote', () => {
  it('cuts a 100,000-letter word at 39 and one cluster of 100,000 combining marks stays whole', () => {
    expect(shorten('x'.repeat(LONG))).toBe(`${'x'.repeat(39)}…`);
    expect(shorten('あ'.repeat(LONG))).toBe(`${'あ'.repeat(39)}…`);
    const cluster = `a${'\u0301'.repeat(LONG)}`;
    expect(shorten(`${cluster}b`)).toBe(`${cluster}b`);
    expect(shorten(`${cluster}${'い'.repeat(50)}`)).toBe(`${cluster}${'い'.repeat(38)}…`);
  });

  it('its first graphemes are those of the whole text segmented (property)', () => {
    // Pieces that make clusters across a cut: combining marks, ZWJ sequences, flags, CRLF.
    const piece = fc.constantFrom(
      'a',
      ' ',
      'い',
      'か\u3099',
      '\u0301',
      '\u200d',
      '👨',
      '🇯',
      '🇵',
      '\r',
      '\n',
      '𠮷',
      'word ',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 400 }), fc.integer({ min: 1, max: 60 }), (pieces, count) => {
        const text = pieces.join('');
        expect(firstGraphemes(text, count)).toEqual(graphemes(text).slice(0, count));
      }),
      { numRuns: 300 },
    );
  });
});
