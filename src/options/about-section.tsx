// The routing table is compiled from this package at build time; its version dates the AS data.
import routingPackage from '@ip-location-db/asn/package.json' with { type: 'json' };
// The committed IPv6 announcement layer's pin: its date is the table's (docs/data.md).
import announcements from '../../data/announcements/source.json' with { type: 'json' };
import { formatIsoDate } from '../shared/format-date.ts';
import { translate, type Lang } from '../shared/i18n.ts';
import { DataFreshness } from '../ui/data-freshness.tsx';
import { ExternalLink } from '../ui/external-link.tsx';

/** Version, privacy promise, data dates, and the licences and credits the data requires (DB-IP link back included). */
export function AboutSection(props: { version: string; lang: Lang; now: Date }) {
  const { lang } = props;
  const newTab = translate(lang, 'why_new_tab');
  return (
    <section aria-labelledby="about-title" data-testid="about">
      <h2 id="about-title">{translate(lang, 'about_heading')}</h2>
      <p data-testid="about-version">{translate(lang, 'about_version', props.version)}</p>
      <p>{translate(lang, 'about_privacy')}</p>
      <h3>{translate(lang, 'about_data_heading')}</h3>
      <DataFreshness lang={lang} now={props.now} />
      <h3>{translate(lang, 'about_credits_heading')}</h3>
      <ul class="credits">
        <li data-testid="credit-routing">
          {translate(lang, 'about_credit_routing', routingPackage.version)}{' '}
          <ExternalLink href="https://db-ip.com" newTabLabel={newTab}>
            IP Geolocation by DB-IP
          </ExternalLink>
          {' · '}
          <ExternalLink href="https://www.routeviews.org/routeviews/" newTabLabel={newTab}>
            RouteViews
          </ExternalLink>
          {' · '}
          <ExternalLink href="https://www.nro.net/" newTabLabel={newTab}>
            NRO
          </ExternalLink>
          {' · '}
          <ExternalLink href="https://creativecommons.org/licenses/by/4.0/" newTabLabel={newTab}>
            CC BY 4.0
          </ExternalLink>
        </li>
        <li data-testid="credit-announcements">
          {translate(lang, 'about_credit_announcements', formatIsoDate(lang, announcements.dataDate))}{' '}
          <ExternalLink href="https://iptoasn.com/" newTabLabel={newTab}>
            IPtoASN
          </ExternalLink>
          {' · '}
          <ExternalLink href="https://opendatacommons.org/licenses/pddl/1.0/" newTabLabel={newTab}>
            PDDL 1.0
          </ExternalLink>
        </li>
        <li>{translate(lang, 'about_credit_facts')}</li>
        <li>{translate(lang, 'about_credit_code')}</li>
        <li>{translate(lang, 'about_licence')}</li>
      </ul>
    </section>
  );
}
