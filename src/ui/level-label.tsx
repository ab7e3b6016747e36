import type { Level } from '../core/types.ts';
import type { Lang } from '../shared/i18n.ts';
import { LEVEL_STYLES } from '../shared/levels.ts';
import { levelCode, levelName } from '../shared/verdict-text.ts';

/**
 * A level in words with its colour swatch beside them, so colour never carries the meaning alone; `name` replaces the
 * level's name where a surface qualifies it (a third party's offer).
 */
export function LevelLabel(props: { level: Level; lang: Lang; name?: string; testId?: string }) {
  return (
    <span class="level-label" data-testid={props.testId} data-level={props.level}>
      <span class="level-swatch" aria-hidden="true" style={{ background: LEVEL_STYLES[props.level].color }} />
      {props.name ?? levelName(props.level, props.lang)}
    </span>
  );
}

/** The level's toolbar code on its colour, as the toolbar badge shows it (e.g. `US!` on red). */
export function LevelCode(props: { level: Level; lang: Lang; country?: string; color?: string; testId?: string }) {
  const style = LEVEL_STYLES[props.level];
  return (
    <span
      class="level-code"
      data-testid={props.testId}
      data-level={props.level}
      style={{ background: props.color ?? style.color, color: style.onColor }}
    >
      {levelCode(props.level, props.lang, props.country)}
    </span>
  );
}

/** The level's page-badge mark as the badge inside pages shows it: the level's colour on a white disc. */
export function LevelMark(props: { level: Level }) {
  const style = LEVEL_STYLES[props.level];
  return (
    <span class="level-mark" aria-hidden="true" style={{ color: style.color, background: '#ffffff', borderColor: style.color }}>
      {style.mark}
    </span>
  );
}
