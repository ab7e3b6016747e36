import { useState } from 'preact/hooks';
import { PROVIDERS, SECNUMCLOUD_OFFERS, providerById } from '../core/catalog.ts';
import type { ProviderRule } from '../core/types.ts';
import { translate, type Lang } from '../shared/i18n.ts';
import { LockedNote } from './locked-note.tsx';
import { checkNewRule } from './rule-validation.ts';

// Lists made at render, not at module load: the page installs its catalog after its modules load (main.tsx).
const providerOptions = () => [...PROVIDERS].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
const offerOptions = () => SECNUMCLOUD_OFFERS.filter((o) => o.status === 'qualified');

function targetName(providerId: string): string {
  const offer = SECNUMCLOUD_OFFERS.find((o) => o.id === providerId);
  if (offer) return `${providerById(offer.providerId)?.name ?? offer.providerId}: ${offer.offer}`;
  return providerById(providerId)?.name ?? providerId;
}

/** Whether a rule's target is a SecNumCloud offer (it pins that offer: the site then reads SNC on the rule's word alone). */
function isOffer(targetId: string): boolean {
  return SECNUMCLOUD_OFFERS.some((o) => o.id === targetId);
}

/**
 * The custom rules: CIDR or host -> provider (or a SecNumCloud offer, with a note that the sites it covers then read
 * SNC on the user's word: Vigie cannot see an offer); managed rules shown locked.
 */
export function RulesEditor(props: { rules: ProviderRule[]; locked: boolean; lang: Lang; onSave: (userRules: ProviderRule[]) => Promise<void> }) {
  const { rules, locked, lang, onSave } = props;
  const [match, setMatch] = useState('');
  const [providerId, setProviderId] = useState('');
  const [error, setError] = useState<{ field: 'match' | 'provider'; code?: string; message: string } | null>(null);
  const [confirmedWide, setConfirmedWide] = useState(false);
  const [status, setStatus] = useState('');
  const userRules = rules.filter((r) => r.origin !== 'managed');
  const pinsOffer = isOffer(providerId);

  const add = async (event: Event): Promise<void> => {
    event.preventDefault();
    const check = checkNewRule(match, providerId, rules, lang, confirmedWide);
    if (!check.ok) {
      setError({ field: check.field, ...(check.code ? { code: check.code } : {}), message: check.message });
      setStatus('');
      return;
    }
    setError(null);
    await onSave([...userRules, check.rule]);
    setMatch('');
    setProviderId('');
    setConfirmedWide(false);
    setStatus(translate(lang, 'options_rules_added'));
  };

  return (
    <section aria-labelledby="rules-title">
      <h2 id="rules-title">
        {translate(lang, 'options_rules_heading')} {locked ? <LockedNote lang={lang} id="rules-locked" /> : null}
      </h2>
      <p class="muted">{translate(lang, 'options_rules_intro')}</p>
      {rules.length ? (
        <ul class="rules" data-testid="rules">
          {rules.map((rule) => (
            <li key={`${rule.origin}:${rule.match}`} data-origin={rule.origin}>
              <code>{rule.match}</code> → {targetName(rule.providerId)}
              {rule.origin === 'managed' ? (
                <span class="muted"> ({translate(lang, 'options_rules_managed')})</span>
              ) : (
                <>
                  {' '}
                  <button
                    type="button"
                    disabled={locked}
                    aria-label={translate(lang, 'options_rules_remove_label', rule.match)}
                    onClick={() => void onSave(userRules.filter((r) => r !== rule))}
                  >
                    {translate(lang, 'options_rules_remove')}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p data-testid="rules">{translate(lang, 'options_rules_empty')}</p>
      )}
      {locked ? null : (
        <form class="rule-form" onSubmit={(event) => void add(event)} noValidate>
          <div class="field">
            <label for="rule-match">{translate(lang, 'options_rules_match')}</label>
            <input
              id="rule-match"
              type="text"
              data-testid="rule-match"
              value={match}
              spellcheck={false}
              autocomplete="off"
              placeholder="192.0.2.0/24"
              aria-invalid={error?.field === 'match'}
              aria-describedby={error?.field === 'match' ? 'rule-error' : undefined}
              onInput={(event) => setMatch(event.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="rule-provider">{translate(lang, 'options_rules_provider')}</label>
            <select
              id="rule-provider"
              data-testid="rule-provider"
              value={providerId}
              aria-invalid={error?.field === 'provider'}
              aria-describedby={[error?.field === 'provider' ? 'rule-error' : '', pinsOffer ? 'rule-offer-note' : ''].filter(Boolean).join(' ') || undefined}
              onChange={(event) => setProviderId(event.currentTarget.value)}
            >
              <option value="">{translate(lang, 'options_rules_provider_choose')}</option>
              <optgroup label={translate(lang, 'evidence_provider')}>
                {providerOptions().map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </optgroup>
              <optgroup label={translate(lang, 'qual_snc_heading')}>
                {offerOptions().map((o) => (
                  <option key={o.id} value={o.id}>
                    {targetName(o.id)}
                  </option>
                ))}
              </optgroup>
            </select>
          </div>
          {pinsOffer ? (
            <p id="rule-offer-note" class="muted" data-testid="rule-offer-note">
              {translate(lang, 'options_rules_offer_note')}
            </p>
          ) : null}
          {error?.code === 'too-wide' || confirmedWide ? (
            <label class="field">
              <input type="checkbox" data-testid="rule-confirm-wide" checked={confirmedWide} onChange={(event) => setConfirmedWide(event.currentTarget.checked)} />{' '}
              {translate(lang, 'options_rules_confirmWide')}
            </label>
          ) : null}
          <button type="submit" class="primary" data-testid="rule-add">
            {translate(lang, 'options_rules_add')}
          </button>
          <p id="rule-error" class="error" role="alert" data-testid="rule-error">
            {error?.message ?? ''}
          </p>
          <p class="status" role="status">
            {status}
          </p>
        </form>
      )}
    </section>
  );
}
