import { translate, type Lang } from '../shared/i18n.ts';
import { ExternalLink } from '../ui/external-link.tsx';
import { formatIsoDate } from '../shared/format-date.ts';
import { isCheckOutdated, LEGAL_STATEMENTS, type LegalStatement } from '../ui/legal.ts';

/** When a statement was last checked; past a year, it says it needs checking again. */
export function checkedText(lang: Lang, statement: LegalStatement, now: Date): string {
  const date = formatIsoDate(lang, statement.checked);
  return translate(lang, isCheckOutdated(statement.checked, now) ? 'why_checked_old' : 'why_checked', date);
}

function Statement(props: { lang: Lang; statement: LegalStatement; now: Date }) {
  const { lang, statement, now } = props;
  const outdated = isCheckOutdated(statement.checked, now);
  return (
    <li data-testid={`why-${statement.id}`} data-outdated={outdated ? 'true' : 'false'}>
      {statement.text[lang]}{' '}
      <span class={outdated ? 'checked warning' : 'checked muted'}>({checkedText(lang, statement, now)})</span>
      <span class="sources">
        {' '}
        {translate(lang, 'why_sources')}{' '}
        {statement.sources.map((source, index) => (
          <span key={source.url}>
            {index > 0 ? ' · ' : ''}
            <ExternalLink href={source.url} newTabLabel={translate(lang, 'why_new_tab')}>
              {source.title}
            </ExternalLink>{' '}
            <span class="muted">({translate(lang, source.kind === 'primary' ? 'why_source_primary' : 'why_source_secondary')})</span>
          </span>
        ))}
      </span>
    </li>
  );
}

/** "Why it matters": the dated legal facts behind every verdict, each with its sources, collapsed by default. */
export function WhyItMatters(props: { lang: Lang; now: Date }) {
  const { lang, now } = props;
  return (
    <section class="why" aria-labelledby="why-title">
      <details>
        <summary>
          <h2 id="why-title">{translate(lang, 'why_title')}</h2>
        </summary>
        <ul class="claims">
          {LEGAL_STATEMENTS.map((statement) => (
            <Statement key={statement.id} lang={lang} statement={statement} now={now} />
          ))}
        </ul>
      </details>
    </section>
  );
}
