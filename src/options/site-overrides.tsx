import type { Settings } from '../shared/settings.ts';
import { translate, type Lang } from '../shared/i18n.ts';

/** Sites the user reclassified from the popup, each with a button to forget the choice. */
export function SiteOverrides(props: { overrides: Settings['siteOverrides']; lang: Lang; onChange: (next: Settings['siteOverrides']) => void }) {
  const { overrides, lang, onChange } = props;
  const sites = Object.keys(overrides).sort();
  return (
    <section aria-labelledby="overrides-title">
      <h2 id="overrides-title">{translate(lang, 'options_overrides_heading')}</h2>
      <p class="muted">{translate(lang, 'options_overrides_intro')}</p>
      {sites.length ? (
        <ul data-testid="overrides">
          {sites.map((site) => (
            <li key={site} data-site={site}>
              <code>{site}</code>
              {translate(lang, 'popup_colon')}
              {translate(lang, overrides[site] === 'health' ? 'options_overrides_health' : 'options_overrides_not_health')}{' '}
              <button
                type="button"
                onClick={() => {
                  const next = { ...overrides };
                  delete next[site];
                  onChange(next);
                }}
              >
                {translate(lang, 'options_overrides_remove', site)}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p data-testid="overrides">{translate(lang, 'options_overrides_empty')}</p>
      )}
    </section>
  );
}
