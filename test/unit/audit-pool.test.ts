import { describe, expect, it } from 'vitest';
import { runPool } from '../../src/cli/audit/pool.ts';
import { sleep } from '../../src/cli/audit/cancellation.ts';

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
        await sleep(1 + (n % 4));
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
    setTimeout(() => controller.abort(new Error('interrupted')), 100);
    const began = Date.now();
    const outcome = await runPool(
      Array.from({ length: 100 }, (_, i) => i),
      4,
      async (n) => {
        started.push(n);
        // Items 0-3 finish fast; later ones hang until abandoned.
        await sleep(n < 4 ? 1 : 60_000);
        return n;
      },
      (r) => finished.push(r),
      controller.signal,
    );
    expect(outcome.stopped).toBe(true);
    expect(finished.sort()).toEqual([0, 1, 2, 3]);
    expect(outcome.completed).toBe(4);
    expect(outcome.abandoned).toBe(started.length - 4);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Date.now() - began).toBeLessThan(5000);
  });
});
