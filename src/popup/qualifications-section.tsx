import type { HdsCertificate, ProviderRef, QualificationState } from '../core/types.ts';
import { dataDates, hdsOf, offersOf, type CatalogOffer } from '../core/catalog.ts';
import { hdsCheckOverdue, hdsStatus, lastVerified, qualificationEnd, qualificationWording } from '../core/sovereignty.ts';
import { translate, type Lang, type MessageKey } from '../shared/i18n.ts';
import { ExternalLink } from '../ui/external-link.tsx';
import { DataFreshness } from '../ui/data-freshness.tsx';
import { formatIsoDate } from '../shared/format-date.ts';

/** An offer's state at `now` in words: a short status and, for the states that say what is not known, what to check. */
export interface OfferStateText {
  state: QualificationState;
  status: string;
  detail: string | null;
}

/** A message of qualificationWording in the language, its ISO dates in long form. */
function wordingText(lang: Lang, message: { key: string; args: string[] }): string {
  return translate(lang, message.key as MessageKey, ...message.args.map((arg) => formatIsoDate(lang, arg)));
}

/**
 * An offer's state in words (the popup, the exported report, the Markdown), from the core's qualificationWording: a
 * row past its recorded end reads "renewal not verified" with the list date, never "expired" or "not qualified".
 */
export function offerStateText(lang: Lang, offer: CatalogOffer, now: Date): OfferStateText {
  const wording = qualificationWording(offer, now, dataDates().secnumcloud);
  return { state: wording.state, status: wordingText(lang, wording.status), detail: wording.detail ? wordingText(lang, wording.detail) : null };
}

/**
 * An HDS certificate in words: status, activities, end date, referential version, or that no dates are known; a
 * certificate without an end date whose last check is more than six months old reads "not confirmed" with that date.
 */
export function hdsText(lang: Lang, certificate: HdsCertificate, now: Date): string {
  const status = hdsStatus(certificate, now);
  const parts = [translate(lang, status === 'certified' ? 'qual_hds_certified' : status === 'expired' ? 'qual_hds_expired' : 'qual_hds_unknown')];
  // A certificate reported without an end date and not checked for six months: say since when, and that it no longer counts.
  if (hdsCheckOverdue(certificate, now)) {
    const checked = lastVerified(certificate);
    parts.push(checked ? translate(lang, 'qual_hds_not_verified_since', formatIsoDate(lang, checked)) : translate(lang, 'qual_hds_never_verified'));
  }
  if (certificate.activities.length) parts.push(translate(lang, 'qual_hds_activities', certificate.activities.join(', ')));
  if (certificate.certifiedUntil) {
    parts.push(translate(lang, status === 'expired' ? 'qual_ended' : 'qual_until', formatIsoDate(lang, certificate.certifiedUntil)));
  }
  if (!certificate.certifiedFrom && !certificate.certifiedUntil) parts.push(translate(lang, 'qual_hds_no_dates'));
  // The data writes an unknown version as an English sentence ("unknown (...)"): say it in the language instead.
  const version = certificate.version && !/^unknown\b/i.test(certificate.version) ? certificate.version : null;
  parts.push(version ? translate(lang, 'qual_hds_version', version) : translate(lang, 'qual_hds_version_unknown'));
  return parts.join(', ');
}

/**
 * Why an HDS row has no certificate dates, in words, its dates in long form (the exported report puts it after the
 * row); null when the row has no note or one this version does not know.
 */
export function hdsDatesNoteText(lang: Lang, certificate: HdsCertificate): string | null {
  const note = certificate.datesNote;
  if (note?.kind === 'not-in-sources') {
    const checked = lastVerified(certificate);
    return checked ? translate(lang, 'qual_hds_dates_note_sources', formatIsoDate(lang, checked)) : null;
  }
  if (note?.kind === 'unpublished') {
    return translate(lang, 'qual_hds_dates_note_unpublished', note.source, formatIsoDate(lang, note.sourceDate), note.certificate, formatIsoDate(lang, note.until));
  }
  return null;
}

/** One SecNumCloud offer: name, status at today's date, type, dates, decision and its first source. */
function OfferRow(props: { offer: CatalogOffer; lang: Lang; now: Date }) {
  const { offer, lang, now } = props;
  const { state, status, detail } = offerStateText(lang, offer, now);
  const end = qualificationEnd(offer);
  const dates: string[] = [];
  if (offer.qualifiedFrom) dates.push(translate(lang, 'qual_from', formatIsoDate(lang, offer.qualifiedFrom)));
  // A row past its recorded end names that end in its detail; only a counting or lapsed row gets a date here.
  if (end && (state === 'qualified' || state === 'expired' || state === 'withdrawn')) {
    dates.push(translate(lang, state === 'qualified' ? 'qual_until' : 'qual_ended', formatIsoDate(lang, end)));
  }
  const types = offer.serviceTypes.filter((t) => t !== 'unknown');
  const source = offer.sources.find((s) => s.url);
  return (
    <li data-testid="qualification-row" data-status={state} data-offer={offer.id}>
      <strong>{offer.offer}</strong>
      {translate(lang, 'popup_colon')}
      <span class={`qual-status qual-${state}`}>{status}</span>
      {types.length ? <span class="muted"> · {translate(lang, 'qual_types', types.join(', '))}</span> : null}
      {dates.length ? <div>{dates.join(', ')}</div> : null}
      {detail ? (
        <div class="qual-detail" data-testid="qualification-detail">
          {detail}
        </div>
      ) : null}
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
  const source = certificate.sources.find((s) => s.url);
  return (
    <li data-testid="hds-row" data-status={hdsStatus(certificate, now)}>
      {hdsText(lang, certificate, now)}
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
