/**
 * Text stays readable in both system themes: WCAG AA contrast for every text colour pair the pages use; level colours
 * (badges, swatches, the headline bar) stand 3:1 from both page backgrounds and carry their text at 4.5:1.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DISCREET_COLOR, LEVEL_STYLES, LEVELS } from '../../src/shared/levels.ts';

const css = readFileSync(join(resolve(import.meta.dirname, '../..'), 'src/ui/theme.css'), 'utf8');

function variables(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]));
}

const light = variables(css.slice(css.indexOf(':root {'), css.indexOf('@media (prefers-color-scheme: dark)')));
const dark = { ...light, ...variables(css.slice(css.indexOf('@media (prefers-color-scheme: dark)'))) };

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const TEXT_PAIRS: [string, string][] = [
  ['fg', 'bg'],
  ['muted', 'bg'],
  ['link', 'bg'],
  ['warn-fg', 'warn-bg'],
  ['sent-fg', 'sent-bg'],
  ['sent-fg', 'bg'],
  ['button-fg', 'button-bg'],
  ['primary-fg', 'primary-bg'],
];

describe.each([
  ['light', light],
  ['dark', dark],
])('%s theme', (_name, theme) => {
  it('defines a different palette per theme', () => {
    expect(light.bg).not.toBe(dark.bg);
  });

  it.each(TEXT_PAIRS)('%s on %s reaches 4.5:1', (fg, bg) => {
    expect(theme[fg], fg).toBeDefined();
    expect(theme[bg], bg).toBeDefined();
    expect(contrast(theme[fg]!, theme[bg]!)).toBeGreaterThanOrEqual(4.5);
  });
});

describe('level colours', () => {
  it.each(LEVELS)('%s: its text reads at 4.5:1 and the colour stands 3:1 from the light and the dark background', (level) => {
    const style = LEVEL_STYLES[level];
    expect(contrast(style.onColor, style.color)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(style.color, light.bg!)).toBeGreaterThanOrEqual(3);
    expect(contrast(style.color, dark.bg!)).toBeGreaterThanOrEqual(3);
    // The page badge's mark: the level colour on a white disc.
    expect(contrast(style.color, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('the discreet grey toolbar badge carries white text at 4.5:1 and stands 3:1 from a dark toolbar', () => {
    expect(contrast('#ffffff', DISCREET_COLOR)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(DISCREET_COLOR, dark.bg!)).toBeGreaterThanOrEqual(3);
  });

  it('"provider with qualified offers" is not green and not the EU blue', () => {
    const hue = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
      const max = Math.max(r, g, b);
      const d = max - Math.min(r, g, b);
      const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
      return (h * 60 + 360) % 360;
    };
    const provider = hue(LEVEL_STYLES['secnumcloud-provider'].color);
    expect(provider < 75 || provider > 165).toBe(true);
    expect(Math.abs(provider - hue(LEVEL_STYLES.eu.color))).toBeGreaterThan(20);
    expect(new Set(LEVELS.map((l) => LEVEL_STYLES[l].mark)).size).toBe(LEVELS.length);
  });
});
