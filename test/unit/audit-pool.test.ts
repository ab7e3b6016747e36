import { describe, expect, it } from 'vitest';
import { runPool } from '../../src/cli/audit/pool.ts';

/** A promise settled by hand, so the test decides the order of events instead of the clock. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('audit pool', () => {
  it('never has more than `concurrency` items in flight and finishes every item', async () => {
    let inFlight = 0;
    let peak = 0;
    const results: number[] = [];
    const outcome = await runPool(
      Array.from({ length: 40 }, (_, i) => i),
      3,
      async (n) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        // Items finish after different numbers of turns of the event loop, so they complete out of order.
        for (let turn = 0; turn < 1 + (n % 4); turn++) await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return n * 2;
      },
      (r) => results.push(r),
    );
    expect(peak).toBe(3);
    expect(outcome).toEqual({ completed: 40, abandoned: 0, stopped: false });
    expect(results.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i * 2));
  });

  it('stops at once on abort: finished results kept, in-flight ones abandoned, nothing new started', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const finished: number[] = [];
    const never = deferred<number>();
    const outcome = await runPool(
      Array.from({ length: 100 }, (_, i) => i),
      4,
      async (n) => {
        started.push(n);
        // Items 0-3 finish at once; later ones never do. Once all four lanes hang, Ctrl-C arrives.
        if (n < 4) return n;
        if (started.length === 8) queueMicrotask(() => controller.abort(new Error('interrupted')));
        return never.promise;
      },
      (r) => finished.push(r),
      controller.signal,
    );
    expect(outcome.stopped).toBe(true);
    expect(finished.sort()).toEqual([0, 1, 2, 3]);
    expect(outcome.completed).toBe(4);
    expect(outcome.abandoned).toBe(4);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
