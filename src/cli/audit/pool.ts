/**
 * Running many sites with at most `concurrency` in flight. Items are pulled from an iterator as lanes free up, so a
 * long list never sits in memory as pending promises. When the run's signal aborts (Ctrl-C), no new item starts and
 * the pool returns at once: in-flight items are abandoned, finished ones have already been handed to `onResult`.
 */
import { untilAborted } from '../cancellation.ts';

export interface PoolOutcome {
  /** Items whose result was handed to onResult. */
  completed: number;
  /** Items in flight when the run was stopped. */
  abandoned: number;
  /** True when the run's signal stopped it before the end. */
  stopped: boolean;
}

/** Runs `work` over every item, `concurrency` at a time, calling `onResult` in completion order. */
export async function runPool<T, R>(
  items: Iterable<T>,
  concurrency: number,
  work: (item: T) => Promise<R>,
  onResult: (result: R, item: T) => void,
  signal?: AbortSignal,
): Promise<PoolOutcome> {
  const iterator = items[Symbol.iterator]();
  let started = 0;
  let completed = 0;
  const lane = async (): Promise<void> => {
    while (!signal?.aborted) {
      const next = iterator.next();
      if (next.done) return;
      started++;
      const result = await untilAborted(work(next.value), signal);
      completed++;
      onResult(result, next.value);
    }
  };
  const lanes = Array.from({ length: Math.max(1, Math.floor(concurrency)) }, lane);
  try {
    await Promise.all(lanes);
  } catch (error) {
    if (!signal?.aborted || error !== signal.reason) throw error;
  }
  const stopped = signal?.aborted === true;
  return { completed, abandoned: stopped ? started - completed : 0, stopped };
}
