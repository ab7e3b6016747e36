/** The command line of `vigie audit`, parsed and checked; a bad option is a usage error with a message, never a crash. */
import { isIP } from 'node:net';
import { integerOption, UsageError, type CommandLine, type OptionTable, type Parsed } from '../arguments.ts';
import { PAGE_PARSE_DEADLINE_MS, PAGE_PARSE_LIMIT_BYTES } from '../page-reader.ts';
import type { OutputFormat } from './formats.ts';

export interface AuditOptions {
  /** The list of sites; absent with --from. */
  input?: string;
  format: OutputFormat;
  /** Results file (JSON Lines) appended as the run goes; its sites are skipped. */
  out?: string;
  /** Re-render an existing results file instead of auditing. */
  from?: string;
  headers: boolean;
  page: boolean;
  concurrency: number;
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  maxPageBytes: number;
  parseDeadlineMs: number;
  dnsServers: string[];
  /** Routing table to use instead of generated/asn-table.bin. */
  asnTable?: string;
  retryErrors: boolean;
  /** Audit private, loopback, link-local, CGNAT and metadata addresses too (refused by default). */
  allowPrivate: boolean;
}

const OUTPUT = 'output';
const NETWORK = 'network';

/** The option table of `vigie audit`: parsing and --help both come from it. */
export const AUDIT_COMMAND = {
  name: 'audit',
  synopsis: ['<file> [options]', '--from <results.jsonl> [--md | --csv | --json]'],
  description: `Checks many sites at once: who hosts each one, its sovereignty level, and whether it is a health site.
<file> lists sites, one URL or host name a line (# comments, blank lines), or is a CSV with a url column.
Only DNS is queried unless --headers or --page is given.`,
  options: {
    table: { type: 'boolean', group: OUTPUT, help: 'a table on the terminal (the default)' },
    json: { type: 'boolean', group: OUTPUT, help: "one JSON array (objects as 'vigie lookup --json', plus site, host, cnames, health, error)" },
    csv: { type: 'boolean', group: OUTPUT, help: 'CSV (RFC 4180) with a header line; cells that a spreadsheet would run as formulas are defused' },
    md: { type: 'boolean', group: OUTPUT, help: 'a Markdown report with counts per level and provider, data dates and sources;\nevery value is escaped, so it renders as plain text wherever it is published' },
    out: { type: 'string', value: 'FILE', group: OUTPUT, help: 'append results to FILE as JSON Lines while running; sites already in FILE are skipped' },
    from: { type: 'string', value: 'FILE', group: OUTPUT, help: 'render a results file again (JSON Lines or a JSON array), without any network access' },
    'retry-errors': { type: 'boolean', group: OUTPUT, help: 'with --out: check again the sites whose stored row has a timeout or network error' },
    headers: { type: 'boolean', group: NETWORK, help: 'request each home page once (HEAD, then GET if refused) to read its response headers' },
    page: { type: 'boolean', group: NETWORK, help: 'also read the home page (size-capped) to classify health from its content; implies --headers' },
    concurrency: { type: 'string', value: 'N', group: NETWORK, help: 'sites in flight at once (default 8)' },
    timeout: { type: 'string', value: 'MS', group: NETWORK, help: 'budget per site, DNS retries, HTTP and page parsing included (default 10000)' },
    retries: { type: 'string', value: 'N', group: NETWORK, help: 'retries of a transient DNS error (EAI_AGAIN, ETIMEOUT, SERVFAIL), with backoff (default 2)' },
    backoff: { type: 'string', value: 'MS', group: NETWORK, help: 'delay before the first DNS retry, doubled for each next one (default 250)' },
    'dns-server': { type: 'string', multiple: true, value: 'ADDR', group: NETWORK, help: "ask this DNS server (ip or ip:port) instead of the system's; repeatable" },
    'max-page-bytes': { type: 'string', value: 'N', group: NETWORK, help: `page size cap for --page (default and maximum ${PAGE_PARSE_LIMIT_BYTES}: no more is ever parsed)` },
    'parse-deadline': { type: 'string', value: 'MS', group: NETWORK, help: `parse time allowed per page with --page (default ${PAGE_PARSE_DEADLINE_MS}); a page that takes longer is\nreported as stopped and its health is read from the address` },
    'allow-private': {
      type: 'boolean',
      group: NETWORK,
      help: 'audit private, loopback, link-local, CGNAT, unique-local and cloud-metadata addresses too;\nby default a site whose address (typed, resolved or redirected to) is one of them is refused, with the reason',
    },
    'asn-table': { type: 'string', value: 'FILE', group: 'data', help: 'routing table to use instead of generated/asn-table.bin (built by npm run data:build)' },
  },
  notes: 'Ctrl-C stops cleanly: finished results are kept (and written with --out), exit code 130.\nExit codes: 0 done, 1 unreadable input or data, 2 usage error, 130 interrupted.',
} as const satisfies CommandLine<OptionTable>;

/** Checks the parsed command line and turns it into options; throws a UsageError on misuse. */
export function auditOptions({ values, positionals }: Parsed<typeof AUDIT_COMMAND.options>): AuditOptions {
  const formats = (['json', 'csv', 'md', 'table'] as const).filter((f) => values[f]);
  if (formats.length > 1) throw new UsageError(`choose one output format, not ${formats.map((f) => `--${f}`).join(' and ')}`);
  if (positionals.length === 0 && !values.from) throw new UsageError('missing the file that lists the sites');
  if (positionals.length > 1) throw new UsageError(`one list file at a time (got ${positionals.length}: ${positionals.join(', ')})`);
  if (positionals.length === 1 && values.from) throw new UsageError('--from re-renders a results file: give it without a list file');
  if (values['retry-errors'] && !values.out) throw new UsageError('--retry-errors needs --out (the file whose errors to retry)');
  const page = values.page === true;
  return {
    input: positionals[0],
    format: formats[0] ?? 'table',
    out: values.out,
    from: values.from,
    headers: page || values.headers === true,
    page,
    concurrency: integerOption('concurrency', values.concurrency, 8, 1, 1024),
    timeoutMs: integerOption('timeout', values.timeout, 10_000, 1, 600_000),
    retries: integerOption('retries', values.retries, 2, 0, 10),
    backoffMs: integerOption('backoff', values.backoff, 250, 0, 60_000),
    maxPageBytes: integerOption('max-page-bytes', values['max-page-bytes'], PAGE_PARSE_LIMIT_BYTES, 1024, PAGE_PARSE_LIMIT_BYTES),
    parseDeadlineMs: integerOption('parse-deadline', values['parse-deadline'], PAGE_PARSE_DEADLINE_MS, 100, 60_000),
    dnsServers: (values['dns-server'] ?? []).map(dnsServerOption),
    asnTable: values['asn-table'],
    retryErrors: values['retry-errors'] === true,
    allowPrivate: values['allow-private'] === true,
  };
}

/** A --dns-server value as node:dns takes it (an IP, ipv4:port or [ipv6]:port), or a UsageError: misuse, exit 2. */
function dnsServerOption(text: string): string {
  const withPort = /^(?:\[([^\]]+)\]|([0-9.]+)):([0-9]{1,5})$/.exec(text);
  const valid = withPort
    ? (withPort[1] !== undefined ? isIP(withPort[1]) === 6 : isIP(withPort[2] ?? '') === 4) && Number(withPort[3]) >= 1 && Number(withPort[3]) <= 65535
    : isIP(text) !== 0;
  if (!valid) throw new UsageError(`--dns-server must be an IP address, ipv4:port or [ipv6]:port (got '${text}')`);
  return text;
}
