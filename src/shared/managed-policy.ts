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

/** Reads the last policy copy at once; the browser's answer comes in `late`, and the copy is rewritten when it changed. */
export async function readPolicy(): Promise<PolicyRead> {
  const copy = (await localArea.get(MANAGED_COPY_KEY))[MANAGED_COPY_KEY];
  const policy = copy ?? {};
  const late = readManaged().then(async (raw) => {
    const fresh = sanitizeSettings(raw);
    if (JSON.stringify(fresh) === JSON.stringify(copy)) return undefined;
    await localArea.set({ [MANAGED_COPY_KEY]: fresh }).catch(() => undefined);
    return JSON.stringify(fresh) === JSON.stringify(sanitizeSettings(policy)) ? undefined : fresh;
  });
  return { policy, late };
}
