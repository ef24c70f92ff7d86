import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const LOCALES = path.resolve(__dirname, '../../public/_locales');
type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const load = (locale: string): Messages =>
  JSON.parse(readFileSync(path.join(LOCALES, locale, 'messages.json'), 'utf8'));
const en = load('en');
const ja = load('ja');

/** Every source file of the UI and background, to find the message names they use. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return /\.(ts|tsx)$/.test(d.name) ? [readFileSync(p, 'utf8')] : [];
  });
}

describe('locales', () => {
  it('ships exactly ja and en', () => {
    expect(readdirSync(LOCALES).sort()).toEqual(['en', 'ja']);
  });

  it('ja and en have the same messages, none empty', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of [...Object.entries(en), ...Object.entries(ja)]) {
      expect(value.message.trim(), key).not.toBe('');
    }
  });

  it('every placeholder a message uses is declared, in both locales', () => {
    for (const messages of [en, ja]) {
      for (const [key, { message, placeholders = {} }] of Object.entries(messages)) {
        const used = [...message.matchAll(/\$([A-Za-z_]+)\$/g)].map((m) => m[1]!.toLowerCase());
        expect(used.sort(), key).toEqual(Object.keys(placeholders).sort());
      }
    }
  });

  it('Japanese messages are in Japanese', () => {
    const kana = /[\u3040-\u30ff]/;
    const untranslated = Object.entries(ja).filter(
      ([key, v]) => !kana.test(v.message) && v.message === en[key]?.message,
    );
    // The product name is the same in every language.
    expect(untranslated.map(([key]) => key)).toEqual([]);
  });

  it('every t() and getMessage() name in the code exists', () => {
    const root = path.resolve(__dirname, '../..');
    const code = ['entrypoints', 'components', 'utils']
      .flatMap((d) => sources(path.join(root, d)))
      .join('\n');
    const names = new Set([...code.matchAll(/\b(?:t|getMessage)\(\s*'([A-Za-z0-9_]+)'/g)].map((m) => m[1]!));
    expect(names.size).toBeGreaterThan(10);
    for (const name of names) expect(en, name).toHaveProperty(name);
    // Failure and fallback messages are looked up by reason: each reason needs its message.
    const outcome = readFileSync(path.join(root, 'utils/clip-outcome.ts'), 'utf8');
    const union = (name: string) =>
      [...(new RegExp(`type ${name} =([^;]+);`).exec(outcome)?.[1] ?? '').matchAll(/'(\w+)'/g)].map(
        (m) => m[1],
      );
    expect(union('ClipFailureReason')).toHaveLength(7);
    expect(union('UnscriptableReason')).toHaveLength(3);
    for (const reason of union('ClipFailureReason')) expect(en).toHaveProperty(`clipFailed_${reason}`);
    for (const reason of union('UnscriptableReason')) expect(en).toHaveProperty(`clipFallback_${reason}`);
    const boards = readFileSync(path.join(root, 'utils/boards.ts'), 'utf8');
    const boardErrors = [...(/type BoardError =([^;]+);/.exec(boards)?.[1] ?? '').matchAll(/'(\w+)'/g)].map(
      (m) => m[1],
    );
    expect(boardErrors.length).toBeGreaterThanOrEqual(5);
    for (const error of boardErrors) expect(en).toHaveProperty(`boardError_${error}`);
  });

  it('the manifest strings are localized', () => {
    expect(en).toHaveProperty('extDescription');
    expect(ja).toHaveProperty('actionTitle');
  });
});
