import { translate, type Lang } from '../shared/i18n.ts';

/** "Label : " in French, "Label: " in English (typography differs, so it comes from the locale). */
export function fieldLabel(lang: Lang, label: string): string {
  return `${label}${translate(lang, 'popup_colon')}`;
}
