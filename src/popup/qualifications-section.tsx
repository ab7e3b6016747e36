import type { HdsCertificate, ProviderRef, QualificationStatus } from '../core/types.ts';
import { hdsOf, offersOf, type CatalogOffer } from '../core/catalog.ts';
import { hdsStatus, qualificationEnd, qualificationStatus } from '../core/sovereignty.ts';
import { translate, type Lang, type MessageKey } from '../shared/i18n.ts';
import { ExternalLink } from '../ui/external-link.tsx';
import { DataFreshness } from '../ui/data-freshness.tsx';
import { formatIsoDate } from '../ui/format-date.ts';

const STATUS_KEYS: Record<Exclude<QualificationStatus, 'in-progress'>, MessageKey> = {
  qualified: 'qual_status_qualified',
  expired: 'qual_status_expired',
  withdrawn: 'qual_status_withdrawn',
};

/** An offer's qualification status in words (the popup and the exported report). */
export function statusText(lang: Lang, offer: CatalogOffer, status: QualificationStatus): string {
  if (status !== 'in-progress') return translate(lang, STATUS_KEYS[status]);
  return offer.milestone ? translate(lang, 'qual_status_in_progress_milestone', offer.milestone) : translate(lang, 'qual_status_in_progress');
}

/** One SecNumCloud offer: name, status at today's date, type, dates, decision and its first source. */
function OfferRow(props: { offer: CatalogOffer; lang: Lang; now: Date }) {
  const { offer, lang, now } = props;
  const status = qualificationStatus(offer, now);
  const end = qualificationEnd(offer);
  const dates: string[] = [];
  if (offer.qualifiedFrom) dates.push(translate(lang, 'qual_from', formatIsoDate(lang, offer.qualifiedFrom)));
  if (end && status !== 'in-progress') dates.push(translate(lang, status === 'qualified' ? 'qual_until' : 'qual_ended', formatIsoDate(lang, end)));
  const types = offer.serviceTypes.filter((t) => t !== 'unknown');
  const source = offer.sources.find((s) => s.url);
  return (
    <li data-testid="qualification-row" data-status={status} data-offer={offer.id}>
      <strong>{offer.offer}</strong>
      {translate(lang, 'popup_colon')}
      <span class={`qual-status qual-${status}`}>{statusText(lang, offer, status)}</span>
      {types.length ? <span class="muted"> · {translate(lang, 'qual_types', types.join(', '))}</span> : null}
      {dates.length ? <div>{dates.join(', ')}</div> : null}
      {offer.decision ? <div class="muted">{translate(lang, 'qual_decision', offer.decision)}</div> : null}
      {source?.url ? (
        <div>
          <ExternalLink href={source.url} newTabLabel={translate(lang, 'why_new_tab')}>
            {translate(lang, 'qual_source')}
          </ExternalLink>
        </div>
      ) : null}
    </li>
  );
}

function HdsRow(props: { certificate: HdsCertificate; lang: Lang; now: Date }) {
  const { certificate, lang, now } = props;
  const status = hdsStatus(certificate, now);
  const parts = [translate(lang, status === 'certified' ? 'qual_hds_certified' : status === 'expired' ? 'qual_hds_expired' : 'qual_hds_unknown')];
  if (certificate.activities.length) parts.push(translate(lang, 'qual_hds_activities', certificate.activities.join(', ')));
  if (certificate.certifiedUntil) {
    parts.push(translate(lang, status === 'expired' ? 'qual_ended' : 'qual_until', formatIsoDate(lang, certificate.certifiedUntil)));
  }
  const source = certificate.sources.find((s) => s.url);
  return (
    <li data-testid="hds-row" data-status={status}>
      {parts.join(', ')}
      {source?.url ? (
        <>
          {' · '}
          <ExternalLink href={source.url} newTabLabel={translate(lang, 'why_new_tab')}>
            {translate(lang, 'qual_source')}
          </ExternalLink>
        </>
      ) : null}
    </li>
  );
}

/** The provider's SecNumCloud offers and HDS certificates at today's date, and how recent those lists are. */
export function QualificationsSection(props: { provider: ProviderRef | null; lang: Lang; now: Date; open: boolean }) {
  const { provider, lang, now } = props;
  const offers = provider ? offersOf(provider.id) : [];
  const certificates = provider ? hdsOf(provider.id) : [];
  return (
    <section aria-labelledby="qual-title">
      <details open={props.open}>
        <summary>
          <h2 id="qual-title">{translate(lang, 'qual_title')}</h2>
        </summary>
        <div data-testid="qualifications">
          {provider ? (
            <>
              <h3>{translate(lang, 'qual_snc_heading')}</h3>
              {offers.length ? (
                <>
                  <ul class="offers">
                    {offers.map((offer) => (
                      <OfferRow key={offer.id} offer={offer} lang={lang} now={now} />
                    ))}
                  </ul>
                  <p class="muted">{translate(lang, 'qual_offer_note')}</p>
                </>
              ) : (
                <p>{translate(lang, 'qual_none', provider.name)}</p>
              )}
              <h3>{translate(lang, 'qual_hds_heading')}</h3>
              {certificates.length ? (
                <ul>
                  {certificates.map((certificate, index) => (
                    <HdsRow key={index} certificate={certificate} lang={lang} now={now} />
                  ))}
                </ul>
              ) : (
                <p data-testid="hds-none">{translate(lang, 'qual_hds_none', provider.name)}</p>
              )}
              <p class="muted">{translate(lang, 'qual_hds_not_sovereignty')}</p>
            </>
          ) : (
            <p>{translate(lang, 'qual_no_provider')}</p>
          )}
          <h3>{translate(lang, 'qual_lists')}</h3>
          <DataFreshness lang={lang} now={now} />
        </div>
      </details>
    </section>
  );
}
