/**
 * Fetching a site's home page headers (one HEAD, GET when HEAD is refused) and, for `--page`, its body up to a size
 * cap. The connection goes to the address the resolver returned, so the headers come from the very server the verdict
 * is about; the host name still goes in the Host header and TLS SNI. Only used when the user asks (`--headers`).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { addressRefusal } from './address-guard.ts';
import { httpFailure, SiteFailure } from '../site-error.ts';

export interface PageRequest {
  url: string;
  /** The address to connect to (from the resolver). */
  ip: string;
  /** Read the body (GET only) up to `maxBytes`. */
  wantBody: boolean;
  maxBytes: number;
  signal?: AbortSignal;
}

export interface FetchedPage {
  /** The URL whose response is reported (after same-host redirects). */
  url: string;
  status: number;
  method: 'HEAD' | 'GET';
  /** Lower-case names; `set-cookie` reduced to cookie names (values can be session secrets). */
  headers: Record<string, string>;
  /** Raw body, when asked for and the answer was a page (decoding is left to the page-signal reader). */
  body?: Uint8Array;
  /** True when the body was cut at `maxBytes`. */
  truncated?: boolean;
}

/** Fetches the headers (and maybe body) of a page; throws a SiteFailure when the server cannot be reached. */
export interface PageFetcher {
  fetch(request: PageRequest): Promise<FetchedPage>;
}

const MAX_REDIRECTS = 3;

/** A PageFetcher over node:http and node:https; refuses non-public addresses before each connection unless allowed. */
export function httpPageFetcher(options: { userAgent: string; allowPrivate?: boolean }): PageFetcher {
  return {
    async fetch(req: PageRequest): Promise<FetchedPage> {
      let url = req.url;
      for (let hop = 0; ; hop++) {
        // Checked at every hop: a redirect must not lead the audit into the auditor's own network.
        const refusal = addressRefusal(req.ip, 'http', options.allowPrivate === true);
        if (refusal) throw refusal;
        let page = req.wantBody ? await exchange(url, 'GET', req, options.userAgent) : await exchange(url, 'HEAD', req, options.userAgent);
        // Some servers reject or mishandle HEAD; a GET whose body is not read tells the same headers.
        if (page.method === 'HEAD' && page.status >= 400) page = await exchange(url, 'GET', req, options.userAgent);
        const next = sameHostRedirect(url, page);
        if (!next || hop >= MAX_REDIRECTS) return page;
        url = next;
      }
    },
  };
}

/** Follows redirects that stay on the same host (http -> https, / -> /fr/): the server, hence the verdict, is the same. */
function sameHostRedirect(from: string, page: FetchedPage): string | null {
  if (page.status < 300 || page.status >= 400) return null;
  const location = page.headers['location'];
  if (!location) return null;
  try {
    const target = new URL(location, from);
    const origin = new URL(from);
    if (target.hostname !== origin.hostname || !/^https?:$/.test(target.protocol)) return null;
    return target.href;
  } catch {
    return null;
  }
}

function exchange(url: string, method: 'HEAD' | 'GET', req: PageRequest, userAgent: string): Promise<FetchedPage> {
  return new Promise<FetchedPage>((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      reject(new SiteFailure('invalid-input', 'http', `${url}: not a URL`));
      return;
    }
    const family = isIP(req.ip);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(
      target,
      {
        method,
        headers: { 'user-agent': userAgent, accept: 'text/html,*/*;q=0.5', 'accept-encoding': 'identity' },
        signal: req.signal,
        // Pin the connection to the resolved address; DNS is not asked a second time.
        lookup: (_host, opts, callback) => {
          if ((opts as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: req.ip, family }]);
          else callback(null, req.ip, family);
        },
      },
      (response) => {
        const headers = headerRecord(response);
        const page: FetchedPage = { url, status: response.statusCode ?? 0, method, headers };
        const wantBody = method === 'GET' && req.wantBody && page.status < 300;
        if (!wantBody) {
          response.destroy();
          resolve(page);
          return;
        }
        readBody(response, req.maxBytes).then(({ bytes, truncated }) => {
          page.body = bytes;
          if (truncated) page.truncated = true;
          resolve(page);
        }, (error: unknown) => reject(httpFailure(url, error)));
      },
    );
    request.on('error', (error) => reject(req.signal?.aborted ? req.signal.reason : httpFailure(url, error)));
    request.end();
  });
}

/**
 * The body as sent, decompressed when the server compressed it although `identity` was asked (some do whatever the
 * request says): compressed bytes would read as binary, and the page as nothing. The cap applies to what is decoded.
 */
function decodedBody(response: IncomingMessage): Readable {
  const encoding = (response.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : null;
  if (decoder === null) return response;
  response.on('error', (error) => decoder.destroy(error));
  decoder.on('close', () => response.destroy());
  return response.pipe(decoder);
}

function readBody(response: IncomingMessage, maxBytes: number): Promise<{ bytes: Buffer; truncated: boolean }> {
  const body = decodedBody(response);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (truncated: boolean): void => {
      if (done) return;
      done = true;
      resolve({ bytes: Buffer.concat(chunks).subarray(0, maxBytes), truncated });
    };
    body.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      // Read one byte past the cap, so a page of exactly maxBytes is not reported as cut.
      if (size > maxBytes) {
        finish(true);
        body.destroy();
        response.destroy();
      }
    });
    body.on('end', () => finish(false));
    body.on('error', (error) => {
      if (!done) reject(error);
    });
    body.on('close', () => finish(false));
  });
}

/**
 * The response's headers, names lower-cased, each repeated header's copies joined with ", " as Firefox gives them:
 * read from the raw list, since node:http keeps only the first `server` (and a few others) of a response that repeats
 * it, and the copy it drops can be the one naming the provider (`server: nginx` then `server: AmazonS3`). Cookies:
 * names only; `location`: the first, the one node:http and the redirect check follow.
 */
function headerRecord(response: IncomingMessage): Record<string, string> {
  const out = new Map<string, string>();
  const raw = response.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = name === 'set-cookie' ? (raw[i + 1]!.split('=')[0]?.trim() ?? '') : raw[i + 1]!;
    const before = out.get(name);
    if (before === undefined) out.set(name, value);
    else if (name !== 'location' && value !== '') out.set(name, before === '' ? value : `${before}, ${value}`);
  }
  return Object.fromEntries(out);
}
