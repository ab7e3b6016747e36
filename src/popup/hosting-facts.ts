/**
 * What the core knows about the address beyond the provider (issue 11), in words, for the popup's evidence, the HTML
 * report and the Markdown export alike: what the AS rests on (announcement or registry delegation, and its date), the network's role, the provider's own published range (list date, region,
 * service), which source named the provider, an extra-EU origin a response header named, and a licensed technology.
 */
import type { Attribution, HostVerdict, ProviderRule, RoutingSourceKind } from '../core/types.ts';
import { providerById } from '../core/catalog.ts';
import { countryName, translate, type Lang, type MessageKey } from '../shared/i18n.ts';
import { networkRoleName } from '../shared/verdict-text.ts';
import { formatIsoDate } from '../shared/format-date.ts';

/** Each source of attribution in words, most authoritative first (docs/data.md "Order of authority"). */
export const ATTRIBUTION_KEYS: Record<Attribution, MessageKey> = {
  rule: 'evidence_attribution_rule',
  'published-range': 'evidence_attribution_published_range',
  registration: 'evidence_attribution_registration',
  routing: 'evidence_attribution_routing',
  fingerprint: 'evidence_attribution_fingerprint',
};

/** A rule as the source of attribution, by whose rule it is: a demo rule (`npm start`'s demo sites) is neither the user's nor an organisation's. */
const RULE_ATTRIBUTION_KEYS: Record<ProviderRule['origin'], MessageKey> = {
  user: 'evidence_attribution_rule',
  managed: 'evidence_attribution_rule',
  demo: 'evidence_attribution_rule_demo',
};

/** The source of attribution in words; a rule's names its origin as the clue's kind does (evidence-section.tsx). */
function attributionKey(attribution: Attribution, verdict: HostVerdict): MessageKey {
  return attribution === 'rule' ? RULE_ATTRIBUTION_KEYS[verdict.ruleOrigin ?? 'user'] : ATTRIBUTION_KEYS[attribution];
}

/** What the AS rests on, in words (src/core/routing-source.ts). */
export const ROUTING_SOURCE_KEYS: Record<RoutingSourceKind, MessageKey> = {
  'announcement-or-delegation': 'evidence_routing_announcement_or_delegation',
  delegation: 'evidence_routing_delegation',
  announcement: 'evidence_routing_announcement',
  unspecified: 'evidence_routing_unspecified',
};

/** One labelled fact; `id` names it for tests and styling. */
export interface HostingFact {
  id: 'routing-source' | 'network-role' | 'published-range' | 'attribution' | 'revealed-origin';
  label: string;
  value: string;
}

/** "Address in the ranges AWS publishes (list of 24 July 2025), region eu-west-3, service CLOUDFRONT". */
function publishedRangeText(lang: Lang, verdict: HostVerdict): string | null {
  if (verdict.attribution !== 'published-range' || !verdict.provider) return null;
  const date = verdict.publishedList?.date ?? null;
  const parts = [translate(lang, 'evidence_published_range', verdict.provider.name, date ? formatIsoDate(lang, date) : translate(lang, 'evidence_none_value'))];
  if (verdict.region && verdict.service) parts.push(translate(lang, 'evidence_region_service', verdict.region, verdict.service));
  else if (verdict.region) parts.push(translate(lang, 'evidence_region_only', verdict.region));
  else if (verdict.service) parts.push(translate(lang, 'evidence_service_only', verdict.service));
  return parts.join(', ');
}

/** The facts about the address that the core gave, in the order a reader checks them; absent facts are left out. */
export function hostingFacts(verdict: HostVerdict, lang: Lang): HostingFact[] {
  const facts: HostingFact[] = [];
  // Next to the AS: whether it was seen announced or only read from registry delegation data.
  if (verdict.routing && verdict.asn !== null) {
    facts.push({ id: 'routing-source', label: translate(lang, 'evidence_routing_source'), value: translate(lang, ROUTING_SOURCE_KEYS[verdict.routing.kind], verdict.asn, formatIsoDate(lang, verdict.routing.dataDate)) });
  }
  if (verdict.networkRole) facts.push({ id: 'network-role', label: translate(lang, 'evidence_network_role'), value: networkRoleName(lang, verdict.networkRole) });
  const published = publishedRangeText(lang, verdict);
  if (published) facts.push({ id: 'published-range', label: translate(lang, 'evidence_published'), value: published });
  if (verdict.attribution) facts.push({ id: 'attribution', label: translate(lang, 'evidence_attribution'), value: translate(lang, attributionKey(verdict.attribution, verdict)) });
  const origin = verdict.revealedOrigin;
  if (origin) {
    const country = origin.provider.country ? countryName(lang, origin.provider.country) : translate(lang, 'country_unknown');
    facts.push({ id: 'revealed-origin', label: translate(lang, 'evidence_revealed_origin'), value: translate(lang, 'evidence_revealed_origin_value', origin.provider.name, country, origin.header) });
  }
  return facts;
}

/** "; technology licensed from Google" to follow a joint venture's name (S3NS, Bleu), or '' for any other provider. */
export function licensedTechnologySuffix(lang: Lang, providerId: string | undefined): string {
  const licensed = providerId ? providerById(providerId)?.technologyLicensedFrom : undefined;
  if (!licensed) return '';
  const licensor = providerById(licensed.providerId)?.name ?? licensed.providerId;
  return `${translate(lang, 'evidence_separator')}${translate(lang, 'provider_technology_licensed', licensor)}`;
}
