/**
 * Which addresses an audit may contact. A list entry, a DNS answer or a redirect that points at a private, loopback,
 * link-local, CGNAT, unique-local or cloud-metadata address would make the audit probe the auditor's own network; such
 * sites are refused with the reason unless --allow-private is given. Scopes come from the core's ip.ts.
 */
import { formatIp, ipScope, parseIp } from '../../core/ip.ts';
import type { IpScope } from '../../core/types.ts';
import { SiteFailure, type SiteErrorStage } from '../site-error.ts';

/** Instance metadata services (AWS, GCP, Azure, OpenStack; AWS over IPv6; Alibaba): credentials live there. */
const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']);

const SCOPE_WORDS: Record<Exclude<IpScope, 'public'>, string> = {
  private: 'a private address',
  loopback: 'a loopback address',
  'link-local': 'a link-local address',
  cgnat: 'a carrier-grade NAT (CGNAT) address',
  documentation: 'a documentation address',
  multicast: 'a multicast address',
  unspecified: 'the unspecified address',
  reserved: 'a reserved address',
};

/** Null when `ip` is a public address (or private ones are allowed); else the failure that says why it is refused. */
export function addressRefusal(ip: string, stage: SiteErrorStage, allowPrivate: boolean): SiteFailure | null {
  if (allowPrivate) return null;
  const parsed = parseIp(ip);
  if (parsed === null) return new SiteFailure('private-address', stage, `'${ip}' is not an IP address: not contacted`);
  const scope = ipScope(parsed);
  if (scope === 'public') return null;
  const what = METADATA_ADDRESSES.has(formatIp(parsed)) ? 'a cloud metadata address' : SCOPE_WORDS[scope];
  const via = stage === 'input' ? 'given in the list' : stage === 'dns' ? 'from DNS' : 'to connect to';
  return new SiteFailure('private-address', stage, `${ip} (${via}) is ${what}: not contacted; give --allow-private to audit it`);
}
