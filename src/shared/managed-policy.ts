/**
 * The managed (policy) settings, read without waiting on the browser's policy service. Chromium can leave
 * `storage.managed.get` unanswered for seconds (3-4 s after the browser starts in the pageload bench, once over 20 s;
 * in the startup bench's back-to-back worker restarts, over 500 ms every time): the worker, whose readiness waited for
 * it, queued every event meanwhile, and a popup opened then spoke the browser's language instead of the user's.
 * Ghostery and Privacy Badger stopped waiting for it too. Readers take the last policy read at once (kept in
 * storage.local, which only the extension writes; none before the first answer) and the policy when it answers.
 */
import { localArea, readManaged } from '../platform/browser.ts';
import { sanitizeSettings } from './settings.ts';

/** storage.local key of the last managed policy read (sanitized). */
export const MANAGED_COPY_KEY = 'managedPolicy';

/** The policy to apply now, and the policy the browser gives, when it differs from it. */
export interface PolicyRead {
  policy: unknown;
  /** Resolves with the managed policy when it differs from `policy` (else with undefined). */
  late: Promise<unknown>;
}

/** The storage.local keys a settings reader gets in one read with its own: the copy of the last policy. */
export const POLICY_KEYS = [MANAGED_COPY_KEY];

/**
 * The last policy copy (from `stored`, the reader's storage.local read, which included POLICY_KEYS) at once; the
 * browser's answer comes in `late` when it differs, and the copy is then rewritten.
 */
export function readPolicy(stored: Record<string, unknown>): PolicyRead {
  const policy = stored[MANAGED_COPY_KEY] ?? {};
  const late = readManaged().then(async (raw) => {
    const fresh = sanitizeSettings(raw);
    if (JSON.stringify(fresh) === JSON.stringify(policy)) return undefined;
    await localArea.set({ [MANAGED_COPY_KEY]: fresh }).catch(() => undefined);
    return fresh;
  });
  return { policy, late };
}
