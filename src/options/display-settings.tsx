import type { Settings } from '../shared/settings.ts';
import { translate, type Lang } from '../shared/i18n.ts';
import { LockedNote } from './locked-note.tsx';

/** Badge scope, page badge and language; a field locked by policy is disabled and says so. */
export function DisplaySettings(props: {
  settings: Settings;
  locked: (keyof Settings)[];
  lang: Lang;
  onChange: (change: Partial<Settings>) => void;
}) {
  const { settings, locked, lang, onChange } = props;
  const isLocked = (key: keyof Settings) => locked.includes(key);
  return (
    <section aria-labelledby="display-title">
      <h2 id="display-title">{translate(lang, 'options_badge_heading')}</h2>
      <fieldset disabled={isLocked('badgeScope')} aria-describedby={isLocked('badgeScope') ? 'scope-locked' : undefined}>
        <legend>
          {translate(lang, 'options_scope_legend')}
          {isLocked('badgeScope') ? <LockedNote lang={lang} id="scope-locked" /> : null}
        </legend>
        <label class="choice">
          <input
            type="radio"
            name="badgeScope"
            value="health"
            data-testid="scope-health"
            checked={settings.badgeScope === 'health'}
            onChange={() => onChange({ badgeScope: 'health' })}
          />
          {translate(lang, 'options_scope_health')}
        </label>
        <label class="choice">
          <input
            type="radio"
            name="badgeScope"
            value="all"
            data-testid="scope-all"
            checked={settings.badgeScope === 'all'}
            onChange={() => onChange({ badgeScope: 'all' })}
          />
          {translate(lang, 'options_scope_all')}
        </label>
      </fieldset>
      <p>
        <label class="choice">
          <input
            type="checkbox"
            data-testid="page-badge"
            checked={settings.pageBadge}
            disabled={isLocked('pageBadge')}
            aria-describedby={isLocked('pageBadge') ? 'page-badge-locked' : undefined}
            onChange={(event) => onChange({ pageBadge: event.currentTarget.checked })}
          />
          {translate(lang, 'options_page_badge')}
        </label>
        {isLocked('pageBadge') ? <LockedNote lang={lang} id="page-badge-locked" /> : null}
      </p>
      <p>
        <label for="language">{translate(lang, 'options_language_label')}</label>{' '}
        <select
          id="language"
          data-testid="language"
          value={settings.language}
          disabled={isLocked('language')}
          aria-describedby={isLocked('language') ? 'language-locked' : undefined}
          onChange={(event) => onChange({ language: event.currentTarget.value as Settings['language'] })}
        >
          <option value="auto">{translate(lang, 'options_language_auto')}</option>
          <option value="fr" lang="fr">
            {translate(lang, 'options_language_fr')}
          </option>
          <option value="en" lang="en">
            {translate(lang, 'options_language_en')}
          </option>
        </select>{' '}
        {isLocked('language') ? <LockedNote lang={lang} id="language-locked" /> : null}
      </p>
    </section>
  );
}
