/**
 * What each clue says, as a message key of `_locales` and its parameters, made where the clue is made. This table is
 * the one source of the contract: which keys exist, how many parameters each takes, and which parameters are
 * themselves phrases (an address scope, a routing source...). The words live in `_locales` (src/shared/evidence-text.ts
 * renders them; a type check there fails if a key is missing from the locales); the core names keys and never
 * imports a locale, so it stays free of browser and build concerns.
 */
import type { IpScope, NetworkRole, RoutingSource } from './types.ts';

/**
 * A parameter slot: free text (an address, a name), a calendar date (YYYY-MM-DD as the data gives it: the reader's
 * surfaces write it in words, the CLI keeps it as is), or a phrase from one group of this table.
 */
type Slot = 'text' | 'date' | Exclude<PhraseGroup, 'sentence'>;

/** The groups of messages: whole sentences (a clue's message), and the phrases sentences are built from. */
type PhraseGroup = 'sentence' | 'scope' | 'asOf' | 'network' | 'list' | 'ruleOrigin' | 'frontRole' | 'netRole';

/** Every evidence message key: its group, and each parameter's slot in order ($1, $2...). */
export const EVIDENCE_MESSAGES = {
  // Sentences: one per way a clue can be worded.
  evidence_says_ip_invalid: { group: 'sentence', params: ['text'] },
  evidence_says_proxy_address: { group: 'sentence', params: ['text'] },
  evidence_says_proxy: { group: 'sentence', params: [] },
  evidence_says_cache: { group: 'sentence', params: [] },
  evidence_says_no_address: { group: 'sentence', params: [] },
  evidence_says_special_ip: { group: 'sentence', params: ['text', 'scope'] },
  evidence_says_unrouted: { group: 'sentence', params: ['text'] },
  evidence_says_published_routed: { group: 'sentence', params: ['text', 'text', 'list', 'asOf'] },
  evidence_says_published_unrouted: { group: 'sentence', params: ['text', 'text', 'list'] },
  evidence_says_subsidiary: { group: 'sentence', params: ['text', 'asOf', 'text', 'text', 'text'] },
  evidence_says_unlisted_entity: { group: 'sentence', params: ['text', 'asOf', 'text'] },
  evidence_says_routed: { group: 'sentence', params: ['text', 'asOf'] },
  evidence_says_operator_network: { group: 'sentence', params: ['text', 'text', 'netRole'] },
  evidence_says_rule: { group: 'sentence', params: ['ruleOrigin', 'text', 'text'] },
  evidence_says_rule_offer: { group: 'sentence', params: ['ruleOrigin', 'text', 'text', 'text'] },
  evidence_says_rule_conflict: { group: 'sentence', params: ['text'] },
  evidence_says_platform_network_verdict: { group: 'sentence', params: ['text', 'text'] },
  evidence_says_platform_operates: { group: 'sentence', params: ['text', 'text'] },
  evidence_says_conflict_headers: { group: 'sentence', params: ['text', 'text', 'text'] },
  evidence_says_conflict_names: { group: 'sentence', params: ['text', 'text', 'text'] },
  evidence_says_conflict_network: { group: 'sentence', params: ['text', 'text', 'text', 'text'] },
  evidence_says_software: { group: 'sentence', params: ['text', 'text', 'text'] },
  evidence_says_revealed: { group: 'sentence', params: ['text', 'text', 'text', 'text'] },
  evidence_says_revealed_unnamed: { group: 'sentence', params: ['text', 'text', 'text'] },
  evidence_says_header: { group: 'sentence', params: ['text', 'text', 'frontRole'] },
  evidence_says_cname_host: { group: 'sentence', params: ['text', 'text', 'text', 'frontRole'] },
  evidence_says_cname_alias: { group: 'sentence', params: ['text', 'text', 'text', 'frontRole'] },
  evidence_says_remembered: { group: 'sentence', params: ['text'] },
  evidence_says_other_answer: { group: 'sentence', params: ['text', 'text'] },
  evidence_says_other_answer_unnamed: { group: 'sentence', params: ['text'] },
  evidence_says_missed_address: { group: 'sentence', params: ['text'] },
  evidence_says_missed: { group: 'sentence', params: [] },
  // Address scopes (IpScope other than public).
  evidence_part_scope_private: { group: 'scope', params: [] },
  evidence_part_scope_loopback: { group: 'scope', params: [] },
  evidence_part_scope_link_local: { group: 'scope', params: [] },
  evidence_part_scope_cgnat: { group: 'scope', params: [] },
  evidence_part_scope_documentation: { group: 'scope', params: [] },
  evidence_part_scope_multicast: { group: 'scope', params: [] },
  evidence_part_scope_unspecified: { group: 'scope', params: [] },
  evidence_part_scope_reserved: { group: 'scope', params: [] },
  // What the AS of an address rests on (a verb phrase), without or with who runs the network: (AS, date) or (AS, network, date).
  evidence_part_as_of: { group: 'asOf', params: ['text'] },
  evidence_part_as_of_network: { group: 'asOf', params: ['text', 'network'] },
  evidence_part_as_of_announcement_or_delegation: { group: 'asOf', params: ['text', 'date'] },
  evidence_part_as_of_announcement_or_delegation_network: { group: 'asOf', params: ['text', 'network', 'date'] },
  evidence_part_as_of_delegation: { group: 'asOf', params: ['text', 'date'] },
  evidence_part_as_of_delegation_network: { group: 'asOf', params: ['text', 'network', 'date'] },
  evidence_part_as_of_announcement: { group: 'asOf', params: ['text', 'date'] },
  evidence_part_as_of_announcement_network: { group: 'asOf', params: ['text', 'network', 'date'] },
  evidence_part_as_of_unspecified: { group: 'asOf', params: ['text', 'date'] },
  evidence_part_as_of_unspecified_network: { group: 'asOf', params: ['text', 'network', 'date'] },
  evidence_part_network_provider: { group: 'network', params: ['text'] },
  evidence_part_network_unlisted: { group: 'network', params: [] },
  // A provider's published list: (list, date) or (list, date, region and service).
  evidence_part_list: { group: 'list', params: ['text', 'date'] },
  evidence_part_list_where: { group: 'list', params: ['text', 'date', 'text'] },
  evidence_part_rule_user: { group: 'ruleOrigin', params: [] },
  evidence_part_rule_managed: { group: 'ruleOrigin', params: [] },
  evidence_part_rule_demo: { group: 'ruleOrigin', params: [] },
  evidence_part_front_cdn: { group: 'frontRole', params: [] },
  evidence_part_front_origin: { group: 'frontRole', params: [] },
  evidence_part_net_cloud: { group: 'netRole', params: [] },
  evidence_part_net_hosting: { group: 'netRole', params: [] },
  evidence_part_net_cdn: { group: 'netRole', params: [] },
  evidence_part_net_access: { group: 'netRole', params: [] },
  evidence_part_net_transit: { group: 'netRole', params: [] },
  evidence_part_net_corporate: { group: 'netRole', params: [] },
  evidence_part_net_payment: { group: 'netRole', params: [] },
} as const satisfies Record<string, { group: PhraseGroup; params: readonly Slot[] }>;

type Table = typeof EVIDENCE_MESSAGES;

/** Every key of an evidence message or phrase. */
export type EvidenceKey = keyof Table;

type KeysIn<G extends PhraseGroup> = { [K in EvidenceKey]: Table[K]['group'] extends G ? K : never }[EvidenceKey];

type SlotValue<S> = S extends 'text' | 'date' ? string : S extends PhraseGroup ? EvidencePhrase<KeysIn<S>> : never;

type Params<P extends readonly Slot[]> = { -readonly [I in keyof P]: SlotValue<P[I]> };

/** A key with exactly the parameters its row of the table declares. */
export type EvidencePhrase<K extends EvidenceKey = EvidenceKey> = K extends EvidenceKey ? { key: K; params: Params<Table[K]['params']> } : never;

/** What a clue says: a sentence key and its parameters. */
export type EvidenceMessage = EvidencePhrase<KeysIn<'sentence'>>;

/** Builds a phrase; its parameters are checked against the key's row. */
export function phrase<K extends EvidenceKey>(key: K, ...params: EvidencePhrase<K>['params']): EvidencePhrase<K> {
  return { key, params } as EvidencePhrase<K>;
}

const SCOPE_KEYS: Record<Exclude<IpScope, 'public'>, KeysIn<'scope'>> = {
  private: 'evidence_part_scope_private',
  loopback: 'evidence_part_scope_loopback',
  'link-local': 'evidence_part_scope_link_local',
  cgnat: 'evidence_part_scope_cgnat',
  documentation: 'evidence_part_scope_documentation',
  multicast: 'evidence_part_scope_multicast',
  unspecified: 'evidence_part_scope_unspecified',
  reserved: 'evidence_part_scope_reserved',
};

const NET_ROLE_KEYS: Record<NetworkRole, KeysIn<'netRole'>> = {
  cloud: 'evidence_part_net_cloud',
  hosting: 'evidence_part_net_hosting',
  cdn: 'evidence_part_net_cdn',
  access: 'evidence_part_net_access',
  transit: 'evidence_part_net_transit',
  corporate: 'evidence_part_net_corporate',
  payment: 'evidence_part_net_payment',
};

/** The phrase of a non-public address scope. */
export function scopePhrase(scope: Exclude<IpScope, 'public'>): EvidencePhrase<KeysIn<'scope'>> {
  return { key: SCOPE_KEYS[scope], params: [] };
}

/** The phrase of a network role. */
export function netRolePhrase(role: NetworkRole): EvidencePhrase<KeysIn<'netRole'>> {
  return { key: NET_ROLE_KEYS[role], params: [] };
}

/** The phrase of what the AS of an address rests on; `network` says who runs it. */
export function asOfPhrase(as: string, source: RoutingSource | undefined, network?: EvidencePhrase<KeysIn<'network'>>): EvidencePhrase<KeysIn<'asOf'>> {
  const date = source?.dataDate ?? '';
  switch (source?.kind) {
    case undefined:
      return network ? phrase('evidence_part_as_of_network', as, network) : phrase('evidence_part_as_of', as);
    case 'announcement-or-delegation':
      return network ? phrase('evidence_part_as_of_announcement_or_delegation_network', as, network, date) : phrase('evidence_part_as_of_announcement_or_delegation', as, date);
    case 'delegation':
      return network ? phrase('evidence_part_as_of_delegation_network', as, network, date) : phrase('evidence_part_as_of_delegation', as, date);
    case 'announcement':
      return network ? phrase('evidence_part_as_of_announcement_network', as, network, date) : phrase('evidence_part_as_of_announcement', as, date);
    case 'unspecified':
      return network ? phrase('evidence_part_as_of_unspecified_network', as, network, date) : phrase('evidence_part_as_of_unspecified', as, date);
  }
}

/** How many levels of phrases a message may nest (sentence > asOf > network). */
export const MAX_PHRASE_DEPTH = 3;

/** The group of a key, or undefined for a string that is not one. */
export function evidenceKeyGroup(key: string): PhraseGroup | undefined {
  return Object.hasOwn(EVIDENCE_MESSAGES, key) ? EVIDENCE_MESSAGES[key as EvidenceKey].group : undefined;
}
