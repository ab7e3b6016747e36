/**
 * Fingerprint matching on hostile response headers (issue 13): every header a fingerprint reads, 30 KB long, shaped
 * like what made the old unanchored patterns backtrack, against a real CloudFront response. Prints the median time of
 * one `keepFingerprintHeaders` + `matchHeaders` (what the observer runs for a new host) and their ratio.
 * `npm run bench -- headers`.
 */
import { performance } from 'node:perf_hooks';
import { fingerprintHeaderNames, keepFingerprintHeaders, matchHeaders } from '../src/core/fingerprints.ts';

const ROUNDS = 2_000;
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;

function timeOf(list: { name: string; value: string }[]): { median: number; steps: number } {
  const times: number[] = [];
  let steps = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const counter = { steps: 0 };
    const started = performance.now();
    matchHeaders(keepFingerprintHeaders(list), counter);
    times.push(performance.now() - started);
    steps = counter.steps;
  }
  return { median: median(times), steps };
}

export default async function (): Promise<void> {
  const normal = [
    { name: 'server', value: 'AmazonS3' },
    { name: 'x-cache', value: 'Hit from cloudfront' },
    { name: 'via', value: '1.1 3f2c1a.cloudfront.net (CloudFront)' },
    { name: 'x-amz-cf-pop', value: 'CDG50-C1' },
    { name: 'content-type', value: 'text/html' },
  ];
  const shapes: Record<string, string> = {
    'digits and dots': '1.1.1.1.'.repeat(4_000),
    'near-miss suffix': `${'vegu'.repeat(8_000)} vegu`,
    'near-miss infix': `${'akama'.repeat(6_000)}x`,
  };
  const base = timeOf(normal);
  console.log(`normal CloudFront response: median ${(base.median * 1000).toFixed(1)} µs, ${base.steps} steps`);
  for (const [label, filler] of Object.entries(shapes)) {
    const hostile = [...fingerprintHeaderNames()].map((name) => ({ name, value: filler }));
    const t = timeOf(hostile);
    console.log(`${hostile.length} headers of 30 KB (${label}): median ${(t.median * 1000).toFixed(1)} µs, ${t.steps} steps, ratio ${(t.median / base.median).toFixed(1)}`);
  }
}
