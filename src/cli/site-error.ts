/**
 * Why one site could not be fully audited. Each failure gets a class a reader can act on, and the stage where it
 * happened: a DNS failure leaves no verdict, an HTTP failure keeps the verdict drawn from the address.
 */

export type SiteErrorClass =
  | 'invalid-input'
  | 'nxdomain'
  | 'no-address'
  | 'dns-failure'
  | 'timeout'
  | 'refused'
  | 'http-error'
  | 'private-address';

export type SiteErrorStage = 'input' | 'dns' | 'http';

/** The `error` field of a result row. */
export interface SiteError {
  class: SiteErrorClass;
  stage: SiteErrorStage;
  message: string;
}

/** Every class, in the order reports list them. */
export const SITE_ERROR_CLASSES: readonly SiteErrorClass[] = [
  'invalid-input',
  'nxdomain',
  'no-address',
  'dns-failure',
  'timeout',
  'refused',
  'http-error',
  'private-address',
];

/** A failure carrying its class, thrown by resolvers and fetchers so the pipeline can report it as is. */
export class SiteFailure extends Error {
  constructor(
    readonly errorClass: SiteErrorClass,
    readonly stage: SiteErrorStage,
    message: string,
  ) {
    super(message);
    this.name = 'SiteFailure';
  }

  /** The row form of this failure. */
  toSiteError(): SiteError {
    return { class: this.errorClass, stage: this.stage, message: this.message };
  }
}

/** DNS codes worth asking again: the answer may differ in a moment (c-ares and getaddrinfo spellings). */
const TRANSIENT_DNS_CODES = new Set(['EAI_AGAIN', 'ETIMEOUT', 'ESERVFAIL', 'SERVFAIL']);

/** True when a DNS error code is transient and the query should be retried. */
export function isTransientDnsCode(code: string | undefined): boolean {
  return code !== undefined && TRANSIENT_DNS_CODES.has(code);
}

/** Maps a node:dns error to a SiteFailure. */
export function dnsFailure(host: string, error: unknown): SiteFailure {
  if (error instanceof SiteFailure) return error;
  const code = errorCode(error);
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_NONAME':
      return new SiteFailure('nxdomain', 'dns', `${host}: no such domain (NXDOMAIN)`);
    case 'ENODATA':
      return new SiteFailure('no-address', 'dns', `${host}: the name exists but has no IPv4 or IPv6 address`);
    case 'ETIMEOUT':
      return new SiteFailure('timeout', 'dns', `${host}: the DNS server did not answer in time`);
    case 'EREFUSED':
      return new SiteFailure('refused', 'dns', `${host}: the DNS server refused the query`);
    default:
      return new SiteFailure('dns-failure', 'dns', `${host}: DNS resolution failed (${code ?? messageOf(error)})`);
  }
}

/** Maps a node:http(s) error to a SiteFailure. */
export function httpFailure(url: string, error: unknown): SiteFailure {
  if (error instanceof SiteFailure) return error;
  const code = errorCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return new SiteFailure('refused', 'http', `${url}: connection refused`);
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      return new SiteFailure('timeout', 'http', `${url}: no answer in time`);
    default:
      return new SiteFailure('http-error', 'http', `${url}: ${code ? `${code} ` : ''}${messageOf(error)}`.trim());
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
