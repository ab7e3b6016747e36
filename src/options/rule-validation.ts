/**
 * Checks a rule typed in the options page with the same compiler the background uses (compileRules), and says what
 * is wrong in the user's language (the compiler's own messages are English, for logs and the CLI).
 */
import { compileRules } from '../core/rules.ts';
import type { ProviderRule } from '../core/types.ts';
import { translate, type Lang } from '../shared/i18n.ts';

/** The new rule ready to save, or the reason it cannot be. */
export type RuleCheck = { ok: true; rule: ProviderRule } | { ok: false; field: 'match' | 'provider'; message: string };

/** Validates one new user rule against the compiler and the rules already there. */
export function checkNewRule(match: string, providerId: string, existing: readonly ProviderRule[], lang: Lang): RuleCheck {
  const text = match.trim();
  if (text === '') return { ok: false, field: 'match', message: translate(lang, 'options_rules_error_empty') };
  if (providerId === '') return { ok: false, field: 'provider', message: translate(lang, 'options_rules_error_provider') };
  if (existing.some((r) => r.match.trim().toLowerCase() === text.toLowerCase())) {
    return { ok: false, field: 'match', message: translate(lang, 'options_rules_error_duplicate', text) };
  }
  const rule: ProviderRule = { match: text, providerId, origin: 'user' };
  const { errors } = compileRules([rule]);
  if (errors.length === 0) return { ok: true, rule };
  const message = errors[0]?.message ?? '';
  if (message.startsWith('Unknown provider')) return { ok: false, field: 'provider', message: translate(lang, 'options_rules_error_provider') };
  // The compiler reads anything with '/', ':' or only digits and dots as an address block.
  const meantAsCidr = text.includes('/') || text.includes(':') || /^[\d.]+$/.test(text);
  return { ok: false, field: 'match', message: translate(lang, meantAsCidr ? 'options_rules_error_cidr' : 'options_rules_error_host', text) };
}
