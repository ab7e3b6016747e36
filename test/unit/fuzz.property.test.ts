/**
 * Robustness in `npm test`: every parser of outside input survives random and hostile input and returns well-formed
 * results. A quick run per family; `npm run bench -- fuzz` runs the same properties 100,000 times each.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { FAMILIES } from './fuzz-properties.ts';

/** Runs per family: enough to catch shallow breakage in about a second each. */
const RUNS = 1_000;

describe('fuzz', () => {
  it.each(FAMILIES.map((f) => [f.name, f] as const))('%s', (_name, family) => {
    fc.assert(family.property(), { numRuns: RUNS });
  });
});
