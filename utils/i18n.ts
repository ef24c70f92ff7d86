import type en from '../public/_locales/en/messages.json';

/** Every message name; `en` is the reference locale and a test keeps `ja` complete. */
export type MessageKey = keyof typeof en;

/** A UI string in the browser's UI language (Chrome and Firefox choose the locale). */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  const text = browser.i18n.getMessage(key, substitutions.map(String));
  return text || key;
}

/**
 * The language the UI strings are in. Read from the chosen locale file itself: Chromium can pick
 * the `ja` messages (from --lang or the OS) while getUILanguage() and @@ui_locale still say
 * en-US, and dates must match the strings around them.
 */
export function uiLanguage(): string {
  try {
    return browser.i18n.getMessage('uiLocale') || browser.i18n.getUILanguage() || 'en';
  } catch {
    return 'en';
  }
}

/** A date for people, in the UI language ("2026年11月20日" / "Nov 20, 2026"). */
export function formatDate(value: number | string, locale = uiLanguage()): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date);
}

/** A number with the locale's grouping (2,632). */
export function formatNumber(value: number, locale = uiLanguage()): string {
  return new Intl.NumberFormat(locale).format(value);
}
