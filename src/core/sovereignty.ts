/**
 * Provider -> sovereignty level (DESIGN.md "Assess"). Dates are compared at assessment time, never baked in the data:
 * a qualification stops counting on its expiry date (UTC calendar day) unless a renewal is recorded as another offer row.
 */
import { HOSTING_ROLES, offerById, offersOf } from './catalog.ts';
import type { HdsCertificate, Level, NetworkRole, Provider, QualificationState, QualificationStatus, Role, SecNumCloudOffer } from './types.ts';

/** Groups under US law that must never read as anything but extra-EU, whatever the data says (belt and braces). */
const ALWAYS_EXTRA_EU = new Set(['microsoft', 'aws', 'google', 'cloudflare', 'akamai', 'fastly']);

/**
 * An offer whose end is not known counts for this long after someone last checked it against the ANSSI catalogue;
 * then it reads "not verified since DATE" and stops counting until the row is checked again (data:check warns at the
 * same age).
 */
export const RECHECK_DAYS = 183;

const DAY_MS = 86_400_000;

/** Milliseconds of the start (00:00 UTC) of an ISO date, or NaN. */
function dayStart(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`);
}

type DatedOffer = SecNumCloudOffer & { listedOn?: string };

/** The recorded end of a qualification, or null when the sources give none (no end is ever guessed). */
export function qualificationEnd(offer: DatedOffer): string | null {
  return offer.qualifiedUntil ?? null;
}

/**
 * Whether a row's last check (`lastVerified`) is RECHECK_DAYS old or more at time `t`, or unknown, or the clock invalid:
 * a row without a recorded end then stops counting (SecNumCloud offers and HDS certificates alike).
 */
function checkOverdue(row: Parameters<typeof lastVerified>[0], t: number): boolean {
  const checked = lastVerified(row);
  return checked === null || !(t < dayStart(checked) + RECHECK_DAYS * DAY_MS);
}

/** When the row was last checked: its verifiedOn, else its latest source date, else its listing date. */
export function lastVerified(row: { verifiedOn?: string; listedOn?: string; sources: { date?: string }[] }): string | null {
  if (row.verifiedOn) return row.verifiedOn;
  const dates = row.sources.map((s) => s.date).filter((d): d is string => typeof d === 'string' && !Number.isNaN(dayStart(d)));
  if (row.listedOn) dates.push(row.listedOn);
  return dates.length ? dates.sort().at(-1)! : null;
}

/**
 * What can be said of an offer at `now`. A 'qualified' row is 'in-progress' before qualifiedFrom; on and after its
 * recorded end, with no renewal row, it is 'past-recorded-end' (the sources do not say it lapsed: check the ANSSI
 * catalogue); without a recorded end it is 'not-verified-since' once RECHECK_DAYS have passed since its last check.
 * Only 'qualified' counts.
 */
export function qualificationState(offer: DatedOffer, now: Date): QualificationState {
  if (offer.status !== 'qualified') return offer.status;
  const t = now.getTime();
  if (Number.isNaN(t)) return 'expired'; // an invalid clock must not make anything count
  if (offer.qualifiedFrom && t < dayStart(offer.qualifiedFrom)) return 'in-progress';
  const end = qualificationEnd(offer);
  if (end !== null) return t < dayStart(end) ? 'qualified' : 'past-recorded-end';
  return checkOverdue(offer, t) ? 'not-verified-since' : 'qualified';
}

/**
 * The coarse status (the four values the sources use): qualificationState with its two "not known" states folded
 * into 'expired', for callers that only ask whether an offer counts. Prefer qualificationState for wording.
 */
export function qualificationStatus(offer: DatedOffer, now: Date): QualificationStatus {
  const state = qualificationState(offer, now);
  return state === 'past-recorded-end' || state === 'not-verified-since' ? 'expired' : state;
}

/** Whole days left before the offer stops counting (0 or less once it has), or null when nothing bounds it. */
export function daysUntilExpiry(offer: SecNumCloudOffer & { listedOn?: string }, now: Date): number | null {
  const end = qualificationEnd(offer);
  if (end === null) return null;
  return Math.ceil((dayStart(end) - now.getTime()) / DAY_MS);
}

/** The provider's offers that count at `now` for a host in this role (a CDN role only counts CDN offers). */
export function currentQualifiedOffers(providerId: string, role: Role, now: Date): SecNumCloudOffer[] {
  return offersOf(providerId).filter(
    (offer) => qualificationStatus(offer, now) === 'qualified' && (role !== 'cdn' || offer.serviceTypes.includes('CDN')),
  );
}

/**
 * The sovereignty level of a host served by `provider` in `role`:
 * extra-eu when the provider is under extra-EU law; secnumcloud only when evidence pinned a currently qualified offer of
 * this provider; secnumcloud-provider when the provider holds a currently qualified offer (which one the site uses
 * cannot be seen) and the address is on one of its cloud/hosting/CDN networks (`networkRole`; absent when no network
 * was seen, e.g. a rule on a host name); eu for other EU/EEA providers; unknown otherwise (no provider, or no
 * jurisdiction facts).
 */
export function assessSovereignty(provider: Provider | null, role: Role, now: Date, pinnedOfferId?: string, networkRole?: NetworkRole): Level {
  if (provider === null) return 'unknown';
  if (ALWAYS_EXTRA_EU.has(provider.id) || provider.jurisdiction.extraEuLaws.length > 0) return 'extra-eu';
  if (pinnedOfferId !== undefined) {
    const offer = offerById(pinnedOfferId);
    if (offer && offer.providerId === provider.id && qualificationStatus(offer, now) === 'qualified') return 'secnumcloud';
  }
  // An access, transit, corporate or payment network sells no hosting offer: the group's qualifications say nothing there.
  const hostingNetwork = networkRole === undefined || HOSTING_ROLES.has(networkRole);
  if (hostingNetwork && currentQualifiedOffers(provider.id, role, now).length > 0) return 'secnumcloud-provider';
  if (provider.jurisdiction.euEea) return 'eu';
  return 'unknown';
}

/** Levels from the least to the most reassuring: a verdict resting on two facts can only be as good as the weaker. */
const REASSURANCE: readonly Level[] = ['extra-eu', 'unknown', 'eu', 'secnumcloud-provider', 'secnumcloud'];

/** The less reassuring of two levels. */
export function leastReassuring(a: Level, b: Level): Level {
  return REASSURANCE.indexOf(a) <= REASSURANCE.indexOf(b) ? a : b;
}

/**
 * Whether a certified HDS row without a known end has gone RECHECK_DAYS without a check at `now` (or the clock is
 * invalid): then it no longer counts, like a SecNumCloud offer without a known end. Its last check is `lastVerified`.
 */
export function hdsCheckOverdue(certificate: HdsCertificate, now: Date): boolean {
  if (certificate.status !== 'certified' || certificate.certifiedUntil) return false;
  return checkOverdue(certificate, now.getTime());
}

/**
 * Whether an HDS certificate counts at `now`: certified and not past its certifiedUntil date. A certified row without
 * a known end reads 'unknown' (status not confirmed) once its check is overdue (`hdsCheckOverdue`): Vigie shows no
 * certification it cannot source with a check of less than six months.
 */
export function hdsStatus(certificate: HdsCertificate, now: Date): HdsCertificate['status'] {
  if (certificate.status !== 'certified') return certificate.status;
  if (certificate.certifiedUntil) return now.getTime() < dayStart(certificate.certifiedUntil) ? 'certified' : 'expired';
  return hdsCheckOverdue(certificate, now) ? 'unknown' : 'certified';
}

/** How to say an offer's state: locale keys (see _locales) and their arguments, so every surface words it alike. */
export interface QualificationWording {
  state: QualificationState;
  /** Short status, e.g. `qual_status_past_recorded_end`. */
  status: { key: string; args: string[] };
  /** What it rests on and what to check, for the two states that say what is not known. */
  detail?: { key: string; args: string[] };
}

/**
 * The wording of an offer's state at `now`. `listDate` is the date of the list the row comes from (the ANSSI
 * catalogue relay, data/secnumcloud.json meta.asOf), which a "past its recorded end" row must name.
 */
export function qualificationWording(offer: DatedOffer, now: Date, listDate: string): QualificationWording {
  const state = qualificationState(offer, now);
  switch (state) {
    case 'in-progress':
      return { state, status: offer.milestone ? { key: 'qual_status_in_progress_milestone', args: [offer.milestone] } : { key: 'qual_status_in_progress', args: [] } };
    case 'past-recorded-end':
      return {
        state,
        status: { key: 'qual_status_past_recorded_end', args: [] },
        detail: { key: 'qual_past_end_detail', args: [offer.listedOn ?? listDate, qualificationEnd(offer) ?? ''] },
      };
    case 'not-verified-since':
      return { state, status: { key: 'qual_status_not_verified_since', args: [lastVerified(offer) ?? listDate] }, detail: { key: 'qual_not_verified_detail', args: [] } };
    default:
      return { state, status: { key: `qual_status_${state}`, args: [] } };
  }
}
