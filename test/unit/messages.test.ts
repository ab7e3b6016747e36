/**
 * The validators every receiver runs before trusting a message: each accepts exactly the shapes Vigie sends and
 * rejects wrong types, oversize fields and hostile objects, so a compromised or confused sender cannot make the
 * background act on junk or hold unbounded data.
 */
import { describe, expect, it } from 'vitest';
import { isPageSignals, parseBackgroundMessage, parseContentMessage, parseUiMessage } from '../../src/shared/messages.ts';
import type { PageSignals } from '../../src/core/types.ts';
import { emptyPageSignals } from '../../src/core/page-signals.ts';

const signals = (change: Partial<Record<keyof PageSignals, unknown>> = {}): Record<string, unknown> => ({
  ...emptyPageSignals('https://www.clinique.example/rdv'),
  lang: 'fr',
  title: 'Clinique — prise de rendez-vous',
  headings: ['Consultations'],
  schemaTypes: ['MedicalClinic'],
  text: 'Nos médecins vous reçoivent.',
  ...change,
});
const badge = (change: Record<string, unknown> = {}) => ({
  show: true,
  level: 'extra-eu',
  text: 'Hébergé par Microsoft Azure (États-Unis)',
  detail: 'Ce site est hébergé par Microsoft Azure, soumis au droit américain.',
  closeLabel: 'Fermer',
  confirmText: 'Masquer le badge Vigie sur ce site ?',
  confirmLabel: 'Masquer',
  cancelLabel: 'Garder',
  ...change,
});
/** JSON round trip: what actually crosses runtime.sendMessage, including an own "__proto__" key. */
const wire = (json: string): unknown => JSON.parse(json);

/** Values of every JSON-ish type that are never a message. */
const NOT_OBJECTS: unknown[] = [undefined, null, 0, -1, NaN, Infinity, '', 'get-stats', true, false, [], [{ type: 'get-stats' }], () => 1, Symbol('x'), 10n];

describe('parseUiMessage (extension pages -> background)', () => {
  it('accepts each valid message and returns only its known fields', () => {
    expect(parseUiMessage({ type: 'get-report', tabId: 12 })).toEqual({ type: 'get-report', tabId: 12 });
    expect(parseUiMessage({ type: 'get-stats' })).toEqual({ type: 'get-stats' });
    for (const value of ['health', 'not-health', null] as const) {
      expect(parseUiMessage({ type: 'set-site-override', tabId: 0, value })).toEqual({ type: 'set-site-override', tabId: 0, value });
    }
    expect(parseUiMessage({ type: 'get-report', tabId: 3, extra: 'x'.repeat(100_000) })).toEqual({ type: 'get-report', tabId: 3 });
  });

  it.each(NOT_OBJECTS)('rejects a non-object (%s)', (value) => {
    expect(parseUiMessage(value)).toBeNull();
  });

  it.each<[string, unknown]>([
    ['unknown type', { type: 'delete-everything' }],
    ['type with another case', { type: 'GET-STATS' }],
    ['type not a string', { type: ['get-stats'] }],
    ['missing tabId', { type: 'get-report' }],
    ['tabId as a string', { type: 'get-report', tabId: '12' }],
    ['negative tabId', { type: 'get-report', tabId: -1 }],
    ['fractional tabId', { type: 'get-report', tabId: 1.5 }],
    ['NaN tabId', { type: 'get-report', tabId: NaN }],
    ['infinite tabId', { type: 'get-report', tabId: Infinity }],
    ['override value not in the list', { type: 'set-site-override', tabId: 1, value: 'maybe' }],
    ['override value missing', { type: 'set-site-override', tabId: 1 }],
    ['override value true', { type: 'set-site-override', tabId: 1, value: true }],
  ])('rejects a malformed message: %s', (_what, value) => {
    expect(parseUiMessage(value)).toBeNull();
  });

  it('ignores prototype-pollution shaped objects and never touches Object.prototype', () => {
    expect(parseUiMessage(wire('{"__proto__":{"type":"get-stats"}}'))).toBeNull();
    expect(parseUiMessage(wire('{"constructor":{"prototype":{"type":"get-stats"}}}'))).toBeNull();
    const parsed = parseUiMessage(wire('{"type":"get-report","tabId":4,"__proto__":{"polluted":true}}'));
    expect(parsed).toEqual({ type: 'get-report', tabId: 4 });
    expect(Object.keys(parsed!)).toEqual(['type', 'tabId']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseContentMessage (content script -> background)', () => {
  it('rejects page signals that do not say why they were sent', () => {
    expect(parseContentMessage({ type: 'page-signals', signals: signals() })).toBeNull();
    expect(parseContentMessage({ type: 'page-signals', navigation: 'reload', signals: signals() })).toBeNull();
  });

  it('accepts page signals and a bare dismiss', () => {
    expect(parseContentMessage({ type: 'page-signals', navigation: 'load', signals: signals() })).toEqual({ type: 'page-signals', navigation: 'load', signals: signals() });
    expect(parseContentMessage({ type: 'dismiss-badge' })).toEqual({ type: 'dismiss-badge' });
  });

  it('keeps a bounded list of loaded hosts and types, and nothing else from it', () => {
    const loaded = [{ host: 'mesure.example.net', type: 'image', url: 'https://mesure.example.net/p?id=1' }];
    expect(parseContentMessage({ type: 'page-signals', navigation: 'load', signals: signals(), loaded })).toMatchObject({ loaded: [{ host: 'mesure.example.net', type: 'image' }] });
    expect(JSON.stringify(parseContentMessage({ type: 'page-signals', navigation: 'load', signals: signals(), loaded }))).not.toContain('id=1');
    const flood = Array.from({ length: 257 }, (_, i) => ({ host: `h${i}.example.net`, type: 'image' }));
    expect(parseContentMessage({ type: 'page-signals', navigation: 'load', signals: signals(), loaded: flood })).toBeNull();
    expect(parseContentMessage({ type: 'page-signals', navigation: 'load', signals: signals(), loaded: [{ host: 'x'.repeat(254), type: 'image' }] })).toBeNull();
    expect(parseContentMessage({ type: 'page-signals', navigation: 'load', signals: signals(), loaded: [{ host: '', type: 'image' }] })).toBeNull();
  });

  it('accepts what the content script itself produces from the emptiest page', () => {
    expect(parseContentMessage({ type: 'page-signals', navigation: 'load', signals: emptyPageSignals('http://a.test/') })).not.toBeNull();
  });

  it.each(NOT_OBJECTS)('rejects a non-object (%s)', (value) => {
    expect(parseContentMessage(value)).toBeNull();
  });

  it.each<[string, unknown]>([
    ['no signals', { type: 'page-signals' }],
    ['signals null', { type: 'page-signals', navigation: 'load', signals: null }],
    ['signals an array', { type: 'page-signals', navigation: 'load', signals: [] }],
    ['a missing field', { type: 'page-signals', navigation: 'load', signals: (({ title: _t, ...rest }) => rest)(signals()) }],
    ['title a number', { type: 'page-signals', navigation: 'load', signals: signals({ title: 42 }) }],
    ['headings a string', { type: 'page-signals', navigation: 'load', signals: signals({ headings: 'Consultations' }) }],
    ['a heading not a string', { type: 'page-signals', navigation: 'load', signals: signals({ headings: [{ toString: 'x' }] }) }],
    ['schema types with null', { type: 'page-signals', navigation: 'load', signals: signals({ schemaTypes: [null] }) }],
    ['dismiss with a payload', { type: 'dismiss-badge', site: 'other.example' }],
    ['a UI message from a page', { type: 'get-stats' }],
    ['a UI message from a page, with a tab', { type: 'get-report', tabId: 1 }],
  ])('rejects a malformed message: %s', (_what, value) => {
    expect(parseContentMessage(value)).toBeNull();
  });

  it.each<[keyof PageSignals, unknown]>([
    ['url', 'https://a.example/?' + 'q'.repeat(5_000)],
    ['lang', 'fr'.repeat(40)],
    ['title', 't'.repeat(1_025)],
    ['description', 'd'.repeat(2_049)],
    ['keywords', 'k'.repeat(2_049)],
    ['ogType', 'o'.repeat(257)],
    ['ogSiteName', 's'.repeat(257)],
    ['text', 'x'.repeat(8_193)],
    ['headings', Array.from({ length: 33 }, () => 'h')],
    ['headings', ['h'.repeat(513)]],
    ['schemaTypes', Array.from({ length: 33 }, () => 'MedicalClinic')],
    ['text', 'x'.repeat(10_000_000)],
  ])('rejects an oversize %s, so a page cannot flood the worker', (field, value) => {
    expect(isPageSignals(signals({ [field]: value }))).toBe(false);
    expect(parseContentMessage({ type: 'page-signals', navigation: 'load', signals: signals({ [field]: value }) })).toBeNull();
  });

  it('accepts every field at its exact bound', () => {
    const atBound = signals({
      url: 'u'.repeat(4_096), lang: 'l'.repeat(64), title: 't'.repeat(1_024), description: 'd'.repeat(2_048), keywords: 'k'.repeat(2_048),
      ogType: 'o'.repeat(256), ogSiteName: 's'.repeat(256), text: 'x'.repeat(8_192),
      headings: Array.from({ length: 32 }, () => 'h'.repeat(512)), schemaTypes: Array.from({ length: 32 }, () => 'T'),
    });
    expect(isPageSignals(atBound)).toBe(true);
  });

  // The background keeps the last signals of every tab in memory: a renderer that adds a huge extra field must not
  // get it held there. Fails today: parseContentMessage returns the received signals object as is (see report).
  it('keeps no extra field of the signals (the background holds the last signals of every tab)', () => {
    const parsed = parseContentMessage({ type: 'page-signals', navigation: 'load', signals: { ...signals(), junk: 'x'.repeat(1_000_000) } });
    expect(parsed).not.toBeNull();
    expect(Object.keys(parsed!.type === 'page-signals' ? parsed!.signals : {}).sort()).toEqual(Object.keys(signals()).sort());
  });

  it('ignores prototype-pollution shaped objects', () => {
    expect(parseContentMessage(wire('{"__proto__":{"type":"dismiss-badge"}}'))).toBeNull();
    expect(parseContentMessage(wire('{"type":"dismiss-badge","__proto__":{"x":1}}'))).toBeNull();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('parseBackgroundMessage (background -> content script)', () => {
  it('accepts a badge and returns only its known fields', () => {
    expect(parseBackgroundMessage({ type: 'badge', badge: { ...badge(), onclick: 'alert(1)' } })).toEqual({ type: 'badge', badge: badge() });
  });

  it.each(NOT_OBJECTS)('rejects a non-object (%s)', (value) => {
    expect(parseBackgroundMessage(value)).toBeNull();
  });

  it.each<[string, unknown]>([
    ['wrong type', { type: 'badges', badge: badge() }],
    ['no badge', { type: 'badge' }],
    ['show as a string', { type: 'badge', badge: badge({ show: 'true' }) }],
    ['unknown level', { type: 'badge', badge: badge({ level: 'safe' }) }],
    ['level from the prototype', { type: 'badge', badge: badge({ level: '__proto__' }) }],
    ['text not a string', { type: 'badge', badge: badge({ text: ['a'] }) }],
    ['oversize text', { type: 'badge', badge: badge({ text: 'x'.repeat(257) }) }],
    ['oversize detail', { type: 'badge', badge: badge({ detail: 'x'.repeat(1_025) }) }],
    ['oversize close label', { type: 'badge', badge: badge({ closeLabel: 'x'.repeat(65) }) }],
    ['no confirmation question', { type: 'badge', badge: badge({ confirmText: undefined }) }],
    ['report-again without its flag', { type: 'report-again' }],
  ])('rejects %s (a page forging a badge message gets nothing drawn)', (_what, value) => {
    expect(parseBackgroundMessage(value)).toBeNull();
  });
});
