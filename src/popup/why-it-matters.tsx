import type { TabReport } from '../core/types.ts';
import { providerById } from '../core/catalog.ts';
import { translate, type Lang, type MessageKey } from '../shared/i18n.ts';
import { ExternalLink } from '../ui/external-link.tsx';
import { WHY_SOURCES, type WhySource } from './why-sources.ts';

/** The short, level-specific reason this verdict matters; shown right under the headline. */
export function whyKeyFor(report: TabReport): MessageKey {
  const verdict = report.main;
  switch (verdict?.level ?? 'unknown') {
    case 'secnumcloud':
      return 'why_level_secnumcloud';
    case 'secnumcloud-provider':
      return 'why_level_secnumcloud_provider';
    case 'eu':
      return 'why_level_eu';
    case 'extra-eu': {
      const laws = verdict?.provider ? (providerById(verdict.provider.id)?.jurisdiction.extraEuLaws ?? []) : [];
      // The CLOUD Act wording is only true of US groups; others get the general sentence.
      return laws.some((law) => law.includes('CLOUD Act')) || verdict?.provider?.country === 'US' ? 'why_level_extra_eu' : 'why_level_extra_eu_other';
    }
    default:
      return 'why_level_unknown';
  }
}

function Claim(props: { lang: Lang; text: MessageKey; sources: WhySource[]; testId: string }) {
  return (
    <li data-testid={props.testId}>
      {translate(props.lang, props.text)}{' '}
      <span class="sources">
        {translate(props.lang, 'why_sources')}{' '}
        {props.sources.map((source, index) => (
          <span key={source.url}>
            {index > 0 ? ' · ' : ''}
            <ExternalLink href={source.url} newTabLabel={translate(props.lang, 'why_new_tab')}>
              {source.title}
            </ExternalLink>
          </span>
        ))}
      </span>
    </li>
  );
}

/** "Why it matters": one plain sentence for this verdict, then the facts behind it, each with its sources. */
export function WhyItMatters(props: { report: TabReport; lang: Lang }) {
  const { lang } = props;
  return (
    <section class="why" aria-labelledby="why-title">
      <h2 id="why-title">{translate(lang, 'why_title')}</h2>
      <p data-testid="why-short">{translate(lang, whyKeyFor(props.report))}</p>
      <details>
        <summary>{translate(lang, 'why_more')}</summary>
        <ul class="claims">
          <Claim lang={lang} text="why_snc" sources={WHY_SOURCES.secnumcloud} testId="why-secnumcloud" />
          <Claim lang={lang} text="why_cloud_act" sources={WHY_SOURCES.cloudAct} testId="why-cloud-act" />
          <Claim lang={lang} text="why_fisa" sources={WHY_SOURCES.fisa} testId="why-fisa" />
          <Claim lang={lang} text="why_hds" sources={WHY_SOURCES.hds} testId="why-hds" />
          <Claim lang={lang} text="why_cnil" sources={WHY_SOURCES.cnil} testId="why-cnil" />
        </ul>
      </details>
    </section>
  );
}
