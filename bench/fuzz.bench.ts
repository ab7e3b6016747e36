/**
 * The long fuzz run: every robustness property of test/unit/fuzz-properties.ts, 100,000 runs each (FUZZ_RUNS to
 * change), with a printed seed so any failure can be replayed. `npm run bench -- fuzz`.
 */
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { FAMILIES } from '../test/unit/fuzz-properties.ts';

export default async function (): Promise<void> {
  const runs = Number(process.env.FUZZ_RUNS ?? 100_000);
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
  console.log(`fast-check ${runs.toLocaleString('en')} runs per family, seed ${seed}`);
  let failures = 0;
  for (const family of FAMILIES) {
    const started = performance.now();
    const result = fc.check(family.property(), { numRuns: runs, seed });
    const seconds = (performance.now() - started) / 1000;
    const status = result.failed ? `FAILED after ${result.numRuns} runs: ${String(result.errorInstance ?? result.counterexample).slice(0, 400)}` : 'ok';
    if (result.failed) failures++;
    console.log(`${family.name}: ${result.numRuns.toLocaleString('en')} runs in ${seconds.toFixed(1)} s (${((seconds * 1e6) / result.numRuns).toFixed(0)} µs/run) ${status}`);
  }
  if (failures) process.exitCode = 1;
}
