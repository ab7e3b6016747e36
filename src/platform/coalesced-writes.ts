/**
 * Writes to one storage area merged per turn of the event loop's microtasks: the writes one event makes together (a
 * tab's report, the tab's sub-resource listener, the popup sites) cost one call to the browser instead of one each.
 * When a merged write fails (a full storage.session), each caller's items are written alone again, so one caller's
 * failure never costs another its write, and each caller gets its own result. Platform code only (src/platform/browser.ts).
 */
type Items = Record<string, unknown>;

interface Caller {
  items: Items;
  resolve(): void;
  reject(error: unknown): void;
}

export interface CoalescedWrites {
  /** Resolves once the items are written (merged with the other writes of this turn). */
  set(items: Items): Promise<void>;
  /** Drops these keys from the writes not yet made: a removal after a write of the same turn must win. */
  forget(keys: string | string[]): void;
}

export function coalescedWrites(write: (items: Items) => Promise<void>): CoalescedWrites {
  let pending: Caller[] | null = null;

  async function run(callers: Caller[]): Promise<void> {
    const merged: Items = Object.assign({}, ...callers.map((c) => c.items));
    if (Object.keys(merged).length === 0) return callers.forEach((c) => c.resolve());
    try {
      await write(merged);
      return callers.forEach((c) => c.resolve());
    } catch (error) {
      if (callers.length === 1) return callers[0]!.reject(error);
    }
    for (const caller of callers) {
      try {
        if (Object.keys(caller.items).length > 0) await write(caller.items);
        caller.resolve();
      } catch (error) {
        caller.reject(error);
      }
    }
  }

  return {
    set(items) {
      return new Promise<void>((resolve, reject) => {
        if (pending === null) {
          const callers: Caller[] = (pending = []);
          queueMicrotask(() => {
            pending = null;
            void run(callers);
          });
        }
        pending.push({ items: { ...items }, resolve, reject });
      });
    },
    forget(keys) {
      for (const caller of pending ?? []) for (const key of Array.isArray(keys) ? keys : [keys]) delete caller.items[key];
    },
  };
}
