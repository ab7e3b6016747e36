import type { HealthVerdict } from '../core/types.ts';
import { translate, type Lang } from '../shared/i18n.ts';
import { healthCategoryName, healthReasonText } from './health-reason-text.ts';

export type SiteOverride = 'health' | 'not-health' | null;

function verdictKey(health: HealthVerdict) {
  if (health.override === 'health') return 'health_override_health' as const;
  if (health.override === 'not-health') return 'health_override_not_health' as const;
  return health.health ? ('health_yes' as const) : ('health_no' as const);
}

/** Each reason in the user's language when its code is known, else the classifier's English phrase (marked so). */
function reasonItems(health: HealthVerdict, lang: Lang): { text: string; english: boolean }[] {
  const codes = health.reasonCodes?.length === health.reasons.length ? health.reasonCodes : undefined;
  return health.reasons.map((reason, index) => {
    const code = codes?.[index];
    const text = code ? healthReasonText(lang, code) : null;
    return text === null ? { text: reason, english: true } : { text, english: false };
  });
}

/** Why the page was (or was not) judged health-related, and the user's one-click correction. */
export function HealthSection(props: {
  health: HealthVerdict | null;
  /** The page on which the site was recognised as health earlier this session, when that decided. */
  recognisedOn?: string | undefined;
  lang: Lang;
  busy: boolean;
  onOverride: (value: SiteOverride) => void;
}) {
  const { health, recognisedOn, lang, busy, onOverride } = props;
  const current = health?.override ?? null;
  return (
    <section aria-labelledby="health-title">
      <details open={current !== null}>
        <summary>
          <h2 id="health-title">{translate(lang, 'health_title')}</h2>
          {health ? <span class="muted"> ({translate(lang, health.health ? 'popup_yes' : 'popup_no')})</span> : null}
        </summary>
        {health ? (
          <>
            <p data-testid="health-verdict" data-health={health.health ? 'true' : 'false'}>
              {translate(lang, verdictKey(health))}
            </p>
            {recognisedOn ? <p data-testid="health-recognised-earlier">{translate(lang, 'popup_recognisedEarlier', recognisedOn)}</p> : null}
            {health.category ? <p>{translate(lang, 'health_category', healthCategoryName(lang, health.category))}</p> : null}
            <h3>{translate(lang, 'health_reasons')}</h3>
            {health.reasons.length ? (
              <ul data-testid="health-reasons">
                {reasonItems(health, lang).map((reason, index) => (
                  <li key={index} lang={reason.english ? 'en' : undefined}>
                    {reason.text}
                  </li>
                ))}
              </ul>
            ) : (
              <p data-testid="health-reasons">{translate(lang, 'health_no_reasons')}</p>
            )}
          </>
        ) : (
          <p data-testid="health-verdict">{translate(lang, 'health_pending')}</p>
        )}
        <div class="button-row">
          <button type="button" data-testid="override-health" aria-pressed={current === 'health'} disabled={busy} onClick={() => onOverride('health')}>
            {translate(lang, 'health_mark_health')}
          </button>
          <button
            type="button"
            data-testid="override-not-health"
            aria-pressed={current === 'not-health'}
            disabled={busy}
            onClick={() => onOverride('not-health')}
          >
            {translate(lang, 'health_mark_not_health')}
          </button>
          {current !== null ? (
            <button type="button" data-testid="override-reset" disabled={busy} onClick={() => onOverride(null)}>
              {translate(lang, 'health_reset')}
            </button>
          ) : null}
        </div>
      </details>
    </section>
  );
}
