/**
 * A failed top-level navigation, as a plain reason: the one place where both browsers' error strings
 * (webRequest.onErrorOccurred `error`: Chromium's `net::ERR_*`, Firefox's `NS_ERROR_*`, or for a certificate error the
 * sentence of Firefox's security service) are read. Neither browser promises these strings are stable; an unknown one
 * is `other`, and the raw string is always kept for the evidence.
 */
import type { LoadError, LoadErrorReason } from './types.ts';

export type { LoadError, LoadErrorReason };

/** Every reason, in the order a reader would check them. */
export const LOAD_ERROR_REASONS: readonly LoadErrorReason[] = ['not-found', 'refused', 'timed-out', 'secure-connection', 'other'];

/** Longest browser error string kept: Firefox's certificate sentences run to about 100 characters. */
export const MAX_ERROR_CODE_CHARS = 160;

/**
 * Errors of a navigation that was abandoned, not failed: the user stopped it, another navigation replaced it, it
 * became a download, a 204 answer, or an extension cancelled it (Firefox then keeps the page). The browser shows no
 * error page for these, and the page still shown keeps its report.
 */
const ABANDONED = new Set(['net::ERR_ABORTED', 'NS_BINDING_ABORTED', 'NS_ERROR_ABORT', 'NS_BINDING_RETARGETED', 'NS_BINDING_REDIRECTED', 'NS_BINDING_CANCELLED_OLD_LOAD', 'NS_ERROR_PARSED_DATA_CACHED']);

const EXACT = new Map<string, LoadErrorReason>(Object.entries({
  'net::ERR_NAME_NOT_RESOLVED': 'not-found',
  'net::ERR_NAME_RESOLUTION_FAILED': 'not-found',
  NS_ERROR_UNKNOWN_HOST: 'not-found',
  'net::ERR_CONNECTION_REFUSED': 'refused',
  NS_ERROR_CONNECTION_REFUSED: 'refused',
  'net::ERR_CONNECTION_TIMED_OUT': 'timed-out',
  'net::ERR_TIMED_OUT': 'timed-out',
  NS_ERROR_NET_TIMEOUT: 'timed-out',
  NS_ERROR_NET_TIMEOUT_EXTERNAL: 'timed-out',
  'net::ERR_BAD_SSL_CLIENT_AUTH_CERT': 'secure-connection',
  NS_ERROR_NET_INADEQUATE_SECURITY: 'secure-connection',
} satisfies Record<string, LoadErrorReason>));

const PREFIXES: readonly [string, LoadErrorReason][] = [
  ['net::ERR_DNS_', 'not-found'],
  ['net::ERR_CERT_', 'secure-connection'],
  ['net::ERR_SSL_', 'secure-connection'],
  ['SEC_ERROR_', 'secure-connection'],
  ['SSL_ERROR_', 'secure-connection'],
  ['MOZILLA_PKIX_ERROR_', 'secure-connection'],
];

/** Firefox gives a certificate error as its security service's sentence (in the browser's language), not a code. */
const SECURITY_SENTENCE = /certific|\b(?:SSL|TLS)\b/i;

/** Control, line-separator and bidirectional-override characters: a string shown as evidence must read as it is. */
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+/g;

/** The browser's error string made safe to keep and show: text only, one line, bounded; '' for anything else. */
export function errorCodeText(error: unknown): string {
  if (typeof error !== 'string') return '';
  // Cut first, so that a huge string costs no more than a bounded one.
  const text = error.slice(0, MAX_ERROR_CODE_CHARS * 4).replace(UNSAFE_CHARS, ' ').replace(/\s+/g, ' ').trim();
  return text.length <= MAX_ERROR_CODE_CHARS ? text : `${text.slice(0, MAX_ERROR_CODE_CHARS - 1)}…`;
}

/** The plain reason of a browser error string (`other` when it is not one Vigie knows). */
export function loadErrorReason(code: string): LoadErrorReason {
  // A Map: a browser string such as `__proto__` or `constructor` must not reach an object's prototype.
  const exact = EXACT.get(code);
  if (exact) return exact;
  for (const [prefix, reason] of PREFIXES) if (code.startsWith(prefix)) return reason;
  return SECURITY_SENTENCE.test(code) ? 'secure-connection' : 'other';
}

/**
 * What a failed main-frame request means for the tab: a load error (reason and the browser's string, made safe), or
 * null when the navigation was abandoned (stopped, replaced, a download, a 204, cancelled by an extension) and the page
 * shown stays. Never throws, whatever the browser (or a fake) gives.
 */
export function loadErrorOf(error: unknown): LoadError | null {
  const code = errorCodeText(error);
  if (ABANDONED.has(code)) return null;
  return { reason: loadErrorReason(code), code };
}
