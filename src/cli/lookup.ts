/**
 * `vigie lookup [--json] <ip-or-host>...`: who operates each address or host, and its sovereignty level.
 * Host names go through DNS (addresses and the CNAME chain); IP literals never touch the network, and no host is ever
 * contacted. Output contract (other tools parse it): with --json, one array with one object per input, in input
 * order, with the fields of host-result.ts (input, ip, asn, asName, provider {id, name, country}, role, level,
 * confidence, ..., revealedOrigin, evidence texts, routing {kind, dataDate}), and error when the input could not be looked up.
 * Exit 0 unless the arguments are unusable (2) or the routing table is missing (1).
 */
import process from 'node:process';
import { dataDates, HOSTING_ROLES } from '../core/catalog.ts';
import { identifyHost } from '../core/identify.ts';
import { parseIp } from '../core/ip.ts';
import type { RoutingSourceKind } from '../core/types.ts';
import { normaliseHost } from '../core/rules.ts';
import { readCommandLine, UsageError, type CommandLine, type CommandStreams, type OptionTable } from './arguments.ts';
import { resolveHost, systemDnsClient, type DnsClient } from './resolver.ts';
import { AsnTableUnavailable, loadIdentifyContext, type CliIdentifyContext } from './context.ts';
import { failedLookup, leastReassuringAddress, lookupResult, type LookupResult } from './host-result.ts';
import { visibleText } from './visible-text.ts';
import { levelLegend } from './level-legend.ts';

export type { LookupResult } from './host-result.ts';

/** The option table of `vigie lookup`: parsing and --help both come from it. */
export const LOOKUP_COMMAND = {
  name: 'lookup',
  synopsis: ['[--json] <ip-or-host>...'],
  description: `Tells who operates each IP address or host name, and its sovereignty level:
  secnumcloud, secnumcloud-provider, eu, extra-eu or unknown (the table's LEVEL legend gives each level shown
  the code and name the extension gives it: secnumcloud-provider is EU+, a provider that also sells qualified
  offers, not a qualified offer).
Host names are resolved with DNS (IPv4 and IPv6 addresses, CNAME chain); of several addresses, the one whose level reads
least reassuring is shown. IP addresses are looked up offline. No host is contacted.`,
  options: {
    json: { type: 'boolean', help: 'one JSON array, one object per input, in input order' },
  },
  notes: 'Exit codes: 0 done (inputs that could not be looked up carry an error), 1 routing table missing, 2 usage error.',
} as const satisfies CommandLine<OptionTable>;

const DNS_TIMEOUT_MS = 5000;

/** The host part of what a user typed: a bare host, an IP (bracketed or not), or a URL; '' when nothing was typed. */
function hostOf(input: string): string {
  const text = input.trim();
  if (text === '' || parseIp(text) !== null) return text;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    try {
      return new URL(text).hostname;
    } catch {
      // Not a URL after all: said as such below, not as an empty input.
      return text;
    }
  }
  return text;
}

/** Looks up one input; never throws. */
export async function lookupOne(input: string, ctx: CliIdentifyContext, dns: DnsClient, now: Date): Promise<LookupResult> {
  if (input.trim() === '') return failedLookup(input, 'empty input: give an IP address or a host name');
  const host = hostOf(input);
  const ipText = host.replace(/^\[(.*)\]$/, '$1');
  if (parseIp(ipText) !== null) return lookupResult(input, identifyHost({ host: ipText, ip: ipText }, ctx, now));
  const name = normaliseHost(host);
  if (name === null) return failedLookup(input, `"${input}" is neither an IP address nor a valid host name`);
  // A legacy IPv4 form a browser accepts (0x7f.1, 1.1.1) normalises to the address it names: never a DNS name.
  if (parseIp(name) !== null) return lookupResult(input, identifyHost({ host: name, ip: name }, ctx, now));
  try {
    const resolution = await resolveHost(name, dns, { retries: 1, backoffMs: 200 });
    const { verdict } = leastReassuringAddress(resolution.addresses, (ip) => identifyHost({ host: name, ip, cnames: resolution.cnames }, ctx, now));
    return lookupResult(input, verdict);
  } catch (error) {
    return failedLookup(input, error instanceof Error ? error.message : String(error));
  }
}

/** What the AS rests on, in a table cell: "BGP/RIR 2026-06-17", "RIR only 2026-06-17" (legend under the table). */
const AS_FROM_WORDS: Record<RoutingSourceKind, string> = {
  'announcement-or-delegation': 'BGP/RIR',
  delegation: 'RIR only',
  announcement: 'BGP',
  unspecified: 'unknown',
};

const AS_FROM_LEGEND =
  'AS FROM: BGP/RIR = the announcement RouteViews observes where it sees one, registry delegation data elsewhere; ' +
  'RIR only = registry delegation data, no observed announcement (the provider is then named with medium confidence at best); ' +
  'BGP = an observed announcement of the address\'s prefix (IPv6 announcement layer; one older than the routing data names the provider with medium confidence at best).';

function renderTable(results: readonly LookupResult[]): string {
  // AS FROM comes last: columns are only ever added after the existing ones.
  const header = ['INPUT', 'IP', 'AS', 'PROVIDER', 'ROLE', 'LEVEL', 'AS FROM'];
  const rows = results.map((r) => [
    r.input,
    r.ip ?? '-',
    r.asn === null ? '-' : `AS${r.asn} ${r.asName ?? ''}`.trim().slice(0, 40),
    r.provider ? `${r.provider.name}${r.provider.country ? ` (${r.provider.country})` : ''}` : '-',
    // An access, transit, corporate or payment network is not a hosting offer: say so rather than "origin".
    r.networkRole && !HOSTING_ROLES.has(r.networkRole) ? `${r.networkRole} network, not hosting` : r.role,
    r.level,
    r.routing ? `${AS_FROM_WORDS[r.routing.kind]} ${r.routing.dataDate}` : '-',
  ].map(visibleText));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line(header), ...rows.map(line)];
  for (const r of results) {
    if (r.error) out.push(visibleText(`${r.input === '' ? '(empty)' : r.input}: error: ${r.error}`));
  }
  const legend = levelLegend(results);
  if (legend.length) out.push('', ...legend);
  if (results.some((r) => r.routing)) out.push('', AS_FROM_LEGEND);
  return `${out.join('\n')}\n`;
}

/** Entry point of `vigie lookup`; returns the exit code. */
export async function runLookup(args: string[], streams: CommandStreams = process): Promise<number> {
  const command = readCommandLine(LOOKUP_COMMAND, args, streams, ({ values, positionals }) => {
    if (positionals.length === 0) throw new UsageError('give at least one IP address or host name');
    return { json: values.json === true, inputs: positionals };
  });
  if ('exitCode' in command) return command.exitCode;
  const { json, inputs } = command.options;
  let ctx: CliIdentifyContext;
  try {
    ctx = await loadIdentifyContext();
  } catch (error) {
    if (!(error instanceof AsnTableUnavailable)) throw error;
    streams.stderr.write(`vigie lookup: ${error.message}\n`);
    return 1;
  }
  const dns = systemDnsClient({ timeoutMs: DNS_TIMEOUT_MS });
  const now = new Date();
  const results = await Promise.all(inputs.map((input) => lookupOne(input, ctx, dns, now)));
  if (json) {
    streams.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    const dates = dataDates();
    streams.stdout.write(renderTable(results));
    streams.stdout.write(`\nData: routing ${ctx.table.meta.dataDate}, providers ${dates.providers}, SecNumCloud ${dates.secnumcloud}, HDS ${dates.hds}.\n`);
  }
  return 0;
}
