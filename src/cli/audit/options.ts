/** The options of `vigie audit`, parsed and checked; a bad option is a usage error with a message, never a crash. */
import { parseArgs } from 'node:util';
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
  dnsServers: string[];
  /** Routing table to use instead of generated/asn-table.bin. */
  asnTable?: string;
  retryErrors: boolean;
  help: boolean;
}

export const AUDIT_USAGE = `usage: vigie audit <file> [options]
       vigie audit --from <results.jsonl> [--md | --csv | --json]

Checks many sites at once: who hosts each one, its sovereignty level, and whether it is a health site.
<file> lists sites, one URL or host name a line (# comments, blank lines), or is a CSV with a url column.
Only DNS is queried unless --headers or --page is given.

output:
  (default)           a table on the terminal
  --json              one JSON array (objects as 'vigie lookup --json', plus site, host, cnames, health, error)
  --csv               CSV with a header line
  --md                a Markdown report with counts per level and provider, data dates and sources
  --out FILE          append results to FILE as JSON Lines while running; sites already in FILE are skipped
  --from FILE         render a results file again (JSON Lines or a JSON array), without any network access
  --retry-errors      with --out: check again the sites whose stored row has a timeout or network error

network:
  --headers           request each home page once (HEAD, then GET if refused) to read its response headers
  --page              also read the home page (size-capped) to classify health from its content; implies --headers
  --concurrency N     sites in flight at once (default 8)
  --timeout MS        budget per site, DNS retries and HTTP included (default 10000)
  --retries N         retries of a transient DNS error (EAI_AGAIN, ETIMEOUT, SERVFAIL), with backoff (default 2)
  --dns-server ADDR   ask this DNS server (ip or ip:port) instead of the system's; repeatable
  --max-page-bytes N  page size cap for --page (default 1048576)

data:
  --asn-table FILE    routing table to use instead of generated/asn-table.bin (built by npm run data:build)

Ctrl-C stops cleanly: finished results are kept (and written with --out), exit code 130.
`;

/** Parses the arguments; throws an Error with a user-facing message on misuse. */
export function parseAuditOptions(args: string[]): AuditOptions {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
      md: { type: 'boolean' },
      table: { type: 'boolean' },
      out: { type: 'string' },
      from: { type: 'string' },
      headers: { type: 'boolean' },
      page: { type: 'boolean' },
      concurrency: { type: 'string' },
      timeout: { type: 'string' },
      retries: { type: 'string' },
      backoff: { type: 'string' },
      'max-page-bytes': { type: 'string' },
      'dns-server': { type: 'string', multiple: true },
      'asn-table': { type: 'string' },
      'retry-errors': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const formats = (['json', 'csv', 'md', 'table'] as const).filter((f) => values[f]);
  if (formats.length > 1) throw new Error(`choose one output format, not ${formats.map((f) => `--${f}`).join(' and ')}`);
  const help = values.help === true;
  if (!help && positionals.length === 0 && !values.from) throw new Error('missing the file that lists the sites');
  if (positionals.length > 1) throw new Error(`one list file at a time (got ${positionals.length}: ${positionals.join(', ')})`);
  if (positionals.length === 1 && values.from) throw new Error('--from re-renders a results file: give it without a list file');
  if (values['retry-errors'] && !values.out) throw new Error('--retry-errors needs --out (the file whose errors to retry)');
  const page = values.page === true;
  return {
    input: positionals[0],
    format: formats[0] ?? 'table',
    out: values.out,
    from: values.from,
    headers: page || values.headers === true,
    page,
    concurrency: integer('concurrency', values.concurrency, 8, 1, 1024),
    timeoutMs: integer('timeout', values.timeout, 10_000, 1, 600_000),
    retries: integer('retries', values.retries, 2, 0, 10),
    backoffMs: integer('backoff', values.backoff, 250, 0, 60_000),
    maxPageBytes: integer('max-page-bytes', values['max-page-bytes'], 1 << 20, 1024, 64 << 20),
    dnsServers: values['dns-server'] ?? [],
    asnTable: values['asn-table'],
    retryErrors: values['retry-errors'] === true,
    help,
  };
}

function integer(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) throw new Error(`--${name} must be a whole number from ${min} to ${max} (got '${text}')`);
  return value;
}
