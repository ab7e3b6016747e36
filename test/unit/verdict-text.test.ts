/** The one sentence every surface says (toolbar tooltip, page badge, popup headline), in French and English. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { badgeText, pageBadgeText, verdictSentence } from '../../src/shared/verdict-text.ts';
import { identifyHost } from '../../src/core/identify.ts';
import { AsnTable } from '../../src/core/asn-table.ts';
import { newTabReport, recordRequest } from '../../src/core/report.ts';
import { CACHED_UNKNOWN, INTERNAL_PAGE, MICROSOFT_HEALTH, OVH_HEALTH, WAITING } from '../fixtures/ui/tab-reports.ts';
import type { TabReport } from '../../src/core/types.ts';

const table = AsnTable.fromBuffer(readFileSync('generated/asn-table.bin'));
const NOW = new Date('2026-11-28T12:00:00Z');

/** A report built the way the background builds it, for one main-frame response from `ip`. */
function reportFor(host: string, ip: string, health: boolean): TabReport {
  const report = newTabReport(1, `https://${host}/`, NOW.getTime());
  recordRequest(report, { host, type: 'main_frame', method: 'GET' }, identifyHost({ host, ip }, { lookupAsn: (p) => table.lookup(p) }, NOW), NOW.getTime());
  report.health = { health, score: health ? 20 : 0, reasons: [] };
  return report;
}

describe('verdict wording', () => {
  it('names the provider, its country and the laws for an extra-EU health site', () => {
    expect(verdictSentence(MICROSOFT_HEALTH, 'fr')).toBe(
      'Ce site de santé est hébergé par Microsoft (États-Unis) : non qualifié SecNumCloud, soumis à US CLOUD Act et FISA 702.',
    );
    expect(verdictSentence(MICROSOFT_HEALTH, 'en')).toBe(
      'This health site is hosted by Microsoft (United States): not SecNumCloud-qualified, subject to US CLOUD Act and FISA 702.',
    );
    expect(badgeText(MICROSOFT_HEALTH, 'fr')).toBe('US');
  });

  it('never says a site is on a qualified offer when only the provider is qualified', () => {
    const sentence = verdictSentence(OVH_HEALTH, 'fr');
    expect(sentence).toContain('OVHcloud (France)');
    expect(sentence).toContain("l'offre utilisée par ce site ne peut pas être vérifiée");
    expect(badgeText(OVH_HEALTH, 'fr')).toBe('SNC?');
  });

  it('says why it does not know: cache, internal page, waiting', () => {
    expect(verdictSentence(CACHED_UNKNOWN, 'fr')).toContain('cache du navigateur');
    expect(verdictSentence(INTERNAL_PAGE, 'en')).toMatch(/^No verdict for this page/);
    expect(badgeText(INTERNAL_PAGE, 'en')).toBe('');
    expect(verdictSentence(WAITING, 'fr')).toBe('Vigie attend la réponse du serveur…');
  });

  it('names a known provider outside the EU without guessing its exposure (Infomaniak, Switzerland)', () => {
    const report = reportFor('www.example.ch', '185.125.25.1', true);
    expect(report.main?.provider?.id).toBe('infomaniak');
    expect(report.level).toBe('unknown');
    expect(verdictSentence(report, 'fr')).toBe(
      "Ce site de santé est hébergé par Infomaniak (Suisse), hors de l'Union européenne, non qualifié SecNumCloud ; Vigie n'a pas d'information sourcée sur son exposition à des lois extra-européennes à portée extraterritoriale.",
    );
    expect(pageBadgeText(report, 'en')).toBe('Hosted by Infomaniak (Switzerland): outside the EU, exposure undocumented');
  });

  it('for a network with no catalog entry, shows the AS it belongs to', () => {
    const report = reportFor('www.example.org', '1.0.4.1', false);
    expect(report.main?.provider).toBeNull();
    expect(verdictSentence(report, 'en')).toBe(
      'This site is served by the network Gtelecom Pty Ltd (AS38803), which Vigie cannot tie to a known provider.',
    );
    expect(badgeText(report, 'en')).toBe('?');
  });
});
