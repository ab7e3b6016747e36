/** Both browsers' error strings of a failed navigation, read as a plain reason (src/core/load-error.ts). */
import { describe, expect, it } from 'vitest';
import { errorCodeText, LOAD_ERROR_REASONS, loadErrorOf, MAX_ERROR_CODE_CHARS } from '../../src/core/load-error.ts';

describe('load errors', () => {
  it('maps Chromium\'s and Firefox\'s common codes to the same plain reasons, keeping the raw code', () => {
    const cases: [string, string][] = [
      ['net::ERR_NAME_NOT_RESOLVED', 'not-found'],
      ['NS_ERROR_UNKNOWN_HOST', 'not-found'],
      ['net::ERR_CONNECTION_REFUSED', 'refused'],
      ['NS_ERROR_CONNECTION_REFUSED', 'refused'],
      ['net::ERR_CONNECTION_TIMED_OUT', 'timed-out'],
      ['net::ERR_TIMED_OUT', 'timed-out'],
      ['NS_ERROR_NET_TIMEOUT', 'timed-out'],
      ['net::ERR_CERT_AUTHORITY_INVALID', 'secure-connection'],
      ['net::ERR_SSL_PROTOCOL_ERROR', 'secure-connection'],
      ['SSL_ERROR_BAD_CERT_DOMAIN', 'secure-connection'],
      ['MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT', 'secure-connection'],
      // Firefox gives a certificate error as its security service's sentence, in the browser's language.
      ['Peer’s Certificate issuer is not recognized.', 'secure-connection'],
      ['net::ERR_CONNECTION_RESET', 'other'],
      ['NS_ERROR_NET_RESET', 'other'],
      ['net::ERR_BLOCKED_BY_CLIENT', 'other'],
    ];
    for (const [code, reason] of cases) expect(loadErrorOf(code), code).toEqual({ reason, code });
    expect(new Set(cases.map(([, reason]) => reason))).toEqual(new Set(LOAD_ERROR_REASONS));
  });

  it('an abandoned navigation (stopped, replaced, a download, a 204, cancelled by an extension) is no load error', () => {
    for (const code of ['net::ERR_ABORTED', 'NS_BINDING_ABORTED', 'NS_ERROR_ABORT', 'NS_BINDING_RETARGETED', ' NS_BINDING_ABORTED ']) expect(loadErrorOf(code), code).toBeNull();
  });

  it('hostile or odd input gives a clear, bounded, one-line result and never throws', () => {
    const huge = `net::ERR_${'A'.repeat(1_000_000)}`;
    const big = loadErrorOf(huge)!;
    expect(big.reason).toBe('other');
    expect(big.code.length).toBe(MAX_ERROR_CODE_CHARS);
    expect(big.code.endsWith('…')).toBe(true);
    for (const value of [undefined, null, 42, {}, ['net::ERR_CONNECTION_REFUSED'], '', '   ']) expect(loadErrorOf(value)).toEqual({ reason: 'other', code: '' });
    // Control characters, line breaks and bidirectional overrides cannot make the evidence read otherwise.
    expect(errorCodeText('net::ERR_CONNECTION_REFUSED\n\u202eDELIF\u0000 ok')).toBe('net::ERR_CONNECTION_REFUSED DELIF ok');
    expect(loadErrorOf('\u200bnet::ERR_CONNECTION_REFUSED\u200b')).toEqual({ reason: 'refused', code: 'net::ERR_CONNECTION_REFUSED' });
    expect(loadErrorOf('__proto__')).toEqual({ reason: 'other', code: '__proto__' });
    expect(loadErrorOf('constructor')).toEqual({ reason: 'other', code: 'constructor' });
  });
});
