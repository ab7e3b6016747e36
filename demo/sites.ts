/**
 * The demo sites: local pages on loopback, under `.test` names, each mapped by a demo rule to a real provider so
 * that every verdict level shows offline. Used by `npm start` and by the end-to-end tests.
 */
import type { ProviderRule } from '../src/core/types.ts';

export interface DemoSite {
  host: string;
  /** The provider a demo rule maps this host to (null: no rule, the verdict stays unknown). */
  providerId: string | null;
  /** Health page or not, as a person would judge it. */
  health: boolean;
  /** Extra response headers (to show CDN fingerprinting). */
  headers?: Record<string, string>;
  /** Paths that serve the site's page with other extra headers (an origin named behind the network in front); a list is a header sent repeated. */
  pathHeaders?: Record<string, Record<string, string | string[]>>;
  /** What the user should see, for people trying the demo. */
  expect: string;
}

export const DEMO_SITES: DemoSite[] = [
  { host: 'clinique-demo.test', providerId: 'microsoft', health: true, expect: 'health site on an extra-EU provider: red badge, page badge' },
  {
    host: 'mutuelle-demo.test',
    providerId: 'ovhcloud',
    health: true,
    pathHeaders: { '/documents': { server: 'AmazonS3', 'x-amz-request-id': 'DEMO0123456789AB' } },
    expect: 'health insurer on a SecNumCloud-qualified provider (offer unverifiable); /documents answers with Amazon S3 headers: extra-EU origin named behind it',
  },
  {
    host: 'labo-demo.test',
    providerId: 'scaleway',
    health: true,
    pathHeaders: { '/resultats': { 'x-cache': ['Hit from cloudfront', 'MISS'], via: ['1.1 e2e1.cloudfront.net (CloudFront)', '1.1 varnish'] } },
    expect: 'laboratory on an EU provider without SecNumCloud; /resultats answers through CloudFront and a second cache repeating its headers: extra-EU origin named behind it',
  },
  { host: 'boutique-demo.test', providerId: 'aws', health: false, expect: 'non-health shop: discreet badge, no page badge' },
  { host: 'cdn-sante-demo.test', providerId: null, health: true, headers: { server: 'cloudflare', 'cf-ray': '8c1f2a3b4c5d6e7f-CDG', 'cf-cache-status': 'HIT' }, expect: 'health page behind a CDN, identified by its headers' },
  { host: 'inconnu-sante-demo.test', providerId: null, health: true, expect: 'health page on an unknown host (loopback, no rule)' },
  { host: 'rdv-demo.test', providerId: 'microsoft', health: true, expect: 'booking page reached through a redirect' },
  { host: 'mesure-demo.test', providerId: 'google', health: false, expect: 'third party that receives a form POST' },
  { host: 'hostile-demo.test', providerId: 'microsoft', health: true, expect: 'a health page that fights the badge' },
];

/** The demo rules (host suffix -> provider), as a user would type them in the options page. */
export const DEMO_RULES: ProviderRule[] = DEMO_SITES.filter((s) => s.providerId).map((s) => ({ match: s.host, providerId: s.providerId!, origin: 'demo' }));
