import { translate, type Lang } from '../shared/i18n.ts';
import { DISCREET_COLOR, LEVEL_STYLES, LEVELS } from '../shared/levels.ts';
import { levelKey, levelName } from '../shared/verdict-text.ts';
import { LevelCode, LevelMark } from './level-label.tsx';

/**
 * The badge key: for each level, the toolbar code on its colour, the page-badge mark, the level's name and one
 * sentence; then what the grey badge means. Shown on the first-run page and in the options.
 */
export function BadgeKey(props: { lang: Lang; headingLevel?: 'h2' | 'h1' }) {
  const { lang } = props;
  const Heading = props.headingLevel ?? 'h2';
  return (
    <section class="badge-key" aria-labelledby="badge-key-title" data-testid="badge-key">
      <Heading id="badge-key-title">{translate(lang, 'key_heading')}</Heading>
      <p>{translate(lang, 'key_intro')}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{translate(lang, 'key_code')}</th>
            <th scope="col">{translate(lang, 'key_mark')}</th>
            <th scope="col">{translate(lang, 'key_meaning')}</th>
          </tr>
        </thead>
        <tbody>
          {LEVELS.map((level) => (
            <tr key={level} data-testid="key-row" data-level={level}>
              <td>
                <LevelCode level={level} lang={lang} country={level === 'extra-eu' ? 'US' : ''} />
              </td>
              <td>
                <LevelMark level={level} />
                <span class="visually-hidden">{LEVEL_STYLES[level].mark}</span>
              </td>
              <td>
                <strong>{levelName(level, lang)}</strong>
                <br />
                {translate(lang, levelKey('key', level))}
              </td>
            </tr>
          ))}
          <tr data-testid="key-row" data-level="discreet">
            <td>
              <LevelCode level="extra-eu" lang={lang} country="US" color={DISCREET_COLOR} />
            </td>
            <td>—</td>
            <td>
              <strong>{translate(lang, 'key_discreet_name')}</strong>
              <br />
              {translate(lang, 'key_discreet')}
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
