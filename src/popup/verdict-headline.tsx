import type { Confidence, TabReport } from '../core/types.ts';
import { countryName, translate, type Lang, type MessageKey } from '../shared/i18n.ts';
import { fieldLabel } from '../ui/field-label.ts';
import { LEVEL_COLORS, verdictSentence } from '../shared/verdict-text.ts';
import { LevelLabel } from '../ui/level-label.tsx';

/** Confidence in words. */
export const CONFIDENCE_KEYS: Record<Confidence, MessageKey> = {
  high: 'evidence_confidence_high',
  medium: 'evidence_confidence_medium',
  low: 'evidence_confidence_low',
};

/** The answer first: the verdict sentence, its level in words and colour, who the provider is and how sure Vigie is. */
export function VerdictHeadline(props: { report: TabReport; lang: Lang }) {
  const { report, lang } = props;
  const verdict = report.main;
  const level = report.pageKind === 'web' && verdict ? verdict.level : 'unknown';
  const providerText = verdict?.provider
    ? `${verdict.provider.name}${verdict.provider.country ? ` (${countryName(lang, verdict.provider.country)})` : ''}`
    : verdict?.asName
      ? `AS${verdict.asn} ${verdict.asName}`
      : translate(lang, 'evidence_none_value');
  return (
    <section class="headline" style={{ borderInlineStartColor: LEVEL_COLORS[level] }} aria-labelledby="headline">
      {report.host ? (
        <p class="page-host">
          <span class="visually-hidden">{fieldLabel(lang, translate(lang, 'popup_page_label'))}</span>
          {report.host}
        </p>
      ) : null}
      <h1 id="headline" data-testid="headline">
        {verdictSentence(report, lang)}
      </h1>
      {report.pageKind === 'web' && verdict ? (
        <ul class="facts">
          <li>
            <span class="visually-hidden">{fieldLabel(lang, translate(lang, 'popup_level_label'))}</span>
            <LevelLabel level={level} lang={lang} testId="level" />
          </li>
          <li>
            {fieldLabel(lang, translate(lang, 'evidence_provider'))}
            <strong data-testid="provider">{providerText}</strong>
          </li>
          <li>
            {fieldLabel(lang, translate(lang, 'evidence_confidence'))}
            <strong data-testid="confidence" data-confidence={verdict.confidence}>
              {translate(lang, CONFIDENCE_KEYS[verdict.confidence])}
            </strong>
          </li>
        </ul>
      ) : null}
    </section>
  );
}
