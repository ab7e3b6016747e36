/**
 * The one source of how each sovereignty level is shown: its colour, its page-badge mark and the suffix of its
 * message keys. Every surface (toolbar, page badge, popup, options, badge key, exports, CLI) reads it from here.
 * Words (toolbar code, name, one-sentence explanation) live in `_locales`, under the keys `levelKey` builds:
 * `badgeText_<suffix>` (toolbar code), `level_<suffix>` (name), `key_<suffix>` (badge key sentence),
 * `forYou_<suffix>` (what it means for the visitor).
 */
import { LEVELS, type Level } from '../core/types.ts';

export { LEVELS, type Level };

export interface LevelStyle {
  /**
   * Badge, swatch and bar colour. Chosen so that white text on it reaches 4.5:1 and it stands at least 3:1 from both
   * the light (#ffffff) and the dark (#17191d) page backgrounds (test/unit/level-contrast.test.ts).
   */
  color: string;
  /** Text colour on `color`. */
  onColor: string;
  /** One character shown before the page badge's words and in the badge key, so colour never carries the meaning alone. */
  mark: string;
  /** Suffix of the level's message keys, e.g. `level_eu`, `badgeText_extra_eu`. */
  keySuffix: string;
}

/**
 * "Provider with qualified offers" is deliberately not green (a patient reads green as safe) and not the EU blue:
 * an indigo with its own `+` mark and `UE+`/`EU+` code, since the site's own offer cannot be seen.
 */
export const LEVEL_STYLES: Record<Level, LevelStyle> = {
  secnumcloud: { color: '#1f7a45', onColor: '#ffffff', mark: '✓', keySuffix: 'secnumcloud' },
  'secnumcloud-provider': { color: '#6b5bd6', onColor: '#ffffff', mark: '+', keySuffix: 'secnumcloud_provider' },
  eu: { color: '#2563c9', onColor: '#ffffff', mark: '●', keySuffix: 'eu' },
  'extra-eu': { color: '#c8322a', onColor: '#ffffff', mark: '!', keySuffix: 'extra_eu' },
  unknown: { color: '#646b76', onColor: '#ffffff', mark: '?', keySuffix: 'unknown' },
};

/** Badge background per level. */
export const LEVEL_COLORS: Record<Level, string> = Object.fromEntries(LEVELS.map((l) => [l, LEVEL_STYLES[l].color])) as Record<Level, string>;

/**
 * Discreet colour for sites that are not health-related (when the badge scope is 'health'): a grey that still
 * carries white text at 4.5:1 and stands 3:1 from a dark toolbar.
 */
export const DISCREET_COLOR = '#6b7280';

const LEVEL_SET: ReadonlySet<string> = new Set(LEVELS);

/** True for a string naming a level (for validating messages and stored data). */
export function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && LEVEL_SET.has(value);
}
