/**
 * Translation from the extension's own `_locales` files, so every context (and the language option) uses one
 * source of strings. chrome.i18n cannot switch language at run time; this can. In Node both locales are installed when
 * this module loads (committed-locales.ts); an extension context installs the ones it reads (src/shared/packaged-data.ts):
 * the worker only the language it speaks.
 */
import committedLocales, { type MessageKey } from './committed-locales.ts';
import type { Lang } from './lang.ts';

export type { Lang } from './lang.ts';

interface LocaleEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

/** One locale's messages.json. */
export type LocaleMessages = Record<string, LocaleEntry>;

export type { MessageKey } from './committed-locales.ts';

const LOCALES: Partial<Record<Lang, LocaleMessages>> = { ...committedLocales };

/** Makes a locale's messages the ones `translate` gives for that language. */
export function installLocale(lang: Lang, messages: LocaleMessages): void {
  LOCALES[lang] = messages;
}

/** True once this language's messages are installed. */
export function localeInstalled(lang: Lang): boolean {
  return LOCALES[lang] !== undefined;
}

/** Formats a message with positional substitutions ($1..$9), following the chrome.i18n placeholder rules. */
export function translate(lang: Lang, key: MessageKey, ...subs: (string | number)[]): string {
  // A language not installed yet (a worker reading the other one after a language change) speaks the installed one.
  const entry = LOCALES[lang]?.[key] ?? LOCALES.fr?.[key] ?? LOCALES.en?.[key];
  if (!entry) return key;
  let text = entry.message;
  if (entry.placeholders) {
    text = text.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
      const content = entry.placeholders?.[name.toLowerCase()]?.content;
      return content ?? whole;
    });
  }
  return text.replace(/\$(\d)/g, (whole, index: string) => {
    const value = subs[Number(index) - 1];
    return value === undefined ? '' : String(value);
  });
}

/** Base names of messages that come in plural forms (`<base>_one`, `<base>_other`, …). */
export type PluralKey = { [K in MessageKey]: K extends `${infer Base}_other` ? Base : never }[MessageKey];

// Made at first use: Intl objects load the language's data, which no first verdict needs.
const pluralRules: Partial<Record<Lang, Intl.PluralRules>> = {};
const numberFormats: Partial<Record<Lang, Intl.NumberFormat>> = {};

/**
 * A message with a count, in the plural form the language needs for it (`Intl.PluralRules`: French says "1 requête",
 * "0 requête", "2 requêtes"); the count, formatted for the language, is $1, further substitutions follow.
 */
export function translateCount(lang: Lang, base: PluralKey, count: number, ...subs: (string | number)[]): string {
  const form = `${base}_${(pluralRules[lang] ??= new Intl.PluralRules(lang)).select(count)}`;
  const key = (LOCALES[lang]?.[form] ? form : `${base}_other`) as MessageKey;
  const formatted = (numberFormats[lang] ??= new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB')).format(count);
  return translate(lang, key, formatted, ...subs);
}

/** A country name in the given language, from its ISO code; '' stays ''. */
export function countryName(lang: Lang, code: string): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
