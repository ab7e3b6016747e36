import type { Confidence, HostVerdict, TabReport } from '../core/types.ts';
import { countryName, translate, type Lang, type MessageKey } from '../shared/i18n.ts';
import { LEVEL_COLORS } from '../shared/levels.ts';
import { levelCountry, levelName, verdictSentence } from '../shared/verdict-text.ts';
import { fieldLabel } from '../ui/field-label.ts';
import { LevelCode } from '../ui/level-label.tsx';

/**
 * The confidence in the provider named, in words. It qualifies who the provider is, never the level, so it cannot
 * contradict a level that says the offer is unverifiable.
 */
export const CONFIDENCE_KEYS: Record<Confidence, MessageKey> = {
  high: 'evidence_confidence_high',
  medium: 'evidence_confidence_medium',
  low: 'evidence_confidence_low',
};

/**
 * The confidence in the provider named, in words; null when no catalog provider was named (an unknown host, or a
 * network Vigie cannot tie to a provider), where "provider identified: low confidence" would claim an identification.
 */
export function confidenceText(verdict: HostVerdict, lang: Lang): string | null {
  return verdict.provider ? translate(lang, CONFIDENCE_KEYS[verdict.confidence]) : null;
}

/** The provider as the popup names it: catalog name and country, else the network, else "unknown". */
export function providerLabel(report: TabReport, lang: Lang): string {
  const verdict = report.main;
  if (verdict?.provider) return `${verdict.provider.name}${verdict.provider.country ? ` (${countryName(lang, verdict.provider.country)})` : ''}`;
  if (verdict?.asName) return `AS${verdict.asn} ${verdict.asName}`;
  return translate(lang, 'evidence_none_value');
}

/**
 * A level name as the headline shows it: the part before " — " in the heading (two lines at most), the caveat after
 * it ("l’offre de ce site n’est pas vérifiable") on its own line right below. Both come from the one level name.
 */
export function headlineParts(name: string): { heading: string; caveat: string | null } {
  const at = name.indexOf(' — ');
  return at < 0 ? { heading: name, caveat: null } : { heading: name.slice(0, at), caveat: name.slice(at + 3) };
}

/**
 * The answer first: the level's code and name as the headline (two lines at most), the sentence that explains it
 * below, then who the provider is and how surely it was identified.
 */
export function VerdictHeadline(props: { report: TabReport; lang: Lang; now: Date }) {
  const { report, lang, now } = props;
  const verdict = report.pageKind === 'web' ? report.main : null;
  const level = verdict ? verdict.level : 'unknown';
  const parts = headlineParts(verdict ? levelName(level, lang) : verdictSentence(report, lang, now));
  return (
    <section class="headline" style={{ borderInlineStartColor: LEVEL_COLORS[level] }} aria-labelledby="headline" data-level={verdict ? level : undefined}>
      <p class="page-host">
        {verdict ? <LevelCode level={level} lang={lang} country={levelCountry(verdict)} testId="level-code" /> : null}
        {report.host ? (
          <span>
            <span class="visually-hidden">{fieldLabel(lang, translate(lang, 'popup_page_label'))}</span>
            {report.host}
          </span>
        ) : null}
      </p>
      <h1 id="headline" data-testid="headline" data-level={verdict ? level : undefined}>
        {parts.heading}
      </h1>
      {!verdict && report.pageKind === 'web' && report.loadError ? (
        <ul class="facts">
          <li>
            {fieldLabel(lang, translate(lang, 'popup_load_error_code'))}
            <code data-testid="load-error-code">{report.loadError.code || translate(lang, 'popup_load_error_no_code')}</code>
          </li>
        </ul>
      ) : null}
      {parts.caveat ? (
        <p class="level-caveat" data-testid="level-caveat">
          {parts.caveat}
        </p>
      ) : null}
      {verdict ? (
        <>
          <p class="verdict-detail" data-testid="verdict-detail">
            {verdictSentence(report, lang, now)}
          </p>
          <ul class="facts">
            <li>
              {fieldLabel(lang, translate(lang, 'evidence_provider'))}
              <strong data-testid="provider">{providerLabel(report, lang)}</strong>
            </li>
            {verdict.provider ? (
              <li>
                {fieldLabel(lang, translate(lang, 'evidence_confidence'))}
                <strong data-testid="confidence" data-confidence={verdict.confidence}>
                  {confidenceText(verdict, lang)}
                </strong>
              </li>
            ) : null}
          </ul>
        </>
      ) : null}
    </section>
  );
}
