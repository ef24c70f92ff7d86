import type en from '../public/_locales/en/messages.json';
import { formatDateIn } from './dates';

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
  // Read once: the browser does not change a page's locale while it is open, and each call
  // crosses into the browser (listing 100 cards made 13 ms of these calls).
  if (cachedLanguage === undefined) {
    try {
      cachedLanguage = browser.i18n.getMessage('uiLocale') || browser.i18n.getUILanguage() || 'en';
    } catch {
      return 'en';
    }
  }
  return cachedLanguage;
}
let cachedLanguage: string | undefined;

/** Forgets the language read; tests that switch the locale between cases call it. */
export function forgetUiLanguage(): void {
  cachedLanguage = undefined;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * A date for people, in the UI language ("2026年11月20日" / "Nov 20, 2026"); '' for a value that is
 * not a date (utils/dates.ts: it never throws).
 */
export function formatDate(value: number | string, locale = uiLanguage()): string {
  return formatDateIn(value, locale);
}

/** A number with the locale's grouping (2,632). */
export function formatNumber(value: number, locale = uiLanguage()): string {
  const format = numberFormats.get(locale) ?? new Intl.NumberFormat(locale);
  numberFormats.set(locale, format);
  return format.format(value);
}

/** A size for people: "1.2 MB", "340 kB" (decimal units, as file managers show them). */
export function formatBytes(bytes: number, locale = uiLanguage()): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}
