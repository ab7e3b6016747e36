/**
 * Typography and wording of everything Vigie says, in both languages: French non-breaking spaces and typographic
 * apostrophes, real plurals, no capitalised word produced mid-sentence by a substitution, law names never raw from
 * data, one code and one name per level, and legal statements that are sourced and dated.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostVerdict, Level, TabReport } from '../../src/core/types.ts';
import { translateCount, type Lang } from '../../src/shared/i18n.ts';
import { LEVELS } from '../../src/shared/levels.ts';
import { lawsPhrase, levelCode, levelName, pageBadgeText, verdictSentence } from '../../src/shared/verdict-text.ts';
import { isCheckOutdated, LEGAL_STATEMENTS } from '../../src/ui/legal.ts';
import { CACHED_UNKNOWN, clue, MICROSOFT_HEALTH, OVH_HEALTH } from '../fixtures/ui/tab-reports.ts';
import { phrase } from '../../src/core/evidence-message.ts';

interface Entry {
  message: string;
}

const ROOT = resolve(import.meta.dirname, '../..');
const load = (lang: Lang) => JSON.parse(readFileSync(join(ROOT, '_locales', lang, 'messages.json'), 'utf8')) as Record<string, Entry>;
const CATALOGS: Record<Lang, Record<string, Entry>> = { fr: load('fr'), en: load('en') };

/** Every string a user reads, with where it comes from: the locale messages and the legal statements. */
function strings(lang: Lang): [string, string][] {
  return [
    ...Object.entries(CATALOGS[lang]).map(([key, e]): [string, string] => [key, e.message]),
    ...LEGAL_STATEMENTS.flatMap((s): [string, string][] => [[`legal ${s.id}`, s.text[lang]], ...s.sources.map((src): [string, string] => [`legal ${s.id} source`, src.title])]),
  ];
}

/** What the French typography rules find wrong in one string ('' when nothing). */
export function frenchTypographyProblems(text: string): string[] {
  const problems: string[] = [];
  if (/ [:;!?»]/.test(text)) problems.push('ordinary space before : ; ! ? »');
  if (/« /.test(text)) problems.push('ordinary space after «');
  // "Que faire?" or "santé»" (the toolbar codes "US!" and "?" are codes, not prose).
  if (/[\p{L}\d][;?»](\s|$)/u.test(text)) problems.push('no space before ; ? »');
  if (/«[^\u00a0\u202f]/.test(text)) problems.push('no non-breaking space after «');
  if (/\d[ ]?%/.test(text)) problems.push('percent without a non-breaking space');
  if (/'/.test(text)) problems.push('straight apostrophe');
  if (/"/.test(text)) problems.push('straight double quote');
  return problems;
}

describe('French typography', () => {
  it('finds the faults it is meant to find', () => {
    expect(frenchTypographyProblems('Sources : ANSSI')).toContain('ordinary space before : ; ! ? »');
    expect(frenchTypographyProblems('« santé »')).toContain('ordinary space after «');
    expect(frenchTypographyProblems('au plus 24 % du capital')).toContain('percent without a non-breaking space');
    expect(frenchTypographyProblems("l'hébergeur")).toContain('straight apostrophe');
    expect(frenchTypographyProblems('Que faire?')).toContain('no space before ; ? »');
    expect(frenchTypographyProblems('Que faire\u202f?')).toEqual([]);
  });

  it.each(strings('fr'))('%s', (_where, text) => {
    expect(frenchTypographyProblems(text)).toEqual([]);
  });
});

describe('English typography', () => {
  it.each(strings('en'))('%s', (_where, text) => {
    expect(text).not.toMatch(/ [:;!?]/);
    expect(text).not.toMatch(/'/);
    expect(text).not.toMatch(/\d\s%/);
    // Quotation marks are curly and paired (“term”): no straight double quote, no ’ opening a quotation.
    expect(text).not.toMatch(/"/);
    expect(text).not.toMatch(/(^|[\s(:])’/);
  });
});

describe('plurals', () => {
  it('no message writes a plural as "(s)"', () => {
    for (const lang of ['fr', 'en'] as const) for (const [key, text] of strings(lang)) expect(text, `${lang} ${key}`).not.toMatch(/\((s|es|x)\)/);
  });

  it('chooses the form with Intl.PluralRules: French 0 and 1 are singular, English 0 is plural', () => {
    expect(translateCount('fr', 'third_sent', 0)).toBe('Données envoyées\u202f: 0 requête');
    expect(translateCount('fr', 'third_sent', 1)).toBe('Données envoyées\u202f: 1 requête');
    expect(translateCount('fr', 'third_sent', 2)).toBe('Données envoyées\u202f: 2 requêtes');
    expect(translateCount('en', 'third_sent', 0)).toBe('Data sent: 0 requests');
    expect(translateCount('en', 'third_sent', 1)).toBe('Data sent: 1 request');
    expect(translateCount('fr', 'options_history_count', 1500)).toBe('1\u202f500 entrées, les plus récentes en premier.');
    // One entry has no order to state, in either language.
    expect(translateCount('fr', 'options_history_count', 1)).toBe('1 entrée.');
    expect(translateCount('en', 'options_history_count', 1)).toBe('1 entry.');
  });
});

/** A verdict for `level`, varied from real-shaped fixtures. */
function withLevel(base: TabReport, level: Level, health: boolean, change: Partial<HostVerdict> = {}): TabReport {
  const main = { ...base.main!, level, ...change };
  return { ...base, level, main, health: base.health ? { ...base.health, health } : { health, score: 0, reasons: [] } };
}

function allSentences(lang: Lang): string[] {
  const out: string[] = [];
  for (const health of [true, false]) {
    for (const level of LEVELS) {
      for (const base of [MICROSOFT_HEALTH, OVH_HEALTH]) {
        const report = withLevel(base, level, health);
        out.push(verdictSentence(report, lang), pageBadgeText(report, lang));
        out.push(verdictSentence(withLevel(base, level, health, { role: 'cdn' }), lang));
      }
    }
    // Every "unknown" reason: no provider and no IP, a proxy, a private address, an AS, nothing at all.
    const unknown = withLevel(MICROSOFT_HEALTH, 'unknown', health, { provider: null });
    out.push(verdictSentence(unknown, lang));
    out.push(verdictSentence(withLevel(CACHED_UNKNOWN, 'unknown', health), lang));
    out.push(verdictSentence(withLevel(MICROSOFT_HEALTH, 'unknown', health, { provider: null, evidence: [clue('proxy', '', phrase('evidence_says_proxy'))] }), lang));
    out.push(verdictSentence(withLevel(MICROSOFT_HEALTH, 'unknown', health, { provider: null, ipScope: 'private', ip: '10.0.0.1' }), lang));
    out.push(verdictSentence(withLevel(MICROSOFT_HEALTH, 'unknown', health, { provider: null, asn: null, asName: null, ipScope: 'public' }), lang));
  }
  return out;
}

describe('substitutions', () => {
  it('a sentence-start placeholder ($SUBJECT$) only ever opens its message', () => {
    for (const lang of ['fr', 'en'] as const) {
      for (const [key, entry] of Object.entries(CATALOGS[lang])) {
        const at = entry.message.indexOf('$SUBJECT$');
        if (at >= 0) expect(at, `${lang} ${key}`).toBe(0);
      }
    }
  });

  it.each(['fr', 'en'] as const)('no capitalised word after "de"/"of" in any verdict sentence (%s)', (lang) => {
    const sentences = allSentences(lang);
    expect(sentences.length).toBeGreaterThan(50);
    for (const sentence of sentences) {
      expect(sentence).not.toMatch(/\b(de|of|par|by) (Ce|Cette|This|The|Le|La|Les)\b/);
      expect(lang === 'fr' ? frenchTypographyProblems(sentence) : []).toEqual([]);
    }
    expect(sentences).toContain(lang === 'fr' ? 'Vigie n’a pas pu identifier l’hébergeur de ce site de santé.' : 'Vigie could not identify the host of this health site.');
  });

  it('law names are localised and it is the provider, not the site, that is subject to them', () => {
    expect(verdictSentence(MICROSOFT_HEALTH, 'fr')).toBe(
      'Ce site de santé est hébergé par Microsoft (États-Unis), non qualifié SecNumCloud\u202f; ce fournisseur est soumis au CLOUD Act américain et à la section 702 de la loi FISA.',
    );
    expect(verdictSentence(MICROSOFT_HEALTH, 'en')).toBe(
      'This health site is hosted by Microsoft (United States), not SecNumCloud-qualified; this provider is subject to the US CLOUD Act and section 702 of FISA.',
    );
    // A law the wording does not know never reaches a sentence raw.
    expect(lawsPhrase('fr', ['National Intelligence Law'])).toBe('à une loi étrangère à portée extraterritoriale');
    expect(lawsPhrase('en', ['FISA 702', 'Something Else'])).toBe('section 702 of FISA and a foreign law with extraterritorial reach');
  });
});

describe('one code and one name per level', () => {
  it.each(['fr', 'en'] as const)('codes are short and tell apart (%s)', (lang) => {
    const codes = LEVELS.map((level) => levelCode(level, lang, 'US'));
    expect(new Set(codes).size).toBe(LEVELS.length);
    for (const code of codes) expect(code.length).toBeLessThanOrEqual(4);
    // Never two codes of the same length that differ by one letter only (the old "UE" / "US").
    for (const a of codes) {
      for (const b of codes) {
        if (a === b || a.length !== b.length) continue;
        const diff = [...a].filter((c, i) => c !== b[i]).length;
        expect(diff, `${a} / ${b}`).toBeGreaterThan(1);
      }
    }
    expect(levelCode('extra-eu', lang, 'us')).toBe('US!');
    expect(levelCode('extra-eu', lang, '')).toBe('!');
  });

  it('"provider with qualified offers" is named as the issue asks, and not as qualified', () => {
    expect(levelName('secnumcloud-provider', 'fr')).toBe('Fournisseur européen qui propose aussi des offres SecNumCloud — l’offre de ce site n’est pas vérifiable');
    expect(levelName('secnumcloud-provider', 'en')).not.toMatch(/^SecNumCloud-qualified/);
  });

  it('the page badge and the popup use the same level name', () => {
    for (const lang of ['fr', 'en'] as const) {
      expect(pageBadgeText(MICROSOFT_HEALTH, lang).startsWith(levelName('extra-eu', lang))).toBe(true);
      expect(pageBadgeText(OVH_HEALTH, lang).startsWith(levelName('secnumcloud-provider', lang))).toBe(true);
    }
  });
});

describe('legal statements', () => {
  it('each has a text in both languages, an ISO check date and at least one primary source', () => {
    expect(LEGAL_STATEMENTS.length).toBeGreaterThanOrEqual(6);
    for (const s of LEGAL_STATEMENTS) {
      expect(s.checked, s.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(s.text.fr.length, s.id).toBeGreaterThan(80);
      expect(s.text.en.length, s.id).toBeGreaterThan(80);
      expect(s.sources.some((src) => src.kind === 'primary' && /^https:\/\//.test(src.url)), s.id).toBe(true);
      for (const src of s.sources) expect(['primary', 'secondary'], s.id).toContain(src.kind);
    }
  });

  it('states the SecNumCloud 3.2 §19.6 rule in full, and FISA 702 and the CLOUD Act with their references and dates', () => {
    const byId = Object.fromEntries(LEGAL_STATEMENTS.map((s) => [s.id, s.text.fr]));
    expect(byId['secnumcloud-19-6']).toMatch(/24\u202f%.*capital et des droits de vote.*39\u202f%.*veto/s);
    expect(byId['fisa-702']).toContain('20 avril 2026');
    expect(byId['fisa-702']).toMatch(/n’est pas connu à la date de vérification/);
    expect(byId['cloud-act']).toContain('18 U.S.C. §2713');
    expect(byId['cloud-act']).toContain('§2703(h)');
    expect(byId['hds-2024']).toMatch(/Espace économique européen.*carte des transferts/s);
    expect(byId['cnil-emc2']).toContain('2023-146');
    expect(byId['conseil-etat-emc2']).toMatch(/492369.*19 novembre 2024/s);
    expect(byId['hdh-migration']).toContain('Scaleway');
  });

  it('a check older than a year is outdated (injected dates)', () => {
    expect(isCheckOutdated('2026-12-02', new Date('2027-12-01T12:00:00Z'))).toBe(false);
    expect(isCheckOutdated('2026-12-02', new Date('2027-12-03T00:00:01Z'))).toBe(true);
    expect(isCheckOutdated('not a date', new Date('2026-12-02T00:00:00Z'))).toBe(true);
  });
});
