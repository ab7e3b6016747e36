/**
 * The verdict in words and colours, shared by the toolbar badge, the page badge and the popup headline, so that
 * every surface says the same thing.
 */
import type { HostVerdict, Level, TabReport } from '../core/types.ts';
import { providerById } from '../core/catalog.ts';
import { countryName, translate, type Lang, type MessageKey } from './i18n.ts';
import { LEVEL_STYLES } from './levels.ts';

export { DISCREET_COLOR, LEVEL_COLORS } from './levels.ts';

/** Message key for a level-dependent string family, e.g. levelKey('level', 'eu') -> 'level_eu'. */
export function levelKey(prefix: 'level' | 'verdict' | 'pageBadge_short' | 'badgeText', level: Level): MessageKey {
  return `${prefix}_${LEVEL_STYLES[level].keySuffix}` as MessageKey;
}

function providerCountry(lang: Lang, verdict: HostVerdict): string {
  const code = verdict.provider?.country ?? '';
  return code ? countryName(lang, code) : translate(lang, 'country_unknown');
}

function lawsOf(lang: Lang, verdict: HostVerdict): string {
  const laws = verdict.provider ? (providerById(verdict.provider.id)?.jurisdiction.extraEuLaws ?? []) : [];
  return laws.length ? laws.join(translate(lang, 'laws_and')) : translate(lang, 'laws_default');
}

/** Why a host is unknown, from its evidence. */
function unknownReason(verdict: HostVerdict): 'cache' | 'proxy' | 'private' | 'asn' | 'other' {
  const kinds = new Set(verdict.evidence.map((e) => e.kind));
  if (kinds.has('proxy')) return 'proxy';
  if (!verdict.ip && (kinds.has('cache') || kinds.has('no-ip'))) return 'cache';
  if (verdict.ipScope && verdict.ipScope !== 'public') return 'private';
  if (verdict.asn !== null && verdict.asName) return 'asn';
  return 'other';
}

/** One sentence saying who hosts the page and what it means; the popup headline and the toolbar tooltip. */
export function verdictSentence(report: TabReport, lang: Lang): string {
  if (report.pageKind !== 'web') return translate(lang, 'verdict_no_page');
  const verdict = report.main;
  if (!verdict) return translate(lang, 'verdict_waiting');
  const subject = translate(lang, report.health?.health ? 'verdict_subject_health' : 'verdict_subject_other');
  // A known provider outside the EU whose exposure to extraterritorial law is not documented (e.g. in Switzerland).
  if (verdict.level === 'unknown' && verdict.provider && verdict.ip) {
    return translate(lang, 'verdict_unknown_provider', subject, verdict.provider.name, providerCountry(lang, verdict));
  }
  if (verdict.level === 'unknown' || !verdict.provider) {
    switch (unknownReason(verdict)) {
      case 'cache':
        return translate(lang, 'verdict_unknown_cache', subject);
      case 'proxy':
        return translate(lang, 'verdict_unknown_proxy', subject);
      case 'private':
        return translate(lang, 'verdict_unknown_private', subject);
      case 'asn':
        return translate(lang, 'verdict_unknown_asn', subject, verdict.asName ?? '', verdict.asn ?? '');
      default:
        return translate(lang, 'verdict_unknown', subject);
    }
  }
  const name = verdict.provider.name;
  const country = providerCountry(lang, verdict);
  const main =
    verdict.level === 'extra-eu'
      ? translate(lang, 'verdict_extra_eu', subject, name, country, lawsOf(lang, verdict))
      : translate(lang, levelKey('verdict', verdict.level), subject, name, country);
  return verdict.role === 'cdn' ? `${main} ${translate(lang, 'verdict_cdn', name)}` : main;
}

/** Toolbar badge text: at most 4 characters; for extra-EU hosts, the provider's country code. */
export function badgeText(report: TabReport, lang: Lang): string {
  if (report.pageKind !== 'web' || !report.main) return '';
  const level = report.main.level;
  if (level === 'extra-eu') return report.main.provider?.country || translate(lang, 'badgeText_extra_eu_fallback');
  return translate(lang, levelKey('badgeText', level));
}

/** Short page-badge text, e.g. "Hébergé par Microsoft Azure (États-Unis) : hors UE, non SecNumCloud". */
export function pageBadgeText(report: TabReport, lang: Lang): string {
  const verdict = report.main;
  if (!verdict?.provider) return translate(lang, 'pageBadge_short_unknown');
  if (verdict.level === 'unknown') return translate(lang, 'pageBadge_short_unknown_provider', verdict.provider.name, providerCountry(lang, verdict));
  return translate(lang, levelKey('pageBadge_short', verdict.level), verdict.provider.name, providerCountry(lang, verdict));
}
