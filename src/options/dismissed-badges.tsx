import { translate, type Lang } from '../shared/i18n.ts';

/** Sites where the user closed the page badge, each with a button to show it again. */
export function DismissedBadges(props: { sites: string[]; lang: Lang; onChange: (next: string[]) => void }) {
  const { sites, lang, onChange } = props;
  return (
    <section aria-labelledby="dismissed-title">
      <h2 id="dismissed-title">{translate(lang, 'options_dismissed_heading')}</h2>
      <p class="muted">{translate(lang, 'options_dismissed_intro')}</p>
      {sites.length ? (
        <ul data-testid="dismissed">
          {sites.map((site) => (
            <li key={site} data-site={site}>
              <code>{site}</code>{' '}
              <button type="button" onClick={() => onChange(sites.filter((s) => s !== site))}>
                {translate(lang, 'options_dismissed_restore', site)}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p data-testid="dismissed">{translate(lang, 'options_dismissed_empty')}</p>
      )}
    </section>
  );
}
