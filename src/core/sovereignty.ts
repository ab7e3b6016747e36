/**
 * Provider -> sovereignty level (DESIGN.md "Assess"). Dates are compared at assessment time, never baked in the data:
 * a qualification stops counting on its expiry date (UTC calendar day) unless a renewal is recorded as another offer row.
 */
import { offerById, offersOf } from './catalog.ts';
import type { HdsCertificate, Level, Provider, QualificationStatus, Role, SecNumCloudOffer } from './types.ts';

/** Groups under US law that must never read as anything but extra-EU, whatever the data says (belt and braces). */
const ALWAYS_EXTRA_EU = new Set(['microsoft', 'aws', 'google', 'cloudflare', 'akamai', 'fastly']);

/** A qualification lasts at most three years (ANSSI); bounds listed offers whose expiry the sources did not give. */
const MAX_QUALIFICATION_YEARS = 3;

const DAY_MS = 86_400_000;

/** Milliseconds of the start (00:00 UTC) of an ISO date, or NaN. */
function dayStart(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`);
}

function addYears(iso: string, years: number): string {
  const [y, rest] = [Number(iso.slice(0, 4)), iso.slice(4)];
  return `${String(y + years).padStart(4, '0')}${rest}`;
}

/** The date (ISO) from which an offer stops counting, or null when nothing bounds it. */
export function qualificationEnd(offer: SecNumCloudOffer & { listedOn?: string }): string | null {
  if (offer.qualifiedUntil) return offer.qualifiedUntil;
  if (offer.listedOn) return addYears(offer.listedOn, MAX_QUALIFICATION_YEARS);
  return null;
}

/**
 * The status of an offer at `now`: a 'qualified' row turns 'expired' on its qualifiedUntil date (or three years after
 * its listing when the expiry is unknown), and is not yet qualified before qualifiedFrom. Other statuses are kept.
 */
export function qualificationStatus(offer: SecNumCloudOffer & { listedOn?: string }, now: Date): QualificationStatus {
  if (offer.status !== 'qualified') return offer.status;
  const t = now.getTime();
  if (Number.isNaN(t)) return 'expired'; // an invalid clock must not make anything count
  if (offer.qualifiedFrom && t < dayStart(offer.qualifiedFrom)) return 'in-progress';
  const end = qualificationEnd(offer);
  if (end !== null && !(t < dayStart(end))) return 'expired';
  return 'qualified';
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
 * cannot be seen); eu for other EU/EEA providers; unknown otherwise (no provider, or no jurisdiction facts).
 */
export function assessSovereignty(provider: Provider | null, role: Role, now: Date, pinnedOfferId?: string): Level {
  if (provider === null) return 'unknown';
  if (ALWAYS_EXTRA_EU.has(provider.id) || provider.jurisdiction.extraEuLaws.length > 0) return 'extra-eu';
  if (pinnedOfferId !== undefined) {
    const offer = offerById(pinnedOfferId);
    if (offer && offer.providerId === provider.id && qualificationStatus(offer, now) === 'qualified') return 'secnumcloud';
  }
  if (currentQualifiedOffers(provider.id, role, now).length > 0) return 'secnumcloud-provider';
  if (provider.jurisdiction.euEea) return 'eu';
  return 'unknown';
}

/** Whether an HDS certificate counts at `now`: certified and not past its certifiedUntil date. */
export function hdsStatus(certificate: HdsCertificate, now: Date): HdsCertificate['status'] {
  if (certificate.status !== 'certified') return certificate.status;
  if (certificate.certifiedUntil && !(now.getTime() < dayStart(certificate.certifiedUntil))) return 'expired';
  return 'certified';
}
