import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ClipFailureReason, failureMessageName, whyNotClippable } from '@/utils/clip-outcome';

const LOCALES = path.resolve(__dirname, '../../public/_locales');
const messages = (locale: 'ja' | 'en'): Record<string, { message: string }> =>
  JSON.parse(readFileSync(path.join(LOCALES, locale, 'messages.json'), 'utf8'));

/** The text a browser's panel shows for a page it cannot clip, in one UI language. */
const shown = (url: string, family: 'chrome' | 'firefox', locale: 'ja' | 'en') =>
  messages(locale)[failureMessageName(whyNotClippable(url), family)]!.message;

describe('the unclippable-page message names what the current browser calls such pages', () => {
  it.each(['ja', 'en'] as const)(
    'Chrome (%s): chrome:// pages and the web store, not Firefox’s',
    (locale) => {
      const text = shown('chrome://version', 'chrome', locale);
      expect(text).toContain('chrome://');
      expect(text).not.toMatch(/about:reader|moz-extension|addons\.mozilla\.org|Firefox/);
    },
  );

  it.each([
    ['ja', 'リーダービュー'],
    ['en', 'Reader View'],
  ] as const)(
    'Firefox (%s): about:, moz-extension:, the reader view, addons.mozilla.org — never chrome://',
    (locale, readerView) => {
      for (const url of [
        'about:robots',
        'about:reader?url=https%3A%2F%2Fexample.com%2F',
        'moz-extension://x/p.html',
      ]) {
        const text = shown(url, 'firefox', locale);
        expect(text, url).not.toContain('chrome://');
        expect(text).toContain('about:');
        expect(text).toContain('moz-extension:');
        expect(text).toContain(readerView);
        expect(text).toContain('addons.mozilla.org');
      }
    },
  );

  it('every other failure has one message in both browsers', () => {
    const others: ClipFailureReason[] = [
      'fileAccess',
      'viewSource',
      'scriptFailed',
      'storageFailed',
      'storageFull',
      'interrupted',
    ];
    for (const reason of others) {
      expect(failureMessageName(reason, 'firefox')).toBe(failureMessageName(reason, 'chrome'));
      for (const locale of ['ja', 'en'] as const)
        expect(messages(locale)[failureMessageName(reason, 'firefox')], `${reason} ${locale}`).toBeDefined();
    }
    for (const locale of ['ja', 'en'] as const)
      expect(messages(locale)[failureMessageName('browserPage', 'firefox')]?.message).toMatch(/\S/);
  });
});
