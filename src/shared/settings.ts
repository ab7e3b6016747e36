/**
 * User settings, their defaults and how managed (policy) values override them.
 * Stored in storage.local under SETTINGS_KEY; storage.managed keys with the same names win and show as locked.
 */
import type { ProviderRule } from '../core/types.ts';

export interface Settings {
  /** 'health': full alarm on health sites, discreet badge elsewhere; 'all': full alarm everywhere. */
  badgeScope: 'health' | 'all';
  /** Show the small badge inside health pages. */
  pageBadge: boolean;
  language: 'auto' | 'fr' | 'en';
  rules: ProviderRule[];
  /** Registrable domain -> user decision, wins over the classifier. */
  siteOverrides: Record<string, 'health' | 'not-health'>;
  /** Registrable domains where the user closed the page badge. */
  dismissedBadges: string[];
  /** Opt-in local history of visited health sites and their verdicts (storage.local only). */
  history: boolean;
}

export const SETTINGS_KEY = 'settings';

/** Sites where the page badge is hidden, at most; the oldest dismissal goes first. */
export const MAX_DISMISSED_BADGES = 1_000;

export const DEFAULT_SETTINGS: Settings = {
  badgeScope: 'health',
  pageBadge: true,
  language: 'auto',
  rules: [],
  siteOverrides: {},
  dismissedBadges: [],
  history: false,
};

export type ManagedSettings = Partial<Pick<Settings, 'badgeScope' | 'pageBadge' | 'language' | 'rules' | 'history'>>;

const MANAGED_KEYS = ['badgeScope', 'pageBadge', 'language', 'rules', 'history'] as const;

function isRule(value: unknown): value is ProviderRule {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return typeof r.match === 'string' && typeof r.providerId === 'string';
}

function sanitizeRule(r: ProviderRule): ProviderRule {
  const rule: ProviderRule = { match: r.match, providerId: r.providerId, origin: r.origin === 'managed' ? 'managed' : r.origin === 'demo' ? 'demo' : 'user' };
  if (r.wide === true) rule.wide = true;
  return rule;
}

/** Keeps only well-typed fields of a stored or managed object, so a corrupt value can never break the extension. */
export function sanitizeSettings(value: unknown): Partial<Settings> {
  if (typeof value !== 'object' || value === null) return {};
  const v = value as Record<string, unknown>;
  const out: Partial<Settings> = {};
  if (v.badgeScope === 'health' || v.badgeScope === 'all') out.badgeScope = v.badgeScope;
  if (typeof v.pageBadge === 'boolean') out.pageBadge = v.pageBadge;
  if (v.language === 'auto' || v.language === 'fr' || v.language === 'en') out.language = v.language;
  if (Array.isArray(v.rules)) out.rules = v.rules.filter(isRule).slice(0, 500).map(sanitizeRule);
  if (typeof v.siteOverrides === 'object' && v.siteOverrides !== null) {
    out.siteOverrides = Object.fromEntries(
      Object.entries(v.siteOverrides as Record<string, unknown>).filter(
        (e): e is [string, 'health' | 'not-health'] => e[1] === 'health' || e[1] === 'not-health',
      ),
    );
  }
  // The most recent dismissals are the ones kept (the list is in the order they were made).
  if (Array.isArray(v.dismissedBadges)) out.dismissedBadges = v.dismissedBadges.filter((d): d is string => typeof d === 'string').slice(-MAX_DISMISSED_BADGES);
  if (typeof v.history === 'boolean') out.history = v.history;
  return out;
}

/** Effective settings: defaults, then the user's, then managed values (which win); plus the names of locked fields. */
export function mergeSettings(stored: unknown, managed: unknown): { settings: Settings; locked: (keyof Settings)[] } {
  const user = sanitizeSettings(stored);
  const policy = sanitizeSettings(managed);
  const locked = MANAGED_KEYS.filter((k) => policy[k] !== undefined);
  const managedRules = (policy.rules ?? []).map((r) => ({ ...r, origin: 'managed' as const }));
  const settings: Settings = { ...DEFAULT_SETTINGS, ...user, ...policy };
  // Rules set by policy replace the user's own (and lock the editor); without policy rules the user's apply.
  settings.rules = policy.rules ? managedRules : (user.rules ?? []);
  return { settings, locked };
}
