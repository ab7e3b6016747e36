/**
 * The verdict in words and colours, shared by the toolbar badge, the page badge, the popup, the badge key, the
 * exports and the CLI, so that every surface gives each level the same code and the same name.
 */
import type { HostVerdict, Level, LoadErrorReason, NetworkRole, TabReport } from '../core/types.ts';
import { HOSTING_ROLES, offersOf, providerById } from '../core/catalog.ts';
import { qualificationState } from '../core/sovereignty.ts';
import { countryName, translate, type Lang, type MessageKey } from './i18n.ts';
import { LEVEL_STYLES } from './levels.ts';

export { DISCREET_COLOR, LEVEL_COLORS } from './levels.ts';

/** Message families that have one message per level. */
export type LevelFamily = 'level' | 'verdict' | 'badgeText' | 'key' | 'forYou';

/** Message key for a level-dependent string family, e.g. levelKey('level', 'eu') -> 'level_eu'. */
export function levelKey(prefix: LevelFamily, level: Level): MessageKey {
  return `${prefix}_${LEVEL_STYLES[level].keySuffix}` as MessageKey;
}

/** The level's one name, the same on every surface (popup, page badge, key, Markdown, HTML report, CLI table). */
export function levelName(level: Level, lang: Lang): string {
  return translate(lang, levelKey('level', level));
}

/**
 * The level's short code, as the toolbar badge shows it (at most 4 characters): `SNC`, `UE+`, `UE`, `?`, and for a
 * provider headquartered outside the EU its country code with `!` (`US!`), so it never reads like `UE`.
 */
export function levelCode(level: Level, lang: Lang, country = ''): string {
  if (level !== 'extra-eu') return translate(lang, levelKey('badgeText', level));
  return /^[A-Za-z]{2}$/.test(country) ? translate(lang, 'badgeText_extra_eu', country.toUpperCase()) : translate(lang, 'badgeText_extra_eu_no_country');
}

function providerCountry(lang: Lang, verdict: HostVerdict): string {
  const code = verdict.provider?.country ?? '';
  return code ? countryName(lang, code) : translate(lang, 'country_unknown');
}

/** Law names the data may give, mapped to their localised forms; any other name falls back to a general wording. */
const LAW_KEYS: Record<string, MessageKey> = {
  'US CLOUD Act': 'law_us_cloud_act',
  'FISA 702': 'law_fisa_702',
  'China National Intelligence Law 2017 (art. 7, 14)': 'law_cn_national_intelligence_2017',
};

/**
 * The laws a provider is subject to, in words of the language ("au CLOUD Act américain et à la section 702 de la
 * loi FISA"). Names never come raw from data: an unknown one becomes "a foreign law with extraterritorial reach".
 */
export function lawsPhrase(lang: Lang, laws: readonly string[]): string {
  const keys = [...new Set(laws.map((law) => LAW_KEYS[law] ?? 'laws_default'))];
  if (keys.length === 0) return translate(lang, 'laws_default');
  return keys.map((key) => translate(lang, key)).join(translate(lang, 'laws_and'));
}

function lawsOf(lang: Lang, verdict: HostVerdict): string {
  // An origin named by the response is the extra-EU party: its laws, not those of the network in front.
  const exposed = verdict.revealedOrigin?.provider ?? verdict.provider;
  return lawsPhrase(lang, exposed ? (providerById(exposed.id)?.jurisdiction.extraEuLaws ?? []) : []);
}

/**
 * The country the level's code names (`US!`): the extra-EU origin a response header named behind the provider when
 * there is one (it is why the level is extra-eu), else the provider's.
 */
export function levelCountry(verdict: HostVerdict): string {
  return verdict.revealedOrigin?.provider.country ?? verdict.provider?.country ?? '';
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

/** A network role in words ("réseau d’accès (box, mobile)"), for the verdict sentence and the evidence. */
export function networkRoleName(lang: Lang, role: NetworkRole): string {
  return translate(lang, `netRole_${role}` as MessageKey);
}

/** True when the address is on a network that sells no hosting offer (access, transit, corporate, payment). */
export function onOperatorNetwork(verdict: HostVerdict): boolean {
  return verdict.networkRole !== undefined && !HOSTING_ROLES.has(verdict.networkRole);
}

/**
 * The country a prefix is registered in when the core gave the address to its announcer although it is registered
 * abroad to an entity the catalog does not list; null in every other case.
 */
export function registeredAbroadCountry(verdict: HostVerdict): string | null {
  if (verdict.attribution !== 'registration' || !verdict.provider || providerById(verdict.provider.id)?.subsidiaryOf) return null;
  return verdict.registeredIn ?? '';
}

/** The parent group of a foreign subsidiary entry (OVH US LLC -> OVHcloud), or null for any other provider. */
export function subsidiaryParent(verdict: HostVerdict): string | null {
  const parentId = verdict.provider ? providerById(verdict.provider.id)?.subsidiaryOf : undefined;
  return parentId ? (providerById(parentId)?.name ?? parentId) : null;
}

/**
 * The sentence naming a foreign subsidiary (OVH US LLC) and that it does not hold its parent's qualifications; when the
 * prefix's registration country decided (attribution `registration`), it says so first: the registration data gives a
 * country, and the catalog's subsidiary for that country is who the range is taken to belong to. '' for any other
 * provider.
 */
export function subsidiarySentence(lang: Lang, verdict: HostVerdict): string {
  const parent = subsidiaryParent(verdict);
  if (!parent || !verdict.provider) return '';
  const registered = verdict.attribution === 'registration' ? verdict.registeredIn : undefined;
  if (registered) return translate(lang, 'verdict_foreign_subsidiary_registered', countryName(lang, registered), verdict.provider.name, providerCountry(lang, verdict), parent);
  return translate(lang, 'verdict_foreign_subsidiary', verdict.provider.name, providerCountry(lang, verdict), parent);
}

/**
 * For an EU verdict whose provider's recorded qualification no longer counts without having lapsed (past its recorded
 * end with no renewal row, or not re-checked for six months), the sentence that says so: "not qualified" would be
 * untrue. Empty for any other verdict.
 */
function unconfirmedQualification(lang: Lang, verdict: HostVerdict, now: Date): string {
  if (verdict.level !== 'eu' || !verdict.provider) return '';
  const states = new Set(offersOf(verdict.provider.id).map((offer) => qualificationState(offer, now)));
  if (states.has('past-recorded-end')) return ` ${translate(lang, 'verdict_eu_past_recorded_end')}`;
  if (states.has('not-verified-since')) return ` ${translate(lang, 'verdict_eu_not_verified')}`;
  return '';
}

/** Each reason a page did not load, in words: the one table of their messages. */
export const LOAD_ERROR_KEYS: Record<LoadErrorReason, MessageKey> = {
  'not-found': 'loadError_not_found',
  refused: 'loadError_refused',
  'timed-out': 'loadError_timed_out',
  'secure-connection': 'loadError_secure_connection',
  other: 'loadError_other',
};

/** "This page did not load (the connection was refused): Vigie has nothing to say about its host." */
export function notLoadedSentence(lang: Lang, reason: LoadErrorReason): string {
  return translate(lang, 'verdict_not_loaded', translate(lang, LOAD_ERROR_KEYS[reason] ?? LOAD_ERROR_KEYS.other));
}

/** One sentence saying who hosts the page and what it means; the popup's detail line and the toolbar tooltip. */
export function verdictSentence(report: TabReport, lang: Lang, now: Date = new Date()): string {
  if (report.pageKind !== 'web') return translate(lang, 'verdict_no_page');
  const verdict = report.main;
  if (!verdict) return report.loadError ? notLoadedSentence(lang, report.loadError.reason) : translate(lang, 'verdict_waiting');
  const health = report.health?.health === true;
  // Sentence start ("Ce site") and object ("l'hébergeur de ce site") are two messages: case never comes from code.
  const subject = translate(lang, health ? 'verdict_subject_health' : 'verdict_subject_other');
  const object = translate(lang, health ? 'verdict_object_health' : 'verdict_object_other');
  // A response header names an extra-EU origin behind the network in front: that origin is why the level is extra-eu.
  if (verdict.revealedOrigin) {
    const origin = verdict.revealedOrigin.provider;
    const front = verdict.provider?.name ?? verdict.asName ?? verdict.ip ?? '?';
    const originCountry = origin.country ? countryName(lang, origin.country) : translate(lang, 'country_unknown');
    return translate(lang, 'verdict_revealed_origin', subject, front, providerCountry(lang, verdict), origin.name, originCountry, lawsOf(lang, verdict));
  }
  // A prefix registered abroad to an entity Vigie does not list: the level is not guessed, and not the group's either.
  const abroad = verdict.provider && verdict.ip ? registeredAbroadCountry(verdict) : null;
  const registered =
    abroad === null ? '' : translate(lang, 'verdict_registered_abroad', subject, verdict.provider!.name, abroad ? countryName(lang, abroad) : translate(lang, 'country_unknown'));
  // An access, transit, corporate or payment network: the group's operator, not a hosting offer, whatever its level.
  if (verdict.provider && verdict.ip && onOperatorNetwork(verdict)) {
    const operator = translate(lang, 'verdict_network_operator', subject, verdict.provider.name, providerCountry(lang, verdict), networkRoleName(lang, verdict.networkRole!));
    if (registered) return `${operator} ${registered}`;
    return verdict.level === 'extra-eu' ? `${operator} ${translate(lang, 'verdict_subject_to_laws', lawsOf(lang, verdict))}` : operator;
  }
  if (registered) return registered;
  const subsidiary = subsidiarySentence(lang, verdict);
  const subsidiaryLead = subsidiary ? ` ${subsidiary}` : '';
  // A CDN carries the data and hides the origin host: it is never called the host.
  if (verdict.role === 'cdn' && verdict.provider && (verdict.level !== 'unknown' || verdict.ip)) {
    const lead = translate(lang, 'verdict_cdn_lead', object, verdict.provider.name, providerCountry(lang, verdict)) + subsidiaryLead;
    if (verdict.level === 'extra-eu') return `${lead} ${translate(lang, 'verdict_subject_to_laws', lawsOf(lang, verdict))}`;
    if (verdict.level === 'unknown') return `${lead} ${translate(lang, 'verdict_cdn_law_unknown')}`;
    return lead + unconfirmedQualification(lang, verdict, now);
  }
  // A known provider outside the EU whose exposure to extraterritorial law is not documented (e.g. in Switzerland).
  if (verdict.level === 'unknown' && verdict.provider && verdict.ip) {
    return translate(lang, 'verdict_unknown_provider', subject, verdict.provider.name, providerCountry(lang, verdict)) + subsidiaryLead;
  }
  if (verdict.level === 'unknown' || !verdict.provider) {
    switch (unknownReason(verdict)) {
      case 'cache':
        return translate(lang, 'verdict_unknown_cache', subject);
      case 'proxy':
        return translate(lang, 'verdict_unknown_proxy', object);
      case 'private':
        return translate(lang, 'verdict_unknown_private', subject);
      case 'asn':
        return translate(lang, 'verdict_unknown_asn', subject, verdict.asName ?? '', verdict.asn ?? '');
      default:
        return translate(lang, 'verdict_unknown', object);
    }
  }
  const name = verdict.provider.name;
  const country = providerCountry(lang, verdict);
  const main =
    verdict.level === 'extra-eu'
      ? translate(lang, 'verdict_extra_eu', subject, name, country, lawsOf(lang, verdict))
      : translate(lang, levelKey('verdict', verdict.level), subject, name, country);
  return main + subsidiaryLead + unconfirmedQualification(lang, verdict, now);
}

/** Toolbar badge text: the level's code (see `levelCode`), or nothing where there is no verdict. */
export function badgeText(report: TabReport, lang: Lang): string {
  if (report.pageKind !== 'web' || !report.main) return '';
  return levelCode(report.main.level, lang, levelCountry(report.main));
}

/** Short page-badge text: the level's name, then who hosts the page, e.g. "Offre qualifiée SecNumCloud · X (France)". */
export function pageBadgeText(report: TabReport, lang: Lang): string {
  const verdict = report.main;
  if (!verdict?.provider) return levelName('unknown', lang);
  // The badge names the party that makes the page extra-EU: the origin the response named, not the network in front.
  const origin = verdict.revealedOrigin?.provider;
  if (origin) return translate(lang, 'pageBadge_text', levelName(verdict.level, lang), origin.name, origin.country ? countryName(lang, origin.country) : translate(lang, 'country_unknown'));
  // A range registered abroad is not "outside the EU" for its French announcer: only the level is unknown.
  if (verdict.level === 'unknown' && registeredAbroadCountry(verdict) === null) return translate(lang, 'pageBadge_unknown_provider', verdict.provider.name, providerCountry(lang, verdict));
  return translate(lang, 'pageBadge_text', levelName(verdict.level, lang), verdict.provider.name, providerCountry(lang, verdict));
}
