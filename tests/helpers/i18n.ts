import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { forgetUiLanguage } from '@/utils/i18n';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

/**
 * Gives fakeBrowser (which does not implement i18n) the real locale files, substituting
 * placeholders as Chrome does, so components render the strings a user would see.
 */
export function useLocale(locale: 'ja' | 'en'): void {
  const file = path.resolve(__dirname, '../../public/_locales', locale, 'messages.json');
  const messages: Messages = JSON.parse(readFileSync(file, 'utf8'));
  forgetUiLanguage();
  fakeBrowser.i18n.getUILanguage = () => locale;
  fakeBrowser.i18n.getMessage = ((name: string, substitutions?: string | string[]) => {
    const entry = messages[name];
    if (!entry) return '';
    const subs = ([] as string[]).concat(substitutions ?? []);
    return entry.message.replace(/\$([A-Za-z_]+)\$/g, (_, placeholder: string) => {
      const content = entry.placeholders?.[placeholder.toLowerCase()]?.content ?? '';
      return content.replace(/\$(\d)/g, (_m, n: string) => subs[Number(n) - 1] ?? '');
    });
  }) as typeof fakeBrowser.i18n.getMessage;
}
