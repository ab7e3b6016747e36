/**
 * The level codes and names the CLI prints beside its level ids, as every other surface gives them (toolbar, popup,
 * badge key): a level id such as secnumcloud-provider would otherwise read like "qualified". Shared by `lookup` and
 * `audit` (table, summary, Markdown).
 */
import type { Level } from '../core/types.ts';
import { LEVELS } from '../shared/levels.ts';
import { levelCode, levelName } from '../shared/verdict-text.ts';
import type { LookupResult } from './host-result.ts';

/** What a code needs; rows read back from a results file may hold anything in provider and revealedOrigin. */
type Leveled = Pick<LookupResult, 'level' | 'provider' | 'revealedOrigin'>;

/**
 * The codes `level` takes among `results` (`US! CN!` for extra-EU providers of two countries); for a level no result
 * has, its one code, except extra-EU, whose code is a country's (none then).
 */
export function levelCodes(level: Level, results: readonly Leveled[]): string[] {
  const at = results.filter((r) => r.level === level);
  if (at.length === 0) return level === 'extra-eu' ? [] : [levelCode(level, 'en')];
  return [...new Set(at.map((r) => levelCode(level, 'en', r.revealedOrigin?.provider?.country ?? r.provider?.country ?? '')))];
}

/** "LEVEL:" then one line per level the results show: its id, its codes and its name. Empty when there is none. */
export function levelLegend(results: readonly Leveled[]): string[] {
  const shown = LEVELS.filter((level) => results.some((r) => r.level === level));
  if (shown.length === 0) return [];
  const rows = shown.map((level) => [level, levelCodes(level, results).join(' '), levelName(level, 'en')]);
  const widths = [0, 1].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  return ['LEVEL:', ...rows.map(([id, code, name]) => `  ${id!.padEnd(widths[0]!)}  ${code!.padEnd(widths[1]!)}  ${name}`)];
}
