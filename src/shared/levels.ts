/**
 * The one source of how each sovereignty level is shown: its colour, its page-badge mark and the suffix of its
 * message keys. Every surface (toolbar, page badge, popup, options, exports) reads it from here.
 * Words (toolbar code, names, sentences) live in `_locales`, under the keys `levelKey` builds.
 */
import { LEVELS, type Level } from '../core/types.ts';

export { LEVELS, type Level };

export interface LevelStyle {
  /** Badge and swatch background; white text must stay readable on it (4.5:1). */
  color: string;
  /** Text colour on `color`. */
  onColor: string;
  /** One character shown before the page badge's words, so colour never carries the meaning alone. */
  mark: string;
  /** Suffix of the level's message keys, e.g. `level_eu`, `badgeText_extra_eu`. */
  keySuffix: string;
}

export const LEVEL_STYLES: Record<Level, LevelStyle> = {
  secnumcloud: { color: '#17663a', onColor: '#ffffff', mark: '✓', keySuffix: 'secnumcloud' },
  'secnumcloud-provider': { color: '#4d7c0f', onColor: '#ffffff', mark: '~', keySuffix: 'secnumcloud_provider' },
  eu: { color: '#1e4fa3', onColor: '#ffffff', mark: '●', keySuffix: 'eu' },
  'extra-eu': { color: '#b42318', onColor: '#ffffff', mark: '!', keySuffix: 'extra_eu' },
  unknown: { color: '#5b6472', onColor: '#ffffff', mark: '?', keySuffix: 'unknown' },
};

/** Badge background per level. */
export const LEVEL_COLORS: Record<Level, string> = Object.fromEntries(LEVELS.map((l) => [l, LEVEL_STYLES[l].color])) as Record<Level, string>;

/** Discreet colour for sites that are not health-related (when the badge scope is 'health'). */
export const DISCREET_COLOR = '#8a929e';

const LEVEL_SET: ReadonlySet<string> = new Set(LEVELS);

/** True for a string naming a level (for validating messages and stored data). */
export function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && LEVEL_SET.has(value);
}
