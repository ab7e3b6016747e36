/**
 * Translation from the extension's own `_locales` files, so every context (and the language option) uses one
 * source of strings. chrome.i18n cannot switch language at run time; this can.
 */
import fr from '../../_locales/fr/messages.json' with { type: 'json' };
import en from '../../_locales/en/messages.json' with { type: 'json' };

export type Lang = 'fr' | 'en';

interface LocaleEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

type Catalog = Record<string, LocaleEntry>;

/** Every message key; French is the reference language. */
export type MessageKey = keyof typeof fr;

const CATALOGS: Record<Lang, Catalog> = { fr: fr as Catalog, en: en as Catalog };

/** Picks the language: the user's choice, else the browser UI language when it is French or English, else French. */
export function resolveLang(setting: 'auto' | Lang, uiLanguage: string | undefined): Lang {
  if (setting !== 'auto') return setting;
  const base = (uiLanguage ?? '').toLowerCase().slice(0, 2);
  return base === 'en' ? 'en' : base === 'fr' ? 'fr' : 'en';
}

/** Formats a message with positional substitutions ($1..$9), following the chrome.i18n placeholder rules. */
export function translate(lang: Lang, key: MessageKey, ...subs: (string | number)[]): string {
  const entry = CATALOGS[lang][key] ?? CATALOGS.fr[key];
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

const PLURAL_RULES: Record<Lang, Intl.PluralRules> = { fr: new Intl.PluralRules('fr'), en: new Intl.PluralRules('en') };
const NUMBER_FORMATS: Record<Lang, Intl.NumberFormat> = { fr: new Intl.NumberFormat('fr-FR'), en: new Intl.NumberFormat('en-GB') };

/**
 * A message with a count, in the plural form the language needs for it (`Intl.PluralRules`: French says "1 requête",
 * "0 requête", "2 requêtes"); the count, formatted for the language, is $1, further substitutions follow.
 */
export function translateCount(lang: Lang, base: PluralKey, count: number, ...subs: (string | number)[]): string {
  const form = `${base}_${PLURAL_RULES[lang].select(count)}`;
  const key = (form in CATALOGS[lang] ? form : `${base}_other`) as MessageKey;
  return translate(lang, key, NUMBER_FORMATS[lang].format(count), ...subs);
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
