/** What kind of page a tab shows, from its URL: only http(s) pages get a host verdict. */
import type { PageKind } from './types.ts';

/** Classifies a URL; never throws (unparsable URLs are 'unsupported'). */
export function pageKindOf(url: string): PageKind {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return 'unsupported';
  }
  switch (protocol) {
    case 'http:':
    case 'https:':
      return 'web';
    case 'file:':
      return 'file';
    case 'chrome-extension:':
    case 'moz-extension:':
    case 'extension:':
      return 'extension';
    case 'about:':
    case 'chrome:':
    case 'edge:':
    case 'view-source:':
    case 'devtools:':
    case 'chrome-search:':
    case 'chrome-untrusted:':
    case 'resource:':
    case 'data:':
    case 'blob:':
    case 'javascript:':
      return 'internal';
    default:
      return 'unsupported';
  }
}

/** The host of an http(s) URL as the browser shows it in webRequest (lower-case, punycode, IPv6 without brackets). */
export function hostOf(url: string): string {
  try {
    const host = new URL(url).hostname;
    return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  } catch {
    return '';
  }
}

/**
 * A page's URL as Vigie keeps it: without query and fragment (they can carry identifiers, tokens and search terms;
 * the host and path are what a report is about). Unparsable input is returned cut at its first '?' or '#'.
 */
export function pageUrlOf(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return url.split(/[?#]/)[0] ?? '';
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url.split(/[?#]/)[0] ?? '';
  }
}

/** True when two URLs have the same scheme, host and port (a page can move between them without a new document). */
export function sameOrigin(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return (x.protocol === 'http:' || x.protocol === 'https:') && x.origin === y.origin;
  } catch {
    return false;
  }
}

/**
 * Media types neither Chromium nor Firefox shows as a page: a top-level response of one is downloaded. Only types no
 * browser renders by itself are listed; a type missing here starts a report for the download's host, as before.
 */
const DOWNLOADED_TYPES = new Set([
  'application/octet-stream',
  'application/zip',
  'application/x-zip-compressed',
  'application/gzip',
  'application/x-gzip',
  'application/x-tar',
  'application/x-7z-compressed',
  'application/vnd.rar',
  'application/x-rar-compressed',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
]);
/** Office documents (docx, xlsx, pptx; odt, ods, odp): downloaded too. */
const DOWNLOADED_TYPE_PREFIXES = ['application/vnd.openxmlformats-officedocument.', 'application/vnd.oasis.opendocument.'];

/** True when a Content-Type value names a type browsers download rather than show. */
function downloadedType(value: string): boolean {
  const type = value.split(';')[0]?.trim().toLowerCase() ?? '';
  return DOWNLOADED_TYPES.has(type) || DOWNLOADED_TYPE_PREFIXES.some((prefix) => type.startsWith(prefix));
}

/**
 * False when a top-level response shows no new document and the tab keeps the page it had: an answer without content
 * (204, 205: browsers stay on the page) or a download (`Content-Disposition: attachment`, or a type browsers never
 * show, whatever the case of the header's name or value, any of its copies). Such a response must not replace the
 * report of the page still shown.
 */
export function startsDocument(statusCode: number | undefined, headers: readonly { name: string; value?: string }[] | undefined): boolean {
  if (statusCode === 204 || statusCode === 205) return false;
  for (const header of headers ?? []) {
    const name = header.name.toLowerCase();
    const value = header.value ?? '';
    if (name === 'content-disposition' && value.split(';')[0]?.trim().toLowerCase() === 'attachment') return false;
    if (name === 'content-type' && downloadedType(value)) return false;
  }
  return true;
}

/**
 * True when a request's headers say a browser made it speculatively (`Sec-Purpose: prefetch`, or `prefetch;prerender`,
 * Fetch spec), not to show it now: its response is not the page the tab shows.
 */
export function isSpeculativeRequest(headers: readonly { name: string; value?: string }[] | undefined): boolean {
  return (headers ?? []).some((h) => h.name.toLowerCase() === 'sec-purpose' && /\bprefetch\b/i.test(h.value ?? ''));
}
