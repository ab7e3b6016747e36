import { describe, expect, it } from 'vitest';
import { formatRatioInterval, judgeAtMost, median, medianInterval, pairedRatios } from '../../bench/fixtures/paired-stats.ts';
import { seededRandom } from '../fixtures/seeded-random.ts';

/**
 * Rounds of two arms loading the same page on a machine whose load changes from round to round (a shared factor of
 * x1 to x3, as other sessions start and stop), each load with its own ±`jitter` noise; `slowdown` is the test arm's true cost.
 */
function rounds(count: number, slowdown: number, seed: number, jitter = 0.08): { reference: number[]; arm: number[] } {
  const random = seededRandom(seed);
  const reference: number[] = [];
  const arm: number[] = [];
  for (let r = 0; r < count; r++) {
    const load = 1 + 2 * random();
    reference.push(100 * load * (1 + jitter * (2 * random() - 1)));
    arm.push(100 * slowdown * load * (1 + jitter * (2 * random() - 1)));
  }
  return { reference, arm };
}

describe('paired page-load statistics', () => {
  it('finds no difference between two identical arms: the interval contains x1 and cannot settle a bound of x1', () => {
    const { reference, arm } = rounds(30, 1, 1);
    const interval = medianInterval(pairedRatios(arm, reference));
    expect(interval.low).toBeLessThanOrEqual(1);
    expect(interval.high).toBeGreaterThanOrEqual(1);
    expect(judgeAtMost(interval, 1)).toBe('UNDECIDED');
    expect(judgeAtMost(interval, 1.2)).toBe('MET');
  });

  it('measures a constant 10% slowdown as an interval around x1.10, despite the load tripling between rounds', () => {
    const { reference, arm } = rounds(30, 1.1, 2);
    const interval = medianInterval(pairedRatios(arm, reference));
    expect(interval.low).toBeLessThanOrEqual(1.1);
    expect(interval.high).toBeGreaterThanOrEqual(1.1);
    expect(interval.low).toBeGreaterThan(1.04);
    expect(interval.high).toBeLessThan(1.16);
    expect(judgeAtMost(interval, 1.01)).toBe('NOT MET');
    expect(judgeAtMost(interval, 1.2)).toBe('MET');
  });

  it('pairing is what removes the load: the same loads compared unpaired (shuffled rounds) leave a wide interval', () => {
    const { reference, arm } = rounds(30, 1.1, 3);
    const paired = medianInterval(pairedRatios(arm, reference));
    const shuffled = [...reference].reverse();
    const unpaired = medianInterval(pairedRatios(arm, shuffled));
    expect(paired.high - paired.low).toBeLessThan((unpaired.high - unpaired.low) / 3);
  });

  it('contains the true ratio in about 95% of runs of 20 rounds, even with load spikes that hit one arm only', () => {
    const random = seededRandom(119);
    // A load's own noise: ±8%, and one load in seven slowed x1.5-x3 by another job starting (this arm's only).
    const noisy = () => (1 + 0.08 * (2 * random() - 1)) * (random() < 0.15 ? 1.5 + 1.5 * random() : 1);
    const runs = 200;
    let covered = 0;
    for (let run = 0; run < runs; run++) {
      const reference: number[] = [];
      const arm: number[] = [];
      for (let r = 0; r < 20; r++) {
        const load = 1 + 2 * random();
        reference.push(100 * load * noisy());
        arm.push(110 * load * noisy());
      }
      const interval = medianInterval(pairedRatios(arm, reference), { seed: run, resamples: 1000 });
      if (interval.low <= 1.1 && interval.high >= 1.1) covered++;
    }
    expect(covered / runs).toBeGreaterThanOrEqual(0.9);
    expect(covered / runs).toBeLessThanOrEqual(0.99);
  });

  it('narrows with more rounds (mean width over five runs of each length)', () => {
    const widths = [10, 40, 160].map((count) => {
      const each = [4, 5, 6, 7, 8].map((seed) => {
        const { reference, arm } = rounds(count, 1.05, seed);
        const interval = medianInterval(pairedRatios(arm, reference));
        return interval.high - interval.low;
      });
      return each.reduce((a, b) => a + b, 0) / each.length;
    });
    expect(widths[1]).toBeLessThan(widths[0]!);
    expect(widths[2]).toBeLessThan(widths[1]!);
    expect(widths[2]).toBeLessThan(widths[0]! / 2);
  });

  it('gives the same interval for the same rounds and seed, and draws other resamples with another seed', () => {
    const ratios = pairedRatios(...(Object.values(rounds(25, 1.03, 5)).reverse() as [number[], number[]]));
    const first = medianInterval(ratios, { seed: 7 });
    expect(medianInterval(ratios, { seed: 7 })).toEqual(first);
    const others = [8, 9, 10, 11].map((seed) => medianInterval(ratios, { seed }));
    expect(others.some((o) => o.low !== first.low || o.high !== first.high)).toBe(true);
    // The seed moves only the interval's ends, never the median of the rounds themselves.
    for (const o of others) expect(o.median).toBe(first.median);
  });

  it('judges the bound itself as within, and only a wholly higher interval as not met', () => {
    expect(judgeAtMost({ low: 0.98, high: 1.01 }, 1.01)).toBe('MET');
    expect(judgeAtMost({ low: 1.01, high: 1.03 }, 1.01)).toBe('UNDECIDED');
    expect(judgeAtMost({ low: 1.011, high: 1.03 }, 1.01)).toBe('NOT MET');
  });

  it('takes the middle two values of an even count, and refuses rounds that do not pair', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([3, 1, 2])).toBe(2);
    expect(() => pairedRatios([1, 2], [1])).toThrow(/one value per round/);
    expect(() => pairedRatios([1], [0])).toThrow(/ratio/);
    expect(() => medianInterval([])).toThrow(/no rounds/);
  });

  it('prints the median, the interval and the number of rounds', () => {
    expect(formatRatioInterval({ median: 1.0123, low: 0.9912, high: 1.0344, rounds: 20, level: 0.95 })).toBe('x1.012 [95% CI x0.991-x1.034, 20 rounds]');
  });
});
