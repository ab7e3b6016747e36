import type { Level } from '../core/types.ts';
import { translate, type Lang } from '../shared/i18n.ts';
import { LEVEL_COLORS, levelKey } from '../shared/verdict-text.ts';

/** A level in words with its colour swatch beside them, so colour never carries the meaning alone. */
export function LevelLabel(props: { level: Level; lang: Lang; testId?: string }) {
  return (
    <span class="level-label" data-testid={props.testId} data-level={props.level}>
      <span class="level-swatch" aria-hidden="true" style={{ background: LEVEL_COLORS[props.level] }} />
      {translate(props.lang, levelKey('level', props.level))}
    </span>
  );
}
