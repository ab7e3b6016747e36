import { dataDates } from '../core/catalog.ts';
import { translate, type Lang, type MessageKey } from '../shared/i18n.ts';
import { formatIsoDate } from '../shared/format-date.ts';

/** A list older than this many months gets a warning: qualifications expire and new ones appear. */
const STALE_AFTER_MONTHS = 6;

/** True when an ISO as-of date is more than six months before `now`. */
export function isStale(asOf: string, now: Date): boolean {
  const [y, m, d] = asOf.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return true;
  return Date.UTC(y, m - 1 + STALE_AFTER_MONTHS, d) <= now.getTime();
}

/** How old each bundled list is, with a warning on lists older than six months. */
export function DataFreshness(props: { lang: Lang; now: Date }) {
  const { lang, now } = props;
  const dates = dataDates();
  const rows: [MessageKey, string, string][] = [
    ['qual_list_providers', dates.providers, 'providers'],
    ['qual_list_secnumcloud', dates.secnumcloud, 'secnumcloud'],
    ['qual_list_hds', dates.hds, 'hds'],
  ];
  return (
    <ul class="freshness" data-testid="data-dates">
      {rows.map(([key, date, name]) => (
        <li key={name} data-list={name} data-stale={isStale(date, now) ? 'true' : 'false'}>
          {translate(lang, key, formatIsoDate(lang, date))}
          {isStale(date, now) ? <div class="warning">{translate(lang, 'qual_list_old')}</div> : null}
        </li>
      ))}
    </ul>
  );
}
