/**
 * Checks a rule typed in the options page with the same compiler the background uses (compileRules), and says what
 * is wrong in the user's language (the compiler's own messages are English, for logs and the CLI).
 */
import { compileRules, isWideCidr, type RuleErrorCode } from '../core/rules.ts';
import type { ProviderRule } from '../core/types.ts';
import { translate, type Lang } from '../shared/i18n.ts';

/** The new rule ready to save, or the reason it cannot be. */
export type RuleCheck = { ok: true; rule: ProviderRule } | { ok: false; field: 'match' | 'provider'; code?: RuleErrorCode; message: string };

/**
 * Validates one new user rule against the compiler and the rules already there. `confirmedWide`: the user ticked the
 * confirmation a CIDR wider than a /8 (IPv4) or a /32 (IPv6) needs.
 */
export function checkNewRule(match: string, providerId: string, existing: readonly ProviderRule[], lang: Lang, confirmedWide = false): RuleCheck {
  const text = match.trim();
  if (text === '') return { ok: false, field: 'match', message: translate(lang, 'options_rules_error_empty') };
  if (providerId === '') return { ok: false, field: 'provider', message: translate(lang, 'options_rules_error_provider') };
  if (existing.some((r) => r.match.trim().toLowerCase() === text.toLowerCase())) {
    return { ok: false, field: 'match', message: translate(lang, 'options_rules_error_duplicate', text) };
  }
  const rule: ProviderRule = { match: text, providerId, origin: 'user', ...(confirmedWide && isWideCidr(text) ? { wide: true } : {}) };
  const [error] = compileRules([rule]).errors;
  if (!error) return { ok: true, rule };
  switch (error.code) {
    case 'unknown-provider':
      return { ok: false, field: 'provider', code: error.code, message: translate(lang, 'options_rules_error_provider') };
    case 'too-wide':
      return { ok: false, field: 'match', code: error.code, message: translate(lang, 'options_rules_error_wide', text) };
    case 'empty':
      return { ok: false, field: 'match', code: error.code, message: translate(lang, 'options_rules_error_empty') };
    case 'bad-cidr':
      return { ok: false, field: 'match', code: error.code, message: translate(lang, 'options_rules_error_cidr', text) };
    case 'bad-host':
      return { ok: false, field: 'match', code: error.code, message: translate(lang, 'options_rules_error_host', text) };
  }
}
