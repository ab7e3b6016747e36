import { describe, expect, it } from 'vitest';
import { matchCnames, matchHeaders, matchSoftwareBuilds } from '../../src/core/fingerprints.ts';
import { renderPlainEnglish } from '../../src/shared/evidence-text.ts';

// Header sets shaped like real responses from each service (names lower-cased as webRequest gives them).
const AZURE_FRONT_DOOR = { 'content-type': 'text/html', 'x-azure-ref': '20261128T120000Z-16b7c8d9f5bxyz', 'x-cache': 'TCP_MISS', 'accept-ranges': 'bytes' };
const CLOUDFRONT = { server: 'AmazonS3', 'x-cache': 'Hit from cloudfront', via: '1.1 3f2c1a.cloudfront.net (CloudFront)', 'x-amz-cf-pop': 'CDG50-C1', 'x-amz-cf-id': 'Zq0s3wq1sXc0==' };
const CLOUDFLARE = { server: 'cloudflare', 'cf-ray': '8e1f2a3b4c5d6e7f-CDG', 'cf-cache-status': 'DYNAMIC', 'content-type': 'text/html; charset=UTF-8' };
const FASTLY = { 'x-served-by': 'cache-par-lfpg1960055-PAR', 'x-cache': 'HIT', via: '1.1 varnish', 'x-fastly-request-id': 'a1b2c3' };
const AKAMAI = { server: 'AkamaiGHost', 'x-akamai-transformed': '9 - 0 pmb=mRUM,1', 'content-type': 'text/html' };
const GITHUB_PAGES = { server: 'GitHub.com', 'x-github-request-id': 'C0DE:1234:5678', via: '1.1 varnish', 'x-served-by': 'cache-cdg20771-CDG', 'x-fastly-request-id': 'f00' };
const VERCEL = { server: 'Vercel', 'x-vercel-id': 'cdg1::iad1::abcd-1732790000000', 'x-vercel-cache': 'HIT' };
const NETLIFY = { server: 'Netlify', 'x-nf-request-id': '01JDX1234ABCD' };
const APP_SERVICE = { server: 'Microsoft-IIS/10.0', 'x-powered-by': 'ASP.NET' };
const PLAIN_NGINX = { server: 'nginx', 'content-type': 'text/html', via: '1.1 varnish' };

const ids = (headers: Record<string, string>): string[] => [...new Set(matchHeaders(headers).map((m) => `${m.providerId}/${m.role}`))];

describe('matchHeaders', () => {
  it('recognises Azure Front Door as a Microsoft CDN', () => {
    expect(ids(AZURE_FRONT_DOOR)).toEqual(['microsoft/cdn']);
  });

  it('recognises CloudFront in front of an S3 origin', () => {
    expect(ids(CLOUDFRONT).sort()).toEqual(['aws/cdn', 'aws/origin']);
  });

  it('recognises Cloudflare, Fastly and Akamai as CDNs', () => {
    expect(ids(CLOUDFLARE)).toEqual(['cloudflare/cdn']);
    expect(ids(FASTLY)).toEqual(['fastly/cdn']);
    expect(ids(AKAMAI)).toEqual(['akamai/cdn']);
  });

  it('sees GitHub Pages served through Fastly', () => {
    expect(ids(GITHUB_PAGES).sort()).toEqual(['fastly/cdn', 'github/origin']);
  });

  it('recognises Vercel and Netlify as platforms', () => {
    expect(ids(VERCEL)).toEqual(['vercel/origin']);
    expect(ids(NETLIFY)).toEqual(['netlify/origin']);
  });

  it('ignores web-server and framework headers that name no host, and generic Varnish', () => {
    expect(matchHeaders(APP_SERVICE)).toEqual([]);
    expect(matchHeaders(PLAIN_NGINX)).toEqual([]);
    expect(matchHeaders(undefined)).toEqual([]);
    expect(matchHeaders({})).toEqual([]);
  });

  it('matches values case-insensitively and explains the evidence in plain words', () => {
    const [match] = matchHeaders({ server: 'CloudFlare' });
    expect(match?.providerId).toBe('cloudflare');
    expect(renderPlainEnglish(match!.message)).toMatch(/^The response header "server: CloudFlare" is set by Cloudflare, a CDN/);
  });

  it('reads `server: Apache/… (Amazon)` as Apache built for Amazon Linux, never as an AWS platform', () => {
    for (const server of ['Apache/2.4.62 () (Amazon)', 'Apache/2.4.62 (Amazon Linux) OpenSSL/3.0.8']) {
      expect(matchHeaders({ server }), server).toEqual([]);
      const builds = matchSoftwareBuilds({ server });
      expect(builds.map((b) => [b.software, b.builtFor]), server).toEqual([['Apache', 'Amazon Linux']]);
      expect(renderPlainEnglish(builds[0]!.message)).toBe(
        `The response header "server: ${server}" says Apache built for Amazon Linux: software packaged for a system that runs on any host, so it says nothing of who hosts the site or what is in front of it.`,
      );
    }
    expect(matchSoftwareBuilds({ server: 'Apache/2.4.62 (Ubuntu)' })).toEqual([]);
    expect(matchSoftwareBuilds({ server: 'AmazonS3' })).toEqual([]);
    expect(matchSoftwareBuilds(undefined)).toEqual([]);
  });

  it('keeps long header values short in evidence', () => {
    const [match] = matchHeaders({ 'x-azure-ref': 'a'.repeat(500) });
    expect(match!.subject.length).toBeLessThan(80);
  });
});

describe('matchCnames', () => {
  it('names the service behind each alias, most specific suffix first', () => {
    const matches = matchCnames(['www.example.fr.azurefd.net.', 'd1234abcd.cloudfront.net', 'example.github.io']);
    expect(matches.map((m) => `${m.providerId}/${m.role}`)).toEqual(['microsoft/cdn', 'aws/cdn', 'github/origin']);
    expect(matchCnames(['bucket.s3.eu-west-3.amazonaws.com'])[0]?.rule.cnameSuffix).toBe('amazonaws.com');
    expect(matchCnames(['my-lb.elb.amazonaws.com'])[0]?.providerId).toBe('aws');
  });

  it('tests the host name itself', () => {
    const [match] = matchCnames([], 'patient-portal.azurewebsites.net');
    expect(match?.providerId).toBe('microsoft');
    expect(renderPlainEnglish(match!.message)).toMatch(/^The host name patient-portal\.azurewebsites\.net is under azurewebsites\.net/);
  });

  it('does not match look-alike names', () => {
    expect(matchCnames(['notazurefd.net', 'cloudfront.net.evil.example', 'xgithub.io'])).toEqual([]);
  });

  it('matches French platforms by CNAME', () => {
    expect(matchCnames(['domain.clever-cloud.com'])[0]?.providerId).toBe('clever-cloud');
    expect(matchCnames(['my-app.osc-fr1.scalingo.io'])[0]?.providerId).toBe('scalingo');
    expect(matchCnames(['x.s3.fr-par.scw.cloud'])[0]?.providerId).toBe('scaleway');
  });
});

describe('hostile header values', () => {
  it('cuts values before matching: a 30 KB via header costs what a 256-character one costs, in steps', async () => {
    const { fingerprintHeaderNames, MAX_HEADER_VALUE } = await import('../../src/core/fingerprints.ts');
    // The shapes that made the old unanchored patterns backtrack: long runs of what a pattern almost matches.
    const fillers = ['1.1.1.1.'.repeat(4_000), 'a'.repeat(30_000), `${'from cloudfron'.repeat(2_000)}x`, `${'vegu'.repeat(8_000)} vegu`];
    let worst = 0;
    for (const filler of fillers) {
      const hostile = Object.fromEntries([...fingerprintHeaderNames()].map((name) => [name, filler]));
      const counter = { steps: 0 };
      matchHeaders(hostile, counter);
      worst = Math.max(worst, counter.steps);
    }
    // Every header named by a rule, each at the cut length, each pattern tried at every offset: the bound.
    const longestPattern = 20;
    const budget = fingerprintHeaderNames().size * 4 * MAX_HEADER_VALUE * longestPattern;
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(budget);
    // And the real bound is far lower than that product: measured, not assumed.
    expect(worst).toBeLessThan(10_000);
    // A header repeated many times is read as its first few copies, each cut: at most that many times the cost.
    const repeated = Object.fromEntries([...fingerprintHeaderNames()].map((name) => [name, Array.from({ length: 50 }, () => fillers[3]).join('\n')]));
    const counter = { steps: 0 };
    matchHeaders(repeated, counter);
    expect(counter.steps).toBeLessThan(8 * 10_000);
  });

  it('matches anchored patterns only where anchored', () => {
    expect(ids({ via: '1.1 vegur' })).toEqual(['heroku/origin']);
    expect(ids({ via: '1.1 vegur-like proxy' })).toEqual([]);
    // A list (a repeated header joined by Firefox or Node): each element is anchored on its own, and Heroku's router is
    // the hop nearest the origin. This read [] until elements were read apart (a copy joined after it hid Heroku).
    expect(ids({ via: '1.1 vegur, 1.1 varnish' })).toEqual(['heroku/origin']);
    expect(ids({ server: 'Vercel' })).toEqual(['vercel/origin']);
    expect(ids({ server: 'now' })).toEqual(['vercel/origin']);
    expect(ids({ server: 'not-vercel-really' })).toEqual([]);
    expect(ids({ server: 'cloudflare-nginx' })).toEqual([]);
  });

  it('keeps only fingerprint headers, cut to 256 characters', async () => {
    const { keepFingerprintHeaders } = await import('../../src/core/fingerprints.ts');
    const kept = keepFingerprintHeaders([
      { name: 'Server', value: 'x'.repeat(5_000) },
      { name: 'Set-Cookie', value: 'session=secret' },
      { name: 'CF-Ray', value: '8e1f-CDG' },
    ]);
    expect(kept).toEqual({ server: 'x'.repeat(256), 'cf-ray': '8e1f-CDG' });
    expect(keepFingerprintHeaders([{ name: 'content-type', value: 'text/html' }])).toBeUndefined();
  });

  it('reads every copy of a repeated header, whatever the case of its name: a second cache\'s copy does not hide CloudFront', async () => {
    const { keepFingerprintHeaders } = await import('../../src/core/fingerprints.ts');
    // webRequest gives each header line apart: an OVHcloud cache in front of CloudFront adds its own x-cache and via.
    const kept = keepFingerprintHeaders([
      { name: 'X-Cache', value: 'Hit from cloudfront' },
      { name: 'x-cache', value: 'MISS' },
      { name: 'Via', value: '1.1 1f2e.cloudfront.net (CloudFront)' },
      { name: 'VIA', value: '1.1 varnish' },
      { name: 'via', value: '1.1 varnish' },
      ...Array.from({ length: 20 }, (_, i) => ({ name: 'Server', value: `copy-${i}` })),
    ])!;
    expect(matchHeaders(kept).map((m) => [m.rule.id, m.subject])).toEqual([
      ['aws:via', 'via: 1.1 1f2e.cloudfront.net (CloudFront)'],
      ['aws:x-cache', 'x-cache: Hit from cloudfront'],
    ]);
    // Bounded: a response repeating a header keeps a few copies, each cut, and the same value once.
    expect(kept['via']!.split('\n')).toEqual(['1.1 1f2e.cloudfront.net (CloudFront)', '1.1 varnish']);
    expect(kept['server']!.split('\n').length).toBeLessThanOrEqual(8);
    // Firefox and Node join a repeated header with ", ": each element is read too.
    expect(ids({ via: '1.1 vegur, 1.1 varnish', 'x-cache': 'Hit from cloudfront, MISS' }).sort()).toEqual(['aws/cdn', 'heroku/origin']);
    expect(ids({ server: 'nginx, cloudflare' })).toEqual(['cloudflare/cdn']);
    // One match per rule even when several copies match it.
    expect(matchHeaders(keepFingerprintHeaders([{ name: 'server', value: 'awselb/2.0' }, { name: 'server', value: 'awselb/1.0' }])!).filter((m) => m.rule.id === 'aws:server~2')).toHaveLength(1);
  });
});
