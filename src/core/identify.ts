/**
 * Host -> provider, role, confidence and level, from what the browser (or the CLI) observed: server IP -> AS ->
 * provider, response-header and CNAME fingerprints, and user/managed rules.
 *
 * How evidence combines, and why:
 * - A rule always wins: it is a deliberate statement by the user or their IT department.
 * - Otherwise the IP's operator wins: the browser's connection, and so the data, ends on that operator's server.
 *   A fingerprint of the same operator sets the role (a CDN header means `cdn`). A CDN fingerprint of another operator
 *   is recorded as a conflict (headers can be passed through from upstream, or spoofed) and lowers the confidence.
 *   An origin fingerprint of another operator behind a CDN IP names the hidden origin; one of a platform that has no
 *   network of its own (Vercel, Netlify, Scalingo...) names the operator of the service, which runs on the IP's network.
 * - With no usable IP (cache, proxy, private address, unknown AS), fingerprints alone identify, with lower confidence.
 * - A response header never makes a verdict more reassuring. One naming an extra-EU operator that the verdict has not
 *   weighed (an S3 origin behind an EU network) makes it extra-eu, with that origin named (`revealedOrigin`).
 */
import { HOSTING_ROLES, networkRoleOf, providerByAsn, providerById } from './catalog.ts';
import { asOfPhrase, netRolePhrase, phrase, scopePhrase, type EvidenceMessage } from './evidence-message.ts';
import { matchCnames, matchHeaders, matchSoftwareBuilds, type FingerprintMatch } from './fingerprints.ts';
import { embeddedIpv4, formatIp, ipScope, parseIp, type ParsedIp } from './ip.ts';
import { restsOnDelegationOnly, restsOnOlderAnnouncement, routingSource, type RoutingDataMeta } from './routing-source.ts';
import { matchRule, normaliseHost, type CompiledRules } from './rules.ts';
import { assessSovereignty, leastReassuring } from './sovereignty.ts';
import type { AsnInfo, Attribution, Confidence, Evidence, HostObservation, HostVerdict, NetworkRole, Provider, ProviderRule, Role, RoutingSource } from './types.ts';

/** What identification needs besides the observation: the routing table, what its data is, and the compiled rules. */
export interface IdentifyContext {
  lookupAsn(ip: ParsedIp): AsnInfo | null;
  /** The meta of the table lookupAsn reads (source, data date); null only when no table is loaded. */
  routingData: RoutingDataMeta | null;
  rules?: CompiledRules;
}

function describe(provider: Provider): string {
  const where = provider.country ? ` (${provider.country})` : '';
  return `${provider.name}${where}`;
}

/** A clue: what was observed and what it says, as a message (src/core/evidence-message.ts). */
function evidence(kind: Evidence['kind'], subject: string, message: EvidenceMessage, providerId?: string): Evidence {
  return providerId === undefined ? { kind, subject, message } : { kind, subject, providerId, message };
}

function fingerprintEvidence(match: FingerprintMatch): Evidence {
  return evidence(match.rule.header !== undefined ? 'header' : 'cname', match.subject, match.message, match.providerId);
}

const RULE_ORIGIN_PHRASES = {
  user: phrase('evidence_part_rule_user'),
  managed: phrase('evidence_part_rule_managed'),
  demo: phrase('evidence_part_rule_demo'),
} as const;

/** Identifies and assesses one host. Never throws: unusable input gives an `unknown` verdict that says why. */
export function identifyHost(obs: HostObservation, ctx: IdentifyContext, now: Date): HostVerdict {
  const rawHost = typeof obs?.host === 'string' ? obs.host.trim() : '';
  const host = normaliseHost(rawHost) ?? rawHost.toLowerCase();
  const found: Evidence[] = [];

  // The address: as reported, or the host itself when it is an IP literal.
  const reported = typeof obs?.ip === 'string' && obs.ip.trim() !== '' ? obs.ip.trim() : null;
  let parsed = reported === null ? null : parseIp(reported);
  if (reported !== null && parsed === null) {
    found.push(evidence('no-ip', reported, phrase('evidence_says_ip_invalid', reported.slice(0, 60))));
  }
  if (parsed === null && reported === null) parsed = parseIp(host);
  const ip = parsed === null ? null : formatIp(parsed);
  const scope = parsed === null ? null : ipScope(parsed);
  const viaProxy = obs?.viaProxy === true;

  let ipUsable = parsed !== null;
  if (viaProxy) {
    ipUsable = false;
    found.push(evidence('proxy', ip ?? '', ip ? phrase('evidence_says_proxy_address', ip) : phrase('evidence_says_proxy')));
  }
  if (parsed === null) {
    if (obs?.fromCache === true) found.push(evidence('cache', host, phrase('evidence_says_cache')));
    else if (reported === null) found.push(evidence('no-ip', host, phrase('evidence_says_no_address')));
  } else if (!viaProxy && scope !== 'public' && scope !== null) {
    ipUsable = false;
    found.push(evidence('special-ip', ip!, phrase('evidence_says_special_ip', ip!, scopePhrase(scope))));
  }

  // IP -> provider, in the order of authority: the provider's own published ranges, the prefix's registration, the AS.
  let asInfo: AsnInfo | null = null;
  let asProvider: Provider | null = null;
  let addressAttribution: Attribution | undefined;
  let networkRole: NetworkRole | undefined;
  /** Set when the prefix is registered abroad to an entity the catalog does not have: the level is not guessed. */
  let unlistedForeignEntity = false;
  let routingFrom: RoutingSource | undefined;
  if (ipUsable && parsed !== null) {
    try {
      asInfo = ctx.lookupAsn(parsed);
    } catch {
      asInfo = null;
    }
    const routed = asInfo !== null && asInfo.asn > 0;
    const as = routed ? `AS${asInfo!.asn} (${asInfo!.name})` : '';
    // An IPv4-mapped or NAT64 address is looked up as its IPv4.
    if (routed && ctx.routingData) routingFrom = routingSource(ctx.routingData, parsed.version === 4 || embeddedIpv4(parsed) !== null ? 4 : 6, asInfo!.announced);
    const published = asInfo?.published ? providerById(asInfo.published.providerId) : null;
    const registration = asInfo?.registration;
    const announcer = routed ? providerByAsn(asInfo!.asn) : null;
    if (asInfo === null) {
      found.push(evidence('ip', ip!, phrase('evidence_says_unrouted', ip!)));
    } else if (published !== null) {
      asProvider = published;
      addressAttribution = 'published-range';
      const r = asInfo.published!;
      const where = [r.region, r.service].filter(Boolean).join(', ');
      const listPhrase = where ? phrase('evidence_part_list_where', r.list, r.listDate, where) : phrase('evidence_part_list', r.list, r.listDate);
      networkRole = announcer?.id === published.id ? (networkRoleOf(asInfo.asn) ?? undefined) : published.kind === 'cdn' ? 'cdn' : 'cloud';
      found.push(
        evidence(
          'ip',
          ip!,
          routed
            ? phrase('evidence_says_published_routed', describe(published), ip!, listPhrase, asOfPhrase(as, routingFrom))
            : phrase('evidence_says_published_unrouted', describe(published), ip!, listPhrase),
          published.id,
        ),
      );
    } else if (registration !== undefined && announcer !== null) {
      const subsidiary = registration.providerId ? providerById(registration.providerId) : null;
      addressAttribution = 'registration';
      networkRole = networkRoleOf(asInfo.asn) ?? undefined;
      if (subsidiary !== null) {
        asProvider = subsidiary;
        found.push(evidence('asn', `AS${asInfo.asn}`, phrase('evidence_says_subsidiary', ip!, asOfPhrase(as, routingFrom, phrase('evidence_part_network_provider', describe(announcer))), registration.country, describe(subsidiary), announcer.name), subsidiary.id));
      } else {
        asProvider = announcer;
        unlistedForeignEntity = true;
        found.push(evidence('asn', `AS${asInfo.asn}`, phrase('evidence_says_unlisted_entity', ip!, asOfPhrase(as, routingFrom, phrase('evidence_part_network_provider', describe(announcer))), registration.country), announcer.id));
      }
    } else {
      asProvider = announcer;
      addressAttribution = 'routing';
      networkRole = announcer ? (networkRoleOf(asInfo.asn) ?? undefined) : undefined;
      found.push(
        announcer
          ? evidence('asn', `AS${asInfo.asn}`, phrase('evidence_says_routed', ip!, asOfPhrase(as, routingFrom, phrase('evidence_part_network_provider', describe(announcer)))), announcer.id)
          : evidence('asn', `AS${asInfo.asn}`, phrase('evidence_says_routed', ip!, asOfPhrase(as, routingFrom, phrase('evidence_part_network_unlisted')))),
      );
    }
    if (asProvider !== null && networkRole !== undefined && !HOSTING_ROLES.has(networkRole)) {
      found.push(evidence('asn', `AS${asInfo!.asn}`, phrase('evidence_says_operator_network', `AS${asInfo!.asn}`, describe(asProvider), netRolePhrase(networkRole)), asProvider.id));
    }
  }

  const fingerprints = [...matchHeaders(obs?.headers), ...matchCnames(obs?.cnames, parseIp(host) === null ? host : undefined)];
  const rule = ctx.rules ? matchRule(ctx.rules, host, viaProxy ? null : parsed) : null;

  let provider: Provider | null = null;
  let role: Role = 'unknown';
  let confidence: Confidence = 'low';
  let pinnedOfferId: string | undefined;
  let attribution: Attribution | undefined;
  let ruleOrigin: ProviderRule['origin'] | undefined;
  const conflicts: Evidence[] = [];
  const recordConflict = (subject: string, message: EvidenceMessage, providerId: string): void => {
    conflicts.push(evidence('conflict', subject, message, providerId));
  };

  if (rule !== null) {
    provider = rule.provider;
    const own = fingerprints.filter((f) => f.providerId === provider!.id);
    role = own.some((f) => f.role === 'cdn') ? 'cdn' : 'origin';
    confidence = 'high';
    pinnedOfferId = rule.offerId;
    attribution = 'rule';
    // A stored rule's origin is checked where it is read; one that is not known reads as the user's, as rules.ts ranks it.
    ruleOrigin = Object.hasOwn(RULE_ORIGIN_PHRASES, rule.rule.origin) ? rule.rule.origin : 'user';
    const ruleMessage = rule.offerId
      ? phrase('evidence_says_rule_offer', RULE_ORIGIN_PHRASES[ruleOrigin], rule.subject, describe(provider), rule.offerId)
      : phrase('evidence_says_rule', RULE_ORIGIN_PHRASES[ruleOrigin], rule.subject, describe(provider));
    found.push(evidence('rule', rule.subject, ruleMessage, provider.id));
    for (const other of [asProvider, ...fingerprints.map((f) => providerById(f.providerId))]) {
      if (other && other.id !== provider.id && !conflicts.some((c) => c.providerId === other.id)) {
        recordConflict(other.id, phrase('evidence_says_rule_conflict', describe(other)), other.id);
      }
    }
    fingerprints.forEach((f) => found.push(fingerprintEvidence(f)));
  } else if (asProvider !== null) {
    provider = asProvider;
    attribution = addressAttribution;
    confidence = 'high';
    const own = fingerprints.filter((f) => f.providerId === asProvider.id);
    const others = fingerprints.filter((f) => f.providerId !== asProvider.id);
    // A header of the operator can say it is in front (cdn), never the reverse: for a CDN operator, an origin role would
    // count all its offers instead of its CDN offers only, so a header would read better than the address alone.
    role = own.some((f) => f.role === 'cdn') || asProvider.kind === 'cdn' ? 'cdn' : 'origin';
    fingerprints.forEach((f) => found.push(fingerprintEvidence(f)));
    for (const f of others) {
      const other = providerById(f.providerId);
      if (!other || conflicts.some((c) => c.providerId === other.id)) continue;
      if (f.role === 'origin' && role === 'cdn') continue; // the hidden origin behind the CDN: expected, already shown
      if (f.role === 'origin' && other.asns.length === 0 && provider === asProvider) {
        // A platform without a network of its own runs on the IP's operator: the platform operates the service. The
        // data sits on that operator's servers, so the platform is named only where it reads no better than them.
        const networkLevel = unlistedForeignEntity ? 'unknown' : assessSovereignty(asProvider, 'origin', now, undefined, networkRole);
        const platformLevel = assessSovereignty(other, 'origin', now);
        if (leastReassuring(platformLevel, networkLevel) !== platformLevel) {
          found.push(evidence('asn', `AS${asInfo!.asn}`, phrase('evidence_says_platform_network_verdict', describe(other), describe(asProvider)), other.id));
          continue;
        }
        provider = other;
        role = 'origin';
        attribution = 'fingerprint';
        found.push(evidence('asn', `AS${asInfo!.asn}`, phrase('evidence_says_platform_operates', describe(other), describe(asProvider)), other.id));
        continue;
      }
      confidence = 'medium';
      recordConflict(
        f.subject,
        phrase(f.rule.header !== undefined ? 'evidence_says_conflict_headers' : 'evidence_says_conflict_names', f.rule.label, describe(other), describe(asProvider)),
        other.id,
      );
    }
  } else if (fingerprints.length > 0) {
    // No operator from the address: the CDN in front (if any) is where the data goes first.
    const chosen = fingerprints.find((f) => f.role === 'cdn') ?? fingerprints[0]!;
    provider = providerById(chosen.providerId);
    role = chosen.role;
    attribution = 'fingerprint';
    pinnedOfferId = chosen.rule.offerId;
    confidence = ipUsable ? 'medium' : 'low';
    fingerprints.forEach((f) => found.push(fingerprintEvidence(f)));
    if (asInfo !== null && provider !== null && provider.asns.length > 0) {
      confidence = 'low';
      recordConflict(`AS${asInfo.asn}`, phrase('evidence_says_conflict_network', chosen.rule.label, describe(provider), `AS${asInfo.asn}`, asInfo.name), provider.id);
    }
  }

  if (provider === null) role = 'unknown';
  // Registry delegation links a range to the AS of its holder; nobody was seen routing it: probable, not certain.
  if (confidence === 'high' && restsOnDelegationOnly(attribution, routingFrom)) confidence = 'medium';
  // Nor does an announcement seen before the routing data was compiled: the prefix may have moved since.
  if (confidence === 'high' && restsOnOlderAnnouncement(attribution, routingFrom, ctx.routingData ?? undefined)) confidence = 'medium';
  // The network role only speaks for the operator of the address; a rule or a platform names something else.
  const roleOfNetwork = attribution === 'rule' || provider !== asProvider ? undefined : networkRole;
  let level = assessSovereignty(provider, role, now, pinnedOfferId, roleOfNetwork);
  if (attribution !== 'rule' && provider === asProvider && unlistedForeignEntity) level = 'unknown';
  // Software built for a system (Apache for Amazon Linux) runs on any host: shown, never weighed.
  for (const build of matchSoftwareBuilds(obs?.headers)) {
    found.push({ kind: 'software', subject: build.subject, message: build.message, software: { name: build.software, builtFor: build.builtFor } });
  }
  // Headers and DNS names are easy to forge and a proxy's address says nothing: alone, they name an operator but never
  // vouch for it. Only a warning (extra-EU) may come from them.
  if (attribution === 'fingerprint' && asProvider === null && level !== 'extra-eu') level = 'unknown';
  // A header naming an extra-EU operator behind the one the verdict names can only have been set by the site or what
  // it fetched from: believed, it makes the verdict extra-eu; forged, it only harms the site that forged it.
  const revealed = level === 'extra-eu' ? null : revealedExtraEuOrigin(fingerprints, [provider, asProvider], now);
  let shownConflicts = conflicts;
  if (revealed !== null) {
    level = 'extra-eu';
    shownConflicts = conflicts.filter((c) => c.providerId !== revealed.provider.id);
    found.push(
      evidence(
        'revealed-origin',
        revealed.match.subject,
        provider
          ? phrase('evidence_says_revealed', revealed.match.subject, revealed.match.rule.label, describe(revealed.provider), describe(provider))
          : phrase('evidence_says_revealed_unnamed', revealed.match.subject, revealed.match.rule.label, describe(revealed.provider)),
        revealed.provider.id,
      ),
    );
  }
  const routedAsn = asInfo !== null && asInfo.asn > 0;
  const verdict: HostVerdict = {
    host,
    ip,
    ipScope: scope,
    asn: routedAsn ? asInfo!.asn : null,
    asName: routedAsn ? asInfo!.name : null,
    provider: provider === null ? null : { id: provider.id, name: provider.name, country: provider.country },
    role,
    confidence,
    level,
    evidence: [...found, ...shownConflicts],
  };
  if (attribution !== undefined && provider !== null) verdict.attribution = attribution;
  if (attribution === 'rule' && ruleOrigin !== undefined) verdict.ruleOrigin = ruleOrigin;
  if (roleOfNetwork !== undefined) verdict.networkRole = roleOfNetwork;
  if (provider !== null && asInfo?.published?.providerId === provider.id) {
    if (asInfo.published.region) verdict.region = asInfo.published.region;
    if (asInfo.published.service) verdict.service = asInfo.published.service;
    verdict.publishedList = { id: asInfo.published.list, date: asInfo.published.listDate };
  }
  if (attribution === 'registration' && asInfo?.registration) verdict.registeredIn = asInfo.registration.country;
  if (routingFrom !== undefined) verdict.routing = routingFrom;
  if (revealed !== null) {
    const origin = revealed.provider;
    verdict.revealedOrigin = { provider: { id: origin.id, name: origin.name, country: origin.country }, header: revealed.match.subject };
  }
  return verdict;
}

/**
 * The first response-header fingerprint naming an operator under extra-EU law that the verdict has not already weighed:
 * not the named provider, not the address's operator (a rule may deliberately override it), and not the provider whose
 * technology one of them runs under licence (S3NS answers with Google's headers, Bleu with Microsoft's). DNS names do
 * not count: an alias through a DNS service (Azure Traffic Manager) says nothing of where the data goes.
 */
function revealedExtraEuOrigin(fingerprints: readonly FingerprintMatch[], weighed: readonly (Provider | null)[], now: Date): { match: FingerprintMatch; provider: Provider } | null {
  const known = weighed.filter((p): p is Provider => p !== null);
  for (const match of fingerprints) {
    if (match.rule.header === undefined) continue;
    const named = providerById(match.providerId);
    if (named === null) continue;
    if (known.some((p) => p.id === named.id || p.technologyLicensedFrom?.providerId === named.id)) continue;
    if (assessSovereignty(named, match.role, now) === 'extra-eu') return { match, provider: named };
  }
  return null;
}
