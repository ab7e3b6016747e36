/**
 * What the AS of an address rests on, per address family of the routing data the table was compiled from
 * (docs/data.md "Where the AS of an address comes from").
 *
 * The packaged data, `@ip-location-db/asn` (npm), is a merge whose README (node_modules/@ip-location-db/asn/README.md,
 * version 2.3.2026061719) gives the order: IPv4 "RouteViews > 5 RIR > DB-IP", IPv6 "5 RIR > DB-IP". So an IPv4 row is
 * the announcement RouteViews observes where it sees one, and the registries' delegation data (a prefix linked to
 * the AS of the same holder) elsewhere; an IPv6 row never comes from an observed announcement. The CSV does not say
 * which of the sources gave a row, so the kind is the family's. Any other source (`data:update`'s GitHub release,
 * whose generation logic the maintainer says changed, or a custom `--source`) is `unspecified`: not guessed.
 */
import type { Attribution, RoutingAnnouncement, RoutingSource, RoutingSourceKind } from './types.ts';

/** What a routing table says about its data (AsnTable.meta). */
export interface RoutingDataMeta {
  source: string;
  dataDate: string;
}

/**
 * The source string build-asn-table.ts gives the pinned npm package, `@ip-location-db/asn <version> (npm)` (test
 * excerpts of its rows say `(excerpt)`); data:update's `sapics/ip-location-db GitHub release ...` does not match.
 */
const PACKAGED_SOURCE = /^@ip-location-db\/asn \S+ \((npm|excerpt)\)$/;

/** The kind of each family in the packaged data. */
const PACKAGED_KINDS: Record<4 | 6, RoutingSourceKind> = {
  4: 'announcement-or-delegation',
  6: 'delegation',
};

/**
 * What the AS the table gives an address of `family` rests on. `family` is the family the table searched: an
 * IPv4-mapped or NAT64 IPv6 address is looked up as its IPv4, so it is 4. `announced` (AsnInfo.announced) is the
 * observed announcement that gave the AS, when the IPv6 announcement layer spoke.
 */
export function routingSource(meta: RoutingDataMeta, family: 4 | 6, announced?: RoutingAnnouncement): RoutingSource {
  // The announcement layer replaced the table's AS for this address: its own observation and date.
  if (announced !== undefined) return { kind: 'announcement', dataDate: announced.date };
  const kind = PACKAGED_SOURCE.test(meta.source) ? PACKAGED_KINDS[family] : 'unspecified';
  return { kind, dataDate: meta.dataDate };
}

/**
 * True when a provider named from the address rests on registry delegation alone: no observed announcement, no
 * provider-published range, no rule. Such an attribution is never given with `high` confidence.
 */
export function restsOnDelegationOnly(attribution: Attribution | undefined, source: RoutingSource | undefined): boolean {
  return source?.kind === 'delegation' && (attribution === 'routing' || attribution === 'registration');
}

/**
 * True when a provider named from the address rests on an announcement observed before the routing data the table was
 * compiled from (the committed IPtoASN layer of 2023 over delegation data of 2026): an older view of who routes the
 * prefix, kept because the build lets it name only answers no more reassuring than the delegation's. Such an
 * attribution is never given with `high` confidence either.
 */
export function restsOnOlderAnnouncement(attribution: Attribution | undefined, source: RoutingSource | undefined, meta: RoutingDataMeta | undefined): boolean {
  return source?.kind === 'announcement' && meta !== undefined && source.dataDate < meta.dataDate && (attribution === 'routing' || attribution === 'registration');
}
