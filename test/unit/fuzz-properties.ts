/**
 * Robustness properties over everything that reads input Vigie does not control: addresses and the routing table,
 * response headers, user and managed rules, page signals, and runtime messages. Shared by the quick run in
 * `npm test` (fuzz.property.test.ts) and the long run in `npm run bench -- fuzz`. Each property fails by throwing.
 */
import fc from 'fast-check';
import { compileAsnTable } from '../../scripts/build-asn-table.ts';
import { AsnTable } from '../../src/core/asn-table.ts';
import { formatIp, ipScope, parseCidr, parseIp, type ParsedIp } from '../../src/core/ip.ts';
import { matchCnames, matchHeaders } from '../../src/core/fingerprints.ts';
import { compileRules, matchRule } from '../../src/core/rules.ts';
import { identifyHost } from '../../src/core/identify.ts';
import { classifyHealth } from '../../src/core/health.ts';
import { LEVELS, type PageSignals, type ProviderRule } from '../../src/core/types.ts';
import { PROVIDERS, FINGERPRINT_RULES } from '../../src/core/catalog.ts';
import { isPageSignals, parseBackgroundMessage, parseContentMessage, parseEvidenceMessage, parseUiMessage } from '../../src/shared/messages.ts';
import { renderPlainEnglish } from '../../src/shared/evidence-text.ts';
import { LOAD_ERROR_REASONS, loadErrorOf, MAX_ERROR_CODE_CHARS } from '../../src/core/load-error.ts';

/** A named property, built on demand (some need a table compiled first). */
export interface FuzzFamily {
  name: string;
  property(): fc.IPropertyWithHooks<never> | fc.IProperty<never>;
}

function check(condition: boolean, what: string, input?: unknown): void {
  if (!condition) throw new Error(`${what}${input === undefined ? '' : `: ${JSON.stringify(input, (_k, v) => (typeof v === 'bigint' ? String(v) : v))?.slice(0, 300)}`}`);
}

const uint32 = fc.integer({ min: 0, max: 0xffffffff });
/** Strings a hostile or broken source might send: any code unit, unicode, very long, or address-like. */
const anyText = fc.oneof(
  fc.string({ maxLength: 64 }),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 32 }),
  fc.constantFrom('', ' ', '\u0000', '::', '.', '*', '..', '[::1]', '0x7f.1', '1.2.3.4/33', 'xn--', 'é.example', '\uFFFD', '\uD800'),
  fc.array(fc.constantFrom(...'0123456789abcdefABCDEF:.%[]/ *-x'.split('')), { maxLength: 48 }).map((c) => c.join('')),
);
/** Mostly short text, sometimes a very long repeated one (a 2 MB page's worth of title or text, bounded for speed). */
const hugeText = fc.oneof(
  { weight: 19, arbitrary: anyText },
  { weight: 1, arbitrary: fc.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }), fc.integer({ min: 1_000, max: 100_000 })).map(([s, n]) => s.repeat(Math.ceil(n / s.length))) },
);

// ------------------------------------------------------------------ IP parser and routing table

/** Sorted, non-overlapping IPv4 ranges with an AS each, as a routing CSV; the reference lookup is a linear scan. */
const v4Ranges = fc
  .uniqueArray(uint32, { minLength: 2, maxLength: 40 })
  .map((points) => points.sort((a, b) => a - b))
  .chain((points) =>
    fc.tuple(fc.constant(points), fc.array(fc.integer({ min: 1, max: 4_000_000 }), { minLength: points.length, maxLength: points.length })),
  )
  .map(([points, asns]) => {
    const ranges: { start: number; end: number; asn: number }[] = [];
    for (let i = 0; i + 1 < points.length; i += 2) ranges.push({ start: points[i]!, end: points[i + 1]!, asn: asns[i]! });
    return ranges;
  });

/** Random routing tables compiled for the table family. */
const TABLES = 40;

const META = { source: 'fuzz', dataDate: '2026-01-01', licence: 'test', bridgeGap: 0 };

function referenceAsn(ranges: { start: number; end: number; asn: number }[], v4: number): number | null {
  if (ipScope({ version: 4, v4 }) !== 'public') return null;
  return ranges.find((r) => r.start <= v4 && v4 <= r.end)?.asn ?? null;
}

const arbV4: fc.Arbitrary<ParsedIp> = uint32.map((v4) => ({ version: 4, v4 }));
const arbV6: fc.Arbitrary<ParsedIp> = fc.tuple(uint32, uint32, uint32, uint32).map((words) => ({ version: 6, words }));

export const FAMILIES: FuzzFamily[] = [
  {
    name: 'ip parser + routing table (random tables vs a linear scan)',
    property: () => {
      // Compiling a table takes milliseconds: compile a few random tables once, then probe them at random.
      const tables = fc.sample(v4Ranges, { numRuns: TABLES, seed: 7 }).map((ranges) => {
        const csv = ranges.map((r) => `${r.start},${r.end},${r.asn},AS${r.asn}`).join('\n');
        const table = AsnTable.fromBuffer(compileAsnTable(csv, '2a01:4f8::,2a01:4f8:ffff:ffff:ffff:ffff:ffff:ffff,24940,H', META).bytes);
        return { ranges, table };
      });
      const edges = tables.map(({ ranges }) => ranges.flatMap((r) => [r.start, r.end, (r.start - 1) >>> 0, (r.end + 1) >>> 0]));
      // Probe range edges (where off-by-one errors live) as often as random points.
      const probe = fc.integer({ min: 0, max: TABLES - 1 }).chain((i) =>
        fc.tuple(fc.constant(i), fc.oneof(uint32, edges[i]!.length ? fc.constantFrom(...edges[i]!) : uint32)),
      );
      return fc.property(probe, ([i, v4]) => {
        const { ranges, table } = tables[i]!;
        const expected = referenceAsn(ranges, v4);
        const text = formatIp({ version: 4, v4 });
        check((table.lookup(text)?.asn ?? null) === expected, `lookup(${text}) differs from the reference`, { ranges, expected });
        check((table.lookup({ version: 4, v4 })?.asn ?? null) === expected, `lookup of parsed ${text} differs`);
      }) as never;
    },
  },
  {
    name: 'ip parser + lookup on random text and addresses (never throws, well-formed)',
    property: () => {
      const table = AsnTable.fromBuffer(compileAsnTable('16777216,16777471,13335,Cloudflare\n', '2a01:4f8::,2a01:4f8::ffff,24940,Hetzner\n', META).bytes);
      return fc.property(fc.oneof(anyText, arbV4.map(formatIp), arbV6.map(formatIp)), (text) => {
        const ip = parseIp(text);
        if (ip !== null) {
          check(ip.version === 4 ? Number.isInteger(ip.v4) && ip.v4 >= 0 && ip.v4 <= 0xffffffff : ip.words.length === 4, 'malformed ParsedIp', text);
          check(JSON.stringify(parseIp(formatIp(ip))) === JSON.stringify(ip), 'no round trip', text);
        }
        const info = table.lookup(text);
        check(info === null || (Number.isInteger(info.asn) && info.asn > 0 && typeof info.name === 'string'), 'malformed AsnInfo', text);
        check(ip !== null || info === null, 'an unparsable text found an AS', text);
        parseCidr(text);
      }) as never;
    },
  },
  // ---------------------------------------------------------------- response headers and CNAMEs
  {
    name: 'header fingerprints (random header maps, real header names)',
    property: () => {
      const realNames = [...new Set(FINGERPRINT_RULES.map((r) => r.header).filter((h): h is string => h !== undefined))];
      const name = fc.oneof(fc.constantFrom(...realNames, 'server', 'via', '__proto__', 'constructor', 'toString'), anyText);
      const headers = fc.oneof(fc.dictionary(name, hugeText, { maxKeys: 12 }), fc.constant(undefined), fc.constant({}));
      return fc.property(headers, fc.array(anyText, { maxLength: 4 }), (map, cnames) => {
        const matches = [...matchHeaders(map as Record<string, string> | undefined), ...matchCnames(cnames, 'www.example.org')];
        for (const m of matches) {
          check(typeof m.providerId === 'string' && m.providerId.length > 0, 'match without provider', map);
          check(m.role === 'cdn' || m.role === 'origin', 'unknown role', m.role);
          check(typeof m.subject === 'string' && m.subject.length <= 200, 'subject unbounded (a response header could flood the report)', m.subject.length);
          check(parseEvidenceMessage(JSON.parse(JSON.stringify(m.message))) !== null, 'a message the popup would refuse', m.message);
        }
      }) as never;
    },
  },
  // ---------------------------------------------------------------- rules
  {
    name: 'rules (random match strings and provider ids) and identifyHost on random observations',
    property: () => {
      const providerIds = PROVIDERS.map((p) => p.id);
      const rule: fc.Arbitrary<ProviderRule> = fc.record({
        match: fc.oneof(anyText, arbV4.map(formatIp), fc.tuple(arbV6.map(formatIp), fc.integer({ min: -1, max: 129 })).map(([ip, n]) => `${ip}/${n}`)),
        providerId: fc.oneof(fc.constantFrom(...providerIds), anyText),
        origin: fc.constantFrom('user', 'managed', 'demo', 'other' as never),
      });
      const junkRule = fc.oneof(rule, fc.anything() as fc.Arbitrary<never>);
      const observation = fc.record({
        host: fc.oneof(anyText, fc.constantFrom('www.ameli.fr', 'clinique.example', '127.0.0.1', '[::1]')),
        ip: fc.oneof(fc.constant(null), anyText, arbV4.map(formatIp), arbV6.map(formatIp)),
        fromCache: fc.boolean(),
        headers: fc.option(fc.dictionary(anyText, anyText, { maxKeys: 4 }), { nil: undefined }),
        cnames: fc.option(fc.array(anyText, { maxLength: 3 }), { nil: undefined }),
        viaProxy: fc.option(fc.boolean(), { nil: undefined }),
      });
      return fc.property(fc.array(junkRule, { maxLength: 8 }), observation, (rules, obs) => {
        const { rules: compiled, errors } = compileRules(rules);
        const objects = rules.filter((r) => typeof r === 'object' && r !== null).length;
        check(compiled.hosts.length + compiled.cidrs.length + errors.length === objects, 'a rule was neither compiled nor reported', rules);
        for (const e of errors) check(typeof e.message === 'string' && e.message.length > 0, 'an error without a message', e);
        const match = matchRule(compiled, obs.host, obs.ip);
        check(match === null || typeof match.provider.id === 'string', 'malformed rule match', match);
        const verdict = identifyHost(obs as never, { lookupAsn: () => null, routingData: null, rules: compiled }, new Date('2026-06-01'));
        check(LEVELS.includes(verdict.level), 'unknown level', verdict.level);
        check(['origin', 'cdn', 'unknown'].includes(verdict.role) && ['high', 'medium', 'low'].includes(verdict.confidence), 'unknown role or confidence', verdict);
        check(verdict.evidence.every((e) => typeof e.subject === 'string'), 'malformed evidence', verdict.evidence);
        // Whatever the input, a clue's message crosses to the popup intact and the CLI can say it in English.
        for (const e of verdict.evidence) {
          check(JSON.stringify(parseEvidenceMessage(JSON.parse(JSON.stringify(e.message)))) === JSON.stringify(e.message), 'a message the popup would refuse or change', e);
          check(renderPlainEnglish(e.message).length > 0 && !renderPlainEnglish(e.message).startsWith('evidence_'), 'a message without English', e);
        }
        check(JSON.stringify(verdict) !== undefined, 'verdict not serialisable for storage.session');
      }) as never;
    },
  },
  // ---------------------------------------------------------------- health
  {
    name: 'health scorer (random page signals, huge and unicode strings, overrides)',
    property: () => {
      const words = fc.constantFrom('médecin', 'santé', 'rendez-vous', 'consultation', 'vétérinaire', 'hôpital', 'doctor', 'ÉCOLE', 'ﬁ', 'İ', '\u0301', '🩺');
      const text = fc.oneof(hugeText, fc.array(words, { maxLength: 50 }).map((w) => w.join(' ')));
      const signals: fc.Arbitrary<PageSignals> = fc.record({
        url: fc.oneof(anyText, fc.webUrl(), fc.constantFrom('https://www.ameli.fr/assure', 'https://www.doctolib.fr/', 'http://[::1]:8/%E0%A4%A', 'https://xn--80ak6aa92e.com/')),
        lang: anyText,
        title: text,
        description: text,
        keywords: text,
        ogType: anyText,
        ogSiteName: anyText,
        headings: fc.array(text, { maxLength: 10 }),
        schemaTypes: fc.array(fc.oneof(anyText, fc.constantFrom('MedicalClinic', 'Hospital', 'Product', '__proto__')), { maxLength: 6 }),
        text,
      });
      const overrides = fc.option(fc.dictionary(anyText, fc.constantFrom('health' as const, 'not-health' as const), { maxKeys: 3 }), { nil: undefined });
      return fc.property(signals, overrides, (s, o) => {
        const verdict = classifyHealth(s, o ? { overrides: o } : {});
        check(typeof verdict.health === 'boolean', 'health not a boolean', s);
        check(Number.isFinite(verdict.score), 'score not finite', s);
        check(Array.isArray(verdict.reasons) && verdict.reasons.every((r) => typeof r === 'string' && r.length < 2_000), 'reasons not short strings', verdict.reasons);
        check(verdict.override === undefined || verdict.override === (verdict.health ? 'health' : 'not-health'), 'override and verdict disagree', verdict);
      }) as never;
    },
  },
  // ---------------------------------------------------------------- messages
  {
    name: 'message validators (random JSON values and near-valid messages)',
    property: () => {
      const nearValid = fc.oneof(
        fc.record({ type: fc.constantFrom('get-report', 'get-stats', 'set-site-override', 'page-signals', 'dismiss-badge', 'badge', '__proto__'), tabId: fc.oneof(fc.integer(), fc.double(), anyText), value: fc.jsonValue() }, { requiredKeys: ['type'] }),
        fc.record({ type: fc.constant('page-signals'), signals: fc.dictionary(fc.constantFrom('url', 'lang', 'title', 'description', 'keywords', 'ogType', 'ogSiteName', 'headings', 'schemaTypes', 'text'), fc.oneof(hugeText, fc.array(anyText, { maxLength: 40 }))) }),
        fc.record({ type: fc.constant('badge'), badge: fc.record({ show: fc.oneof(fc.boolean(), anyText), level: fc.oneof(fc.constantFrom(...LEVELS), anyText), text: hugeText, detail: anyText, closeLabel: anyText }, { requiredKeys: [] }) }),
      );
      const value = fc.oneof(fc.jsonValue(), nearValid, fc.anything({ withObjectString: true, withNullPrototype: true }));
      return fc.property(value, (raw) => {
        const ui = parseUiMessage(raw);
        check(ui === null || JSON.stringify(parseUiMessage(JSON.parse(JSON.stringify(ui)))) === JSON.stringify(ui), 'an accepted UI message does not validate again', raw);
        check(ui === null || ['get-report', 'get-stats', 'set-site-override', 'get-page-badge', 'show-page-badge-again'].includes(ui.type), 'unknown UI type accepted', ui);
        const content = parseContentMessage(raw);
        check(content === null || content.type === 'dismiss-badge' || isPageSignals(content.signals), 'accepted signals are not valid signals', raw);
        check(content === null || JSON.stringify(content).length < 64_000, 'an accepted content message is not bounded', JSON.stringify(content).length);
        const background = parseBackgroundMessage(raw);
        check(background === null || background.type === 'report-again' || (LEVELS.includes(background.badge.level) && typeof background.badge.show === 'boolean'), 'malformed badge accepted', raw);
      }) as never;
    },
  },
  // ---------------------------------------------------------------- failed navigations
  {
    name: 'browser error strings of a failed navigation (any value: a known reason, a bounded one-line code)',
    property: () => {
      const code = fc.oneof(hugeText, fc.constantFrom('net::ERR_CONNECTION_REFUSED', 'NS_BINDING_ABORTED', 'net::ERR_CERT_', '__proto__', 'constructor'), fc.anything({ withObjectString: true, withNullPrototype: true }));
      return fc.property(code, (raw) => {
        const error = loadErrorOf(raw);
        if (error === null) return;
        check(LOAD_ERROR_REASONS.includes(error.reason), 'unknown reason', raw);
        check(typeof error.code === 'string' && error.code.length <= MAX_ERROR_CODE_CHARS && !/[\u0000-\u001f\u2028\u2029\u202a-\u202e]/.test(error.code), 'code not bounded to one safe line', error.code);
        check(error.code === error.code.trim(), 'code not trimmed', error.code);
      }) as never;
    },
  },
];
