/**
 * Every clue's message, as identify.ts and traffic.ts make it, rendered in both languages: in the CLI's plain English
 * it is, byte for byte, the sentence the CLI printed when each clue still carried its own English text (saved in
 * test/fixtures/cli/evidence-english.json); in French it is French, with nothing left unrendered; each locale's
 * message takes exactly the parameters the table declares. Then the surfaces (HTML report, Markdown, popup) and the
 * validation of a message that crossed a boundary.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { networkRoleOf } from '../../src/core/catalog.ts';
import { EVIDENCE_MESSAGES, netRolePhrase, phrase, type EvidenceKey, type EvidencePhrase } from '../../src/core/evidence-message.ts';
import { identifyHost, type IdentifyContext } from '../../src/core/identify.ts';
import { formatIp } from '../../src/core/ip.ts';
import { compileRules } from '../../src/core/rules.ts';
import type { AsnInfo, Evidence, HostObservation, HostVerdict, TabReport } from '../../src/core/types.ts';
import { cacheEvidence, missedEvidence, otherAnswerEvidence } from '../../src/background/observed-evidence.ts';
import { evidenceSentence, renderEvidencePhrase, renderPlainEnglish } from '../../src/shared/evidence-text.ts';
import { parseEvidenceMessage } from '../../src/shared/messages.ts';
import { reportHtml } from '../../src/popup/report-html.ts';
import { reportMarkdown } from '../../src/popup/report-markdown.ts';
import { MICROSOFT_HEALTH } from '../fixtures/ui/tab-reports.ts';
import { hostingFacts } from '../../src/popup/hosting-facts.ts';

const TODAY = new Date('2026-11-28T12:00:00Z');
const PACKAGED = { source: '@ip-location-db/asn 2.3.2026061719 (npm)', dataDate: '2026-06-17' };
const OTHER_SOURCE = { source: 'a table built elsewhere', dataDate: '2026-05-01' };

const OVH = { asn: 16276, name: 'OVH SAS' };
const AMAZON = { asn: 16509, name: 'Amazon.com, Inc.' };
const CLOUDFLARE = { asn: 13335, name: 'Cloudflare, Inc.' };
const UNLISTED = { asn: 64512, name: 'Petit Hebergeur SARL' };
const AWS_LIST = { providerId: 'aws', list: 'aws', listDate: '2026-08-22' };

const ROUTES: Record<string, AsnInfo> = {
  '51.91.1.1': OVH,
  '2001:41d0:301::21': OVH,
  '2001:41d0:301::22': { ...OVH, announced: { source: 'ris-whois-ipv6', date: '2026-12-01' } },
  '13.36.1.1': AMAZON,
  '104.16.1.1': CLOUDFLARE,
  '203.0.114.9': UNLISTED,
  '2600:1f18::1': { ...AMAZON, published: { ...AWS_LIST, region: 'us-east-1', service: 'EC2' } },
  '2600:1f18::2': { ...AMAZON, published: AWS_LIST },
  '2600:1f18::3': { asn: 0, name: '', published: AWS_LIST },
  '2600:1f18::4': { ...AMAZON, published: AWS_LIST, announced: { source: 'ris-whois-ipv6', date: '2026-12-01' } },
  '3.5.1.1': { ...AMAZON, published: AWS_LIST },
  '51.195.3.10': { ...OVH, registration: { country: 'US', providerId: 'ovh-us', announcedBy: 'ovhcloud' } },
  '51.195.3.11': { ...OVH, registration: { country: 'GB', announcedBy: 'ovhcloud' } },
  // An access, a corporate, a payment and a transit network (data/providers.json roles).
  '90.0.0.1': { asn: 3215, name: 'Orange' },
  '90.0.0.2': { asn: 2278, name: 'corporate' },
  '90.0.0.3': { asn: 3347, name: 'payment' },
  '90.0.0.4': { asn: 4134, name: 'transit' },
};

/** The same miniature table under three kinds of routing data: packaged, of unknown make-up, and none said. */
function contexts(rules?: IdentifyContext['rules']): IdentifyContext[] {
  const lookupAsn: IdentifyContext['lookupAsn'] = (ip) => ROUTES[formatIp(ip)] ?? null;
  return [PACKAGED, OTHER_SOURCE, null].map((routingData) => ({ lookupAsn, routingData, rules }));
}

const OBSERVATIONS: HostObservation[] = [
  { host: 'a.example', ip: 'not-an-address' },
  // Quotes of the page's own are shown as they came, typographic or not.
  { host: 'a.example', ip: 'l’“adresse”' },
  { host: 'a.example', ip: '51.91.1.1', viaProxy: true },
  { host: 'a.example', ip: null, viaProxy: true },
  { host: 'a.example', ip: null, fromCache: true },
  { host: 'a.example', ip: null },
  ...['10.0.0.1', '127.0.0.1', '169.254.1.1', '100.64.0.1', '192.0.2.1', '224.0.0.1', '0.0.0.0', '240.0.0.1'].map((ip) => ({ host: 'a.example', ip })),
  { host: 'a.example', ip: '45.12.0.1' },
  ...Object.keys(ROUTES).map((ip) => ({ host: 'a.example', ip })),
  { host: 'a.example', ip: '51.91.1.1', headers: { server: 'CDN77-Turbo' } },
  { host: 'a.example', ip: '51.91.1.1', cnames: ['x.azurefd.net'] },
  { host: 'a.example', ip: '203.0.114.9', headers: { 'cf-ray': '8e1f2a3b4c5d6e7f-CDG' } },
  { host: 'a.example', ip: '51.91.1.1', headers: { server: 'Apache/2.4.62 () (Amazon)' } },
  { host: 'a.example', ip: '51.91.1.1', headers: { server: 'AmazonS3', 'x-amz-request-id': 'TX1' } },
  { host: 'a.example', ip: '104.16.1.1', headers: { 'cf-ray': '8e1f2a3b4c5d6e7f-CDG', server: 'cloudflare' } },
  { host: 'app.example', ip: '13.36.1.1', headers: { 'x-vercel-id': 'cdg1::abc', server: 'Vercel' } },
  { host: 'rdv.example', ip: '13.36.1.1', cnames: ['rdv-clinique.osc-fr1.scalingo.io'] },
  { host: 'site.azurewebsites.net', ip: null, fromCache: true },
  { host: 'www.doctolib.fr', ip: '13.36.1.1', headers: { 'x-amz-cf-id': 'Zq0==' }, cnames: ['d1234.cloudfront.net'] },
];

const RULES = compileRules([
  { match: 'managed.example', providerId: 'ovhcloud', origin: 'managed' },
  { match: 'user.example', providerId: 'scaleway', origin: 'user' },
  { match: 'demo.example', providerId: 'ovhcloud-bare-metal-pod', origin: 'demo' },
]).rules;
const RULED: HostObservation[] = ['managed.example', 'user.example', 'demo.example'].map((host) => ({ host, ip: '104.16.1.1', headers: { 'cf-ray': 'abc' } }));

function verdicts(): HostVerdict[] {
  return [
    ...contexts().flatMap((ctx) => OBSERVATIONS.map((obs) => identifyHost(obs, ctx, TODAY))),
    ...contexts(RULES).flatMap((ctx) => RULED.map((obs) => identifyHost(obs, ctx, TODAY))),
  ];
}

/** Every clue the core and the observer make for the observations above. */
function allEvidence(): Evidence[] {
  const found = verdicts().flatMap((v) => v.evidence);
  const ovh = identifyHost({ host: 'a.example', ip: '51.91.1.1' }, contexts()[0]!, TODAY);
  const nobody = identifyHost({ host: 'a.example', ip: '45.12.0.1' }, contexts()[0]!, TODAY);
  return [...found, cacheEvidence('51.91.1.1'), missedEvidence('cdn.example', '51.91.1.1'), missedEvidence('cdn.example', null), otherAnswerEvidence(ovh, '51.91.1.1'), otherAnswerEvidence(nobody, '45.12.0.1')];
}

function keysOf(p: EvidencePhrase, into: Set<string>): Set<string> {
  into.add(p.key);
  for (const param of p.params as readonly (string | EvidencePhrase)[]) if (typeof param !== 'string') keysOf(param, into);
  return into;
}

/**
 * Keys no observation reaches today, rendered below all the same: a revealed origin always has a provider in front, and
 * a hosting network's role (cloud, hosting, CDN) never makes an operator-network clue.
 */
const UNREACHED: EvidenceKey[] = ['evidence_says_revealed_unnamed', 'evidence_part_net_cloud', 'evidence_part_net_hosting', 'evidence_part_net_cdn'];

describe('evidence messages', () => {
  const evidence = allEvidence();

  it('the observations reach every message and phrase of the table', () => {
    expect([3215, 2278, 3347, 4134].map(networkRoleOf)).toEqual(['access', 'corporate', 'payment', 'transit']);
    const seen = new Set<string>();
    for (const e of evidence) keysOf(e.message, seen);
    const missing = Object.keys(EVIDENCE_MESSAGES).filter((key) => !seen.has(key) && !UNREACHED.includes(key as EvidenceKey));
    expect(missing).toEqual([]);
    for (const key of UNREACHED) expect(seen.has(key), key).toBe(false);
  });

  it('rendered for the CLI, every clue is the sentence the CLI printed before the locale was its source, byte for byte', () => {
    const saved = (JSON.parse(readFileSync(new URL('../fixtures/cli/evidence-english.json', import.meta.url), 'utf8')) as { sentences: string[] }).sentences;
    expect(evidence.length).toBeGreaterThan(100);
    expect(evidence.length).toBe(saved.length);
    evidence.forEach((e, i) => expect(renderPlainEnglish(e.message), `${i} ${e.message.key}`).toBe(saved[i]));
    // Straight quotes in the locale's words; a parameter's own quotes stay as the page sent them.
    expect(saved.some((sentence) => sentence.includes("'"))).toBe(true);
    expect(saved.some((sentence) => sentence.includes('"'))).toBe(true);
    expect(saved.filter((sentence) => /[\u2019\u201c\u201d]/.test(sentence)).every((sentence) => sentence.includes('l’“adresse”'))).toBe(true);
  });

  it('each locale’s message of every key takes exactly the parameters the table declares ($1 to $n, each used)', () => {
    const positional = (lang: 'fr' | 'en', key: string): number[] => {
      const entry = (JSON.parse(readFileSync(new URL(`../../_locales/${lang}/messages.json`, import.meta.url), 'utf8')) as Record<string, { message: string; placeholders?: Record<string, { content: string }> }>)[key];
      expect(entry, `${lang} ${key}`).toBeDefined();
      const expanded = entry!.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => entry!.placeholders?.[name.toLowerCase()]?.content ?? whole);
      return [...new Set([...expanded.matchAll(/\$(\d)/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
    };
    for (const [key, row] of Object.entries(EVIDENCE_MESSAGES)) {
      const declared = row.params.map((_, i) => i + 1);
      for (const lang of ['fr', 'en'] as const) expect(positional(lang, key), `${lang} ${key}`).toEqual(declared);
    }
  });

  it('rendered in French, every clue is French, with no key or placeholder left', () => {
    const unreached = [
      phrase('evidence_says_revealed_unnamed', 'server: AmazonS3', 'Amazon S3', 'Amazon Web Services (US)'),
      ...(['cloud', 'hosting', 'cdn'] as const).map((role) => phrase('evidence_says_operator_network', 'AS16509', 'Amazon Web Services (US)', netRolePhrase(role))),
    ];
    for (const message of [...evidence.map((e) => e.message), ...unreached]) {
      for (const lang of ['fr', 'en'] as const) {
        const sentence = renderEvidencePhrase(lang, message);
        expect(sentence, `${lang} ${message.key}`).not.toMatch(/\$|evidence_|undefined/);
        expect(sentence, `${lang} ${message.key}`).toMatch(/[.)]$/);
      }
      const fr = renderEvidencePhrase('fr', message);
      expect(fr, message.key).not.toBe(renderEvidencePhrase('en', message));
      expect(fr, message.key).not.toMatch(/ [:;?!»]|'|"| the | of the | is /);
    }
  });

  it('writes the data\u2019s dates in words in the reader\u2019s language, and keeps them ISO for the CLI', () => {
    const dated = evidence.filter((e) => /\d{4}-\d{2}-\d{2}/.test(renderPlainEnglish(e.message)));
    expect(dated.length).toBeGreaterThan(10);
    for (const e of dated) {
      for (const lang of ['fr', 'en'] as const) expect(renderEvidencePhrase(lang, e.message), `${lang} ${e.message.key}`).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
    const routed = evidence.find((e) => renderPlainEnglish(e.message).includes('registry delegation data of 2026-06-17'));
    expect(routed).toBeDefined();
    expect(renderEvidencePhrase('fr', routed!.message)).toContain('17 juin 2026');
    expect(renderEvidencePhrase('en', routed!.message)).toContain('17 June 2026');
    const listed = evidence.find((e) => renderPlainEnglish(e.message).includes('aws, 2026-08-22'));
    expect(listed).toBeDefined();
    expect(renderEvidencePhrase('fr', listed!.message)).toContain('22 août 2026');
  });

  it('every message made passes the validation it meets on the way to the popup', () => {
    for (const e of evidence) expect(parseEvidenceMessage(JSON.parse(JSON.stringify(e.message))), e.message.key).toEqual(e.message);
  });
});

describe('evidence messages across a boundary', () => {
  const good = phrase('evidence_says_special_ip', '10.0.0.1', phrase('evidence_part_scope_private'));

  it.each([
    ['an unknown key', { key: 'evidence_says_nothing', params: [] }],
    ['a key of the locales that is not an evidence message', { key: 'popup_title', params: [] }],
    ['an inherited property as key', { key: 'toString', params: [] }],
    ['a phrase in place of a sentence', { key: 'evidence_part_scope_private', params: [] }],
    ['too few parameters', { key: 'evidence_says_special_ip', params: ['10.0.0.1'] }],
    ['too many parameters', { key: 'evidence_says_cache', params: ['x'] }],
    ['a phrase of the wrong group', { key: 'evidence_says_special_ip', params: ['10.0.0.1', { key: 'evidence_part_net_cloud', params: [] }] }],
    ['text where a phrase goes', { key: 'evidence_says_special_ip', params: ['10.0.0.1', 'a lovely address'] }],
    ['a phrase where text goes', { key: 'evidence_says_unrouted', params: [{ key: 'evidence_part_scope_private', params: [] }] }],
    ['a number', { key: 'evidence_says_unrouted', params: [42] }],
    ['a parameter too long', { key: 'evidence_says_unrouted', params: ['x'.repeat(513)] }],
    ['params that are not a list', { key: 'evidence_says_unrouted', params: { 0: 'x', length: 1 } }],
    ['no params', { key: 'evidence_says_cache' }],
    ['a string', 'evidence_says_cache'],
    ['null', null],
  ])('refuses %s', (_what, value) => {
    expect(parseEvidenceMessage(value)).toBeNull();
  });

  it('accepts a well-formed message and copies only its fields', () => {
    const parsed = parseEvidenceMessage({ ...good, extra: '<script>', params: [...good.params] });
    expect(parsed).toEqual(good);
    expect(parsed).not.toHaveProperty('extra');
  });

  it('a hostile clue is shown without a sentence in either language, whatever English it carries, and never throws', () => {
    const hostile = { kind: 'ip', subject: '10.0.0.1', text: 'Some English.', message: { key: 'evidence_says_special_ip', params: ['10.0.0.1', { key: '__proto__', params: [] }] } } as unknown as Evidence;
    expect(evidenceSentence('fr', hostile)).toBeNull();
    expect(evidenceSentence('en', hostile)).toBeNull();
    const old = { kind: 'cache', subject: 'a.example', text: 'An older report.' } as unknown as Evidence;
    expect(evidenceSentence('fr', old)).toBeNull();
    expect(evidenceSentence('en', old)).toBeNull();
    expect(evidenceSentence('fr', { ...hostile, message: good })).toBe('L’adresse du serveur 10.0.0.1 est une adresse privée (un réseau local ou d’entreprise), et non une adresse publique d’internet\u202f: elle ne permet pas de remonter à un hébergeur.');
  });

  it('a parameter that looks like a placeholder stays as it is', () => {
    expect(renderEvidencePhrase('en', phrase('evidence_says_unrouted', '$1 $IP$'))).toBe('The routing data gives no network for $1 $IP$, and no provider’s published list covers it, so its operator is unknown.');
  });
});

describe('evidence in the reports', () => {
  const NOW = new Date('2026-11-28T12:00:00Z');
  const main = identifyHost({ host: 'www.chu-exemple.fr', ip: '51.91.1.1', headers: { server: 'AmazonS3', 'x-amz-request-id': 'TX1' } }, contexts()[0]!, TODAY);
  const report: TabReport = { ...MICROSOFT_HEALTH, host: 'www.chu-exemple.fr', url: 'https://www.chu-exemple.fr/', main };

  it('the French HTML report says each clue in French, and no English sentence', () => {
    expect(main.evidence.length).toBeGreaterThanOrEqual(3);
    const html = reportHtml(report, 'fr', NOW, '0.1.0');
    const clues = html.slice(html.indexOf('<h2>Comment Vigie'), html.indexOf('<h2>', html.indexOf('<h2>Comment Vigie') + 4));
    expect(clues).toContain('<li>');
    expect(clues).not.toContain('lang="en"');
    for (const e of main.evidence) {
      const english = renderPlainEnglish(e.message);
      expect(html).not.toContain(english.replace(/"/g, '&quot;').slice(0, 40));
      expect(html).not.toContain(english.slice(0, 40));
      expect(html).toContain(evidenceSentence('fr', e)!.slice(0, 30));
    }
    expect(html).toContain('L’adresse du serveur 51.91.1.1 appartient à AS16276 (OVH SAS), un réseau de l’opérateur');
  });

  it('the English HTML report says each clue as the CLI does', () => {
    const html = reportHtml(report, 'en', NOW, '0.1.0');
    expect(html).toContain('The server address 51.91.1.1 belongs to AS16276 (OVH SAS), a network of');
  });

  it('the Markdown export lists each clue with its sentence in the report’s language', () => {
    const fr = reportMarkdown(report, 'fr', NOW);
    const en = reportMarkdown(report, 'en', NOW);
    for (const e of main.evidence) {
      expect(fr).toContain(evidenceSentence('fr', e)!);
      expect(fr).not.toContain(renderEvidencePhrase('en', e.message));
      expect(en).toContain(evidenceSentence('en', e)!);
    }
  });
});

describe('the source of attribution names a demo rule as the demo\u2019s', () => {
  it('says "a demo rule" for the demo\u2019s rule and "a rule set by you or your organisation" for a user\u2019s or a managed one', () => {
    const [ctx] = contexts(RULES);
    const attributionOf = (host: string, lang: 'fr' | 'en') =>
      hostingFacts(identifyHost({ host, ip: '104.16.1.1', headers: { 'cf-ray': 'abc' } }, ctx!, TODAY), lang).find((fact) => fact.id === 'attribution')?.value;
    expect(attributionOf('demo.example', 'en')).toBe('a demo rule (set by the demo, not by you or your organisation)');
    expect(attributionOf('demo.example', 'fr')).toBe('une règle de démonstration (fixée par la démo, ni par vous ni par votre organisation)');
    for (const host of ['user.example', 'managed.example']) {
      expect(attributionOf(host, 'en')).toBe('a rule set by you or your organisation');
      expect(attributionOf(host, 'fr')).toBe('une règle fixée par vous ou votre organisation');
    }
  });
});
