/**
 * The managed (policy) settings, read without waiting on a slow policy service. Chromium answers `storage.managed`
 * only once its policy service is up, seconds after the browser starts (measured by the pageload bench: 3-4 s, once
 * over 20 s; Ghostery and Privacy Badger stopped waiting for it too): the worker queued every event meanwhile, and a
 * popup opened then spoke the browser's language instead of the user's. Readers wait MANAGED_WAIT_MS at most; the
 * last policy read (kept in storage.local, which only the extension writes) stands until the policy answers.
 */
import { localArea, readManaged } from '../platform/browser.ts';
import { sanitizeSettings } from './settings.ts';

export const MANAGED_WAIT_MS = 500;
/** storage.local key of the last managed policy read (sanitized). */
export const MANAGED_COPY_KEY = 'managedPolicy';

/** The policy to apply now, and, when the browser did not answer in time, the policy it gives later. */
export interface PolicyRead {
  policy: unknown;
  late?: Promise<unknown>;
}

/** Reads the managed policy, MANAGED_WAIT_MS at most; the copy is rewritten when the policy changed. */
export async function readPolicy(): Promise<PolicyRead> {
  const copy = (await localArea.get(MANAGED_COPY_KEY))[MANAGED_COPY_KEY];
  const fresh = readManaged().then(async (raw) => {
    const policy = sanitizeSettings(raw);
    if (JSON.stringify(policy) !== JSON.stringify(copy)) await localArea.set({ [MANAGED_COPY_KEY]: policy }).catch(() => undefined);
    return policy;
  });
  const late = Symbol('late');
  const inTime = await Promise.race([fresh, new Promise<typeof late>((resolve) => setTimeout(() => resolve(late), MANAGED_WAIT_MS))]);
  return inTime === late ? { policy: copy ?? {}, late: fresh } : { policy: inTime };
}
